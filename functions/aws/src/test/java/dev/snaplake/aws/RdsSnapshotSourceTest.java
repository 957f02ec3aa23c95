package dev.snaplake.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snaplake.aws.RdsExportSettings.Engine;
import dev.snaplake.core.port.SnapshotSource.ExportTask;
import dev.snaplake.core.port.SnapshotSource.SourceSnapshot;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.RdsException;

/** Request-level tests: the real SDK client, over HTTP, against {@link FakeRds}. */
class RdsSnapshotSourceTest {
  static final String ACCOUNT = "123456789012";
  static final String ROLE = "arn:aws:iam::" + ACCOUNT + ":role/snaplake-rds-export";
  static final String KMS = "arn:aws:kms:eu-west-1:" + ACCOUNT + ":key/1234abcd-12ab-34cd-56ef-1234567890ab";
  static final String SNAPSHOT_ARN = "arn:aws:rds:eu-west-1:" + ACCOUNT + ":snapshot:rds:app-prod-2026-11-24-03-10";
  static final SourceSnapshot SNAPSHOT = new SourceSnapshot(SNAPSHOT_ARN, Instant.parse("2026-11-24T03:10:11Z"));

  FakeRds fake;
  RdsClient client;

  @BeforeEach
  void start() throws Exception {
    fake = new FakeRds();
    client = fake.client();
  }

  @AfterEach
  void stop() {
    client.close();
    fake.close();
  }

  RdsSnapshotSource source(Engine engine) {
    return new RdsSnapshotSource(client, new RdsExportSettings("acme-rds-exports", "/rds/app-prod/", ROLE, KMS, engine));
  }

  static String dbSnapshot(String id, String created, String status, String type) {
    return "<DBSnapshot><DBSnapshotIdentifier>" + id + "</DBSnapshotIdentifier>"
        + "<DBInstanceIdentifier>app-prod</DBInstanceIdentifier>"
        + "<SnapshotCreateTime>" + created + "</SnapshotCreateTime><Engine>mysql</Engine>"
        + "<Status>" + status + "</Status><SnapshotType>" + type + "</SnapshotType>"
        + "<DBSnapshotArn>arn:aws:rds:eu-west-1:" + ACCOUNT + ":snapshot:" + id + "</DBSnapshotArn></DBSnapshot>";
  }

  static String clusterSnapshot(String id, String created, String status) {
    return "<DBClusterSnapshot><DBClusterSnapshotIdentifier>" + id + "</DBClusterSnapshotIdentifier>"
        + "<DBClusterIdentifier>ledger</DBClusterIdentifier><SnapshotCreateTime>" + created + "</SnapshotCreateTime>"
        + "<Engine>aurora-postgresql</Engine><Status>" + status + "</Status><SnapshotType>automated</SnapshotType>"
        + "<DBClusterSnapshotArn>arn:aws:rds:eu-west-1:" + ACCOUNT + ":cluster-snapshot:" + id
        + "</DBClusterSnapshotArn></DBClusterSnapshot>";
  }

  static String exportTaskFields(String id, String status, int progress, String sourceArn) {
    return "<ExportTaskIdentifier>" + id + "</ExportTaskIdentifier><SourceArn>" + sourceArn + "</SourceArn>"
        + "<SnapshotTime>2026-11-24T03:10:11Z</SnapshotTime><S3Bucket>acme-rds-exports</S3Bucket>"
        + "<S3Prefix>rds/app-prod</S3Prefix><IamRoleArn>" + ROLE + "</IamRoleArn><KmsKeyId>" + KMS + "</KmsKeyId>"
        + "<Status>" + status + "</Status><PercentProgress>" + progress + "</PercentProgress>"
        + "<TotalExtractedDataInGB>0</TotalExtractedDataInGB>";
  }

