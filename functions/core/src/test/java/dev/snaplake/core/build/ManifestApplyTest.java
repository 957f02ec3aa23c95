package dev.snaplake.core.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snaplake.core.catalog.ManagedObject;
import dev.snaplake.core.catalog.Manifest;
import dev.snaplake.core.catalog.Materialization;
import dev.snaplake.core.event.EventType;
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
import org.junit.jupiter.api.Test;

class ManifestApplyTest {
  static final Snapshot DAY = Snapshot.parse("2026-11-25");
  final FakeWarehouse warehouse = new FakeWarehouse();
  final RecordingBus bus = new RecordingBus();
  final Clock clock = Clock.fixed(Instant.parse("2026-11-25T06:00:00Z"), ZoneOffset.UTC);

  static ManagedObject view(String id, String... inputs) {
    return new ManagedObject(ObjectId.parse(id), Materialization.VIEW, "SELECT 1",
        Arrays.stream(inputs).map(ObjectId::parse).toList(), "", Map.of(), Map.of(), "", "h-" + id);
  }

  ManifestApply applying(Manifest m) {
    return new ManifestApply(m, warehouse, bus, clock, new ModelRebuild(m, warehouse, bus, clock));
  }

  @Test
  void aRenamedModelExistsBeforeTheOldOneIsPrunedAndARepeatDoesNothing() {
    warehouse.loadRaw(new RawLoad(ObjectId.parse("raw.t"), DAY, new RawSchema(List.of()), List.of(), "job", "e", "t"));
    Manifest before = new Manifest(1, "m1", "raw", List.of("mart"), "archive", List.of(view("mart.old_name", "raw.t")));
    assertThat(applying(before).newestSnapshot()).isEmpty();
    applying(before).apply(applying(before).plan(DAY), true, 2);
    assertThat(applying(before).newestSnapshot()).contains(DAY);

    List<String> order = Collections.synchronizedList(new ArrayList<>());
    warehouse.beforeRebuild(b -> order.add("create " + b.object().id()));
    bus.subscribe(e -> {
      if (e.type().equals(EventType.OBJECT_PRUNED)) {
        order.add("prune " + e.subject());
      }
    });
    Manifest after = new Manifest(1, "m2", "raw", List.of("mart"), "archive", List.of(view("mart.new_name", "raw.t")));
    ManifestApply.Result result = applying(after).apply(applying(after).plan(DAY), true, 2);

    assertThat(order).containsExactly("create mart.new_name", "prune mart.old_name");
    assertThat(result.count(BuildOutcome.Status.REBUILT)).isEqualTo(1);
    assertThat(result.pruned()).hasSize(1);

    ManifestApply.Result again = applying(after).apply(applying(after).plan(DAY), true, 2);
    assertThat(again.builds()).isEmpty();
    assertThat(again.pruned()).isEmpty();
    assertThat(again.plan().changes(true)).isFalse();
  }
}
