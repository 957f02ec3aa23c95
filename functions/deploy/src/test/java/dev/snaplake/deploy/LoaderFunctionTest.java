package dev.snaplake.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snaplake.core.event.EventType;
import dev.snaplake.core.export.ExportInventory;
import dev.snaplake.core.ingest.ExportIncompleteException;
import dev.snaplake.core.port.ObjectStore;
import dev.snaplake.core.port.StoredObject;
import dev.snaplake.core.port.TransientException;
import dev.snaplake.local.DuckDbWarehouse;
import dev.snaplake.local.FolderObjectStore;
import dev.snaplake.local.InProcessEventBus;
import dev.snaplake.local.sample.SampleExport;
import dev.snaplake.local.sample.SampleExportResult;
import dev.snaplake.local.sample.SampleExportSpec;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The loader in process: what it refuses, ignores, propagates and logs, and what it makes when. */
class LoaderFunctionTest {
  static final String BUCKET = "acme-landing";
  static final String INFO = "rds/app-prod/snaplake-app-2026-11-24/export_info_snaplake-app-2026-11-24.json";
  static final String INVENTORY = "rds/app-prod/snaplake-app-2026-11-24/snaplake_inventory_snaplake-app-2026-11-24.json";
  static final LocalDate DAY = LocalDate.of(2026, 11, 24);

  @TempDir Path tmp;
  @RegisterExtension final CapturedLogs logs = new CapturedLogs();
  final InProcessEventBus bus = new InProcessEventBus();

  String logs() {
    return logs.text();
  }

  TestBackend backend(ObjectStore store) {
    return new TestBackend(BUCKET, () -> store, DuckDbWarehouse::inMemory, () -> bus);
  }

  static CloudEvent event(String type, String data) {
    CloudEventBuilder b = CloudEventBuilder.v1().withId("e-1").withType(type)
        .withSource(URI.create("//storage.googleapis.com/projects/_/buckets/" + BUCKET)).withSubject("objects/x");
    return data == null ? b.build() : b.withDataContentType("application/json").withData(data.getBytes(StandardCharsets.UTF_8)).build();
  }

  static CloudEvent finalized(String bucket, String name) {
    return event(StorageObjectEvent.TYPE, "{\"bucket\":\"" + bucket + "\",\"name\":\"" + name + "\",\"size\":\"10\",\"generation\":\"1\"}");
  }

  @Test
  void constructionAndRefusedEventsTouchNoBackend() {
    AtomicInteger lookups = new AtomicInteger();
    LoaderFunction f = new LoaderFunction(() -> {
      lookups.incrementAndGet();
      throw new AssertionError("backend looked up");
    });
    f.accept(event(StorageObjectEvent.TYPE, "{not json"));
    f.accept(event(StorageObjectEvent.TYPE, "{\"bucket\":\"" + BUCKET + "\"}"));
    f.accept(event(StorageObjectEvent.TYPE, "{\"bucket\":\"" + BUCKET + "\",\"name\":42}"));
    f.accept(event(StorageObjectEvent.TYPE, "{\"name\":\"x\"}"));
    f.accept(event(StorageObjectEvent.TYPE, null));
    f.accept(event("google.cloud.storage.object.v1.deleted", "{\"bucket\":\"b\",\"name\":\"x\"}"));
    assertThat(lookups).hasValue(0);
    assertThat(logs().lines()).hasSize(6).allMatch(l -> l.startsWith("{\"severity\":\"ERROR\""));
    assertThat(logs())
        .contains("event data is not JSON")
        .contains("field 'name' is missing")
        .contains("field 'name' is not a string: '42'")
        .contains("field 'bucket' is missing")
        .contains("has no data")
        .contains("'google.cloud.storage.object.v1.deleted' is not google.cloud.storage.object.v1.finalized");
  }

  @Test
  void anotherBucketIsIgnoredWithoutOpeningAnything() {
    TestBackend b = backend(new FolderObjectStore(tmp));
    new LoaderFunction(() -> b).accept(finalized("other-bucket", INVENTORY));
    assertThat(b.asked).containsExactly("landingBucket");
    assertThat(logs().lines()).singleElement().asString().startsWith("{\"severity\":\"INFO\"")
        .contains("\"outcome\":\"ignored\"").contains("'other-bucket' ignored");
  }

  @Test
  void theIngestionIsMadeOnceAndKept() {
    TestBackend b = backend(new FolderObjectStore(tmp));
    LoaderFunction f = new LoaderFunction(() -> b);
    f.accept(finalized(BUCKET, "notes.txt"));
    f.accept(finalized(BUCKET, "rds/app-prod/snaplake-app-2026-11-24/app/app.users/1/part-00000-a.gz.parquet"));
    f.accept(finalized(BUCKET, INFO));
    f.accept(finalized(BUCKET, INVENTORY)); // deleted since: the event is acknowledged with the reason
    assertThat(b.asked.stream().filter(a -> a.equals("objectStore"))).hasSize(1);
    assertThat(logs()).contains("\"outcome\":\"ignored\"").contains("\"outcome\":\"waiting\"")
        .contains("snaplake_inventory_snaplake-app-2026-11-24.json completes the export")
        .contains(INVENTORY + " has not arrived");
    assertThat(logs().lines()).hasSize(4).allMatch(l -> l.startsWith("{\"severity\":\"INFO\""));
  }

