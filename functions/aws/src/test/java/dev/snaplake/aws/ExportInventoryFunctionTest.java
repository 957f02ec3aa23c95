package dev.snaplake.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.Gson;
import com.google.gson.reflect.TypeToken;
import dev.snaplake.core.export.ExportInventory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The Lambda entry point end to end: EventBridge events as RDS sends them (fixtures under
 * {@code events/}) and replays, through the real RDS and S3 clients, against {@link FakeRds} and
 * {@link FakeS3}.
 */
class ExportInventoryFunctionTest {
  static final String BUCKET = "acme-rds-exports";
  static final String ACCOUNT = "123456789012";
  static final String SNAPSHOT_ARN = "arn:aws:rds:eu-west-1:" + ACCOUNT + ":snapshot:rds:app-prod-2026-11-24-03-10";
  static final String CLUSTER_SNAPSHOT_ARN =
      "arn:aws:rds:eu-west-1:" + ACCOUNT + ":cluster-snapshot:rds:ledger-2026-11-24-04-00";
  static final String ID = "snaplake-app-prod-2026-11-24";
  static final Instant NOW = Instant.parse("2026-11-24T05:40:00Z");

  FakeRds rdsFake;
  FakeS3 s3Fake;
  RdsClient rds;
  S3Client s3;
  ExportInventoryFunction function;

  @BeforeEach
  void start() throws Exception {
    rdsFake = new FakeRds();
    s3Fake = new FakeS3(BUCKET);
    rds = rdsFake.client();
    s3 = s3Fake.client();
    InventoryOnCompletion useCase = new InventoryOnCompletion(new RdsExportTasks(rds),
        new ExportInventoryWriter(s3, Clock.fixed(NOW, ZoneOffset.UTC)), new ExportDestination(BUCKET, "rds"));
    function = new ExportInventoryFunction(() -> useCase);
  }

  @AfterEach
  void stop() {
    rds.close();
    s3.close();
    rdsFake.close();
    s3Fake.close();
  }

