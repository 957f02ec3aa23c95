package dev.snaplake.core.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snaplake.core.catalog.ManagedObject;
import dev.snaplake.core.catalog.Manifest;
import dev.snaplake.core.catalog.Materialization;
import dev.snaplake.core.naming.ObjectId;
import dev.snaplake.core.port.RawLoad;
import dev.snaplake.core.snapshot.Snapshot;
import dev.snaplake.core.testing.FakeWarehouse;
import dev.snaplake.core.testing.RecordingBus;
import dev.snaplake.core.types.RawSchema;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Rebuilding a whole snapshot on a fixed number of warehouse slots. */
class RebuildScheduleTest {
  static final Snapshot DAY = Snapshot.parse("2026-11-25");
  final FakeWarehouse warehouse = new FakeWarehouse();
  final RecordingBus bus = new RecordingBus();
  final Clock clock = Clock.fixed(Instant.parse("2026-11-25T06:00:00Z"), ZoneOffset.UTC);

  static ManagedObject view(String id, String... inputs) {
    return new ManagedObject(ObjectId.parse(id), Materialization.VIEW, "SELECT 1",
        Arrays.stream(inputs).map(ObjectId::parse).toList(), "", Map.of(), Map.of(), "sql/" + id + ".sql", "h-" + id);
  }

  /** A chain a1 → a2 → a3 → a4 beside six leaves, all over one raw table. */
  final List<ManagedObject> objects = List.of(
      view("s.leaf1", "raw.t"), view("s.leaf2", "raw.t"), view("s.leaf3", "raw.t"),
      view("s.leaf4", "raw.t"), view("s.leaf5", "raw.t"), view("s.leaf6", "raw.t"),
      view("s.a1", "raw.t"), view("s.a2", "s.a1"), view("s.a3", "s.a2", "s.leaf1"), view("s.a4", "s.a3", "s.a2"));

  ModelRebuild builder() {
    Manifest m = new Manifest(1, "m0123456789abcdef", "raw", List.of("s"), "archive", objects);
    warehouse.loadRaw(new RawLoad(ObjectId.parse("raw.t"), DAY, new RawSchema(List.of()), List.of(), "job", "e", "t"));
    return new ModelRebuild(m, warehouse, bus, clock);
  }

  @Test
  void neverRunsMoreThanTheSlotsAndStartsEachObjectOnlyAfterItsInputs() {
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    Set<ObjectId> finished = ConcurrentHashMap.newKeySet();
    List<String> startedEarly = Collections.synchronizedList(new ArrayList<>());
    warehouse.beforeRebuild(b -> {
      most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      b.object().inputs().stream().filter(i -> !i.dataset().equals("raw") && !finished.contains(i))
          .forEach(i -> startedEarly.add(b.object().id() + " before " + i));
      sleep(15);
      finished.add(b.object().id());
      inFlight.decrementAndGet();
    });

    List<BuildOutcome> out = builder().rebuildAll(DAY, 3);

    assertThat(out).hasSize(10).allMatch(o -> o.status() == BuildOutcome.Status.REBUILT);
    assertThat(startedEarly).isEmpty();
    assertThat(most.get()).isEqualTo(3);
  }

  @Test
  void theLongestChainGoesFirstWhenSlotsAreScarce() {
    List<ObjectId> order = Collections.synchronizedList(new ArrayList<>());
    warehouse.beforeRebuild(b -> order.add(b.object().id()));

    builder().rebuildAll(DAY, 1);

    // a1 heads the chain of four: it starts before any leaf; leaf1 feeds a3, so it comes right after a2's turn.
    assertThat(order.get(0)).isEqualTo(ObjectId.parse("s.a1"));
    assertThat(order.indexOf(ObjectId.parse("s.a2"))).isLessThan(order.indexOf(ObjectId.parse("s.leaf2")));
    assertThat(order).hasSize(10).doesNotHaveDuplicates();
  }

  @Test
  void aFailedObjectKeepsItsDependentsWaitingAndTheRestGoesOn() {
    warehouse.beforeRebuild(b -> {
      if (b.object().id().equals(ObjectId.parse("s.a2"))) {
        throw new IllegalStateException("Unrecognized name: x");
      }
    });

    List<BuildOutcome> out = builder().rebuildAll(DAY, 4);

    assertThat(out).hasSize(10);
    assertThat(out).filteredOn(o -> o.status() == BuildOutcome.Status.FAILED).extracting(BuildOutcome::object)
        .containsExactly(ObjectId.parse("s.a2"));
    assertThat(out).filteredOn(o -> o.status() == BuildOutcome.Status.WAITING).extracting(BuildOutcome::object)
        .containsExactlyInAnyOrder(ObjectId.parse("s.a3"), ObjectId.parse("s.a4"));
    assertThat(out).filteredOn(o -> o.status() == BuildOutcome.Status.REBUILT).hasSize(7);
  }

  @Test
  void aSecondRunFindsEverythingCurrent() {
    ModelRebuild b = builder();
    b.rebuildAll(DAY, 2);
    warehouse.beforeRebuild(x -> {
      throw new AssertionError("rebuilt twice: " + x.object().id());
    });
    assertThat(b.rebuildAll(DAY, 2)).hasSize(10).allMatch(o -> o.status() == BuildOutcome.Status.CURRENT);
  }

  @Test
  void refusesZeroSlots() {
    assertThatThrownBy(() -> builder().rebuildAll(DAY, 0)).hasMessageContaining("slots must be at least 1");
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
