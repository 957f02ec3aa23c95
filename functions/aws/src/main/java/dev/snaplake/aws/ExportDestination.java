package dev.snaplake.aws;

/**
 * Where snaplake's exports land in S3: the bucket and optional prefix the exporter gives RDS, and
 * that Storage Transfer Service copies to GCS. An export task elsewhere is not snaplake's, so the
 * inventory writer leaves it alone (and its role may not even reach that bucket).
 */
public record ExportDestination(String bucket, String prefix) {
  public ExportDestination {
    RdsExportSettings.checkBucket(bucket);
    prefix = RdsExportSettings.normalizePrefix(prefix);
  }

  /** Whether the task writes its export root under this bucket and prefix. */
  public boolean holds(RdsExportTask task) {
    return bucket.equals(task.s3Bucket()) && (prefix == null || task.root().startsWith(prefix + "/"));
  }

  @Override
  public String toString() {
    return "s3://" + bucket + "/" + (prefix == null ? "" : prefix + "/");
  }
}
