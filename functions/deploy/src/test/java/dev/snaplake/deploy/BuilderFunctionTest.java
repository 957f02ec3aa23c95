package dev.snaplake.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snaplake.core.event.EventCodec;
import dev.snaplake.core.event.EventType;
import dev.snaplake.core.event.Events;
import dev.snaplake.core.naming.ObjectId;
import dev.snaplake.core.port.LoadRecord;
import dev.snaplake.core.port.ModelBuild;
import dev.snaplake.core.port.RawLoad;
import dev.snaplake.core.port.TransientException;
import dev.snaplake.core.port.Warehouse;
import dev.snaplake.core.port.WarehouseObject;
import dev.snaplake.core.snapshot.Snapshot;
import dev.snaplake.local.FolderObjectStore;
import dev.snaplake.local.InProcessEventBus;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The builder in process: what it refuses, what it retries, and what it opens when. */
class BuilderFunctionTest {
  @TempDir Path tmp;
  @RegisterExtension final CapturedLogs logs = new CapturedLogs();
  final InProcessEventBus bus = new InProcessEventBus();
  final FakeWarehouse warehouse = new FakeWarehouse();

  String logs() {
    return logs.text();
  }

  TestBackend backend() {
    return new TestBackend("acme-landing", () -> new FolderObjectStore(tmp), () -> warehouse, () -> bus);
  }

  static CloudEvent push(String messageData) {
    String data = "{\"subscription\":\"projects/p/subscriptions/s\",\"message\":{\"messageId\":\"m-1\","
        + "\"publishTime\":\"2026-11-24T05:00:00Z\",\"attributes\":{},\"data\":\""
        + Base64.getEncoder().encodeToString(messageData.getBytes(StandardCharsets.UTF_8)) + "\"}}";
    return CloudEventBuilder.v1().withId("m-1").withType(PubSubPush.TYPE)
        .withSource(URI.create("//pubsub.googleapis.com/projects/p/topics/snaplake-events"))
        .withDataContentType("application/json").withData(data.getBytes(StandardCharsets.UTF_8)).build();
  }

  static String tableLoaded(String table, int schemaVersion) {
    com.google.gson.JsonObject d = new com.google.gson.JsonObject();
    d.addProperty("table", table);
    d.addProperty("snapshot", "2026-11-24");
    var e = Events.of(EventType.TABLE_LOADED, Events.SOURCE_LOADER, table, table + ":1", Instant.parse("2026-11-24T05:00:00Z"), d);
    String json = EventCodec.toJson(e);
    return schemaVersion == EventType.SCHEMA_VERSION ? json : json.replace("\"schemaVersion\":1", "\"schemaVersion\":" + schemaVersion);
  }

  @Test
  void constructionAndUnreadableMessagesTouchNoBackend() {
    BuilderFunction f = new BuilderFunction(() -> {
      throw new AssertionError("backend looked up");
    });
    f.accept(push("not json"));
    f.accept(push("[]"));
    f.accept(push("{\"hello\":1}"));
    f.accept(push("{\"specversion\":\"1.0\",\"type\":\"dev.snaplake.table.loaded\",\"id\":\"x\",\"source\":\"//t\","
        + "\"time\":\"2026-11-24T00:00:00Z\",\"data\":{\"table\":\"raw.app__users\",\"snapshot\":\"yesterday\"}}"));
    f.accept(push("{\"specversion\":\"1.0\",\"type\":\"dev.snaplake.object.rebuilt\",\"id\":\"x\",\"source\":\"//t\","
        + "\"time\":\"2026-11-24T00:00:00Z\",\"data\":{\"object\":\"no-dot\",\"snapshot\":\"2026-11-24\"}}"));
    f.accept(CloudEventBuilder.v1().withId("x").withType("google.cloud.storage.object.v1.finalized")
        .withSource(URI.create("//x")).build());
    assertThat(logs().lines()).hasSize(6).allMatch(l -> l.contains("\"severity\":\"ERROR\""));
    assertThat(logs()).contains("not a JSON object").contains("neither a command document")
        .contains("field 'snapshot': snapshot 'yesterday' is not a date").contains("field 'object'")
        .contains("is not google.cloud.pubsub.topic.v1.messagePublished");
  }

