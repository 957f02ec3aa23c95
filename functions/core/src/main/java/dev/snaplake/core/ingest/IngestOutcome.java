package dev.snaplake.core.ingest;

import java.util.List;

/** What handling one object event did. */
public sealed interface IngestOutcome {
  String exportId();

  /** Not part of an export (or not ours): nothing to do. */
  record Ignored(String exportId, String key, String reason) implements IngestOutcome {}

  /** The export is not complete yet; {@code missing} says what it waits for. */
  record Waiting(String exportId, List<String> missing) implements IngestOutcome {}

  /** Loaded before (by this or another handler); nothing changed. */
  record AlreadyLoaded(String exportId, ExportReport report) implements IngestOutcome {}

  /** Another handler holds a live claim on the export and is loading it. */
  record ClaimedElsewhere(String exportId, String owner, String leaseUntil) implements IngestOutcome {}

  /** This call loaded the export. */
  record Loaded(String exportId, ExportReport report) implements IngestOutcome {}
}
