package dev.snaplake.core.port;

import java.time.Instant;
import java.util.Optional;

/** The source database's snapshots: find the newest, export it, follow the export. */
public interface SnapshotSource {
  record SourceSnapshot(String arn, Instant createdAt) {}

  record ExportTask(String exportId, String status, int percentProgress, String warningMessage) {}

  Optional<SourceSnapshot> newestSnapshot(String dbInstanceOrCluster);

  /** Starts an export; an export with the same id that already exists is returned, not restarted. */
  ExportTask startExport(String exportId, SourceSnapshot snapshot);

  Optional<ExportTask> exportStatus(String exportId);
}
