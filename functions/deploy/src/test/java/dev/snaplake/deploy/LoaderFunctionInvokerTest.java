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
import java.nio.file.StandardCopyOption;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loader under the real invoker: every object of a generated RDS export arrives in the bucket
 * in shuffled order, each announced by a real-shaped finalize event, some twice, from 8 concurrent
 * posters; a post the function fails (5xx) is redelivered with a short doubling backoff, as
 * Eventarc does. The export is loaded exactly once, whatever the order.
 */
class LoaderFunctionInvokerTest {
  static final String BUCKET = "acme-landing";
  static final LocalDate DAY = LocalDate.of(2026, 11, 24);

  @TempDir Path tmp;

  @Test
  void loadsAnExportExactlyOnceUnderShuffledDuplicatedConcurrentEvents() throws Exception {
    Path bucket = Files.createDirectories(tmp.resolve("bucket"));
    // The export is written on the S3 side first; each object is copied into the bucket just before its event.
    Path s3 = Files.createDirectories(tmp.resolve("s3"));
    Path copying = Files.createDirectories(tmp.resolve("copying"));
    Path duckdb = tmp.resolve("warehouse.duckdb");
    Path events = tmp.resolve("events.jsonl");
    SampleExportResult export = SampleExport.write(s3, new SampleExportSpec("app", DAY, 2000, 7, "rds/app-prod", 1));
    List<String> keys;
    try (Stream<Path> files = Files.walk(export.exportRoot())) {
      keys = files.filter(Files::isRegularFile).map(p -> s3.relativize(p).toString().replace('\\', '/')).sorted().toList();
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
      String inventory = export.exportRootKey() + "/snaplake_inventory_" + export.exportId() + ".json";
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
          CloudEventRequests.objectFinalized("someone-elses-bucket", s3, inventory),
          CloudEventRequests.objectFinalized(BUCKET, bucket, "notes.txt"),
          CloudEventRequests.objectFinalized(BUCKET, "rds/app-prod/snaplake-app-2026-11-30/app/app.users/1/part-00000-x.gz.parquet",
              new byte[10], "missing-export"),
          wrongType(CloudEventRequests.objectFinalized(BUCKET, s3, inventory)));
      for (CloudEventRequests.Post p : hostile) {
        assertThat(requests.send(invoker.port(), p)).as(p.what()).isBetween(200, 299);
      }
      assertThat(FileEventBus.read(events)).as("events published by hostile events").isEmpty();

      // Every object, arriving shuffled, a third of its events twice (same event id: a duplicate),
      // the inventory's event four times (new ids), from 8 posters at once; a failed post comes back.
      List<CloudEventRequests.Post> posts = new ArrayList<>();
      for (int i = 0; i < keys.size(); i++) {
        CloudEventRequests.Post p = CloudEventRequests.objectFinalized(BUCKET, s3, keys.get(i));
        posts.add(p);
        if (i % 3 == 0) {
          posts.add(p);
        }
      }
      for (int i = 0; i < 3; i++) {
        posts.add(CloudEventRequests.objectFinalized(BUCKET, s3, inventory));
      }
      Collections.shuffle(posts, new Random(20261124));
      LinkedBlockingQueue<Delivery> queue = new LinkedBlockingQueue<>();
      posts.forEach(p -> queue.add(new Delivery(p, 1)));
      AtomicInteger outstanding = new AtomicInteger(posts.size());
      ConcurrentLinkedQueue<String> redelivered = new ConcurrentLinkedQueue<>();
      ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
      ScheduledExecutorService eventarc = Executors.newSingleThreadScheduledExecutor();
      // The inventory lands first, alone: its event must find the export incomplete and fail, so
      // its redelivery (not luck in the concurrent order below) is what completes the export.
      CloudEventRequests.Post early = CloudEventRequests.objectFinalized(BUCKET, s3, inventory);
      arrive(s3, bucket, copying, inventory);
      assertThat(requests.send(invoker.port(), early)).as("the inventory's event with no other object there").isEqualTo(500);
      redelivered.add(inventory);
      outstanding.incrementAndGet();
      queue.add(new Delivery(early, 2));
      ExecutorService posters = Executors.newFixedThreadPool(8);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        done.add(posters.submit(() -> {
          while (outstanding.get() > 0) {
            Delivery d = queue.poll(50, TimeUnit.MILLISECONDS);
            if (d == null) {
              continue;
            }
            arrive(s3, bucket, copying, d.post().what());
            int status = requests.send(invoker.port(), d.post());
            if (status >= 500 && d.attempt() < 12) {
              redelivered.add(d.post().what());
              // Eventarc retries with exponential backoff (10 s to 600 s); here 50 ms doubling, at most 1 s.
              eventarc.schedule(() -> queue.add(new Delivery(d.post(), d.attempt() + 1)),
                  Math.min(1000, 50L << d.attempt()), TimeUnit.MILLISECONDS);
              continue;
            }
            if (status < 200 || status > 299) {
              failures.add(status + " " + d.post().what() + " (attempt " + d.attempt() + ")");
            }
            outstanding.decrementAndGet();
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get(3, TimeUnit.MINUTES);
      }
      posters.shutdown();
      eventarc.shutdown();
      assertThat(failures).as("posts never acknowledged; invoker log:\n" + invoker.log()).isEmpty();
      assertThat(redelivered).as("the inventory's event came before the last object, failed and was redelivered")
          .contains(inventory);
      assertThat(redelivered).as("only the inventory's event is ever failed").containsOnly(inventory);
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
    assertThat(log.lines().filter(l -> l.contains("\"outcome\":\"incomplete\""))).isNotEmpty()
        .allSatisfy(l -> assertThat(l).startsWith("{\"severity\":\"WARNING\"").contains("objects of its inventory are in the bucket"));
  }

  /** One delivery of a post; {@code attempt} counts redeliveries. */
  record Delivery(CloudEventRequests.Post post, int attempt) {}

  /** The object lands in the bucket (whole, as a GCS object does) before its event is sent. */
  private static void arrive(Path s3, Path bucket, Path copying, String key) throws java.io.IOException {
    Path target = bucket.resolve(key);
    if (Files.exists(target)) {
      return;
    }
    Files.createDirectories(target.getParent());
    Path tmp = Files.createTempFile(copying, "copy", ".tmp");
    Files.copy(s3.resolve(key), tmp, StandardCopyOption.REPLACE_EXISTING);
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private static CloudEventRequests.Post wrongType(CloudEventRequests.Post p) {
    Map<String, String> h = new java.util.LinkedHashMap<>(p.headers());
    h.put("ce-type", "google.cloud.storage.object.v1.deleted");
    h.put("ce-id", "deleted-1");
    return new CloudEventRequests.Post(h, p.body(), "deleted event");
  }
}
