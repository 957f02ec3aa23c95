package dev.snaplake.aws;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where and how RDS exports snapshots: the S3 bucket and prefix it writes to, the IAM role it
 * assumes (trusting {@code export.rds.amazonaws.com}), the KMS key it encrypts with, and whether
 * the source is a DB instance, an Aurora cluster, or either (tried in that order).
 *
 * <p>The prefix is normalised (no leading or trailing {@code /}); a prefix with {@code :} is
 * refused here, because StartExportTask would refuse it after the snapshot was chosen.
 */
public record RdsExportSettings(String s3Bucket, String s3Prefix, String iamRoleArn, String kmsKeyId, Engine engine) {

  /** Which DescribeDB*Snapshots call finds the source's automated snapshots. */
  public enum Engine {
    /** A DB instance (MySQL, PostgreSQL, MariaDB…): DescribeDBSnapshots. */
    INSTANCE,
    /** An Aurora cluster: DescribeDBClusterSnapshots. */
    AURORA_CLUSTER,
    /** Instance snapshots first; when there are none, cluster snapshots. */
    AUTO
  }

  // S3 bucket names: 3–63 lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit.
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
  private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}");

  public RdsExportSettings {
    Objects.requireNonNull(engine, "engine");
    checkBucket(s3Bucket);
    s3Prefix = normalizePrefix(s3Prefix);
    if (iamRoleArn == null || !ROLE_ARN.matcher(iamRoleArn).matches()) {
      throw new IllegalArgumentException(
          "IAM role " + show(iamRoleArn) + " is not an IAM role ARN (arn:aws:iam::<account>:role/<name>);"
              + " RDS assumes it to write the export");
    }
    if (kmsKeyId == null || kmsKeyId.isBlank()) {
      throw new IllegalArgumentException("KMS key is missing: StartExportTask requires KmsKeyId (a key ARN, id or alias)");
    }
  }

  /** Settings for a DB instance or cluster, whichever has snapshots. */
  public static RdsExportSettings of(String s3Bucket, String s3Prefix, String iamRoleArn, String kmsKeyId) {
    return new RdsExportSettings(s3Bucket, s3Prefix, iamRoleArn, kmsKeyId, Engine.AUTO);
  }

  static void checkBucket(String s3Bucket) {
    if (s3Bucket == null || !BUCKET.matcher(s3Bucket).matches()) {
      throw new IllegalArgumentException(
          "S3 bucket " + show(s3Bucket) + " is not a valid bucket name (3-63 lower-case letters, digits, '.', '-')");
    }
  }

  /** Null or blank when the export is written at the bucket root. */
  static String normalizePrefix(String prefix) {
    if (prefix == null || prefix.isBlank()) {
      return null;
    }
    if (prefix.indexOf(':') >= 0) {
      throw new IllegalArgumentException(
          "S3 prefix " + show(prefix) + " contains ':' at position " + (prefix.indexOf(':') + 1)
              + "; RDS StartExportTask refuses a prefix with ':'. Use '/' or '-' instead");
    }
    String p = prefix.strip();
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p.isEmpty() ? null : p;
  }

  private static String show(String s) {
    return dev.snaplake.core.naming.Identifiers.show(s);
  }
}
