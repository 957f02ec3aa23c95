package dev.snaplake.core.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import dev.snaplake.core.catalog.ManagedObject;
import dev.snaplake.core.catalog.Manifest;
import dev.snaplake.core.catalog.Materialization;
import dev.snaplake.core.event.Event;
import dev.snaplake.core.event.EventType;
import dev.snaplake.core.event.Events;
import dev.snaplake.core.event.InvalidEventException;
import dev.snaplake.core.lease.Lease;
import dev.snaplake.core.naming.ObjectId;
import dev.snaplake.core.port.RawLoad;
import dev.snaplake.core.port.TransientException;
import dev.snaplake.core.port.WarehouseObject;
import dev.snaplake.core.snapshot.Snapshot;
import dev.snaplake.core.testing.FakeWarehouse;
import dev.snaplake.core.testing.InMemoryObjectStore;
import dev.snaplake.core.testing.RecordingBus;
import dev.snaplake.core.types.RawSchema;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The builder's use case through the ports: readiness, pinning, exactly-once, holding, pruning. */
class ModelRebuildTest {
  static final ObjectId USERS = ObjectId.parse("raw.app__users");
  static final ObjectId CARDS = ObjectId.parse("raw.app__cards");
  static final ObjectId AUDIT = ObjectId.parse("raw.app__audit_log");
  static final Snapshot DAY1 = Snapshot.parse("2026-11-24");
  static final Snapshot DAY2 = Snapshot.parse("2026-11-25");
  final Clock clock = Clock.fixed(Instant.parse("2026-11-25T06:00:00Z"), ZoneOffset.UTC);
  final FakeWarehouse warehouse = new FakeWarehouse();
  final RecordingBus bus = new RecordingBus();

  static ManagedObject view(String id, String... inputs) {
    return new ManagedObject(ObjectId.parse(id), Materialization.VIEW, "SELECT 1",
        Arrays.stream(inputs).map(ObjectId::parse).toList(), "", Map.of("team", "data"), Map.of(), "", "h-" + id);
  }

  final Manifest manifest = new Manifest(1, "manifesthash0123456789", "raw", List.of("staging", "mart"), "snaplake_archive",
      List.of(view("staging.users", "raw.app__users"), view("staging.cards", "raw.app__cards"),
          view("mart.spend", "staging.users", "staging.cards"), view("mart.audit", "raw.app__audit_log", "staging.users")));

  ModelRebuild builder() {
    ModelRebuild b = new ModelRebuild(manifest, warehouse, bus, clock);
    bus.subscribe(e -> b.onEvent(e)); // object.rebuilt carries the wave, as Pub/Sub would
    return b;
  }

  void load(ObjectId table, Snapshot s) {
    warehouse.loadRaw(new RawLoad(table, s, new RawSchema(List.of()), List.of(), "job-" + table.name() + s.partitionId(), "e", "t"));
  }

  Event tableLoaded(ObjectId table, Snapshot s) {
    JsonObject d = new JsonObject();
    d.addProperty("table", table.toString());
    d.addProperty("snapshot", s.toString());
    return Events.of(EventType.TABLE_LOADED, Events.SOURCE_LOADER, table.toString(), table + s.toString(), clock.instant(), d);
  }

  List<String> rebuilt() {
    return warehouse.builds.stream().map(b -> b.object().id() + "@" + b.snapshot()).toList();
  }

  @Test
  void anObjectIsRebuiltOnlyOnceAllItsInputsAreAtTheSnapshotAndIsPinnedToIt() {
    ModelRebuild b = builder();
    load(USERS, DAY1);
    b.onEvent(tableLoaded(USERS, DAY1));
    assertThat(rebuilt()).containsExactly("staging.users@2026-11-24");
    load(CARDS, DAY1);
    b.onEvent(tableLoaded(CARDS, DAY1));
    assertThat(rebuilt()).containsExactly("staging.users@2026-11-24", "staging.cards@2026-11-24", "mart.spend@2026-11-24");
    assertThat(warehouse.builds.get(2).labels()).containsEntry("managed-by", "snaplake").containsEntry("git", "true")
        .containsEntry("snapshot", "20261124").containsEntry("manifest", "manifesthash0123").containsEntry("team", "data")
        .containsEntry("content-hash", "h-mart.spend");
    assertThat(bus.ofType(EventType.OBJECT_REBUILT)).hasSize(3);
  }

