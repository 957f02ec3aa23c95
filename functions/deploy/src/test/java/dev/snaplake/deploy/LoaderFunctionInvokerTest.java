package dev.snaplake.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snaplake.core.event.Event;
import dev.snaplake.core.event.EventType;
import dev.snaplake.local.DuckDbWarehouse;
import dev.snaplake.local.sample.SampleExport;
import dev.snaplake.local.sample.SampleExportResult;
import dev.snaplake.local.sample.SampleExportSpec;
import dev.snaplake.local.sample.SampleTable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loader under the real invoker: every object of a generated RDS export is announced by a
 * real-shaped finalize event, shuffled, duplicated, from 8 concurrent posters. The export is loaded
 * exactly once, whatever the order.
 */
class LoaderFunctionInvokerTest {
  static final String BUCKET = "acme-landing";
  static final LocalDate DAY = LocalDate.of(2026, 11, 24);

  @TempDir Path tmp;

  @Test
  void loadsAnExportExactlyOnceUnderShuffledDuplicatedConcurrentEvents() throws Exception {
    Path bucket = Files.createDirectories(tmp.resolve("bucket"));
    Path duckdb = tmp.resolve("warehouse.duckdb");
    Path events = tmp.resolve("events.jsonl");
    SampleExportResult export = SampleExport.write(bucket, new SampleExportSpec("app", DAY, 2000, 7, "rds/app-prod", 1));
    List<String> keys;
    try (Stream<Path> files = Files.walk(export.exportRoot())) {
      keys = files.filter(Files::isRegularFile).map(p -> bucket.relativize(p).toString().replace('\\', '/')).sorted().toList();
    }
    assertThat(keys).hasSize(export.fileCount());

    Map<String, String> env = Map.of(
        "SNAPLAKE_BACKEND", LocalTestBackend.class.getName(),
        "SNAPLAKE_LANDING_BUCKET", BUCKET,
        LocalTestBackend.BUCKET_DIR, bucket.toString(),
        LocalTestBackend.DUCKDB, duckdb.toString(),
        LocalTestBackend.EVENTS, events.toString());
    CloudEventRequests requests = new CloudEventRequests();
    InvokerProcess invoker = InvokerProcess.start(LoaderFunction.class.getName(), env, "loader");
    try {
      // Hostile and foreign events first: each acknowledged (2xx), none loads or publishes anything.
      String info = export.exportRootKey() + "/export_info_" + export.exportId() + ".json";
      byte[] notes = "hello".getBytes(StandardCharsets.UTF_8);
      Files.write(bucket.resolve("notes.txt"), notes);
      List<CloudEventRequests.Post> hostile = List.of(
          new CloudEventRequests.Post(CloudEventRequests.storageHeaders(BUCKET, info, "bad-json"),
              "{not json".getBytes(StandardCharsets.UTF_8), "non-JSON body"),
          new CloudEventRequests.Post(CloudEventRequests.storageHeaders(BUCKET, info, "no-name"),
              ("{\"bucket\":\"" + BUCKET + "\",\"size\":\"12\"}").getBytes(StandardCharsets.UTF_8), "missing name"),
          new CloudEventRequests.Post(CloudEventRequests.storageHeaders(BUCKET, info, "blank-name"),
              ("{\"bucket\":\"" + BUCKET + "\",\"name\":\"  \"}").getBytes(StandardCharsets.UTF_8), "blank name"),
          new CloudEventRequests.Post(CloudEventRequests.storageHeaders(BUCKET, info, "array"),
              "[1,2]".getBytes(StandardCharsets.UTF_8), "JSON array body"),
          CloudEventRequests.objectFinalized("someone-elses-bucket", bucket, info),
          CloudEventRequests.objectFinalized(BUCKET, bucket, "notes.txt"),
          CloudEventRequests.objectFinalized(BUCKET, "rds/app-prod/snaplake-app-2026-11-30/app/app.users/1/part-00000-x.gz.parquet",
              new byte[10], "missing-export"),
          wrongType(CloudEventRequests.objectFinalized(BUCKET, bucket, info)));
      for (CloudEventRequests.Post p : hostile) {
        assertThat(requests.send(invoker.port(), p)).as(p.what()).isBetween(200, 299);
      }
      assertThat(FileEventBus.read(events)).as("events published by hostile events").isEmpty();

      // Every object, shuffled, a third of them twice (same event id: a redelivery) and
      // export_info four times (new ids), from 8 posters at once.
      List<CloudEventRequests.Post> posts = new ArrayList<>();
      for (int i = 0; i < keys.size(); i++) {
        CloudEventRequests.Post p = CloudEventRequests.objectFinalized(BUCKET, bucket, keys.get(i));
        posts.add(p);
        if (i % 3 == 0) {
          posts.add(p);
        }
      }
      for (int i = 0; i < 3; i++) {
        posts.add(CloudEventRequests.objectFinalized(BUCKET, bucket, info));
      }
      Collections.shuffle(posts, new Random(20261124));
      ConcurrentLinkedQueue<CloudEventRequests.Post> queue = new ConcurrentLinkedQueue<>(posts);
      ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
      ExecutorService posters = Executors.newFixedThreadPool(8);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        done.add(posters.submit(() -> {
          CloudEventRequests.Post p;
          while ((p = queue.poll()) != null) {
            int status = requests.send(invoker.port(), p);
            if (status < 200 || status > 299) {
              failures.add(status + " " + p.what());
            }
          }
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
      posters.shutdown();
      assertThat(failures).as("non-2xx answers; invoker log:\n" + invoker.log()).isEmpty();
    } finally {
      invoker.close();
    }
    String log = invoker.log();

    // Published: one export.loaded, and one table.loaded per loaded table, never two.
    List<Event> published = FileEventBus.read(events);
    Map<String, Long> byType = published.stream().collect(Collectors.groupingBy(Event::type, Collectors.counting()));
    assertThat(byType.get(EventType.EXPORT_LOADED)).as("export.loaded events").isEqualTo(1L);
    List<String> loadedTables = published.stream().filter(e -> e.type().equals(EventType.TABLE_LOADED)).map(Event::subject).toList();
    assertThat(loadedTables).as("table.loaded subjects").doesNotHaveDuplicates();

    List<SampleTable> complete = export.tables().stream().filter(t -> t.status().equals(SampleTable.COMPLETE)).toList();
    try (DuckDbWarehouse w = DuckDbWarehouse.open(duckdb)) {
      List<Map<String, Object>> loads = w.query(
          "SELECT table_id, CAST(snapshot AS VARCHAR) AS snapshot, rows, export_id FROM _snaplake.raw_loads ORDER BY table_id");
      assertThat(loads).extracting(r -> r.get("table_id")).doesNotHaveDuplicates()
          .containsExactlyInAnyOrderElementsOf(loadedTables);
      assertThat(loads).allSatisfy(r -> {
        assertThat(r.get("snapshot")).isEqualTo("2026-11-24");
        assertThat(r.get("export_id")).isEqualTo(export.exportId());
      });
      // Every table the generator wrote as COMPLETE is loaded, with the generator's row count.
      for (SampleTable t : complete) {
        String raw = "raw.app__" + t.table();
        assertThat(loadedTables).as("loaded tables").contains(raw);
        Object rows = w.query("SELECT count(*) AS n FROM raw.app__" + t.table() + " WHERE _snapshot = DATE '2026-11-24'")
            .get(0).get("n");
        assertThat(((Number) rows).longValue()).as("rows of " + raw).isEqualTo(t.rows());
      }
      assertThat(loads).hasSize(complete.size());
    }

    // One structured line per event; hostile ones say what is wrong.
    assertThat(log).contains("\"severity\":\"ERROR\"").contains("field 'name' is missing").contains("field 'name' is blank")
        .contains("is not JSON").contains("not a JSON object").contains("is not google.cloud.storage.object.v1.finalized")
        .contains("someone-elses-bucket").contains("\"outcome\":\"loaded\"").contains("\"export\":\"" + export.exportId() + "\"");
    assertThat(log.lines().filter(l -> l.contains("\"outcome\":\"loaded\"")).count()).isEqualTo(1);
  }

  private static CloudEventRequests.Post wrongType(CloudEventRequests.Post p) {
    Map<String, String> h = new java.util.LinkedHashMap<>(p.headers());
    h.put("ce-type", "google.cloud.storage.object.v1.deleted");
    h.put("ce-id", "deleted-1");
    return new CloudEventRequests.Post(h, p.body(), "deleted event");
  }
}
