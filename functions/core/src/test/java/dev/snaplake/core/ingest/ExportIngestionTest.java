package dev.snaplake.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import dev.snaplake.core.event.Event;
import dev.snaplake.core.event.EventType;
import dev.snaplake.core.export.ExportInventory;
import dev.snaplake.core.export.ExportMetadataException;
import dev.snaplake.core.naming.ObjectId;
import dev.snaplake.core.port.ObjectStore;
import dev.snaplake.core.port.RawLoad;
import dev.snaplake.core.port.TransientException;
import dev.snaplake.core.testing.CountingObjectStore;
import dev.snaplake.core.testing.ExportFixture;
import dev.snaplake.core.testing.FakeWarehouse;
import dev.snaplake.core.testing.InMemoryObjectStore;
import dev.snaplake.core.testing.Parquet;
import dev.snaplake.core.testing.RecordingBus;
import dev.snaplake.core.types.NaturalType;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ExportIngestionTest {
  private final InMemoryObjectStore store = new InMemoryObjectStore();
  private final FakeWarehouse warehouse = new FakeWarehouse();
  private final RecordingBus bus = new RecordingBus();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T05:00:00Z"));

  private ExportIngestion ingestion() {
    return ingestion(store);
  }

  private ExportIngestion ingestion(ObjectStore s) {
    return new ExportIngestion(s, warehouse, bus, new ExportIngestion.Settings("raw", Duration.ofMinutes(10), "test"), clock);
  }

  static ExportFixture fixture() {
    return new ExportFixture("rds/app-prod", "snaplake-app-2026-11-24")
        .table("app.users", 1, 2, "id", "bigint unsigned", "email", "varchar", "country", "char", "birth_date", "date",
            "is_active", "tinyint(1)", "created_at", "datetime", "settings", "json")
        .table("app.transactions", 3, 3, "id", "bigint", "amount", "decimal(12,2)", "created_at", "datetime")
        .table("app.referrals", 0, 0, "id", "bigint")
        .skipped("app.audit_log", "Table was skipped: column name contains a space")
        .tablesInfoParts(2);
  }

  static String key(ExportFixture f, String suffix) {
    return f.root + "/" + suffix;
  }

  static final String TX_BATCH_2_PART = "app/app.transactions/2/part-00003-0f0e.gz.parquet";
  static final String LAST_TABLES_INFO = "export_tables_info_snaplake-app-2026-11-24_from_2_to_3.json";

  // ---- loading ---------------------------------------------------------------------------------

  @Test
  void loadsEveryTableOnceWithNaturalTypesAndPublishesEventsAfterLoads() {
    ExportFixture f = fixture();
    f.writeTo(store);
    IngestOutcome outcome = ingestion().onObject(f.inventoryKey());

    assertThat(outcome).isInstanceOf(IngestOutcome.Loaded.class);
    assertThat(warehouse.loads).extracting(l -> l.table().toString())
        .containsExactly("raw.app__users", "raw.app__transactions", "raw.app__referrals");
    RawLoad users = warehouse.loads.get(0);
    assertThat(users.schema().columns()).extracting(c -> c.name() + ":" + c.type())
        .containsExactly("id:NUMERIC", "email:STRING", "country:STRING", "birth_date:DATE", "is_active:BOOL",
            "created_at:DATETIME", "settings:JSON");
    assertThat(users.fileUris()).hasSize(2).allMatch(u -> u.endsWith(".gz.parquet"));
    assertThat(warehouse.loads.get(1).fileUris()).hasSize(9); // 3 batches × 3 parts, markers excluded
    assertThat(warehouse.loads.get(2).fileUris()).isEmpty(); // zero rows: an empty partition
    assertThat(users.jobId()).startsWith("snaplake_load_app__users_20261124_").matches("[A-Za-z0-9_]+");

    assertThat(bus.events).extracting(Event::type).containsExactly(
        EventType.TABLE_LOADED, EventType.TABLE_LOADED, EventType.TABLE_LOADED, EventType.EXPORT_LOADED);
    var data = bus.ofType(EventType.EXPORT_LOADED).get(0).dataJson();
    assertThat(data.getAsJsonArray("loaded")).hasSize(3);
    assertThat(data.getAsJsonArray("skipped").get(0).getAsJsonObject().get("reason").getAsString())
        .contains("SKIPPED").contains("column name contains a space");
    assertThat(data.getAsJsonArray("skipped").get(0).getAsJsonObject().get("table").getAsString()).isEqualTo("raw.app__audit_log");
    assertThat(data.get("snapshot").getAsString()).isEqualTo("2026-11-24");
    assertThat(data.getAsJsonArray("warnings")).isEmpty();
  }

  // ---- completeness by inventory ---------------------------------------------------------------

  @Test
  void loadsOnceAndOnlyWhenEveryObjectIsThereWhateverTheArrivalOrder() {
    ExportFixture f = fixture();
    Map<String, byte[]> objects = f.objects();
    List<List<String>> orders = new ArrayList<>();
    List<String> rdsOrder = new ArrayList<>(f.rdsObjects().keySet());
    orders.add(with(f.inventoryKey(), rdsOrder, 0)); // inventory first
    orders.add(with(f.inventoryKey(), rdsOrder, rdsOrder.size())); // inventory last
    List<String> partAfterMarker = new ArrayList<>(objects.keySet());
    partAfterMarker.remove(key(f, TX_BATCH_2_PART));
    partAfterMarker.add(key(f, TX_BATCH_2_PART)); // after its batch's _SUCCESS and after the inventory
    orders.add(partAfterMarker);
    List<String> lateTablesInfo = new ArrayList<>(objects.keySet());
    lateTablesInfo.remove(key(f, LAST_TABLES_INFO));
    lateTablesInfo.add(key(f, LAST_TABLES_INFO));
    orders.add(lateTablesInfo);
    for (long seed = 1; seed <= 40; seed++) {
      List<String> shuffled = new ArrayList<>(objects.keySet());
      Collections.shuffle(shuffled, new Random(seed));
      orders.add(shuffled);
    }
    for (int n = 0; n < orders.size(); n++) {
      List<String> order = orders.get(n);
      Platform p = new Platform(new InMemoryObjectStore(), clock);
      p.run(order, objects);
      assertThat(p.loadedAt).as("order %d: loaded exactly once", n).hasSize(1);
      assertThat(p.loadedAt.get(0)).as("order %d: loaded only after the last arrival", n).isEqualTo(order.size() - 1);
      assertThat(p.warehouse.loads).as("order %d", n).extracting(l -> l.table().name() + ":" + l.fileUris().size())
          .containsExactly("app__users:2", "app__transactions:9", "app__referrals:0");
      assertThat(p.bus.events).as("order %d", n).extracting(Event::type).containsExactly(
          EventType.TABLE_LOADED, EventType.TABLE_LOADED, EventType.TABLE_LOADED, EventType.EXPORT_LOADED);
    }
  }

  private static List<String> with(String key, List<String> others, int at) {
    List<String> out = new ArrayList<>(others);
    out.add(at, key);
    return out;
  }

  @Test
  void aPartArrivingAfterItsBatchMarkerAndTheInventoryIsWaitedFor() {
    ExportFixture f = fixture();
    String late = key(f, TX_BATCH_2_PART);
    Map<String, byte[]> objects = f.objects();
    objects.forEach((k, v) -> { if (!k.equals(late)) store.write(k, v); });
    assertThat(store.stat(key(f, "app/app.transactions/2/_SUCCESS"))).isPresent();

    assertThatThrownBy(() -> ingestion().onObject(f.inventoryKey()))
        .isInstanceOfSatisfying(ExportIncompleteException.class, e -> {
          assertThat(e).isInstanceOf(TransientException.class);
          assertThat(e.present()).isEqualTo(17);
          assertThat(e.total()).isEqualTo(18);
          assertThat(e.exportId()).isEqualTo(f.exportId);
        })
        .hasMessageContaining("17 of 18 objects").hasMessageContaining(late);
    assertThat(warehouse.loads).isEmpty();
    assertThat(bus.events).isEmpty();
    assertThat(store.stat("_snaplake/exports/" + f.root + "/claim.json")).as("no claim taken").isEmpty();

    store.write(late, objects.get(late));
    assertThat(ingestion().onObject(late)).isInstanceOf(IngestOutcome.Waiting.class);
    assertThat(ingestion().onObject(f.inventoryKey())).isInstanceOf(IngestOutcome.Loaded.class); // the redelivery
    assertThat(warehouse.loads.get(1).fileUris()).hasSize(9).contains(store.uri(late));
  }

  @Test
  void aLateLastTablesInfoPartIsWaitedForAndItsTablesAreLoaded() {
    ExportFixture f = fixture();
    String late = key(f, LAST_TABLES_INFO);
    Map<String, byte[]> objects = f.objects();
    objects.forEach((k, v) -> { if (!k.equals(late)) store.write(k, v); });

    assertThatThrownBy(() -> ingestion().onObject(f.inventoryKey()))
        .isInstanceOf(ExportIncompleteException.class).hasMessageContaining(late);
    store.write(late, objects.get(late));
    IngestOutcome o = ingestion().onObject(f.inventoryKey());
    assertThat(o).isInstanceOfSatisfying(IngestOutcome.Loaded.class, l -> assertThat(l.report().tables())
        .extracting(TableOutcome::target).containsExactly("app.users", "app.transactions", "app.referrals", "app.audit_log"));
    assertThat(warehouse.loads).hasSize(3);
  }

  @Test
  void theMessageCountsWhatIsThereAndNamesFiveMissingKeys() {
    ExportFixture f = fixture();
    List<String> withheld = f.rdsObjects().keySet().stream().filter(k -> k.contains("app.transactions")).toList();
    f.objects().forEach((k, v) -> { if (!withheld.contains(k)) store.write(k, v); });
    assertThatThrownBy(() -> ingestion().ingest(f.root, f.exportId))
        .isInstanceOf(ExportIncompleteException.class)
        .hasMessageContaining("6 of 18 objects of its inventory are in the bucket; missing 12: ")
        .hasMessageContaining(withheld.stream().sorted().toList().get(4))
        .hasMessageNotContaining(withheld.stream().sorted().toList().get(5))
        .hasMessageContaining("and 7 more");
  }

  @Test
  void everyEventButTheInventorysIsAnsweredWithoutTouchingTheStore() {
    ExportFixture f = fixture();
    CountingObjectStore counting = new CountingObjectStore(store);
    ExportIngestion in = ingestion(counting);
    for (String k : f.rdsObjects().keySet()) {
      assertThat(in.onObject(k)).as(k).isInstanceOfSatisfying(IngestOutcome.Waiting.class,
          w -> assertThat(w.missing()).singleElement().asString().contains("snaplake_inventory_" + f.exportId + ".json"));
    }
    f.writeTo(store); // the same once everything, the inventory included, is there
    for (String k : f.rdsObjects().keySet()) {
      assertThat(in.onObject(k)).as(k).isInstanceOf(IngestOutcome.Waiting.class);
    }
    assertThat(counting.total()).as("store calls %s", counting.byMethod()).isZero();
    assertThat(in.onObject(f.inventoryKey())).isInstanceOf(IngestOutcome.Loaded.class);
    assertThat(counting.calls("list")).isEqualTo(1);
  }

  @Test
  void duplicateLateAndConcurrentDeliveryWithRedeliveryLoadsEachTableExactlyOnce() throws Exception {
    ExportFixture f = fixture();
    Map<String, byte[]> objects = f.objects();
    int totalRedeliveries = 0;
    for (long seed = 1; seed <= 6; seed++) {
      InMemoryObjectStore s = new InMemoryObjectStore();
      FakeWarehouse w = new FakeWarehouse();
      RecordingBus b = new RecordingBus();
      ExportIngestion in = new ExportIngestion(s, w, b, new ExportIngestion.Settings("raw", Duration.ofMinutes(10), "t"), clock);
      List<String> arrivals = new ArrayList<>(objects.keySet());
      Collections.shuffle(arrivals, new Random(seed));
      Random r = new Random(seed);
      ExecutorService handlers = Executors.newFixedThreadPool(8);
      ScheduledExecutorService backoff = Executors.newSingleThreadScheduledExecutor();
      AtomicInteger inFlight = new AtomicInteger();
      AtomicInteger loaded = new AtomicInteger();
      AtomicInteger redeliveries = new AtomicInteger();
      ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
      CountDownLatch idle = new CountDownLatch(1);
      Delivery delivery = new Delivery(in, handlers, backoff, inFlight, loaded, redeliveries, errors, idle);
      try {
        for (String k : arrivals) {
          s.write(k, objects.get(k));
          int copies = 1 + r.nextInt(3); // at-least-once: some events come two or three times
          for (int c = 0; c < copies; c++) {
            delivery.submit(k, 1);
          }
          Thread.sleep(r.nextInt(2));
        }
        for (int c = 0; c < 3; c++) {
          delivery.submit(f.inventoryKey(), 1); // duplicates of the inventory event after everything: they race for the claim
        }
        delivery.arrivalsDone();
        assertThat(idle.await(30, TimeUnit.SECONDS)).as("seed %d: every delivery settled", seed).isTrue();
      } finally {
        handlers.shutdownNow();
        backoff.shutdownNow();
      }
      assertThat(errors).as("seed %d", seed).isEmpty();
      assertThat(loaded.get()).as("seed %d: Loaded outcomes", seed).isEqualTo(1);
      assertThat(w.loads).as("seed %d", seed).extracting(l -> l.table().name())
          .containsExactlyInAnyOrder("app__users", "app__transactions", "app__referrals");
      assertThat(b.ofType(EventType.TABLE_LOADED)).as("seed %d", seed).hasSize(3);
      assertThat(b.ofType(EventType.EXPORT_LOADED)).as("seed %d", seed).hasSize(1);
      assertThat(b.events.get(b.events.size() - 1).type()).isEqualTo(EventType.EXPORT_LOADED);
      totalRedeliveries += redeliveries.get();
    }
    assertThat(totalRedeliveries).as("the inventory's event was redelivered at least once").isPositive();
  }

  /**
   * Plays the platform for concurrent tests: each event goes to a handler thread; one that fails
   * transiently, or finds the export claimed, comes back after a short backoff, like Eventarc.
   */
  static final class Delivery {
    private final ExportIngestion in;
    private final ExecutorService handlers;
    private final ScheduledExecutorService backoff;
    private final AtomicInteger inFlight;
    private final AtomicInteger loaded;
    private final AtomicInteger redeliveries;
    private final ConcurrentLinkedQueue<Throwable> errors;
    private final CountDownLatch idle;
    private volatile boolean arrivalsDone;

    Delivery(ExportIngestion in, ExecutorService handlers, ScheduledExecutorService backoff, AtomicInteger inFlight,
        AtomicInteger loaded, AtomicInteger redeliveries, ConcurrentLinkedQueue<Throwable> errors, CountDownLatch idle) {
      this.in = in;
      this.handlers = handlers;
      this.backoff = backoff;
      this.inFlight = inFlight;
      this.loaded = loaded;
      this.redeliveries = redeliveries;
      this.errors = errors;
      this.idle = idle;
    }

    void submit(String key, int attempt) {
      inFlight.incrementAndGet();
      handlers.submit(() -> {
        try {
          IngestOutcome o = in.onObject(key);
          if (o instanceof IngestOutcome.Loaded) {
            loaded.incrementAndGet();
          } else if (o instanceof IngestOutcome.ClaimedElsewhere) {
            redeliver(key, attempt);
          }
        } catch (TransientException e) {
          redeliver(key, attempt);
        } catch (Throwable e) {
          errors.add(e);
        } finally {
          settle();
        }
      });
    }

    private void redeliver(String key, int attempt) {
      if (attempt > 40) {
        errors.add(new AssertionError(key + " still failing after 40 attempts"));
        return;
      }
      redeliveries.incrementAndGet();
      inFlight.incrementAndGet();
      backoff.schedule(() -> {
        submit(key, attempt + 1);
        settle();
      }, Math.min(20, 1L << Math.min(attempt, 4)), TimeUnit.MILLISECONDS);
    }

    void arrivalsDone() {
      arrivalsDone = true;
      inFlight.incrementAndGet();
      settle();
    }

    private void settle() {
      if (inFlight.decrementAndGet() == 0 && arrivalsDone) {
        idle.countDown();
      }
    }
  }

  /**
   * Plays the platform in one thread: objects arrive in a given order, each arrival's event is
   * delivered at once, and an event that fails transiently (or finds the export claimed) is
   * redelivered after a backoff counted in arrivals, doubling, then after the last arrival until
   * it succeeds.
   */
  static final class Platform {
    final InMemoryObjectStore store;
    final FakeWarehouse warehouse = new FakeWarehouse();
    final RecordingBus bus = new RecordingBus();
    final ExportIngestion in;
    final List<Integer> loadedAt = new ArrayList<>();
    int inventoryAttempts;

    record Pending(String key, int due, int backoff) {}

    Platform(InMemoryObjectStore store, Clock clock) {
      this.store = store;
      this.in = new ExportIngestion(store, warehouse, bus, new ExportIngestion.Settings("raw", Duration.ofMinutes(10), "p"), clock);
    }

    void run(List<String> order, Map<String, byte[]> objects) {
      List<Pending> pending = new ArrayList<>();
      for (int i = 0; i < order.size(); i++) {
        store.write(order.get(i), objects.get(order.get(i)));
        deliver(order.get(i), i, 1, pending);
        for (Pending p : List.copyOf(pending)) {
          if (p.due() <= i) {
            pending.remove(p);
            deliver(p.key(), i, p.backoff() * 2, pending);
          }
        }
      }
      for (int round = 0; !pending.isEmpty(); round++) {
        assertThat(round).as("redeliveries settle").isLessThan(20);
        for (Pending p : List.copyOf(pending)) {
          pending.remove(p);
          deliver(p.key(), order.size() - 1, p.backoff() * 2, pending);
        }
      }
    }

    private void deliver(String key, int now, int backoff, List<Pending> pending) {
      if (key.contains("snaplake_inventory_")) {
        inventoryAttempts++;
      }
      try {
        IngestOutcome o = in.onObject(key);
        if (o instanceof IngestOutcome.Loaded) {
          loadedAt.add(now);
        } else if (o instanceof IngestOutcome.ClaimedElsewhere) {
          pending.add(new Pending(key, now + backoff, backoff));
        }
      } catch (TransientException e) {
        pending.add(new Pending(key, now + backoff, backoff));
      }
    }
  }

  // ---- refusals ----------------------------------------------------------------------------------

  @Test
  void anExportIdReusedWithOtherContentIsRefusedAndNothingChanges() {
    ExportFixture f = fixture();
    f.writeTo(store);
    assertThat(ingestion().onObject(f.inventoryKey())).isInstanceOf(IngestOutcome.Loaded.class);
    assertThat(ingestion().onObject(f.inventoryKey())).as("a redelivery").isInstanceOf(IngestOutcome.AlreadyLoaded.class);
    String doneKey = "_snaplake/exports/" + f.root + "/loaded.json";
    String claimKey = "_snaplake/exports/" + f.root + "/claim.json";
    byte[] done = store.read(doneKey);
    byte[] claim = store.read(claimKey);
    String firstHash = ExportReport.fromJson(new String(done, StandardCharsets.UTF_8)).inventoryHash();
    assertThat(firstHash).isNotBlank();
    int events = bus.events.size();

    // The same id, other content: users now has three parts.
    ExportFixture reused = new ExportFixture("rds/app-prod", f.exportId)
        .table("app.users", 1, 3, "id", "bigint unsigned", "email", "varchar")
        .table("app.transactions", 3, 3, "id", "bigint", "amount", "decimal(12,2)", "created_at", "datetime");
    reused.writeTo(store);
    assertThatThrownBy(() -> ingestion().onObject(reused.inventoryKey()))
        .isInstanceOf(ReusedExportIdException.class)
        .isInstanceOf(ExportMetadataException.class)
        .hasMessageContaining("export " + f.exportId)
        .hasMessageContaining(firstHash)
        .hasMessageContaining(ExportInventory.parse(reused.objects().get(reused.inventoryKey()), "x").contentHash())
        .hasMessageContaining("run the new export under a new id");
    assertThat(warehouse.loads).hasSize(3);
    assertThat(bus.events).hasSize(events);
    assertThat(store.read(doneKey)).isEqualTo(done);
    assertThat(store.read(claimKey)).isEqualTo(claim);
  }

  @Test
  void anObjectNotInTheInventoryIsReportedAndNeverLoaded() {
    ExportFixture f = fixture();
    f.writeTo(store);
    String stray = key(f, "app/app.users/1/part-00007-ffff.gz.parquet");
    store.write(stray, "PAR1 stray".getBytes(StandardCharsets.UTF_8));
    store.write(key(f, "notes.txt"), "hello".getBytes(StandardCharsets.UTF_8));

    IngestOutcome o = ingestion().onObject(f.inventoryKey());

    assertThat(o).isInstanceOfSatisfying(IngestOutcome.Loaded.class, l -> assertThat(l.report().warnings()).singleElement()
        .asString().startsWith("2 object(s) under the export root are not in its inventory and were not loaded")
        .contains(stray).contains("notes.txt"));
    assertThat(warehouse.loads.get(0).fileUris()).hasSize(2).doesNotContain(store.uri(stray));
    assertThat(bus.ofType(EventType.EXPORT_LOADED).get(0).dataJson().getAsJsonArray("warnings").toString()).contains(stray);
  }

  @Test
  void aSizeThatStaysDifferentIsRetriedThenRefusedClearlyOnceTheGraceIsOver() {
    ExportFixture f = fixture();
    f.writeTo(store);
    String part = key(f, TX_BATCH_2_PART);
    byte[] original = store.read(part);
    store.write(part, "PAR1 other bytes of another size".getBytes(StandardCharsets.UTF_8));

    // Within the grace it may be a copy in flight: transient, retried.
    assertThatThrownBy(() -> ingestion().onObject(f.inventoryKey()))
        .isInstanceOf(ExportIncompleteException.class)
        .hasMessageContaining("of another size 1: " + part + " (32 bytes in the bucket, " + original.length + " in the inventory)");
    // Past it, it never heals by itself: refused as permanent, saying what to do.
    clock.advance(Duration.ofHours(2));
    assertThatThrownBy(() -> ingestion().onObject(f.inventoryKey()))
        .isInstanceOf(ExportMetadataException.class)
        .isNotInstanceOf(TransientException.class)
        .hasMessageContaining("still differ in size from its inventory 130 min after it was written")
        .hasMessageContaining(part)
        .hasMessageContaining("Re-copy those objects from S3 and then the inventory");
    assertThat(warehouse.loads).isEmpty();
    assertThat(bus.events).isEmpty();

    store.write(part, original); // re-copied: the inventory's new event loads it
    assertThat(ingestion().onObject(f.inventoryKey())).isInstanceOf(IngestOutcome.Loaded.class);
  }

  @Test
  void aBrokenInventoryIsRefusedNamingIt() {
    ExportFixture f = fixture();
    f.writeTo(store);
    store.write(f.inventoryKey(), "{\"version\": 1, \"exportId\": \"snaplake-app-2026-11-24\", \"objects\": [{\"pa".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> ingestion().onObject(f.inventoryKey()))
        .isInstanceOf(ExportMetadataException.class)
        .hasMessageStartingWith(f.inventoryKey())
        .hasMessageContaining("not valid JSON");

    ExportFixture other = new ExportFixture("rds/app-prod", "another-export").table("app.users", 1, 1, "id", "bigint");
    store.write(f.inventoryKey(), other.inventory(other.rdsObjects()));
    assertThatThrownBy(() -> ingestion().onObject(f.inventoryKey()))
        .isInstanceOf(ExportMetadataException.class)
        .hasMessageContaining("exportId 'another-export' does not match the folder 'snaplake-app-2026-11-24'");
    assertThat(warehouse.loads).isEmpty();
    assertThat(bus.events).isEmpty();
  }

  @Test
  void withoutItsInventoryAnExportWaitsAndAnInventoryAloneIsRetried() {
    ExportFixture f = fixture();
    Map<String, byte[]> objects = f.objects();
    assertThat(ingestion().ingest(f.root, f.exportId)).isInstanceOfSatisfying(IngestOutcome.Waiting.class,
        w -> assertThat(w.missing()).singleElement().asString().contains(f.inventoryKey() + " has not arrived"));
    store.write(f.inventoryKey(), objects.get(f.inventoryKey()));
    assertThatThrownBy(() -> ingestion().onObject(f.inventoryKey())).hasMessageContaining("0 of 18 objects");
  }

  @Test
  void anExportThatDidNotCompleteIsNeverLoaded() {
    ExportFixture f = fixture().status("FAILED");
    f.writeTo(store);
    assertThatThrownBy(() -> ingestion().onObject(f.inventoryKey()))
        .isInstanceOf(ExportMetadataException.class)
        .hasMessageContaining("export_info status is FAILED, not COMPLETE")
        .hasMessageContaining("re-run the export under a new id");
    assertThat(warehouse.loads).isEmpty();
    assertThat(store.stat("_snaplake/exports/" + f.root + "/claim.json")).isEmpty();
  }

  @Test
  void malformedMetadataNamesTheObject() {
    ExportFixture f = fixture();
    f.writeTo(store);
    String info = f.root + "/export_info_" + f.exportId + ".json";
    store.write(info, "{\"exportTaskIdentifier\": \"snaplake-app-2026-11-24\", \"status\": \"COMPL".getBytes(StandardCharsets.UTF_8));
    f.writeInventoryOf(store);
    assertThatThrownBy(() -> ingestion().ingest(f.root, f.exportId))
        .hasMessageContaining(info).hasMessageContaining("not valid JSON");
    store.write(info, "{\"exportTaskIdentifier\": \"other-id\", \"status\": \"COMPLETE\", \"snapshotTime\": \"2026-11-24T03:00:00Z\"}".getBytes(StandardCharsets.UTF_8));
    f.writeInventoryOf(store);
    assertThatThrownBy(() -> ingestion().ingest(f.root, f.exportId)).hasMessageContaining("does not match the folder");
    store.write(info, "{\"exportTaskIdentifier\": \"snaplake-app-2026-11-24\", \"status\": \"COMPLETE\"}".getBytes(StandardCharsets.UTF_8));
    f.writeInventoryOf(store);
    assertThatThrownBy(() -> ingestion().ingest(f.root, f.exportId)).hasMessageContaining("'snapshotTime' is missing");
    assertThat(warehouse.loads).isEmpty();
  }

  @Test
  void objectsOutsideExportsAreIgnored() {
    CountingObjectStore counting = new CountingObjectStore(store);
    assertThat(ingestion(counting).onObject("random/file.txt")).isInstanceOf(IngestOutcome.Ignored.class);
    assertThat(ingestion(counting).onObject("_snaplake/exports/x/claim.json")).isInstanceOf(IngestOutcome.Ignored.class);
    assertThat(counting.total()).isZero();
  }

  // ---- claims, failures, quarantine ------------------------------------------------------------

  @Test
  void anExportLoadedBeforeIsReportedNotReloaded() {
    ExportFixture f = fixture();
    f.writeTo(store);
    ingestion().ingest(f.root, f.exportId);
    IngestOutcome again = ingestion().ingest(f.root, f.exportId);
    assertThat(again).isInstanceOfSatisfying(IngestOutcome.AlreadyLoaded.class,
        a -> assertThat(a.report().with(TableOutcome.Status.LOADED)).hasSize(3));
    assertThat(warehouse.loads).hasSize(3);
  }

  @Test
  void aReportWrittenBeforeInventoriesStandsForAnyInventory() {
    ExportFixture f = fixture();
    f.writeTo(store);
    ingestion().ingest(f.root, f.exportId);
    String doneKey = "_snaplake/exports/" + f.root + "/loaded.json";
    JsonObject old = com.google.gson.JsonParser.parseString(new String(store.read(doneKey), StandardCharsets.UTF_8)).getAsJsonObject();
    old.remove("inventoryHash");
    store.write(doneKey, old.toString().getBytes(StandardCharsets.UTF_8));
    assertThat(ingestion().ingest(f.root, f.exportId)).isInstanceOf(IngestOutcome.AlreadyLoaded.class);
  }

  @Test
  void aHandlerThatDiesMidwayDoesNotStrandTheExportAndNoTableLoadsTwice() {
    ExportFixture f = fixture();
    f.writeTo(store);
    AtomicInteger calls = new AtomicInteger();
    warehouse.beforeLoad(l -> {
      if (calls.incrementAndGet() == 2) {
        throw new Crash(); // the instance dies: no cleanup runs
      }
    });
    assertThatThrownBy(() -> ingestion().onObject(f.inventoryKey())).isInstanceOf(Crash.class);
    assertThat(warehouse.loads).hasSize(1);

    // Within the lease another handler stays off; after it, a redelivery resumes the export.
    assertThat(ingestion().onObject(f.inventoryKey())).isInstanceOf(IngestOutcome.ClaimedElsewhere.class);
    clock.advance(Duration.ofMinutes(11));
    IngestOutcome resumed = ingestion().onObject(f.inventoryKey());
    assertThat(resumed).isInstanceOfSatisfying(IngestOutcome.Loaded.class, l -> {
      assertThat(l.report().with(TableOutcome.Status.ALREADY_LOADED)).extracting(TableOutcome::target).containsExactly("app.users");
      assertThat(l.report().with(TableOutcome.Status.LOADED)).hasSize(2);
    });
    assertThat(warehouse.loads).extracting(l -> l.table().name())
        .containsExactly("app__users", "app__transactions", "app__referrals");
  }

  @Test
  void aTransientFailureReleasesTheClaimSoTheRetryResumesAtOnce() {
    ExportFixture f = fixture();
    f.writeTo(store);
    AtomicInteger calls = new AtomicInteger();
    warehouse.beforeLoad(l -> {
      if (calls.incrementAndGet() == 2) {
        throw new TransientException("rateLimitExceeded", null);
      }
    });
    assertThatThrownBy(() -> ingestion().ingest(f.root, f.exportId)).isInstanceOf(TransientException.class);
    assertThat(ingestion().ingest(f.root, f.exportId)).isInstanceOf(IngestOutcome.Loaded.class);
    assertThat(warehouse.loads).hasSize(3);
  }

  // ---- row counts against the Parquet footers ----------------------------------------------------

  static final String USERS_PART = "app/app.users/1/part-00001-0f0e.gz.parquet";

  @Test
  void rowsMatchingTheFootersAreLoadedWithOneTailReadPerDataFile() {
    ExportFixture f = fixture();
    f.writeTo(store);
    // One users part holds 5,000 rows, not 10: only a sum of the real footers gives 5,010.
    store.write(key(f, USERS_PART), Parquet.bytes(Parquet.ROW_GROUPS));
    f.writeInventoryOf(store);
    warehouse.rows(l -> l.table().name().equals("app__users") ? 5_010L : l.fileUris().size() * ExportFixture.PART_ROWS);
    CountingObjectStore counting = new CountingObjectStore(store);

    IngestOutcome o = ingestion(counting).onObject(f.inventoryKey());

    assertThat(o).isInstanceOfSatisfying(IngestOutcome.Loaded.class, l -> assertThat(l.report().with(TableOutcome.Status.LOADED))
        .extracting(t -> t.target() + ":" + t.rows())
        .containsExactly("app.users:5010", "app.transactions:90", "app.referrals:0"));
    assertThat(bus.ofType(EventType.TABLE_LOADED)).extracting(e -> e.dataJson().get("rows").getAsLong())
        .containsExactly(5_010L, 90L, 0L);
    assertThat(counting.calls("readTail")).as("2 users parts + 9 transactions parts, no markers").isEqualTo(11);
  }

  @Test
  void aRowCountMismatchFailsOnlyThatTableAndAnnouncesNothingForIt() {
    ExportFixture f = fixture();
    f.writeTo(store);
    store.write(key(f, USERS_PART), Parquet.bytes(Parquet.ROW_GROUPS));
    f.writeInventoryOf(store);
    // The default warehouse says 10 rows a file: 20 for users, whose footers say 5,010.
    IngestOutcome o = ingestion().onObject(f.inventoryKey());

    assertThat(o).isInstanceOfSatisfying(IngestOutcome.Loaded.class, l -> {
      assertThat(l.report().with(TableOutcome.Status.LOADED)).extracting(TableOutcome::target)
          .containsExactly("app.transactions", "app.referrals");
      assertThat(l.report().with(TableOutcome.Status.FAILED)).singleElement().satisfies(t -> {
        assertThat(t.target()).isEqualTo("app.users");
        assertThat(t.rawTable()).isEqualTo("raw.app__users");
        assertThat(t.reason())
            .startsWith("raw.app__users: the warehouse reports 20 rows loaded for snapshot 2026-11-24 (job "
                + warehouse.loads.get(0).jobId() + ") but the Parquet footers of its 2 data file(s) say 5010")
            .contains("table.loaded was not published")
            .contains("re-export the snapshot");
      });
    });
    assertThat(bus.events).extracting(e -> e.shortType() + " " + e.subject()).containsExactly(
        "table.loaded raw.app__transactions", "table.loaded raw.app__referrals", "export.loaded " + f.exportId);
    var failed = bus.ofType(EventType.EXPORT_LOADED).get(0).dataJson().getAsJsonArray("failed");
    assertThat(failed).singleElement().satisfies(e -> assertThat(e.getAsJsonObject().get("reason").getAsString())
        .contains("say 5010"));
  }

  @Test
  void aCorruptOrTruncatedPartFailsItsTableBeforeAnyLoadAndTheOthersGoOn() {
    ExportFixture f = fixture();
    f.writeTo(store);
    String corrupt = key(f, TX_BATCH_2_PART);
    byte[] badMagic = store.read(corrupt);
    badMagic[badMagic.length - 2] ^= 0x20; // "PAR1" → "PAr1", same size
    store.write(corrupt, badMagic);
    String truncated = key(f, USERS_PART);
    byte[] whole = store.read(truncated);
    store.write(truncated, Arrays.copyOf(whole, whole.length - 300)); // a copy cut short
    f.writeInventoryOf(store); // sizes as the inventory says: only the footers tell

    IngestOutcome o = ingestion().onObject(f.inventoryKey());

    assertThat(o).isInstanceOfSatisfying(IngestOutcome.Loaded.class, l -> {
      assertThat(l.report().with(TableOutcome.Status.LOADED)).extracting(TableOutcome::target).containsExactly("app.referrals");
      assertThat(l.report().with(TableOutcome.Status.FAILED)).satisfiesExactly(
          users -> assertThat(users.reason())
              .startsWith("raw.app__users not loaded: " + truncated + " is not a whole Parquet file")
              .contains("Copy the object again from the S3 export")
              .contains("re-export the snapshot"),
          tx -> assertThat(tx.reason())
              .startsWith("raw.app__transactions not loaded: " + corrupt + " is not a whole Parquet file: it ends with 50 41 72 31"));
    });
    assertThat(warehouse.loads).extracting(l -> l.table().name()).containsExactly("app__referrals");
    assertThat(bus.events).extracting(e -> e.shortType() + " " + e.subject()).containsExactly(
        "table.loaded raw.app__referrals", "export.loaded " + f.exportId);
  }

  @Test
  void aLoadFoundDoneByADeadPredecessorIsCheckedToo() {
    ExportFixture f = fixture();
    f.writeTo(store);
    warehouse.rows(l -> l.table().name().equals("app__users") ? 19L : l.fileUris().size() * ExportFixture.PART_ROWS);
    warehouse.beforeLoad(l -> {
      if (l.table().name().equals("app__transactions")) {
        throw new Crash(); // dies after loading users, before checking it
      }
    });
    assertThatThrownBy(() -> ingestion().onObject(f.inventoryKey())).isInstanceOf(Crash.class);
    warehouse.beforeLoad(l -> {});
    clock.advance(Duration.ofMinutes(11));

    IngestOutcome resumed = ingestion().onObject(f.inventoryKey());

    assertThat(resumed).isInstanceOfSatisfying(IngestOutcome.Loaded.class, l -> assertThat(l.report().with(TableOutcome.Status.FAILED))
        .singleElement().satisfies(t -> assertThat(t.reason()).contains("reports 19 rows").contains("say 20")));
    assertThat(bus.ofType(EventType.TABLE_LOADED)).extracting(Event::subject)
        .containsExactly("raw.app__transactions", "raw.app__referrals");
  }

  @Test
  void aQuarantinedTableIsAnnouncedAtOnceAndTheOthersGoOn() {
    ExportFixture f = fixture();
    f.writeTo(store);
    warehouse.beforeLoad(l -> {
      if (l.table().name().equals("app__transactions")) {
        throw new IllegalStateException("raw.app__transactions: column amount changed type from NUMERIC to STRING");
      }
    });
    IngestOutcome o = ingestion().onObject(f.inventoryKey());
    assertThat(o).isInstanceOfSatisfying(IngestOutcome.Loaded.class, l -> {
      assertThat(l.report().with(TableOutcome.Status.QUARANTINED)).singleElement()
          .satisfies(t -> assertThat(t.reason()).contains("changed type"));
    });
    // At once: after the table before it, before the table after it and before export.loaded.
    assertThat(bus.events).extracting(e -> e.shortType() + " " + e.subject()).containsExactly(
        "table.loaded raw.app__users", "table.quarantined raw.app__transactions", "table.loaded raw.app__referrals",
        "export.loaded " + f.exportId);
    Event q = bus.ofType(EventType.TABLE_QUARANTINED).get(0);
    JsonObject d = q.dataJson();
    assertThat(d.keySet()).containsExactlyInAnyOrder("export", "snapshot", "table", "source", "reason", "schemaVersion");
    assertThat(d.get("export").getAsString()).isEqualTo(f.exportId);
    assertThat(d.get("snapshot").getAsString()).isEqualTo("2026-11-24");
    assertThat(d.get("table").getAsString()).isEqualTo("raw.app__transactions");
    assertThat(d.get("source").getAsString()).isEqualTo("app.transactions");
    assertThat(d.get("reason").getAsString()).isEqualTo("load failed: raw.app__transactions: column amount changed type from NUMERIC to STRING");
    assertThat(d.get("schemaVersion").getAsInt()).isEqualTo(EventType.SCHEMA_VERSION);
    assertThat(q.id()).isEqualTo("table.quarantined:" + f.exportId + ":raw.app__transactions");
    assertThat(q.attributes()).containsEntry("type", EventType.TABLE_QUARANTINED).containsEntry("table", "raw.app__transactions")
        .containsEntry("export", f.exportId).containsEntry("snapshot", "2026-11-24");
    assertThat(bus.ofType(EventType.EXPORT_LOADED).get(0).dataJson().getAsJsonArray("quarantined")).hasSize(1);
  }

  @Test
  void hostileTargetNamesAreRefusedWithoutTouchingOtherTables() {
    String longName = "t".repeat(1100);
    ExportFixture f = new ExportFixture("rds/app-prod", "exp-hostile")
        .table("app.users", 1, 1, "id", "bigint")
        .table("app.us`ers; DROP TABLE x", 1, 1, "id", "bigint")
        .table("app.naïve", 1, 1, "id", "bigint")
        .table("app." + longName, 1, 1, "id", "bigint")
        .table("app.bad_column", 1, 1, "na me", "bigint");
    f.writeTo(store);
    IngestOutcome o = ingestion().ingest(f.root, f.exportId);
    assertThat(o).isInstanceOfSatisfying(IngestOutcome.Loaded.class, l -> {
      assertThat(l.report().with(TableOutcome.Status.LOADED)).extracting(TableOutcome::target).containsExactly("app.users");
      assertThat(l.report().with(TableOutcome.Status.FAILED)).hasSize(3)
          .allSatisfy(t -> assertThat(t.reason()).contains("cannot form a BigQuery table name"));
      assertThat(l.report().with(TableOutcome.Status.QUARANTINED)).singleElement()
          .satisfies(t -> assertThat(t.reason()).contains("'na me'").contains("not a valid BigQuery column name"));
    });
    assertThat(warehouse.loads).extracting(l -> l.table()).containsExactly(new ObjectId("raw", "app__users"));
    assertThat(bus.ofType(EventType.TABLE_QUARANTINED)).extracting(Event::subject).containsExactly("raw.app__bad_column");
  }

  @Test
  void typesOfTheSnapshotComeFromTheExportTimeInUtc() {
    ExportFixture f = fixture().snapshotTime("2026-11-24T23:30:00-02:00");
    f.writeTo(store);
    ingestion().ingest(f.root, f.exportId);
    assertThat(warehouse.loads.get(0).snapshot().toString()).isEqualTo("2026-11-25");
    assertThat(warehouse.loads.get(0).schema().column("is_active").orElseThrow().type()).isEqualTo(NaturalType.BOOL);
  }

  static final class Crash extends Error {}

  static final class MutableClock extends Clock {
    private volatile Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