  @Test
  void newestAvailableAutomatedSnapshotAcrossEveryPage() {
    // Page 1: an older available one, a newer one still being created.
    fake.respond("DescribeDBSnapshots", "<Marker>page-2</Marker><DBSnapshots>"
        + dbSnapshot("rds:app-prod-2026-11-22-03-10", "2026-11-22T03:10:00.123Z", "available", "automated")
        + dbSnapshot("rds:app-prod-2026-11-25-03-10", "2026-11-25T03:10:00Z", "creating", "automated")
        + "</DBSnapshots>");
    // Page 2: the newest available one, a manual one that is newer still (not ours), and a failed one.
    fake.respond("DescribeDBSnapshots", "<DBSnapshots>"
        + dbSnapshot("rds:app-prod-2026-11-24-03-10", "2026-11-24T03:10:11Z", "available", "automated")
        + dbSnapshot("before-migration", "2026-11-24T18:00:00Z", "available", "manual")
        + dbSnapshot("rds:app-prod-2026-11-23-03-10", "2026-11-23T03:10:00Z", "failed", "automated")
        + "</DBSnapshots>");

    Optional<SourceSnapshot> newest = source(Engine.INSTANCE).newestSnapshot("app-prod");

    assertThat(newest).contains(SNAPSHOT);
    var calls = fake.requests("DescribeDBSnapshots");
    assertThat(calls).hasSize(2);
    assertThat(calls.get(0).method()).isEqualTo("POST");
    assertThat(calls.get(0).contentType()).startsWith("application/x-www-form-urlencoded");
    assertThat(calls.get(0).params())
        .containsEntry("Version", "2014-10-31")
        .containsEntry("DBInstanceIdentifier", "app-prod")
        .containsEntry("SnapshotType", "automated")
        .doesNotContainKey("Marker");
    assertThat(calls.get(1).params()).containsEntry("Marker", "page-2").containsEntry("DBInstanceIdentifier", "app-prod");
    assertThat(fake.requests("DescribeDBClusterSnapshots")).isEmpty();
  }

  @Test
  void noAvailableSnapshotIsEmpty() {
    fake.respond("DescribeDBSnapshots", "<DBSnapshots>"
        + dbSnapshot("rds:app-prod-2026-11-25-03-10", "2026-11-25T03:10:00Z", "creating", "automated")
        + "</DBSnapshots>");
    assertThat(source(Engine.INSTANCE).newestSnapshot("app-prod")).isEmpty();
  }

  @Test
  void auroraClusterSnapshotsWhenTheEngineSaysSo() {
    fake.respond("DescribeDBClusterSnapshots", "<Marker>m2</Marker><DBClusterSnapshots>"
        + clusterSnapshot("rds:ledger-2026-11-23-04-00", "2026-11-23T04:00:00Z", "available")
        + "</DBClusterSnapshots>");
    fake.respond("DescribeDBClusterSnapshots", "<DBClusterSnapshots>"
        + clusterSnapshot("rds:ledger-2026-11-24-04-00", "2026-11-24T04:00:00Z", "available")
        + "</DBClusterSnapshots>");

    Optional<SourceSnapshot> newest = source(Engine.AURORA_CLUSTER).newestSnapshot("ledger");

    assertThat(newest).contains(new SourceSnapshot(
        "arn:aws:rds:eu-west-1:" + ACCOUNT + ":cluster-snapshot:rds:ledger-2026-11-24-04-00",
        Instant.parse("2026-11-24T04:00:00Z")));
    var calls = fake.requests("DescribeDBClusterSnapshots");
    assertThat(calls).hasSize(2);
    assertThat(calls.get(0).params()).containsEntry("DBClusterIdentifier", "ledger").containsEntry("SnapshotType", "automated");
    assertThat(calls.get(1).params()).containsEntry("Marker", "m2");
    assertThat(fake.requests("DescribeDBSnapshots")).isEmpty();
  }

  @Test
  void autoTriesTheInstanceThenTheCluster() {
    fake.respond("DescribeDBSnapshots", "<DBSnapshots/>");
    fake.respond("DescribeDBClusterSnapshots", "<DBClusterSnapshots>"
        + clusterSnapshot("rds:ledger-2026-11-24-04-00", "2026-11-24T04:00:00Z", "available")
        + "</DBClusterSnapshots>");

    assertThat(source(Engine.AUTO).newestSnapshot("ledger")).map(SourceSnapshot::arn)
        .contains("arn:aws:rds:eu-west-1:" + ACCOUNT + ":cluster-snapshot:rds:ledger-2026-11-24-04-00");
    assertThat(fake.requests().stream().map(FakeRds.Request::action))
        .containsExactly("DescribeDBSnapshots", "DescribeDBClusterSnapshots");
  }

