package dev.snaplake.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snaplake.core.event.Event;
import dev.snaplake.core.event.EventType;
import dev.snaplake.core.naming.ObjectId;
import dev.snaplake.core.port.RawLoad;
import dev.snaplake.core.port.TransientException;
import dev.snaplake.core.testing.ExportFixture;
import dev.snaplake.core.testing.FakeWarehouse;
import dev.snaplake.core.testing.InMemoryObjectStore;
import dev.snaplake.core.testing.RecordingBus;
import dev.snaplake.core.types.NaturalType;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ExportIngestionTest {
  private final InMemoryObjectStore store = new InMemoryObjectStore();
  private final FakeWarehouse warehouse = new FakeWarehouse();
  private final RecordingBus bus = new RecordingBus();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T05:00:00Z"));

  private ExportIngestion ingestion() {
    return new ExportIngestion(store, warehouse, bus, new ExportIngestion.Settings("raw", Duration.ofMinutes(10), "test"), clock);
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

  @Test
  void loadsEveryTableOnceWithNaturalTypesAndPublishesEventsAfterLoads() {
    ExportFixture f = fixture();
    f.writeTo(store);
    IngestOutcome outcome = ingestion().onObject(f.root + "/export_info_" + f.exportId + ".json");

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

    assertThat(bus.ofType(EventType.TABLE_LOADED)).hasSize(3);
    List<Event> exportLoaded = bus.ofType(EventType.EXPORT_LOADED);
    assertThat(exportLoaded).hasSize(1);
    assertThat(bus.events.get(bus.events.size() - 1).type()).isEqualTo(EventType.EXPORT_LOADED);
    var data = exportLoaded.get(0).dataJson();
    assertThat(data.getAsJsonArray("loaded")).hasSize(3);
    assertThat(data.getAsJsonArray("skipped").get(0).getAsJsonObject().get("reason").getAsString())
        .contains("SKIPPED").contains("column name contains a space");
    assertThat(data.getAsJsonArray("skipped").get(0).getAsJsonObject().get("table").getAsString()).isEqualTo("raw.app__audit_log");
    assertThat(data.get("snapshot").getAsString()).isEqualTo("2026-11-24");
  }

  @Test
  void waitsForMetadataAndEveryBatchWhateverTheArrivalOrderAndLoadsOnce() {
    // RDS writes no file inventory: "complete" means export_info COMPLETE, every tables_info
    // range, and every batch's _SUCCESS marker. A part that arrives after its batch's marker is
    // not detectable from RDS metadata alone, nor is a missing last export_tables_info part
    // (RDS does not say how many tables there are): issue 3 adds a file inventory for both.
    ExportFixture f = fixture();
    Map<String, byte[]> objects = f.objects();
    for (long seed = 1; seed <= 20; seed++) {
      InMemoryObjectStore s = new InMemoryObjectStore();
      FakeWarehouse w = new FakeWarehouse();
      RecordingBus b = new RecordingBus();
      ExportIngestion in = new ExportIngestion(s, w, b, new ExportIngestion.Settings("raw", Duration.ofMinutes(10), "t"), clock);
      List<String> keys = new ArrayList<>(objects.keySet());
      Collections.shuffle(keys, new Random(seed));
      int loadedAt = -1;
      for (int i = 0; i < keys.size(); i++) {
        s.write(keys.get(i), objects.get(keys.get(i)));
        IngestOutcome o = in.onObject(keys.get(i));
        if (o instanceof IngestOutcome.Loaded) {
          assertThat(loadedAt).as("loaded twice (seed %d)", seed).isEqualTo(-1);
          loadedAt = i;
          List<String> arrived = keys.subList(0, i + 1);
          assertThat(arrived).as("seed %d", seed)
              .containsAll(keys.stream().filter(k -> k.contains("export_info") || k.contains("_from_0_") || k.endsWith("_SUCCESS")).toList());
        }
      }
      assertThat(loadedAt).as("seed %d", seed).isGreaterThanOrEqualTo(0);
      // Known gap until the inventory lands: a late last tables_info part loses its tables.
      assertThat(w.loads).hasSizeBetween(2, 3);
      assertThat(b.ofType(EventType.EXPORT_LOADED)).hasSize(1);
    }
  }

  @Test
  void aDataFileBeforeTheMetadataCostsOneStat() {
    ExportFixture f = fixture();
    String dataKey = f.objects().keySet().stream().filter(k -> k.endsWith(".parquet")).findFirst().orElseThrow();
    store.write(dataKey, new byte[] {1});
    IngestOutcome o = ingestion().onObject(dataKey);
    assertThat(o).isInstanceOf(IngestOutcome.Waiting.class);
    assertThat(store.stats.get()).isEqualTo(1);
    assertThat(store.lists.get()).isZero();
    assertThat(store.reads.get()).isZero();
  }

  @Test
  void duplicateAndConcurrentEventsLoadEachTableExactlyOnce() throws Exception {
    ExportFixture f = fixture();
    f.writeTo(store);
    List<String> keys = new ArrayList<>(f.objects().keySet());
    List<String> deliveries = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      deliveries.addAll(keys);
    }
    Collections.shuffle(deliveries, new Random(7));
    ExportIngestion in = ingestion();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    AtomicInteger loadedOutcomes = new AtomicInteger();
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (String k : deliveries) {
        futures.add(pool.submit(() -> {
          if (in.onObject(k) instanceof IngestOutcome.Loaded) {
            loadedOutcomes.incrementAndGet();
          }
        }));
      }
      for (Future<?> fu : futures) {
        fu.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(loadedOutcomes.get()).isEqualTo(1);
    assertThat(warehouse.loads).hasSize(3);
    assertThat(bus.ofType(EventType.TABLE_LOADED)).hasSize(3);
    assertThat(bus.ofType(EventType.EXPORT_LOADED)).hasSize(1);
  }

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
  void aHandlerThatDiesMidwayDoesNotStrandTheExportAndNoTableLoadsTwice() {
    ExportFixture f = fixture();
    f.writeTo(store);
    AtomicInteger calls = new AtomicInteger();
    warehouse.beforeLoad(l -> {
      if (calls.incrementAndGet() == 2) {
        throw new Crash(); // the instance dies: no cleanup runs
      }
    });
    assertThatThrownBy(() -> ingestion().ingest(f.root, f.exportId)).isInstanceOf(Crash.class);
    assertThat(warehouse.loads).hasSize(1);

    // Within the lease another handler stays off; after it, a redelivery resumes the export.
    assertThat(ingestion().ingest(f.root, f.exportId)).isInstanceOf(IngestOutcome.ClaimedElsewhere.class);
    clock.advance(Duration.ofMinutes(11));
    IngestOutcome resumed = ingestion().ingest(f.root, f.exportId);
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

  @Test
  void aFailingTableIsQuarantinedAndTheOthersGoOn() {
    ExportFixture f = fixture();
    f.writeTo(store);
    warehouse.beforeLoad(l -> {
      if (l.table().name().equals("app__transactions")) {
        throw new IllegalStateException("column amount changed type from NUMERIC to STRING");
      }
    });
    IngestOutcome o = ingestion().ingest(f.root, f.exportId);
    assertThat(o).isInstanceOfSatisfying(IngestOutcome.Loaded.class, l -> {
      assertThat(l.report().with(TableOutcome.Status.QUARANTINED)).singleElement()
          .satisfies(t -> assertThat(t.reason()).contains("changed type"));
    });
    assertThat(bus.ofType(EventType.TABLE_LOADED)).extracting(Event::subject).containsExactly("raw.app__users", "raw.app__referrals");
  }

  @Test
  void incompleteExportsSayWhatIsMissing() {
    ExportFixture f = fixture();
    Map<String, byte[]> objects = f.objects();
    objects.forEach((k, v) -> {
      if (!k.endsWith("_SUCCESS") || !k.contains("/2/")) {
        store.write(k, v);
      }
    });
    IngestOutcome o = ingestion().ingest(f.root, f.exportId);
    assertThat(o).isInstanceOfSatisfying(IngestOutcome.Waiting.class,
        w -> assertThat(w.missing()).anyMatch(m -> m.contains("app.transactions: batch 2 has no _SUCCESS")));
    assertThat(warehouse.loads).isEmpty();

    InMemoryObjectStore s2 = new InMemoryObjectStore();
    objects.forEach((k, v) -> { if (!k.contains("_from_0_")) s2.write(k, v); });
    IngestOutcome o2 = new ExportIngestion(s2, warehouse, bus, new ExportIngestion.Settings("raw", Duration.ofMinutes(1), "t"), clock).ingest(f.root, f.exportId);
    assertThat(o2).isInstanceOfSatisfying(IngestOutcome.Waiting.class,
        w -> assertThat(w.missing()).anyMatch(m -> m.contains("export_tables_info for tables") && m.contains("has not arrived")));
  }

  @Test
  void anExportThatDidNotCompleteIsNeverLoaded() {
    ExportFixture f = fixture().status("FAILED");
    f.writeTo(store);
    assertThat(ingestion().ingest(f.root, f.exportId)).isInstanceOfSatisfying(IngestOutcome.Waiting.class,
        w -> assertThat(w.missing()).anyMatch(m -> m.contains("status is FAILED")));
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
  }

  @Test
  void malformedMetadataNamesTheObject() {
    ExportFixture f = fixture();
    f.writeTo(store);
    String info = f.root + "/export_info_" + f.exportId + ".json";
    store.write(info, "{\"exportTaskIdentifier\": \"snaplake-app-2026-11-24\", \"status\": \"COMPL".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> ingestion().ingest(f.root, f.exportId))
        .hasMessageContaining(info).hasMessageContaining("not valid JSON");
    store.write(info, "{\"exportTaskIdentifier\": \"other-id\", \"status\": \"COMPLETE\", \"snapshotTime\": \"2026-11-24T03:00:00Z\"}".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> ingestion().ingest(f.root, f.exportId)).hasMessageContaining("does not match the folder");
    store.write(info, "{\"exportTaskIdentifier\": \"snaplake-app-2026-11-24\", \"status\": \"COMPLETE\"}".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> ingestion().ingest(f.root, f.exportId)).hasMessageContaining("'snapshotTime' is missing");
    assertThat(warehouse.loads).isEmpty();
  }

  @Test
  void objectsOutsideExportsAreIgnored() {
    assertThat(ingestion().onObject("random/file.txt")).isInstanceOf(IngestOutcome.Ignored.class);
    assertThat(ingestion().onObject("_snaplake/exports/x/claim.json")).isInstanceOf(IngestOutcome.Ignored.class);
    assertThat(store.stats.get()).isZero();
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
