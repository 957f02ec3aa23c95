package dev.snaplake.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snaplake.core.port.ObjectStore;
import dev.snaplake.core.port.StoredObject;
import dev.snaplake.local.DuckDbWarehouse;
import dev.snaplake.local.FolderObjectStore;
import dev.snaplake.local.InProcessEventBus;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The loader in process: what it refuses, ignores and propagates, and what it makes when. */
class LoaderFunctionTest {
  static final String BUCKET = "acme-landing";
  static final String INFO = "rds/app-prod/snaplake-app-2026-11-24/export_info_snaplake-app-2026-11-24.json";

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
    new LoaderFunction(() -> b).accept(finalized("other-bucket", INFO));
    assertThat(b.asked).containsExactly("landingBucket");
    assertThat(logs()).contains("\"outcome\":\"ignored\"").contains("'other-bucket' ignored");
  }

  @Test
  void theIngestionIsMadeOnceAndKept() {
    TestBackend b = backend(new FolderObjectStore(tmp));
    LoaderFunction f = new LoaderFunction(() -> b);
    f.accept(finalized(BUCKET, "notes.txt"));
    f.accept(finalized(BUCKET, "rds/app-prod/snaplake-app-2026-11-24/app/app.users/1/part-00000-a.gz.parquet"));
    f.accept(finalized(BUCKET, INFO)); // deleted since: the event is acknowledged with the reason
    assertThat(b.asked.stream().filter(a -> a.equals("objectStore"))).hasSize(1);
    assertThat(logs()).contains("\"outcome\":\"ignored\"").contains("\"outcome\":\"waiting\"")
        .contains("export_info_snaplake-app-2026-11-24.json has not arrived").contains("not found in folder bucket");
  }

  @Test
  void aStorageFailurePropagatesSoTheEventIsRetried() {
    FolderObjectStore folder = new FolderObjectStore(tmp);
    ObjectStore broken = new ObjectStore() {
      public List<StoredObject> list(String prefix) { return folder.list(prefix); }
      public Optional<StoredObject> stat(String key) {
        throw new UncheckedIOException(new java.io.IOException("connection reset"));
      }
      public byte[] read(String key) { return folder.read(key); }
      public boolean createIfAbsent(String key, byte[] content) { return folder.createIfAbsent(key, content); }
      public boolean replaceIfGeneration(String key, byte[] content, long g) { return folder.replaceIfGeneration(key, content, g); }
      public void write(String key, byte[] content) { folder.write(key, content); }
      public String uri(String key) { return folder.uri(key); }
      public String describe() { return "broken " + folder.describe(); }
    };
    TestBackend b = backend(broken);
    assertThatThrownBy(() -> new LoaderFunction(() -> b).accept(finalized(BUCKET, INFO + ".x/app/app.users/1/part-00000-a.gz.parquet")))
        .isInstanceOf(UncheckedIOException.class);
  }

  @Test
  void unreadableExportMetadataIsLoggedAndAcknowledged() throws Exception {
    Path info = tmp.resolve(INFO);
    Files.createDirectories(info.getParent());
    Files.writeString(info, "{\"exportTaskIdentifier\": 12");
    TestBackend b = backend(new FolderObjectStore(tmp));
    new LoaderFunction(() -> b).accept(finalized(BUCKET, INFO));
    assertThat(logs()).contains("\"severity\":\"ERROR\"").contains("\"outcome\":\"unreadable\"");
    assertThat(bus.published()).isEmpty();
  }

  static List<String> lines(String s) {
    return s.lines().toList();
  }
}