  @Test
  void duplicateAndConcurrentEventsRebuildEachObjectOncePerSnapshot() throws Exception {
    ModelRebuild b = builder();
    load(USERS, DAY1);
    load(CARDS, DAY1);
    List<Event> deliveries = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      deliveries.add(tableLoaded(USERS, DAY1));
      deliveries.add(tableLoaded(CARDS, DAY1));
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> fs = new ArrayList<>();
      deliveries.forEach(e -> fs.add(pool.submit(() -> b.onEvent(e))));
      for (Future<?> f : fs) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(rebuilt()).containsExactlyInAnyOrder("staging.users@2026-11-24", "staging.cards@2026-11-24", "mart.spend@2026-11-24");
  }

  @Test
  void fourInstancesSharingOnlyTheBucketRebuildEachObjectOnceUnderDuplicatesAndRedelivery() throws Exception {
    InMemoryObjectStore bucket = new InMemoryObjectStore();
    java.util.concurrent.LinkedBlockingQueue<Event> topic = new java.util.concurrent.LinkedBlockingQueue<>();
    RecordingBus shared = new RecordingBus();
    shared.subscribe(topic::add); // object.rebuilt goes back on the topic, as Pub/Sub would deliver it
    List<ModelRebuild> instances = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      instances.add(new ModelRebuild(manifest, warehouse, shared, clock,
          new Lease(bucket, clock, java.time.Duration.ofMinutes(10), "instance-" + i)));
    }
    warehouse.beforeRebuild(b -> {
      try {
        Thread.sleep(20); // long enough for duplicates on other instances to overlap
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    load(USERS, DAY1);
    load(CARDS, DAY1);
    for (int i = 0; i < 6; i++) {
      topic.add(tableLoaded(USERS, DAY1));
      topic.add(tableLoaded(CARDS, DAY1));
    }
    java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicInteger redelivered = new java.util.concurrent.atomic.AtomicInteger();
    java.util.Random random = new java.util.Random(42);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int w = 0; w < 8; w++) {
        workers.add(pool.submit(() -> {
          long idleSince = System.nanoTime();
          while (System.nanoTime() - idleSince < 300_000_000L) {
            Event e = topic.poll(10, java.util.concurrent.TimeUnit.MILLISECONDS);
            if (e == null) {
              if (inFlight.get() > 0) {
                idleSince = System.nanoTime();
              }
              continue;
            }
            inFlight.incrementAndGet();
            ModelRebuild instance;
            synchronized (random) {
              instance = instances.get(random.nextInt(instances.size()));
            }
            try {
              instance.onEvent(e);
            } catch (TransientException busy) {
              redelivered.incrementAndGet();
              topic.add(e); // nack: delivered again, perhaps to another instance
            } finally {
              inFlight.decrementAndGet();
              idleSince = System.nanoTime();
            }
          }
          return null;
        }));
      }
      for (Future<?> f : workers) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(rebuilt()).containsExactlyInAnyOrder("staging.users@2026-11-24", "staging.cards@2026-11-24", "mart.spend@2026-11-24");
    assertThat(shared.ofType(EventType.OBJECT_REBUILT)).hasSize(3);
    assertThat(bucket.list("_snaplake/builds/")).extracting(o -> o.key()).containsExactlyInAnyOrder(
        "_snaplake/builds/staging.users/2026-11-24-h-staging.users.json",
        "_snaplake/builds/staging.cards/2026-11-24-h-staging.cards.json",
        "_snaplake/builds/mart.spend/2026-11-24-h-mart.spend.json");
  }

  @Test
  void aClaimLeftByADeadInstanceIsTakenOverOnceItsLeaseRunsOut() {
    InMemoryObjectStore bucket = new InMemoryObjectStore();
    java.util.concurrent.atomic.AtomicReference<Instant> now = new java.util.concurrent.atomic.AtomicReference<>(clock.instant());
    Clock moving = new Clock() {
      @Override public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
      @Override public Clock withZone(java.time.ZoneId zone) { return this; }
      @Override public Instant instant() { return now.get(); }
    };
    // The dead instance claimed staging.users, then vanished before rebuilding it.
    new Lease(bucket, moving, java.time.Duration.ofMinutes(10), "dead")
        .acquire("_snaplake/builds/staging.users/2026-11-24-h-staging.users.json");
    ModelRebuild live = new ModelRebuild(manifest, warehouse, bus, moving,
        new Lease(bucket, moving, java.time.Duration.ofMinutes(10), "live"));
    load(USERS, DAY1);

    assertThatThrownBy(() -> live.onEvent(tableLoaded(USERS, DAY1)))
        .isInstanceOf(TransientException.class).hasMessageContaining("being rebuilt by dead");
    assertThat(rebuilt()).isEmpty();

    now.set(now.get().plus(java.time.Duration.ofMinutes(11)));
    live.onEvent(tableLoaded(USERS, DAY1)); // the redelivery, after the lease ran out
    assertThat(rebuilt()).containsExactly("staging.users@2026-11-24");
  }

  @Test
  void anUnchangedViewOverViewsMovesToTheNewSnapshotWithoutDdl() {
    ModelRebuild b = builder();
    load(USERS, DAY1);
    load(CARDS, DAY1);
    b.onEvent(tableLoaded(USERS, DAY1));
    b.onEvent(tableLoaded(CARDS, DAY1));
    warehouse.builds.clear();

    load(USERS, DAY2);
    load(CARDS, DAY2);
    b.onEvent(tableLoaded(USERS, DAY2));
    b.onEvent(tableLoaded(CARDS, DAY2));

    // The staging views pin raw partitions: recreated. mart.spend reads them by name: re-pinned.
    assertThat(rebuilt()).containsExactlyInAnyOrder("staging.users@2026-11-25", "staging.cards@2026-11-25");
    assertThat(warehouse.repins).extracting(r -> r.object().id() + "@" + r.snapshot()).containsExactly("mart.spend@2026-11-25");
    assertThat(warehouse.object(ObjectId.parse("mart.spend")).flatMap(WarehouseObject::snapshot)).contains(DAY2);
    assertThat(bus.ofType(EventType.OBJECT_REBUILT)).extracting(Event::subject).filteredOn("mart.spend"::equals).hasSize(2);

    // A new definition of it (its hash changes, as it does when anything upstream changes) is DDL again.
    ManagedObject changed = new ManagedObject(ObjectId.parse("mart.spend"), Materialization.VIEW, "SELECT 2",
        List.of(ObjectId.parse("staging.users"), ObjectId.parse("staging.cards")), "", Map.of(), Map.of(), "", "h-mart.spend-v2");
    Manifest next = new Manifest(1, "manifesthash9", "raw", List.of("staging", "mart"), "snaplake_archive",
        List.of(manifest.objects().get(0), manifest.objects().get(1), changed, manifest.objects().get(3)));
    new ModelRebuild(next, warehouse, bus, clock).build(changed, DAY2);
    assertThat(rebuilt()).contains("mart.spend@2026-11-25");
  }

  @Test
  void aLateEventForAnOlderSnapshotNeverMovesAnObjectBack() {
    ModelRebuild b = builder();
    load(USERS, DAY1);
    load(USERS, DAY2);
    b.onEvent(tableLoaded(USERS, DAY2));
    List<BuildOutcome> late = b.onEvent(tableLoaded(USERS, DAY1));
    assertThat(late).singleElement().satisfies(o -> assertThat(o.status()).isEqualTo(BuildOutcome.Status.NEWER));
    assertThat(warehouse.object(ObjectId.parse("staging.users")).flatMap(WarehouseObject::snapshot)).contains(DAY2);
  }

  @Test
  void aRebuildTheWarehouseRefusesIsReportedOnceAsFailed() {
    warehouse.beforeRebuild(build -> {
      throw new IllegalStateException("Unrecognized name: user_idd at [4:10]");
    });
    load(USERS, DAY1);
    List<BuildOutcome> out = builder().onEvent(tableLoaded(USERS, DAY1));
    assertThat(out).singleElement().satisfies(o -> {
      assertThat(o.status()).isEqualTo(BuildOutcome.Status.FAILED);
      assertThat(o.detail()).contains("user_idd");
    });
    assertThat(bus.ofType(EventType.OBJECT_REBUILT)).isEmpty();
    assertThat(bus.ofType(EventType.OBJECT_FAILED)).singleElement().satisfies(e -> {
      assertThat(e.subject()).isEqualTo("staging.users");
      assertThat(e.dataJson().get("snapshot").getAsString()).isEqualTo("2026-11-24");
      assertThat(e.dataJson().get("error").getAsString()).contains("user_idd");
      assertThat(e.dataJson().get("contentHash").getAsString()).isEqualTo("h-staging.users");
    });
    assertThat(warehouse.object(ObjectId.parse("staging.users"))).isEmpty();
  }

  @Test
  void aTemporaryWarehouseErrorPropagatesSoTheEventIsRedelivered() {
    warehouse.beforeRebuild(build -> {
      throw new TransientException("rateLimitExceeded", null);
    });
    load(USERS, DAY1);
    ModelRebuild b = builder();
    assertThatThrownBy(() -> b.onEvent(tableLoaded(USERS, DAY1))).isInstanceOf(TransientException.class);
    assertThat(bus.events).isEmpty();

    warehouse.beforeRebuild(build -> {});
    b.onEvent(tableLoaded(USERS, DAY1)); // the redelivery
    assertThat(rebuilt()).containsExactly("staging.users@2026-11-24");
  }

  @Test
  void dependentsOfATableTheExportSkippedAreHeldWithTheReason() {
    ModelRebuild b = builder();
    load(USERS, DAY1);
    b.onEvent(tableLoaded(USERS, DAY1));
    JsonObject d = new JsonObject();
    d.addProperty("snapshot", DAY1.toString());
    JsonObject skipped = new JsonObject();
    skipped.addProperty("table", AUDIT.toString());
    skipped.addProperty("reason", "export status SKIPPED");
    com.google.gson.JsonArray list = new com.google.gson.JsonArray();
    list.add(skipped);
    d.add("skipped", list);
    List<BuildOutcome> held = b.onEvent(Events.of(EventType.EXPORT_LOADED, Events.SOURCE_LOADER, "e", "e", clock.instant(), d));
    assertThat(held).singleElement().satisfies(o -> {
      assertThat(o.object()).isEqualTo(ObjectId.parse("mart.audit"));
      assertThat(o.status()).isEqualTo(BuildOutcome.Status.HELD);
      assertThat(o.detail()).isEqualTo("raw.app__audit_log was not loaded (skipped: export status SKIPPED)");
    });
    assertThat(bus.ofType(EventType.OBJECT_HELD)).singleElement()
        .satisfies(e -> assertThat(e.dataJson().get("reason").getAsString()).contains("raw.app__audit_log"));
    assertThat(rebuilt()).doesNotContain("mart.audit@2026-11-24");
  }

  @Test
  void malformedEventsAreRefusedNamingTheField() {
    ModelRebuild b = builder();
    JsonObject noTable = new JsonObject();
    noTable.addProperty("snapshot", "2026-11-24");
    assertThatThrownBy(() -> b.onEvent(Events.of(EventType.TABLE_LOADED, "s", "x", "1", clock.instant(), noTable)))
        .isInstanceOf(InvalidEventException.class).hasMessageContaining("data field 'table' is missing");
    JsonObject badDate = new JsonObject();
    badDate.addProperty("object", "mart.spend");
    badDate.addProperty("snapshot", "yesterday");
    assertThatThrownBy(() -> b.onEvent(Events.of(EventType.OBJECT_REBUILT, "s", "x", "2", clock.instant(), badDate)))
        .isInstanceOf(InvalidEventException.class).hasMessageContaining("field 'snapshot': snapshot 'yesterday' is not a date");
    JsonObject hostile = new JsonObject();
    hostile.addProperty("table", "raw.x; DROP TABLE y");
    hostile.addProperty("snapshot", "2026-11-24");
    assertThatThrownBy(() -> b.onEvent(Events.of(EventType.TABLE_LOADED, "s", "x", "3", clock.instant(), hostile)))
        .isInstanceOf(InvalidEventException.class).hasMessageContaining("field 'table'");
    JsonObject notAList = new JsonObject();
    notAList.addProperty("snapshot", "2026-11-24");
    notAList.addProperty("skipped", "raw.app__audit_log");
    assertThatThrownBy(() -> b.onEvent(Events.of(EventType.EXPORT_LOADED, "s", "x", "4", clock.instant(), notAList)))
        .isInstanceOf(InvalidEventException.class).hasMessageContaining("'skipped' is not a list");
    assertThat(warehouse.builds).isEmpty();
  }

  @Test
  void pruningArchivesWhatNobodyReviewedAndNeverTouchesRaw() {
    warehouse.putUnmanaged(ObjectId.parse("mart.by_hand"), WarehouseObject.Kind.VIEW, "SELECT 42");
    warehouse.putUnmanaged(ObjectId.parse("raw.app__users"), WarehouseObject.Kind.TABLE, "");
    warehouse.putUnmanaged(ObjectId.parse("snaplake_archive.old"), WarehouseObject.Kind.TABLE, "");
    load(USERS, DAY1);
    builder().onEvent(tableLoaded(USERS, DAY1));
    Pruning pruning = new Pruning(manifest, warehouse, bus, clock);
    assertThat(pruning.plan()).extracting(o -> o.id().toString()).containsExactly("mart.by_hand");
    assertThat(warehouse.dropped).isEmpty();
    List<Pruning.Pruned> pruned = pruning.apply();
    assertThat(pruned).singleElement().satisfies(p ->
        assertThat(p.archivedAs().toString()).isEqualTo("snaplake_archive.mart__by_hand__20261125T060000"));
    assertThat(warehouse.dropped).containsExactly(ObjectId.parse("mart.by_hand"));
    assertThat(bus.ofType(EventType.OBJECT_PRUNED)).hasSize(1);
    assertThat(pruning.plan()).isEmpty();
  }
}
