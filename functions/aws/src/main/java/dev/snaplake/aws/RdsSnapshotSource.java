package dev.snaplake.aws;

import dev.snaplake.core.port.SnapshotSource;
import java.util.Comparator;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DbClusterNotFoundException;
import software.amazon.awssdk.services.rds.model.DBClusterSnapshot;
import software.amazon.awssdk.services.rds.model.DbClusterSnapshotNotFoundException;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;
import software.amazon.awssdk.services.rds.model.DBSnapshot;
import software.amazon.awssdk.services.rds.model.ExportTaskAlreadyExistsException;
import software.amazon.awssdk.services.rds.model.StartExportTaskRequest;
import software.amazon.awssdk.services.rds.model.StartExportTaskResponse;

/**
 * The source database's snapshots on RDS (AWS SDK v2). {@link #newestSnapshot} finds the newest
 * <em>available automated</em> snapshot of a DB instance (DescribeDBSnapshots) or an Aurora cluster
 * (DescribeDBClusterSnapshots), reading every page. {@link #startExport} is idempotent: an export
 * id RDS already knows ({@code ExportTaskAlreadyExists}) is answered with that task's status, after
 * checking it exports the same snapshot.
 */
public final class RdsSnapshotSource implements SnapshotSource, AutoCloseable {
  static final String AVAILABLE = "available";
  static final String AUTOMATED = "automated";

  private final RdsClient rds;
  private final RdsExportSettings settings;
  private final boolean ownsClient;

  /** On a client the caller owns (and closes). */
  public RdsSnapshotSource(RdsClient rds, RdsExportSettings settings) {
    this(rds, settings, false);
  }

  private RdsSnapshotSource(RdsClient rds, RdsExportSettings settings, boolean ownsClient) {
    this.rds = Objects.requireNonNull(rds, "rds");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.ownsClient = ownsClient;
  }

  /** A client for {@code region} with the default credentials chain; {@link #close()} closes it. */
  public static RdsSnapshotSource create(Region region, RdsExportSettings settings) {
    return new RdsSnapshotSource(RdsClient.builder().region(region).build(), settings, true);
  }

  public RdsExportSettings settings() {
    return settings;
  }

  @Override
  public Optional<SourceSnapshot> newestSnapshot(String dbInstanceOrCluster) {
    if (dbInstanceOrCluster == null || dbInstanceOrCluster.isBlank()) {
      throw new IllegalArgumentException("DB instance or cluster identifier is empty");
    }
    return switch (settings.engine()) {
      case INSTANCE -> newestInstanceSnapshot(dbInstanceOrCluster);
      case AURORA_CLUSTER -> newestClusterSnapshot(dbInstanceOrCluster);
      case AUTO -> newestEither(dbInstanceOrCluster);
    };
  }

  private Optional<SourceSnapshot> newestEither(String id) {
    boolean instanceMissing = false;
    try {
      Optional<SourceSnapshot> s = newestInstanceSnapshot(id);
      if (s.isPresent()) {
        return s;
      }
    } catch (DbInstanceNotFoundException e) {
      instanceMissing = true;
    }
    try {
      return newestClusterSnapshot(id);
    } catch (DbClusterNotFoundException | DbClusterSnapshotNotFoundException e) {
      if (instanceMissing) {
        throw new IllegalArgumentException(
            "RDS knows no DB instance and no Aurora cluster named '" + id + "' (" + e.awsErrorDetails().errorCode()
                + "); check the identifier and the region", e);
      }
      return Optional.empty();
    }
  }

  private Optional<SourceSnapshot> newestInstanceSnapshot(String instance) {
    Stream<DBSnapshot> snapshots =
        rds.describeDBSnapshotsPaginator(r -> r.dbInstanceIdentifier(instance).snapshotType(AUTOMATED))
            .dbSnapshots()
            .stream();
    return snapshots
        .filter(s -> isAvailable(s.status()) && isAutomated(s.snapshotType()) && s.snapshotCreateTime() != null
            && s.dbSnapshotArn() != null)
        .map(s -> new SourceSnapshot(s.dbSnapshotArn(), s.snapshotCreateTime()))
        .max(NEWEST);
  }