  @Test
  void aRefusedCommandOpensNoWarehouse() {
    TestBackend b = backend();
    new BuilderFunction(() -> b).accept(push("{\"command\":\"rebuild\",\"objects\":[\"mart.nope\"]}"));
    assertThat(b.asked).containsExactly("manifest");
    assertThat(logs()).contains("unknown object mart.nope");
  }

  @Test
  void aTemporaryWarehouseErrorIsRedelivered() {
    warehouse.loaded.add(ObjectId.parse("raw.app__users"));
    warehouse.failRebuilds = new TransientException("rateLimitExceeded: too many table update operations", null);
    BuilderFunction f = new BuilderFunction(this::backend);
    assertThatThrownBy(() -> f.accept(push(tableLoaded("raw.app__users", 1))))
        .isInstanceOf(TransientException.class)
        .hasMessageContaining("rateLimitExceeded");
    assertThat(bus.published()).isEmpty();

    warehouse.failRebuilds = null; // the redelivery succeeds
    f.accept(push(tableLoaded("raw.app__users", 1)));
    assertThat(warehouse.rebuilt).containsExactly(ObjectId.parse("mart.users"));
    assertThat(bus.published()).extracting(e -> e.type()).containsExactly(EventType.OBJECT_REBUILT);
  }

  @Test
  void aRebuildTheWarehouseRefusesIsReportedOnceAndAcknowledged() {
    warehouse.loaded.add(ObjectId.parse("raw.app__users"));
    warehouse.failRebuilds = new IllegalStateException("Syntax error: Unexpected keyword FROM at [3:1]");
    BuilderFunction f = new BuilderFunction(this::backend);

    f.accept(push(tableLoaded("raw.app__users", 1))); // no exception: redelivery cannot help

    assertThat(warehouse.rebuilt).isEmpty();
    assertThat(bus.published()).singleElement().satisfies(e -> {
      assertThat(e.type()).isEqualTo(EventType.OBJECT_FAILED);
      assertThat(e.dataJson().get("object").getAsString()).isEqualTo("mart.users");
      assertThat(e.dataJson().get("error").getAsString()).contains("Syntax error");
    });
    assertThat(logs()).contains("\"outcome\":\"failed\"").contains("\"severity\":\"ERROR\"")
        .contains("fix the model, deploy, then replay");
  }

  @Test
  void anApplyCommandRebuildsWhatTheManifestChangedAndNeedsASnapshotToStartFrom() {
    BuilderFunction f = new BuilderFunction(this::backend);
    f.accept(push("{\"command\":\"apply\",\"prune\":true}"));
    assertThat(logs()).contains("apply command refused: no managed object is built yet");
    assertThat(warehouse.rebuilt).isEmpty();

    warehouse.loaded.add(ObjectId.parse("raw.app__users"));
    f.accept(push("{\"command\":\"apply\",\"snapshot\":\"2026-11-24\"}"));
    assertThat(warehouse.rebuilt).containsExactly(ObjectId.parse("mart.users"));
    assertThat(logs()).contains("command apply at 2026-11-24").contains("\"command\":\"apply\"");
  }

  @Test
  void aReplayedLoadWaitsForTheInventoryAndRefusesABrokenOneWithoutRedelivery() throws Exception {
    BuilderFunction f = new BuilderFunction(this::backend);
    f.accept(push("{\"command\":\"load\",\"export\":\"rds/app-prod/ex-1\"}"));
    assertThat(logs()).contains("command load rds/app-prod/ex-1: Waiting").contains("\"outcome\":\"waiting\"");

    java.nio.file.Path root = java.nio.file.Files.createDirectories(tmp.resolve("rds/app-prod/ex-2"));
    java.nio.file.Files.writeString(root.resolve("snaplake_inventory_ex-2.json"), "{\"version\":1,");
    f.accept(push("{\"command\":\"load\",\"export\":\"rds/app-prod/ex-2\"}")); // acknowledged: no exception
    assertThat(logs()).contains("command load rds/app-prod/ex-2 refused").contains("snaplake_inventory_ex-2.json")
        .contains("\"outcome\":\"refused\"");
    assertThat(warehouse.rebuilt).isEmpty();
  }

