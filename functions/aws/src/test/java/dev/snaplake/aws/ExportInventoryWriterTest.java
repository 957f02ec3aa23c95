package dev.snaplake.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snaplake.core.export.ExportInventory;
import dev.snaplake.core.export.ExportInventory.Entry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/** Request-level tests: the real S3 client, over HTTP, against {@link FakeS3}. */
class ExportInventoryWriterTest {
  static final String BUCKET = "acme-rds-exports";
  static final String ID = "snaplake-app-prod-2026-11-24";
  static final String SNAPSHOT_ARN = "arn:aws:rds:eu-west-1:123456789012:snapshot:rds:app-prod-2026-11-24-03-10";
  static final String ROOT = "rds/app-prod/" + ID;
  static final String INVENTORY_KEY = ROOT + "/snaplake_inventory_" + ID + ".json";
  static final Instant NOW = Instant.parse("2026-11-24T05:40:00Z");

  FakeS3 fake;
  S3Client client;

  @BeforeEach
  void start() throws Exception {
    fake = new FakeS3(BUCKET);
    client = fake.client();
  }

  @AfterEach
  void stop() {
    client.close();
    fake.close();
  }

  ExportInventoryWriter writer(Instant now) {
    return new ExportInventoryWriter(client, Clock.fixed(now, ZoneOffset.UTC));
  }

  static RdsExportTask task(String status) {
    return new RdsExportTask(ID, SNAPSHOT_ARN, status, BUCKET, "rds/app-prod");
  }

  /** An export as RDS lays it out: metadata at the root, batch folders with parts and _SUCCESS markers. */
  void smallExport() {
    fake.put(ROOT + "/export_info_" + ID + ".json", 812);
    fake.put(ROOT + "/export_tables_info_" + ID + "_from_1_to_2.json", 2048);
    fake.put(ROOT + "/app/app.users/1/part-00000-6a1c.gz.parquet", 5000);
    fake.put(ROOT + "/app/app.users/1/_SUCCESS", 0);
  }

  ExportInventory stored() {
    return ExportInventory.parse(fake.get(INVENTORY_KEY), INVENTORY_KEY);
  }

  @Test
  void listsEveryObjectAcrossPagesAndWritesTheInventoryOnce() {
    fake.put(ROOT + "/export_info_" + ID + ".json", 812);
    for (int i = 0; i < 2345; i++) {
      fake.put(ROOT + "/app/app.transactions/" + (1 + i / 500) + "/part-" + String.format("%05d", i) + "-uuid.gz.parquet", i % 7);
    }
    // Neighbours that share the prefix but are not this export.
    fake.put(ROOT + "-b/export_info_" + ID + "-b.json", 10);
    fake.put("rds/app-prod/other.txt", 10);

    InventoryOutcome outcome = writer(NOW).write(task("COMPLETE"));

    assertThat(outcome.result()).isEqualTo(InventoryOutcome.Result.WRITTEN);
    assertThat(outcome.key()).isEqualTo("s3://" + BUCKET + "/" + INVENTORY_KEY);
    assertThat(outcome.objects()).isEqualTo(2346);
    var lists = fake.requests("LIST");
    assertThat(lists).hasSize(3);
    assertThat(lists.get(0).query()).containsEntry("list-type", "2").containsEntry("prefix", ROOT + "/")
        .containsEntry("max-keys", "1000").doesNotContainKey("continuation-token");
    assertThat(lists.get(1).query()).containsKey("continuation-token").containsEntry("prefix", ROOT + "/");
    assertThat(lists.get(2).query()).containsKey("continuation-token");
    var puts = fake.requests("PUT");
    assertThat(puts).hasSize(1);
    assertThat(puts.get(0).key()).isEqualTo(INVENTORY_KEY);
    assertThat(puts.get(0).header("If-None-Match")).isEqualTo("*");
    assertThat(puts.get(0).header("Content-Type")).isEqualTo("application/json");

    ExportInventory written = stored();
    assertThat(written.exportId()).isEqualTo(ID);
    assertThat(written.writtenAt()).isEqualTo(NOW);
    assertThat(written.objects()).hasSize(2346)
        .contains(new Entry("export_info_" + ID + ".json", 812),
            new Entry("app/app.transactions/5/part-02344-uuid.gz.parquet", 2344 % 7))
        .noneMatch(e -> e.path().contains("other") || e.path().startsWith("/"));
    assertThat(outcome.contentHash()).isEqualTo(written.contentHash());
    assertThat(outcome.bytes()).isEqualTo(written.totalBytes()).isPositive();
  }

  @Test
  void keysWithSpacesAndNonAsciiCharactersArePathsAsTheyAre() {
    fake.put(ROOT + "/export_info_" + ID + ".json", 812);
    fake.put(ROOT + "/app/app.café orders/1/part-00000-a+b.gz.parquet", 42);

    writer(NOW).write(task("COMPLETE"));

    assertThat(stored().objects()).contains(new Entry("app/app.café orders/1/part-00000-a+b.gz.parquet", 42));
  }