  private Optional<SourceSnapshot> newestClusterSnapshot(String cluster) {
    Stream<DBClusterSnapshot> snapshots =
        rds.describeDBClusterSnapshotsPaginator(r -> r.dbClusterIdentifier(cluster).snapshotType(AUTOMATED))
            .dbClusterSnapshots()
            .stream();
    return snapshots
        .filter(s -> isAvailable(s.status()) && isAutomated(s.snapshotType()) && s.snapshotCreateTime() != null
            && s.dbClusterSnapshotArn() != null)
        .map(s -> new SourceSnapshot(s.dbClusterSnapshotArn(), s.snapshotCreateTime()))
        .max(NEWEST);
  }

  /** Newest by creation time; equal times (never seen) are ordered by ARN, so the choice is stable. */
  private static final Comparator<SourceSnapshot> NEWEST =
      Comparator.comparing(SourceSnapshot::createdAt).thenComparing(SourceSnapshot::arn);

  private static boolean isAvailable(String status) {
    return status != null && status.toLowerCase(Locale.ROOT).equals(AVAILABLE);
  }

  // The request asks for automated snapshots only; a response that says otherwise is not trusted.
  private static boolean isAutomated(String type) {
    return type == null || type.toLowerCase(Locale.ROOT).equals(AUTOMATED);
  }

  @Override
  public ExportTask startExport(String exportId, SourceSnapshot snapshot) {
    ExportIds.validate(exportId);
    Objects.requireNonNull(snapshot, "snapshot");
    if (snapshot.arn() == null || !snapshot.arn().startsWith("arn:")) {
      throw new IllegalArgumentException("snapshot ARN " + dev.snaplake.core.naming.Identifiers.show(snapshot.arn())
          + " is not an ARN; StartExportTask needs the snapshot's SourceArn");
    }
    StartExportTaskRequest.Builder request =
        StartExportTaskRequest.builder()
            .exportTaskIdentifier(exportId)
            .sourceArn(snapshot.arn())
            .s3BucketName(settings.s3Bucket())
            .iamRoleArn(settings.iamRoleArn())
            .kmsKeyId(settings.kmsKeyId());
    if (settings.s3Prefix() != null) {
      request.s3Prefix(settings.s3Prefix());
    }
    StartExportTaskResponse started;
    try {
      started = rds.startExportTask(request.build());
    } catch (ExportTaskAlreadyExistsException e) {
      return existing(exportId, snapshot);
    }
    return new ExportTask(
        exportId, started.status(), started.percentProgress() == null ? 0 : started.percentProgress(),
        started.warningMessage());
  }

  /** The task RDS already has under this id: the same snapshot's export, or a clear conflict. */
  private ExportTask existing(String exportId, SourceSnapshot snapshot) {
    software.amazon.awssdk.services.rds.model.ExportTask task =
        describe(exportId).orElseThrow(() -> new IllegalStateException(
            "RDS says export task '" + exportId + "' already exists, but DescribeExportTasks does not return it;"
                + " retry later"));
    if (task.sourceArn() != null && !task.sourceArn().equals(snapshot.arn())) {
      throw new IllegalStateException(
          "export task '" + exportId + "' already exists for another snapshot (" + task.sourceArn() + ", not "
              + snapshot.arn() + "); an export id is used once: pick the id of this snapshot"
              + " (ExportIds.forSnapshot)");
    }
    return toTask(task);
  }

  @Override
  public Optional<ExportTask> exportStatus(String exportId) {
    ExportIds.validate(exportId);
    return describe(exportId).map(RdsSnapshotSource::toTask);
  }

  private Optional<software.amazon.awssdk.services.rds.model.ExportTask> describe(String exportId) {
    return RdsExportTasks.describe(rds, exportId);
  }

  private static ExportTask toTask(software.amazon.awssdk.services.rds.model.ExportTask t) {
    return new ExportTask(
        t.exportTaskIdentifier(), t.status(), t.percentProgress() == null ? 0 : t.percentProgress(), t.warningMessage());
  }

  @Override
  public void close() {
    if (ownsClient) {
      rds.close();
    }
  }
}