  static Map<String, Object> event(String fixture) {
    try (InputStream in = ExportInventoryFunctionTest.class.getResourceAsStream("/events/" + fixture)) {
      assertThat(in).as(fixture).isNotNull();
      return json(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** As Lambda's runtime hands a JSON payload to a Map parameter. */
  static Map<String, Object> json(String s) {
    return new Gson().fromJson(s, new TypeToken<Map<String, Object>>() {}.getType());
  }

  static String task(String id, String sourceArn, String status, String bucket, String prefix) {
    return "<ExportTask><ExportTaskIdentifier>" + id + "</ExportTaskIdentifier><SourceArn>" + sourceArn + "</SourceArn>"
        + "<SnapshotTime>2026-11-24T03:10:11Z</SnapshotTime><TaskStartTime>2026-11-24T03:20:00Z</TaskStartTime>"
        + "<S3Bucket>" + bucket + "</S3Bucket><S3Prefix>" + prefix + "</S3Prefix>"
        + "<IamRoleArn>arn:aws:iam::" + ACCOUNT + ":role/snaplake-rds-export</IamRoleArn>"
        + "<KmsKeyId>arn:aws:kms:eu-west-1:" + ACCOUNT + ":key/1234abcd-12ab-34cd-56ef-1234567890ab</KmsKeyId>"
        + "<Status>" + status + "</Status><PercentProgress>" + ("COMPLETE".equals(status) ? 100 : 40) + "</PercentProgress>"
        + "<TotalExtractedDataInGB>1</TotalExtractedDataInGB><SourceType>SNAPSHOT</SourceType></ExportTask>";
  }

  void tasks(String marker, String... tasks) {
    rdsFake.respond("DescribeExportTasks",
        (marker == null ? "" : "<Marker>" + marker + "</Marker>") + "<ExportTasks>" + String.join("", tasks) + "</ExportTasks>");
  }

  void export(String root, String id) {
    s3Fake.put(root + "/export_info_" + id + ".json", 812);
    s3Fake.put(root + "/export_tables_info_" + id + "_from_1_to_1.json", 1500);
    s3Fake.put(root + "/app/app.users/1/part-00000-6a1c.gz.parquet", 5000);
    s3Fake.put(root + "/app/app.users/1/_SUCCESS", 0);
  }

  static ExportInventory inventory(FakeS3 fake, String root, String id) {
    String key = ExportInventory.key(root, id);
    byte[] b = fake.get(key);
    assertThat(b).as(key).isNotNull();
    return ExportInventory.parse(b, key);
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> outcomes(Map<String, Object> result) {
    return (List<Map<String, Object>>) result.get("outcomes");
  }

  @Test
  void aDbSnapshotExportCompletionWritesItsInventory() {
    tasks(null, task(ID, SNAPSHOT_ARN, "COMPLETE", BUCKET, "rds/app-prod"));
    export("rds/app-prod/" + ID, ID);

    Map<String, Object> result = function.handle(event("rds-event-0161-db-snapshot-export-completed.json"));

    var describe = rdsFake.requests("DescribeExportTasks");
    assertThat(describe).hasSize(1);
    assertThat(describe.get(0).params()).containsEntry("SourceArn", SNAPSHOT_ARN).containsEntry("Version", "2014-10-31")
        .doesNotContainKey("ExportTaskIdentifier");
    assertThat(outcomes(result)).singleElement().satisfies(o -> assertThat(o)
        .containsEntry("exportTaskIdentifier", ID)
        .containsEntry("result", "written")
        .containsEntry("key", "s3://" + BUCKET + "/rds/app-prod/" + ID + "/snaplake_inventory_" + ID + ".json")
        .containsEntry("objects", 4)
        .containsEntry("bytes", 7312L));
    assertThat(inventory(s3Fake, "rds/app-prod/" + ID, ID).objects()).hasSize(4);
    assertThat(s3Fake.requests("PUT")).singleElement().satisfies(r -> assertThat(r.header("If-None-Match")).isEqualTo("*"));
  }

  @Test
  void aDbClusterSnapshotExportCompletionWritesItsInventory() {
    String id = "snaplake-ledger-2026-11-24";
    tasks(null, task(id, CLUSTER_SNAPSHOT_ARN, "COMPLETE", BUCKET, "rds/ledger"));
    export("rds/ledger/" + id, id);

    Map<String, Object> result = function.handle(event("rds-event-0164-db-cluster-snapshot-export-completed.json"));

    assertThat(rdsFake.requests("DescribeExportTasks").get(0).params()).containsEntry("SourceArn", CLUSTER_SNAPSHOT_ARN);
    assertThat(outcomes(result)).singleElement().satisfies(o -> assertThat(o).containsEntry("result", "written"));
    assertThat(inventory(s3Fake, "rds/ledger/" + id, id).exportId()).isEqualTo(id);
  }

  @Test
  void aDuplicateDeliveryFindsTheInventoryWritten() {
    tasks(null, task(ID, SNAPSHOT_ARN, "COMPLETE", BUCKET, "rds/app-prod"));
    tasks(null, task(ID, SNAPSHOT_ARN, "COMPLETE", BUCKET, "rds/app-prod"));
    export("rds/app-prod/" + ID, ID);
    Map<String, Object> event = event("rds-event-0161-db-snapshot-export-completed.json");

    Map<String, Object> first = function.handle(event);
    byte[] written = s3Fake.get(ExportInventory.key("rds/app-prod/" + ID, ID));
    Map<String, Object> second = function.handle(event);

    assertThat(outcomes(first).get(0)).containsEntry("result", "written");
    assertThat(outcomes(second).get(0)).containsEntry("result", "already-written")
        .containsEntry("contentHash", outcomes(first).get(0).get("contentHash"));
    assertThat(s3Fake.requests("PUT")).hasSize(1);
    assertThat(s3Fake.get(ExportInventory.key("rds/app-prod/" + ID, ID))).isEqualTo(written);
  }

  @Test
  void concurrentDuplicateDeliveriesWriteOneInventory() throws Exception {
    tasks(null, task(ID, SNAPSHOT_ARN, "COMPLETE", BUCKET, "rds/app-prod"));
    tasks(null, task(ID, SNAPSHOT_ARN, "COMPLETE", BUCKET, "rds/app-prod"));
    export("rds/app-prod/" + ID, ID);
    Map<String, Object> event = event("rds-event-0161-db-snapshot-export-completed.json");
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Callable<Map<String, Object>> deliver = () -> function.handle(event);
      List<Future<Map<String, Object>>> runs = pool.invokeAll(List.of(deliver, deliver));
      List<Object> results = new ArrayList<>();
      for (Future<Map<String, Object>> f : runs) {
        results.add(outcomes(f.get()).get(0).get("result"));
      }
      // Whatever the interleaving: one writes, the other finds the same content (in its listing or by a 412).
      assertThat(results).containsExactlyInAnyOrder("written", "already-written");
    } finally {
      pool.shutdownNow();
    }
    assertThat(s3Fake.requests("PUT")).hasSizeBetween(1, 2);
    assertThat(inventory(s3Fake, "rds/app-prod/" + ID, ID).objects()).hasSize(4);
  }

  @Test
  void anExportStillInProgressFailsTheEventSoLambdaRetriesIt() {
    tasks(null, task(ID, SNAPSHOT_ARN, "IN_PROGRESS", BUCKET, "rds/app-prod"));
    export("rds/app-prod/" + ID, ID);

    assertThatThrownBy(() -> function.handle(event("rds-event-0161-db-snapshot-export-completed.json")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("RDS-EVENT-0161 says an export of " + SNAPSHOT_ARN + " completed")
        .hasMessageContaining("none of its exports to s3://" + BUCKET + "/rds/ is COMPLETE yet (" + ID + " IN_PROGRESS)")
        .hasMessageContaining("Lambda retries");
    assertThat(s3Fake.requests()).isEmpty();
  }

  @Test
  void everyPageOfTasksIsReadAndOnlySnaplakesCompleteExportsAreInventoried() {
    String rerun = ID + "-b";
    String failed = ID + "-failed";
    tasks("page-2",
        task("team-b-export", SNAPSHOT_ARN, "COMPLETE", "team-b-bucket", "exports"),
        task(failed, SNAPSHOT_ARN, "FAILED", BUCKET, "rds/app-prod"));
    tasks(null,
        task(ID, SNAPSHOT_ARN, "COMPLETE", BUCKET, "rds/app-prod"),
        task(rerun, SNAPSHOT_ARN, "IN_PROGRESS", BUCKET, "rds/app-prod"),
        task("elsewhere", SNAPSHOT_ARN, "COMPLETE", BUCKET, "adhoc"));
    export("rds/app-prod/" + ID, ID);

    Map<String, Object> result = function.handle(event("rds-event-0161-db-snapshot-export-completed.json"));

    var describe = rdsFake.requests("DescribeExportTasks");
    assertThat(describe).hasSize(2);
    assertThat(describe.get(1).params()).containsEntry("Marker", "page-2").containsEntry("SourceArn", SNAPSHOT_ARN);
    Map<Object, Object> byTask = new HashMap<>();
    outcomes(result).forEach(o -> byTask.put(o.get("exportTaskIdentifier"), o.get("result") + ": " + o.get("reason")));
    assertThat(byTask).hasSize(5)
        .containsEntry(ID, "written: null")
        .hasEntrySatisfying("team-b-export", r -> assertThat((String) r)
            .startsWith("skipped").contains("s3://team-b-bucket/exports/team-b-export/").contains("outside"))
        .hasEntrySatisfying("elsewhere", r -> assertThat((String) r).startsWith("skipped").contains("outside"))
        .hasEntrySatisfying(failed, r -> assertThat((String) r).startsWith("skipped: status FAILED"))
        .hasEntrySatisfying(rerun, r -> assertThat((String) r).startsWith("skipped: status IN_PROGRESS"));
    assertThat(s3Fake.requests("LIST")).allSatisfy(r -> assertThat(r.query()).containsEntry("prefix", "rds/app-prod/" + ID + "/"));
    assertThat(s3Fake.requests("PUT")).hasSize(1);
  }

  @Test
  void oneExportsConflictDoesNotKeepTheOthersUninventoried() {
    String other = ID + "-b";
    tasks(null, task(ID, SNAPSHOT_ARN, "COMPLETE", BUCKET, "rds/app-prod"),
        task(other, SNAPSHOT_ARN, "COMPLETE", BUCKET, "rds/app-prod"));
    export("rds/app-prod/" + ID, ID);
    export("rds/app-prod/" + other, other);
    String key = ExportInventory.key("rds/app-prod/" + ID, ID);
    s3Fake.put(key, ExportInventory.of(ID, NOW, List.of(new ExportInventory.Entry("export_info_" + ID + ".json", 812))).toJson());

    assertThatThrownBy(() -> function.handle(event("rds-event-0161-db-snapshot-export-completed.json")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("1 of 2 COMPLETE exports of " + SNAPSHOT_ARN + " could not be inventoried")
        .hasMessageContaining("s3://" + BUCKET + "/" + key + " already holds an inventory");
    assertThat(inventory(s3Fake, "rds/app-prod/" + other, other).objects()).hasSize(4);
  }

  @Test
  void aSnapshotExportedByNoOneToSnaplakesBucketIsNothingToDo() {
    tasks(null);

    Map<String, Object> result = function.handle(event("rds-event-0161-db-snapshot-export-completed.json"));

    assertThat(outcomes(result)).singleElement().satisfies(o -> assertThat(o)
        .containsEntry("result", "skipped")
        .hasEntrySatisfying("reason", r -> assertThat((String) r)
            .contains("RDS lists no export of " + SNAPSHOT_ARN + " to s3://" + BUCKET + "/rds/")));
    assertThat(s3Fake.requests()).isEmpty();
  }

  @Test
  void anotherRdsEventIsIgnored() {
    Map<String, Object> result = function.handle(event("rds-event-0159-db-snapshot-export-failed.json"));

    assertThat(outcomes(result)).singleElement().satisfies(o -> assertThat(o)
        .containsEntry("result", "ignored")
        .hasEntrySatisfying("reason", r -> assertThat((String) r).startsWith("RDS-EVENT-0159 is not an export completion")));
    assertThat(rdsFake.requests()).isEmpty();
    assertThat(s3Fake.requests()).isEmpty();
  }

  @Test
  void aReplayWritesTheNamedExportsInventory() {
    tasks(null, task(ID, SNAPSHOT_ARN, "COMPLETE", BUCKET, "rds/app-prod"));
    export("rds/app-prod/" + ID, ID);

    Map<String, Object> result = function.handle(event("replay.json"));

    assertThat(rdsFake.requests("DescribeExportTasks")).singleElement()
        .satisfies(r -> assertThat(r.params()).containsEntry("ExportTaskIdentifier", ID).doesNotContainKey("SourceArn"));
    assertThat(outcomes(result).get(0)).containsEntry("result", "written");
    assertThat(inventory(s3Fake, "rds/app-prod/" + ID, ID).objects()).hasSize(4);
  }

  @Test
  void aReplayOfAnUnknownExportSaysSo() {
    rdsFake.fail("DescribeExportTasks", 404, "ExportTaskNotFound", "Cannot find export task with identifier snaplake-nope.");
    tasks(null);

    for (int i = 0; i < 2; i++) { // RDS answers an unknown id with the fault or with nothing
      assertThatThrownBy(() -> function.handle(json("{\"exportTaskIdentifier\": \"snaplake-nope\"}")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("RDS knows no export task 'snaplake-nope' in this account and region");
    }
    assertThat(s3Fake.requests()).isEmpty();
  }

  @Test
  void aReplayOfAnExportInProgressIsRefused() {
    tasks(null, task(ID, SNAPSHOT_ARN, "IN_PROGRESS", BUCKET, "rds/app-prod"));

    assertThatThrownBy(() -> function.handle(event("replay.json")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("export task '" + ID + "' is IN_PROGRESS, not COMPLETE");
    assertThat(s3Fake.requests()).isEmpty();
  }

  @Test
  void aReplayOfAnExportOutsideTheDestinationIsRefused() {
    tasks(null, task(ID, SNAPSHOT_ARN, "COMPLETE", "team-b-bucket", "exports"));

    assertThatThrownBy(() -> function.handle(event("replay.json")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("exported to s3://team-b-bucket/exports/" + ID + "/, outside snaplake's destination s3://"
            + BUCKET + "/rds/");
    assertThat(s3Fake.requests()).isEmpty();
  }

  @Test
  void malformedInvocationsAreRefusedBeforeAnyRequest() {
    assertThatThrownBy(() -> function.handle(event("malformed-export-completed-without-source-arn.json")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("its detail has no SourceArn")
        .hasMessageContaining("nothing was written");
    assertThatThrownBy(() -> function.handle(null)).hasMessageContaining("it is empty");
    assertThatThrownBy(() -> function.handle(json("{\"hello\": \"world\"}")))
        .hasMessageContaining("neither 'detail' and 'source'").hasMessageContaining("[hello]");
    Map<String, Object> ec2 = event("rds-event-0161-db-snapshot-export-completed.json");
    ec2.put("source", "aws.ec2");
    assertThatThrownBy(() -> function.handle(ec2)).hasMessageContaining("its source is 'aws.ec2', not aws.rds");
    Map<String, Object> noEventId = event("rds-event-0161-db-snapshot-export-completed.json");
    ((Map<?, ?>) noEventId.get("detail")).remove("EventID");
    assertThatThrownBy(() -> function.handle(noEventId)).hasMessageContaining("its detail has no EventID");
    assertThatThrownBy(() -> function.handle(json("{\"exportTaskIdentifier\": 42}")))
        .hasMessageContaining("'exportTaskIdentifier' is not a string");
    assertThatThrownBy(() -> function.handle(json("{\"exportTaskIdentifier\": \"snaplake--x\"}")))
        .hasMessageContaining("two consecutive hyphens");
    assertThat(rdsFake.requests()).isEmpty();
    assertThat(s3Fake.requests()).isEmpty();
  }

  @Test
  void configurationComesFromTheEnvironmentAndMissingVariablesAreNamed() {
    ExporterConfig config = ExporterConfig.fromEnvironment(
        Map.of("SNAPLAKE_EXPORT_BUCKET", BUCKET, "SNAPLAKE_EXPORT_PREFIX", "/rds/", "AWS_REGION", "eu-west-1"));
    assertThat(config.destination()).isEqualTo(new ExportDestination(BUCKET, "rds"));
    assertThat(config.region().id()).isEqualTo("eu-west-1");
    assertThat(ExporterConfig.fromEnvironment(Map.of("SNAPLAKE_EXPORT_BUCKET", BUCKET, "AWS_REGION", "eu-west-1"))
        .destination().prefix()).isNull();

    assertThatThrownBy(() -> ExporterConfig.fromEnvironment(Map.of("AWS_REGION", "eu-west-1")))
        .hasMessageContaining("environment variable SNAPLAKE_EXPORT_BUCKET is not set");
    assertThatThrownBy(() -> ExporterConfig.fromEnvironment(Map.of("SNAPLAKE_EXPORT_BUCKET", BUCKET)))
        .hasMessageContaining("environment variable AWS_REGION is not set");
    assertThatThrownBy(() -> ExporterConfig.fromEnvironment(Map.of("SNAPLAKE_EXPORT_BUCKET", "Acme_Exports", "AWS_REGION", "eu-west-1")))
        .hasMessageContaining("S3 bucket 'Acme_Exports' is not a valid bucket name");

    // The real function configured from an empty environment says what is missing on its first event.
    ExportInventoryFunction unconfigured = new ExportInventoryFunction(() -> ExportInventoryFunction.fromEnvironment(Map.of()));
    assertThatThrownBy(() -> unconfigured.handle(event("replay.json")))
        .hasMessageContaining("SNAPLAKE_EXPORT_BUCKET is not set");
  }
}
