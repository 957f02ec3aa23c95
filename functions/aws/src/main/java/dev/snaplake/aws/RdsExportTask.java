package dev.snaplake.aws;

import dev.snaplake.core.naming.Identifiers;
import java.util.Objects;
import software.amazon.awssdk.services.rds.model.ExportTask;

/**
 * An RDS export task as DescribeExportTasks reports it: which snapshot, its status, and where in S3
 * it wrote. RDS writes every object of an export under {@code <S3Prefix>/<ExportTaskIdentifier>/},
 * the export root (no prefix: {@code <ExportTaskIdentifier>/}).
 */
public record RdsExportTask(String exportTaskIdentifier, String sourceArn, String status, String s3Bucket, String s3Prefix) {
  /** The only status in which the export's files are final. */
  public static final String COMPLETE = "COMPLETE";

  public RdsExportTask {
    Objects.requireNonNull(exportTaskIdentifier, "exportTaskIdentifier");
    // RDS refuses ':' in a prefix and strips nothing itself; slashes at the ends are not part of the root.
    s3Prefix = RdsExportSettings.normalizePrefix(s3Prefix);
  }

  static RdsExportTask of(ExportTask t) {
    return new RdsExportTask(t.exportTaskIdentifier(), t.sourceArn(), t.status(), t.s3Bucket(), t.s3Prefix());
  }

  public boolean isComplete() {
    return COMPLETE.equals(status);
  }

  /** The export root, without a trailing slash: {@code <prefix>/<id>} or {@code <id>}. */
  public String root() {
    return s3Prefix == null ? exportTaskIdentifier : s3Prefix + "/" + exportTaskIdentifier;
  }

  /** {@code s3://bucket/root/}, for messages. */
  public String rootUri() {
    return "s3://" + s3Bucket + "/" + root() + "/";
  }

  /** {@code 'id'}, for messages. */
  String shown() {
    return Identifiers.show(exportTaskIdentifier);
  }
}
