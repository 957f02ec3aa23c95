package dev.snaplake.core.ingest;

import dev.snaplake.core.types.RawSchema;

/** One table of an export after loading: loaded with its figures, or not, with the reason. */
public record TableOutcome(
    String target,
    String rawTable,
    Status status,
    long rows,
    long bytes,
    int files,
    RawSchema schema,
    String jobId,
    String reason,
    long millis) {
  public enum Status {
    LOADED,
    /** Loaded by an earlier attempt with the same files; not loaded again. */
    ALREADY_LOADED,
    SKIPPED,
    FAILED,
    QUARANTINED
  }

  public boolean isLoaded() {
    return status == Status.LOADED || status == Status.ALREADY_LOADED;
  }
}