  @Test
  void aDuplicateInvocationFindsTheSameInventoryAndWritesNothing() {
    smallExport();
    InventoryOutcome first = writer(NOW).write(task("COMPLETE"));
    byte[] before = fake.get(INVENTORY_KEY);

    InventoryOutcome again = writer(NOW.plusSeconds(90)).write(task("COMPLETE"));

    assertThat(again.result()).isEqualTo(InventoryOutcome.Result.ALREADY_WRITTEN);
    assertThat(again.contentHash()).isEqualTo(first.contentHash());
    assertThat(again.objects()).isEqualTo(4);
    assertThat(fake.requests("PUT")).hasSize(1);
    assertThat(fake.get(INVENTORY_KEY)).isEqualTo(before); // writtenAt of the first stays
  }

  @Test
  void aConcurrentWriterThatWinsTheRaceWithTheSameContentIsSuccess() {
    smallExport();
    // The other invocation listed the same objects a moment earlier and its PUT lands between our listing and ours.
    byte[] theirs = ExportInventory.of(ID, NOW.minusSeconds(1), List.of(
        new Entry("export_info_" + ID + ".json", 812), new Entry("export_tables_info_" + ID + "_from_1_to_2.json", 2048),
        new Entry("app/app.users/1/part-00000-6a1c.gz.parquet", 5000), new Entry("app/app.users/1/_SUCCESS", 0)))
        .toJson();
    fake.beforeNextPut(() -> fake.put(INVENTORY_KEY, theirs));

    InventoryOutcome outcome = writer(NOW).write(task("COMPLETE"));

    assertThat(outcome.result()).isEqualTo(InventoryOutcome.Result.ALREADY_WRITTEN);
    assertThat(fake.get(INVENTORY_KEY)).isEqualTo(theirs);
    assertThat(fake.requests().stream().map(FakeS3.Request::operation)).containsExactly("LIST", "PUT", "GET");
    assertThat(fake.requests("GET").get(0).key()).isEqualTo(INVENTORY_KEY);
  }