  @Test
  void autoNamesTheIdentifierWhenNeitherExists() {
    fake.fail("DescribeDBSnapshots", 404, "DBInstanceNotFound", "DBInstance nope not found.");
    fake.fail("DescribeDBClusterSnapshots", 404, "DBClusterNotFoundFault", "DBCluster nope not found.");
    assertThatThrownBy(() -> source(Engine.AUTO).newestSnapshot("nope"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no DB instance and no Aurora cluster named 'nope'");
  }

  @Test
  void startExportSendsEveryParameter() {
    fake.respond("StartExportTask", exportTaskFields("snaplake-app-prod-2026-11-24", "STARTING", 0, SNAPSHOT_ARN));
    RdsSnapshotSource source = source(Engine.INSTANCE);
    String id = ExportIds.forSnapshot("app-prod", SNAPSHOT);

    ExportTask task = source.startExport(id, SNAPSHOT);

    assertThat(task).isEqualTo(new ExportTask("snaplake-app-prod-2026-11-24", "STARTING", 0, null));
    var calls = fake.requests();
    assertThat(calls).hasSize(1);
    Map<String, String> p = calls.get(0).params();
    assertThat(p)
        .containsEntry("Action", "StartExportTask")
        .containsEntry("Version", "2014-10-31")
        .containsEntry("ExportTaskIdentifier", "snaplake-app-prod-2026-11-24")
        .containsEntry("SourceArn", SNAPSHOT_ARN)
        .containsEntry("S3BucketName", "acme-rds-exports")
        .containsEntry("S3Prefix", "rds/app-prod")
        .containsEntry("IamRoleArn", ROLE)
        .containsEntry("KmsKeyId", KMS)
        .doesNotContainKey("ExportOnly.member.1");
  }

  @Test
  void startExportWithoutPrefixSendsNone() {
    fake.respond("StartExportTask", exportTaskFields("snaplake-app-prod-2026-11-24", "STARTING", 0, SNAPSHOT_ARN));
    new RdsSnapshotSource(client, RdsExportSettings.of("acme-rds-exports", " ", ROLE, KMS))
        .startExport("snaplake-app-prod-2026-11-24", SNAPSHOT);
    assertThat(fake.requests().get(0).params()).doesNotContainKey("S3Prefix");
  }

  @Test
  void anExportThatAlreadyExistsIsReturnedNotRestarted() {
    fake.fail("StartExportTask", 400, "ExportTaskAlreadyExists",
        "Cannot start export task because a task with the identifier snaplake-app-prod-2026-11-24 already exists.");
    fake.respond("DescribeExportTasks", "<ExportTasks><ExportTask>"
        + exportTaskFields("snaplake-app-prod-2026-11-24", "IN_PROGRESS", 42, SNAPSHOT_ARN)
        + "<WarningMessage>{\"skippedTables\":[\"app.tmp\"]}</WarningMessage></ExportTask></ExportTasks>");

    ExportTask task = source(Engine.INSTANCE).startExport("snaplake-app-prod-2026-11-24", SNAPSHOT);

    assertThat(task).isEqualTo(
        new ExportTask("snaplake-app-prod-2026-11-24", "IN_PROGRESS", 42, "{\"skippedTables\":[\"app.tmp\"]}"));
    assertThat(fake.requests().stream().map(FakeRds.Request::action)).containsExactly("StartExportTask", "DescribeExportTasks");
    assertThat(fake.requests("DescribeExportTasks").get(0).params())
        .containsEntry("ExportTaskIdentifier", "snaplake-app-prod-2026-11-24");
  }

  @Test
  void anExistingExportOfAnotherSnapshotIsAConflict() {
    fake.fail("StartExportTask", 400, "ExportTaskAlreadyExists", "already exists");
    fake.respond("DescribeExportTasks", "<ExportTasks><ExportTask>"
        + exportTaskFields("snaplake-app-prod-2026-11-24", "COMPLETE", 100,
            "arn:aws:rds:eu-west-1:" + ACCOUNT + ":snapshot:manual-copy")
        + "</ExportTask></ExportTasks>");

    assertThatThrownBy(() -> source(Engine.INSTANCE).startExport("snaplake-app-prod-2026-11-24", SNAPSHOT))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already exists for another snapshot")
        .hasMessageContaining("manual-copy");
  }

  @Test
  void otherErrorsPropagateWithTheirCode() {
    fake.fail("StartExportTask", 404, "IamRoleNotFound", "IAM role not found");
    assertThatThrownBy(() -> source(Engine.INSTANCE).startExport("snaplake-app-prod-2026-11-24", SNAPSHOT))
        .isInstanceOf(RdsException.class)
        .satisfies(e -> assertThat(((RdsException) e).awsErrorDetails().errorCode()).isEqualTo("IamRoleNotFound"));
  }

  @Test
  void exportStatusReadsTheTaskOrNothing() {
    fake.respond("DescribeExportTasks", "<ExportTasks><ExportTask>"
        + exportTaskFields("snaplake-app-prod-2026-11-24", "COMPLETE", 100, SNAPSHOT_ARN) + "</ExportTask></ExportTasks>");
    fake.respond("DescribeExportTasks", "<ExportTasks/>");
    fake.fail("DescribeExportTasks", 404, "ExportTaskNotFound", "not found");
    RdsSnapshotSource source = source(Engine.INSTANCE);

    assertThat(source.exportStatus("snaplake-app-prod-2026-11-24"))
        .contains(new ExportTask("snaplake-app-prod-2026-11-24", "COMPLETE", 100, null));
    assertThat(source.exportStatus("snaplake-app-prod-2026-11-25")).isEmpty();
    assertThat(source.exportStatus("snaplake-app-prod-2026-11-26")).isEmpty();
    assertThat(fake.requests("DescribeExportTasks").stream().map(r -> r.params().get("ExportTaskIdentifier")))
        .containsExactly("snaplake-app-prod-2026-11-24", "snaplake-app-prod-2026-11-25", "snaplake-app-prod-2026-11-26");
  }

  @Test
  void aPrefixWithAColonIsRefusedBeforeAnyRequest() {
    assertThatThrownBy(() -> new RdsExportSettings("acme-rds-exports", "rds/app:prod", ROLE, KMS, Engine.INSTANCE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("S3 prefix 'rds/app:prod' contains ':' at position 8")
        .hasMessageContaining("refuses");
    assertThat(fake.requests()).isEmpty();
  }

  @Test
  void badSettingsAreNamed() {
    assertThatThrownBy(() -> new RdsExportSettings("Acme_Exports", null, ROLE, KMS, Engine.AUTO))
        .hasMessageContaining("S3 bucket 'Acme_Exports'");
    assertThatThrownBy(() -> new RdsExportSettings("acme-rds-exports", null, "snaplake-role", KMS, Engine.AUTO))
        .hasMessageContaining("IAM role 'snaplake-role' is not an IAM role ARN");
    assertThatThrownBy(() -> new RdsExportSettings("acme-rds-exports", null, ROLE, " ", Engine.AUTO))
        .hasMessageContaining("KMS key is missing");
  }

  @Test
  void aBadExportIdIsRefusedBeforeAnyRequest() {
    RdsSnapshotSource source = source(Engine.INSTANCE);
    assertThatThrownBy(() -> source.startExport("snaplake--app", SNAPSHOT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("two consecutive hyphens");
    assertThatThrownBy(() -> source.startExport("snaplake-app-2026-11-24-", SNAPSHOT))
        .hasMessageContaining("ends with a hyphen");
    assertThatThrownBy(() -> source.startExport("9-lives", SNAPSHOT)).hasMessageContaining("start with a letter");
    assertThatThrownBy(() -> source.startExport("s".repeat(61), SNAPSHOT)).hasMessageContaining("at most 60");
    assertThatThrownBy(() -> source.exportStatus("snap_lake")).hasMessageContaining("'_'");
    assertThatThrownBy(() -> source.startExport("snaplake-app", new SourceSnapshot("rds:app-prod", SNAPSHOT.createdAt())))
        .hasMessageContaining("is not an ARN");
    assertThat(fake.requests()).isEmpty();
  }
}