  @Test
  void aStorageFailurePropagatesSoTheEventIsRetried() {
    FolderObjectStore folder = new FolderObjectStore(tmp);
    ObjectStore broken = new ObjectStore() {
      public List<StoredObject> list(String prefix) { return folder.list(prefix); }
      public Optional<StoredObject> stat(String key) { return folder.stat(key); }
      public byte[] read(String key) {
        throw new UncheckedIOException(new java.io.IOException("connection reset"));
      }
      public boolean createIfAbsent(String key, byte[] content) { return folder.createIfAbsent(key, content); }
      public boolean replaceIfGeneration(String key, byte[] content, long g) { return folder.replaceIfGeneration(key, content, g); }
      public void write(String key, byte[] content) { folder.write(key, content); }
      public String uri(String key) { return folder.uri(key); }
      public String describe() { return "broken " + folder.describe(); }
    };
    TestBackend b = backend(broken);
    assertThatThrownBy(() -> new LoaderFunction(() -> b).accept(finalized(BUCKET, INVENTORY)))
        .isInstanceOf(UncheckedIOException.class);
  }

  @Test
  void anUnreadableInventoryIsLoggedAndAcknowledged() throws Exception {
    Path inventory = tmp.resolve(INVENTORY);
    Files.createDirectories(inventory.getParent());
    Files.writeString(inventory, "{\"version\": 1, \"exportId\": 12");
    TestBackend b = backend(new FolderObjectStore(tmp));
    new LoaderFunction(() -> b).accept(finalized(BUCKET, INVENTORY));
    assertThat(logs()).contains("\"severity\":\"ERROR\"").contains("\"outcome\":\"unreadable\"").contains(INVENTORY + ": not valid JSON");
    assertThat(bus.published()).isEmpty();
  }

  @Test
  void anIncompleteExportIsOneWarningLineAndFailsSoItsInventoryIsRedelivered() throws Exception {
    SampleExportResult export = SampleExport.write(tmp, new SampleExportSpec("app", DAY, 200, 3, "rds/app-prod", 1));
    Path part = firstPart(export);
    Path aside = Files.move(part, tmp.resolve("aside.parquet"));
    TestBackend b = backend(new FolderObjectStore(tmp));
    LoaderFunction f = new LoaderFunction(() -> b);

    assertThatThrownBy(() -> f.accept(finalized(BUCKET, INVENTORY))).isInstanceOf(ExportIncompleteException.class);
    assertThat(logs().lines()).singleElement().satisfies(l -> assertThat(l)
        .startsWith("{\"severity\":\"WARNING\"").contains("\"outcome\":\"incomplete\"")
        .contains("\"present\":" + (export.fileCount() - 2)).contains("\"total\":" + (export.fileCount() - 1))
        .contains(tmp.relativize(part).toString().replace('\\', '/')));
    assertThat(bus.published()).isEmpty();

    Files.move(aside, part); // the late copy lands; the redelivery loads the export
    f.accept(finalized(BUCKET, INVENTORY));
    assertThat(logs()).contains("\"outcome\":\"loaded\"");
    assertThat(bus.published()).extracting(e -> e.type()).contains(EventType.EXPORT_LOADED);
  }

  @Test
  void anExportClaimedElsewhereFailsSoADeadHolderCannotStrandIt() throws Exception {
    SampleExport.write(tmp, new SampleExportSpec("app", DAY, 200, 3, "rds/app-prod", 1));
    FolderObjectStore store = new FolderObjectStore(tmp);
    String claim = "_snaplake/exports/rds/app-prod/snaplake-app-2026-11-24/claim.json";
    store.write(claim, "{\"owner\":\"loader:dead\",\"leaseUntil\":\"2999-01-01T00:00:00Z\"}".getBytes(StandardCharsets.UTF_8));
    TestBackend b = backend(store);
    LoaderFunction f = new LoaderFunction(() -> b);
    assertThatThrownBy(() -> f.accept(finalized(BUCKET, INVENTORY)))
        .isInstanceOf(TransientException.class).hasMessageContaining("being loaded by loader:dead");
    assertThat(logs()).contains("\"outcome\":\"claimed_elsewhere\"");

    store.write(claim, "{\"owner\":\"loader:dead\",\"leaseUntil\":\"2000-01-01T00:00:00Z\"}".getBytes(StandardCharsets.UTF_8));
    f.accept(finalized(BUCKET, INVENTORY)); // the redelivery after the lease takes the export over
    assertThat(logs()).contains("\"outcome\":\"loaded\"");
  }

  @Test
  void anExportIdReusedForOtherContentIsRefusedAndAcknowledged() throws Exception {
    SampleExport.write(tmp, new SampleExportSpec("app", DAY, 200, 3, "rds/app-prod", 1));
    FolderObjectStore store = new FolderObjectStore(tmp);
    TestBackend b = backend(store);
    LoaderFunction f = new LoaderFunction(() -> b);
    f.accept(finalized(BUCKET, INVENTORY));
    int published = bus.published().size();

    ExportInventory first = ExportInventory.parse(store.read(INVENTORY), INVENTORY);
    List<ExportInventory.Entry> other = new java.util.ArrayList<>(first.objects());
    other.add(new ExportInventory.Entry("app/app.users/9/part-00000-new.gz.parquet", 1));
    store.write(INVENTORY, ExportInventory.of(first.exportId(), first.writtenAt(), other).toJson());
    f.accept(finalized(BUCKET, INVENTORY));
    assertThat(logs().lines().filter(l -> l.contains("\"outcome\":\"refused\""))).singleElement().asString()
        .startsWith("{\"severity\":\"ERROR\"").contains("the export id was reused").contains(first.contentHash());
    assertThat(bus.published()).hasSize(published);
  }

  static Path firstPart(SampleExportResult export) throws java.io.IOException {
    try (var files = Files.walk(export.exportRoot())) {
      return files.filter(p -> p.toString().endsWith(".gz.parquet")).sorted().findFirst().orElseThrow();
    }
  }

  static List<String> lines(String s) {
    return s.lines().toList();
  }
}