  @Test
  void anInputNotLoadedYetWaits() {
    new BuilderFunction(this::backend).accept(push(tableLoaded("raw.app__users", 1)));
    assertThat(logs()).contains("waiting [mart.users (raw.app__users has no load for 2026-11-24)]");
    assertThat(warehouse.rebuilt).isEmpty();
  }

  @Test
  void aNewerSchemaVersionIsRedeliveredUntilANewerBuilderIsDeployed() {
    assertThatThrownBy(() -> new BuilderFunction(this::backend).accept(push(tableLoaded("raw.app__users", 2))))
        .hasMessageContaining("schemaVersion 2");
    assertThat(logs()).contains("deploy the newer builder");
  }

  @Test
  void aRebuildWithoutSnapshotUsesTheObjectsCurrentOne() {
    BuilderFunction f = new BuilderFunction(this::backend);
    f.accept(push("{\"command\":\"rebuild\",\"objects\":[\"mart.users\"]}"));
    assertThat(logs()).contains("[mart.users] never built; give \\\"snapshot\\\"");
    warehouse.objects.put(ObjectId.parse("mart.users"), Snapshot.parse("2026-11-23"));
    warehouse.objects.put(ObjectId.parse("mart.cards"), Snapshot.parse("2026-11-24"));
    f.accept(push("{\"command\":\"rebuild\",\"objects\":[\"mart.users\",\"mart.cards\"]}"));
    assertThat(logs()).contains("the objects are at different snapshots");
    warehouse.loaded.add(ObjectId.parse("raw.app__users"));
    f.accept(push("{\"command\":\"rebuild\",\"objects\":[\"mart.users\"]}"));
    assertThat(logs()).contains("command rebuild [mart.users] at 2026-11-23: rebuilt [mart.users]");
  }

  @Test
  void commandValuesAreChecked() {
    BuilderFunction f = new BuilderFunction(this::backend);
    for (String bad : List.of(
        "{\"command\":42}",
        "{\"command\":\"prune\",\"dryRun\":\"yes\"}",
        "{\"command\":\"prune\",\"force\":true}",
        "{\"command\":\"rebuild\",\"objects\":\"mart.users\"}",
        "{\"command\":\"rebuild\",\"objects\":[7]}",
        "{\"command\":\"rebuild\",\"objects\":[\"mart.users\"],\"snapshot\":20261124}")) {
      f.accept(push(bad));
    }
    assertThat(logs().lines()).hasSize(6).allMatch(l -> l.contains("\"outcome\":\"refused\""));
    assertThat(logs()).contains("field 'command' is missing or not a string")
        .contains("field 'dryRun' must be true or false, not '\\\"yes\\\"'")
        .contains("unknown field 'force'")
        .contains("field 'objects' must be a non-empty list")
        .contains("holds '7', not an object name")
        .contains("field 'snapshot' must be a date string");
  }

  /** A warehouse with loads and object snapshots set by the test, whose rebuilds can fail. */
  static final class FakeWarehouse implements Warehouse {
    final List<ObjectId> loaded = new ArrayList<>();
    final Map<ObjectId, Snapshot> objects = new java.util.HashMap<>();
    final List<ObjectId> rebuilt = new ArrayList<>();
    volatile RuntimeException failRebuilds;

    @Override
    public LoadRecord loadRaw(RawLoad load) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Optional<LoadRecord> rawLoad(ObjectId table, Snapshot snapshot) {
      return loaded.contains(table) ? Optional.of(new LoadRecord(table, snapshot, 1, 1, "h", "job", "exp")) : Optional.empty();
    }

    @Override
    public void rebuild(ModelBuild build) {
      if (failRebuilds != null) {
        throw failRebuilds;
      }
      rebuilt.add(build.object().id());
    }

    @Override
    public List<WarehouseObject> objects(String dataset) {
      return List.of();
    }

    @Override
    public Optional<WarehouseObject> object(ObjectId id) {
      return Optional.ofNullable(objects.get(id))
          .map(s -> new WarehouseObject(id, WarehouseObject.Kind.VIEW, Optional.of(s), Optional.of("old"), ""));
    }

    @Override
    public void archiveAndDrop(ObjectId id, ObjectId archiveAs) {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<Map<String, Object>> query(String sql) {
      return List.of();
    }
  }
}
