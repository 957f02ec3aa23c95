package dev.snaplake.aws;

import java.util.Map;
import software.amazon.awssdk.regions.Region;

/**
 * The exporter's configuration, from the Lambda function's environment.
 *
 * <ul>
 *   <li>{@code SNAPLAKE_EXPORT_BUCKET} (required): the bucket RDS exports to for snaplake.
 *   <li>{@code SNAPLAKE_EXPORT_PREFIX} (optional): the prefix under it; exports elsewhere are not
 *       snaplake's.
 *   <li>{@code AWS_REGION}: set by Lambda itself; the region of RDS and of the bucket.
 * </ul>
 */
public record ExporterConfig(Region region, ExportDestination destination) {
  static final String BUCKET = "SNAPLAKE_EXPORT_BUCKET";
  static final String PREFIX = "SNAPLAKE_EXPORT_PREFIX";
  static final String REGION = "AWS_REGION";

  public static ExporterConfig fromEnvironment(Map<String, String> env) {
    String bucket = env.get(BUCKET);
    if (bucket == null || bucket.isBlank()) {
      throw new IllegalStateException("environment variable " + BUCKET + " is not set: set it to the S3 bucket RDS"
          + " exports snaplake's snapshots to");
    }
    String region = env.get(REGION);
    if (region == null || region.isBlank()) {
      throw new IllegalStateException("environment variable " + REGION + " is not set: Lambda sets it; when running"
          + " elsewhere, set it to the region of the RDS exports (e.g. eu-west-1)");
    }
    ExportDestination destination;
    try {
      destination = new ExportDestination(bucket.strip(), env.get(PREFIX));
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("environment variable " + BUCKET + " or " + PREFIX + ": " + e.getMessage(), e);
    }
    return new ExporterConfig(Region.of(region.strip()), destination);
  }
}
