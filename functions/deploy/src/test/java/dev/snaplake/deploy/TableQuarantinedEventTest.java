package dev.snaplake.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.snaplake.core.event.Event;
import dev.snaplake.core.event.EventCodec;
import dev.snaplake.core.event.EventType;
import dev.snaplake.core.naming.ObjectId;
import dev.snaplake.core.port.LoadRecord;
import dev.snaplake.core.port.ModelBuild;
import dev.snaplake.core.port.RawLoad;
import dev.snaplake.core.port.Warehouse;
import dev.snaplake.core.port.WarehouseObject;
import dev.snaplake.core.snapshot.Snapshot;
import dev.snaplake.local.DuckDbWarehouse;
import dev.snaplake.local.FolderObjectStore;
import dev.snaplake.local.InProcessEventBus;
import dev.snaplake.local.sample.SampleExport;
import dev.snaplake.local.sample.SampleExportSpec;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code table.quarantined} (docs/EVENTS.md, v1) as the loader really publishes it matches the
 * fixture {@code events/table-quarantined.json} field for field, and the builder, which does not
 * act on it, acknowledges it without opening the warehouse.
 */
class TableQuarantinedEventTest {
  @TempDir Path tmp;
  @RegisterExtension final CapturedLogs logs = new CapturedLogs();

  @Test
  void theLoaderPublishesItAsDocumentedBeforeExportLoaded() throws Exception {
    SampleExport.write(tmp, new SampleExportSpec("app", LoaderFunctionTest.DAY, 200, 3, "rds/app-prod", 1));
    InProcessEventBus bus = new InProcessEventBus();
    DuckDbWarehouse duck = DuckDbWarehouse.inMemory();
    TestBackend b = new TestBackend(LoaderFunctionTest.BUCKET, () -> new FolderObjectStore(tmp),
        () -> refusing(duck, "app__transactions"), () -> bus);
    new LoaderFunction(() -> b).accept(LoaderFunctionTest.finalized(LoaderFunctionTest.BUCKET, LoaderFunctionTest.INVENTORY));

    List<Event> published = bus.published();
    List<String> types = published.stream().map(Event::type).toList();
    assertThat(types).containsOnlyOnce(EventType.TABLE_QUARANTINED);
    assertThat(types.indexOf(EventType.TABLE_QUARANTINED)).isLessThan(types.indexOf(EventType.EXPORT_LOADED));
    Event actual = published.get(types.indexOf(EventType.TABLE_QUARANTINED));
    JsonObject fixture = CloudEventRequests.fixture("table-quarantined.json");
    JsonObject json = com.google.gson.JsonParser.parseString(EventCodec.toJson(actual)).getAsJsonObject();
    assertThat(shape(json)).isEqualTo(shape(fixture));
    assertThat(shape(json.getAsJsonObject("data"))).isEqualTo(shape(fixture.getAsJsonObject("data")));
    for (String same : List.of("id", "type", "source", "subject")) {
      assertThat(json.get(same)).as(same).isEqualTo(fixture.get(same));
    }
    for (String same : List.of("export", "snapshot", "table", "source", "schemaVersion")) {
      assertThat(json.getAsJsonObject("data").get(same)).as(same).isEqualTo(fixture.getAsJsonObject("data").get(same));
    }
    assertThat(actual.attributes()).containsEntry("type", EventType.TABLE_QUARANTINED)
        .containsEntry("table", "raw.app__transactions").containsEntry("export", "snaplake-app-2026-11-24");
    duck.close();
  }

  @Test
  void theBuilderAcknowledgesItWithoutOpeningTheWarehouse() {
    TestBackend b = new TestBackend(LoaderFunctionTest.BUCKET, () -> new FolderObjectStore(tmp),
        () -> { throw new AssertionError("warehouse opened"); }, InProcessEventBus::new);
    String event = CloudEventRequests.fixture("table-quarantined.json").toString();
    String push = "{\"subscription\":\"projects/p/subscriptions/s\",\"message\":{\"messageId\":\"m-1\","
        + "\"publishTime\":\"2026-11-24T05:00:00Z\",\"attributes\":{},\"data\":\""
        + Base64.getEncoder().encodeToString(event.getBytes(StandardCharsets.UTF_8)) + "\"}}";
    new BuilderFunction(() -> b).accept(CloudEventBuilder.v1().withId("m-1").withType(PubSubPush.TYPE)
        .withSource(URI.create("//pubsub.googleapis.com/projects/p/topics/snaplake-events"))
        .withDataContentType("application/json").withData(push.getBytes(StandardCharsets.UTF_8)).build());
    assertThat(b.asked).doesNotContain("warehouse");
    assertThat(logs.text()).doesNotContain("\"severity\":\"ERROR\"");
  }

  /** Field name → JSON kind, so a renamed, dropped or retyped field shows. */
  private static Map<String, String> shape(JsonObject o) {
    Map<String, String> m = new TreeMap<>();
    for (Map.Entry<String, JsonElement> e : o.entrySet()) {
      JsonElement v = e.getValue();
      m.put(e.getKey(), v.isJsonObject() ? "object" : v.isJsonArray() ? "array"
          : v.isJsonNull() ? "null" : v.getAsJsonPrimitive().isNumber() ? "number" : "string");
    }
    return m;
  }

  /** The real warehouse, refusing one table's load the way it refuses an incompatible type change. */
  private static Warehouse refusing(DuckDbWarehouse w, String table) {
    return new Warehouse() {
      public LoadRecord loadRaw(RawLoad load) {
        if (load.table().name().equals(table)) {
          throw new IllegalStateException(load.table() + ": column amount changed from NUMERIC to STRING");
        }
        return w.loadRaw(load);
      }
      public Optional<LoadRecord> rawLoad(ObjectId t, Snapshot s) { return w.rawLoad(t, s); }
      public void rebuild(ModelBuild build) { w.rebuild(build); }
      public List<WarehouseObject> objects(String dataset) { return w.objects(dataset); }
      public Optional<WarehouseObject> object(ObjectId id) { return w.object(id); }
      public void archiveAndDrop(ObjectId id, ObjectId archiveAs) { w.archiveAndDrop(id, archiveAs); }
      public List<Map<String, Object>> query(String sql) { return w.query(sql); }
    };
  }
}
