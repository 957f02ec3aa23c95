package dev.snaplake.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snaplake.core.event.Event;
import dev.snaplake.core.event.EventType;
import dev.snaplake.local.DuckDbWarehouse;
import dev.snaplake.local.sample.SampleExportResult;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The builder under the real invoker, fed real-shaped Pub/Sub pushes: the loader's events rebuild
 * the models of a small manifest in the DuckDB file; the builder's own {@code object.rebuilt}
 * events, delivered back as Pub/Sub would, carry the wave downstream; commands rebuild and prune.
 */
class BuilderFunctionInvokerTest {
  static final LocalDate DAY = LocalDate.of(2026, 11, 24);

  @TempDir Path tmp;

  @Test
  void loaderEventsRebuildTheModelsAndCommandsAreValidated() throws Exception {
    // The loader's part, in this process: the export loaded, its events kept, a stray view left to prune.
    LoadedWarehouse loaded = LoadedWarehouse.prepare(tmp, DAY, 2000, 7);
    Path bucket = loaded.bucket();
    Path duckdb = loaded.duckdb();
    SampleExportResult export = loaded.export();
    List<Event> loaderEvents = loaded.loaderEvents();
    Path events = tmp.resolve("events.jsonl");

    Map<String, String> env = Map.of(
        "SNAPLAKE_BACKEND", LocalTestBackend.class.getName(),
        "SNAPLAKE_LANDING_BUCKET", "acme-landing",
        LocalTestBackend.BUCKET_DIR, bucket.toString(),
        LocalTestBackend.DUCKDB, duckdb.toString(),
        LocalTestBackend.EVENTS, events.toString());
    CloudEventRequests requests = new CloudEventRequests();
    List<String> failures = new ArrayList<>();
    InvokerProcess invoker = InvokerProcess.start(BuilderFunction.class.getName(), env, "builder");
    try {
      // The loader's events, each delivered twice (at least once), from 4 subscribers' pushes at once.
      List<CloudEventRequests.Post> posts = new ArrayList<>();
      for (Event e : loaderEvents) {
        posts.add(CloudEventRequests.published(e));
        posts.add(CloudEventRequests.published(e));
      }
      failures.addAll(postConcurrently(requests, invoker.port(), posts, 4));

      // Play Pub/Sub: what the builder published goes back to it, until the wave settles.
      Set<String> delivered = new HashSet<>();
      for (int round = 0; round < 5; round++) {
        List<CloudEventRequests.Post> next = new ArrayList<>();
        for (Event e : FileEventBus.read(events)) {
          if (delivered.add(e.id())) {
            next.add(CloudEventRequests.published(e));
          }
        }
        if (next.isEmpty()) {
          break;
        }
        failures.addAll(postConcurrently(requests, invoker.port(), next, 4));
      }

      // Commands, good and bad. Bad ones are refused with a reason and acknowledged.
      for (String command : List.of(
          "{\"command\":\"rebuild\",\"objects\":[\"mart.users\"],\"snapshot\":\"2026-11-24\",\"downstream\":true}",
          "{\"command\":\"rebuild\",\"objects\":[\"mart.cards\"]}",
          "{\"command\":\"rebld\",\"objects\":[\"mart.users\"]}",
          "{\"command\":\"rebuild\",\"objects\":[\"mart.nope\"],\"snapshot\":\"2026-11-24\"}",
          "{\"command\":\"rebuild\",\"objects\":[\"raw.app__users\"],\"snapshot\":\"2026-11-24\"}",
          "{\"command\":\"rebuild\",\"objects\":[\"mart.users\"],\"snapshot\":\"2026-13-01\"}",
          "{\"command\":\"rebuild\",\"objects\":[\"mart.users\"],\"downsteam\":true}",
          "{\"command\":\"rebuild\",\"objects\":[]}",
          "{\"command\":\"prune\",\"dryRun\":true}",
          "{\"command\":\"prune\"}",
          "this is not json",
          "{\"type\":\"dev.snaplake.table.loaded\",\"id\":\"x\",\"source\":\"//t\",\"time\":\"2026-11-24T00:00:00Z\","
              + "\"data\":{\"snapshot\":\"2026-11-24\"}}",
          "{\"specversion\":\"1.0\",\"type\":\"com.example.other\",\"id\":\"x\",\"source\":\"//t\",\"time\":\"2026-11-24T00:00:00Z\",\"data\":{}}")) {
        CloudEventRequests.Post post = CloudEventRequests.published(command, Map.of(), "snaplake-commands", command);
        int status = requests.send(invoker.port(), post);
        if (status < 200 || status > 299) {
          failures.add(status + " " + command);
        }
      }
      // Not base64 at all.
      CloudEventRequests.Post garbage = CloudEventRequests.published("{}", Map.of(), "snaplake-commands", "not base64");
      String body = new String(garbage.body(), java.nio.charset.StandardCharsets.UTF_8).replace("\"e30=\"", "\"%%%\"");
      if (requests.send(invoker.port(), new CloudEventRequests.Post(garbage.headers(),
          body.getBytes(java.nio.charset.StandardCharsets.UTF_8), "not base64")) / 100 != 2) {
        failures.add("not base64");
      }
    } finally {
      invoker.close();
    }
    String log = invoker.log();
    assertThat(failures).as("non-2xx answers; invoker log:\n" + log).isEmpty();

    List<Event> published = FileEventBus.read(events);
    assertThat(published.stream().filter(e -> e.type().equals(EventType.OBJECT_REBUILT)).map(Event::subject))
        .as("object.rebuilt, once per object despite duplicate deliveries")
        .containsExactlyInAnyOrder("mart.users", "mart.cards", "mart.cards_per_country");
    assertThat(published.stream().filter(e -> e.type().equals(EventType.OBJECT_PRUNED)).map(Event::subject))
        .containsExactly("mart.stray");

    long users = export.table("users").orElseThrow().rows();
    long cards = export.table("cards").orElseThrow().rows();
    try (DuckDbWarehouse w = DuckDbWarehouse.open(duckdb)) {
      assertThat(count(w, "SELECT count(*) AS n FROM mart.users")).isEqualTo(users);
      assertThat(count(w, "SELECT count(*) AS n FROM mart.cards")).isEqualTo(cards);
      long joined = count(w, "SELECT count(*) AS n FROM mart.cards c JOIN mart.users u ON u.user_id = c.user_id");
      assertThat(joined).isPositive();
      assertThat(count(w, "SELECT sum(cards) AS n FROM mart.cards_per_country")).isEqualTo(joined);
      assertThat(w.query("SELECT object_id, kind, CAST(snapshot AS VARCHAR) AS snapshot, content_hash FROM _snaplake.objects"
              + " WHERE object_id LIKE 'mart.%' ORDER BY object_id"))
          .containsExactly(
              Map.of("object_id", "mart.cards", "kind", "VIEW", "snapshot", "2026-11-24", "content_hash", "c0ffee0000000002"),
              Map.of("object_id", "mart.cards_per_country", "kind", "TABLE", "snapshot", "2026-11-24",
                  "content_hash", "c0ffee0000000003"),
              Map.of("object_id", "mart.users", "kind", "VIEW", "snapshot", "2026-11-24", "content_hash", "c0ffee0000000001"));
      assertThat(w.object(dev.snaplake.core.naming.ObjectId.parse("mart.stray"))).isEmpty();
      // A view is archived as its definition (the embedded warehouse keeps it in a table).
      assertThat(w.query("SELECT object_id, archived_as, definition FROM snaplake_archive._definitions"))
          .singleElement()
          .satisfies(r -> {
            assertThat(r.get("object_id")).isEqualTo("mart.stray");
            assertThat((String) r.get("archived_as")).startsWith("snaplake_archive.mart__stray__");
            assertThat((String) r.get("definition")).contains("42");
          });
    }

    assertThat(log)
        .contains("unknown command 'rebld'; known commands: rebuild, prune")
        .contains("unknown object mart.nope")
        .contains("unknown object raw.app__users (a raw table")
        .contains("snapshot '2026-13-01' is not a date")
        .contains("unknown field 'downsteam'")
        .contains("field 'objects' must be a non-empty list")
        .contains("Pub/Sub message data is not JSON")
        .contains("data field 'table' is missing")
        .contains("is not base64")
        .contains("prune (dry run) would archive and drop 1 object(s): [mart.stray]")
        .contains("\"outcome\":\"pruned\"");
  }

  private static long count(DuckDbWarehouse w, String sql) {
    return ((Number) w.query(sql).get(0).get("n")).longValue();
  }

  private static List<String> postConcurrently(CloudEventRequests requests, int port, List<CloudEventRequests.Post> posts,
      int threads) throws Exception {
    ConcurrentLinkedQueue<CloudEventRequests.Post> queue = new ConcurrentLinkedQueue<>(posts);
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(pool.submit(() -> {
          CloudEventRequests.Post p;
          while ((p = queue.poll()) != null) {
            int status = requests.send(port, p);
            if (status < 200 || status > 299) {
              failures.add(status + " " + p.what());
            }
          }
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    return List.copyOf(failures);
  }
}