  @Test
  void anInventoryWithOtherContentIsAClearErrorAndIsNotOverwritten() {
    smallExport();
    writer(NOW).write(task("COMPLETE"));
    byte[] before = fake.get(INVENTORY_KEY);
    // Something wrote into the export after it was inventoried, and changed a part.
    fake.put(ROOT + "/app/app.users/1/part-00001-late.gz.parquet", 77);
    fake.put(ROOT + "/app/app.users/1/part-00000-6a1c.gz.parquet", 4999);

    assertThatThrownBy(() -> writer(NOW).write(task("COMPLETE")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("s3://" + BUCKET + "/" + INVENTORY_KEY + " already holds an inventory")
        .hasMessageContaining("with 4 objects")
        .hasMessageContaining("now lists 5 objects")
        .hasMessageContaining("added app/app.users/1/part-00001-late.gz.parquet")
        .hasMessageContaining("app/app.users/1/part-00000-6a1c.gz.parquet 5000 -> 4999 bytes")
        .hasMessageContaining("never overwrites")
        .hasMessageContaining("{\"exportTaskIdentifier\": \"" + ID + "\"}");
    assertThat(fake.get(INVENTORY_KEY)).isEqualTo(before);
    assertThat(fake.requests("PUT")).hasSize(1);
  }

  @Test
  void losingTheRaceToOtherContentIsTheSameError() {
    smallExport();
    byte[] theirs = ExportInventory.of(ID, NOW, List.of(new Entry("export_info_" + ID + ".json", 812))).toJson();
    fake.beforeNextPut(() -> fake.put(INVENTORY_KEY, theirs));

    assertThatThrownBy(() -> writer(NOW).write(task("COMPLETE")))
        .hasMessageContaining("with 1 objects")
        .hasMessageContaining("now lists 4 objects")
        .hasMessageContaining("added app/app.users/1/_SUCCESS");
    assertThat(fake.get(INVENTORY_KEY)).isEqualTo(theirs);
  }

  @Test
  void aConditionalWriteConflictIsRetried() {
    smallExport();
    fake.fail("PUT", 409, "ConditionalRequestConflict",
        "A conflicting conditional operation is currently in progress against this resource. Please try again.");

    InventoryOutcome outcome = writer(NOW).write(task("COMPLETE"));

    assertThat(outcome.result()).isEqualTo(InventoryOutcome.Result.WRITTEN);
    assertThat(fake.requests("PUT")).hasSize(2).allSatisfy(r -> assertThat(r.header("If-None-Match")).isEqualTo("*"));
    assertThat(stored().objects()).hasSize(4);
  }

  @Test
  void conflictsThatDoNotEndAreAnErrorAfterBoundedAttempts() {
    smallExport();
    for (int i = 0; i < ExportInventoryWriter.CONFLICT_ATTEMPTS; i++) {
      fake.fail("PUT", 409, "ConditionalRequestConflict", "A conflicting conditional operation is in progress.");
    }
    assertThatThrownBy(() -> writer(NOW).write(task("COMPLETE")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("S3 refused PutObject of s3://" + BUCKET + "/" + INVENTORY_KEY)
        .hasMessageContaining("409 ConditionalRequestConflict");
    assertThat(fake.requests("PUT")).hasSize(ExportInventoryWriter.CONFLICT_ATTEMPTS);
    assertThat(fake.get(INVENTORY_KEY)).isNull();
  }

  @Test
  void refusesAnExportThatIsNotComplete() {
    smallExport();
    for (String status : List.of("STARTING", "IN_PROGRESS", "FAILED", "CANCELING", "CANCELED")) {
      assertThatThrownBy(() -> writer(NOW).write(task(status)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("export task '" + ID + "' is " + status + ", not COMPLETE")
          .hasMessageContaining("written only when RDS reports it COMPLETE");
    }
    assertThat(fake.requests()).isEmpty();
  }

  @Test
  void anEmptyExportRootIsAnErrorNamingIt() {
    fake.put("rds/app-prod/elsewhere/export_info.json", 5);
    assertThatThrownBy(() -> writer(NOW).write(task("COMPLETE")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("found no object under s3://" + BUCKET + "/" + ROOT + "/");
    assertThat(fake.requests("PUT")).isEmpty();
  }

  @Test
  void withoutAPrefixTheRootIsTheExportId() {
    fake.put(ID + "/export_info_" + ID + ".json", 812);
    fake.put(ID + "/app/app.users/1/part-00000-a.gz.parquet", 9);

    InventoryOutcome outcome = writer(NOW).write(new RdsExportTask(ID, SNAPSHOT_ARN, "COMPLETE", BUCKET, null));

    assertThat(outcome.key()).isEqualTo("s3://" + BUCKET + "/" + ID + "/snaplake_inventory_" + ID + ".json");
    assertThat(fake.requests("LIST").get(0).query()).containsEntry("prefix", ID + "/");
    assertThat(ExportInventory.parse(fake.get(ID + "/snaplake_inventory_" + ID + ".json"), "k").objects()).hasSize(2);
  }

  @Test
  void folderMarkersAreNotFilesOfTheExport() {
    smallExport();
    fake.put(ROOT + "/", 0);
    fake.put(ROOT + "/app/", 0);

    writer(NOW).write(task("COMPLETE"));

    assertThat(stored().objects()).extracting(Entry::path).doesNotContain("", "app/").hasSize(4);
  }

  @Test
  void aKeyTheLoaderWouldRefuseIsNamedInsteadOfWritten() {
    smallExport();
    fake.put(ROOT + "/app//stray.parquet", 3);
    assertThatThrownBy(() -> writer(NOW).write(task("COMPLETE")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("object s3://" + BUCKET + "/" + ROOT + "/app//stray.parquet")
        .hasMessageContaining("move it out of");
    assertThat(fake.get(INVENTORY_KEY)).isNull();
  }

  @Test
  void accessDeniedNamesThePermission() {
    smallExport();
    fake.fail("LIST", 403, "AccessDenied", "Access Denied");
    assertThatThrownBy(() -> writer(NOW).write(task("COMPLETE")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("S3 refused ListObjectsV2 of s3://" + BUCKET + "/" + ROOT + "/ (HTTP 403 AccessDenied)")
        .hasMessageContaining("s3:ListBucket on arn:aws:s3:::" + BUCKET + " for prefix " + ROOT + "/");

    fake.fail("PUT", 403, "AccessDenied", "Access Denied");
    assertThatThrownBy(() -> writer(NOW).write(task("COMPLETE")))
        .hasMessageContaining("S3 refused PutObject")
        .hasMessageContaining("s3:PutObject on s3://" + BUCKET + "/" + INVENTORY_KEY)
        .hasMessageContaining("kms:");
  }

  @Test
  void anUnreadableExistingInventoryIsNamedNotOverwritten() {
    smallExport();
    fake.put(INVENTORY_KEY, "{\"version\": 1, \"exportId\": ".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> writer(NOW).write(task("COMPLETE")))
        .hasMessageContaining("s3://" + BUCKET + "/" + INVENTORY_KEY + " exists but is not a readable inventory")
        .hasMessageContaining("delete it and replay");
    assertThat(fake.requests("PUT")).isEmpty();
  }

  @Test
  void theExportRootIgnoresSlashesAroundThePrefix() {
    assertThat(new RdsExportTask(ID, SNAPSHOT_ARN, "COMPLETE", BUCKET, "/rds/app-prod/").root()).isEqualTo(ROOT);
    assertThat(new RdsExportTask(ID, SNAPSHOT_ARN, "COMPLETE", BUCKET, "").root()).isEqualTo(ID);
    assertThat(new RdsExportTask(ID, SNAPSHOT_ARN, "COMPLETE", BUCKET, "p").rootUri())
        .isEqualTo("s3://" + BUCKET + "/p/" + ID + "/");
  }
}
