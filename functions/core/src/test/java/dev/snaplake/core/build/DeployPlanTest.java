package dev.snaplake.core.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snaplake.core.build.DeployPlan.Action;
import dev.snaplake.core.build.DeployPlan.Step;
import dev.snaplake.core.catalog.ManagedObject;
import dev.snaplake.core.catalog.Manifest;
import dev.snaplake.core.catalog.Materialization;
import dev.snaplake.core.naming.ObjectId;
import dev.snaplake.core.port.RawLoad;
import dev.snaplake.core.port.WarehouseObject;
import dev.snaplake.core.snapshot.Snapshot;
import dev.snaplake.core.testing.FakeWarehouse;
import dev.snaplake.core.testing.RecordingBus;
import dev.snaplake.core.types.RawSchema;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeployPlanTest {
  static final Snapshot DAY1 = Snapshot.parse("2026-11-24");
  static final Snapshot DAY2 = Snapshot.parse("2026-11-25");
  final FakeWarehouse warehouse = new FakeWarehouse();
  final RecordingBus bus = new RecordingBus();
  final Clock clock = Clock.fixed(Instant.parse("2026-11-25T06:00:00Z"), ZoneOffset.UTC);

  static ManagedObject view(String id, String hash, String... inputs) {
    return new ManagedObject(ObjectId.parse(id), Materialization.VIEW, "SELECT 1",
        Arrays.stream(inputs).map(ObjectId::parse).toList(), "", Map.of(), Map.of(), "sql/" + id.replace('.', '/') + ".sql", hash);
  }

  static Manifest manifest(ManagedObject... objects) {
    return new Manifest(1, "m0123456789abcdef", "raw", List.of("staging", "mart"), "snaplake_archive", List.of(objects));
  }

  void load(String table, Snapshot s) {
    warehouse.loadRaw(new RawLoad(ObjectId.parse(table), s, new RawSchema(List.of()), List.of(), "job-" + table + s, "e", "t"));
  }

  @Test
  void showsEveryChangeWithItsReasonAndChangesNothing() {
    load("raw.app__users", DAY1);
    load("raw.app__cards", DAY1);
    Manifest before = manifest(view("staging.users", "u1", "raw.app__users"), view("staging.cards", "c1", "raw.app__cards"),
        view("mart.old_name", "o1", "staging.users"));
    new ModelRebuild(before, warehouse, bus, clock).rebuildAll(DAY1, 2);
    warehouse.putUnmanaged(ObjectId.parse("mart.adhoc"), WarehouseObject.Kind.VIEW, "SELECT 42");
    load("raw.app__users", DAY2);
    load("raw.app__cards", DAY2);
    int builds = warehouse.builds.size();

    // Next commit: cards changed, old_name renamed to new_name, audit reads a table with no load.
    Manifest after = manifest(view("staging.users", "u1", "raw.app__users"), view("staging.cards", "c2", "raw.app__cards"),
        view("mart.new_name", "o1", "staging.users"), view("mart.audit", "a1", "raw.app__audit_log"),
        view("mart.audit_daily", "a2", "mart.audit"));
    DeployPlan plan = DeployPlan.of(after, warehouse, DAY2);

    assertThat(plan.steps()).extracting(Step::object, Step::action).containsExactlyInAnyOrder(
        org.assertj.core.groups.Tuple.tuple(ObjectId.parse("staging.users"), Action.REPLACE),
        org.assertj.core.groups.Tuple.tuple(ObjectId.parse("staging.cards"), Action.REPLACE),
        org.assertj.core.groups.Tuple.tuple(ObjectId.parse("mart.new_name"), Action.CREATE),
        org.assertj.core.groups.Tuple.tuple(ObjectId.parse("mart.audit"), Action.BLOCKED),
        org.assertj.core.groups.Tuple.tuple(ObjectId.parse("mart.audit_daily"), Action.BLOCKED),
        org.assertj.core.groups.Tuple.tuple(ObjectId.parse("mart.old_name"), Action.PRUNE),
        org.assertj.core.groups.Tuple.tuple(ObjectId.parse("mart.adhoc"), Action.PRUNE));
    assertThat(reason(plan, "staging.users")).isEqualTo("re-pinned from 2026-11-24 to 2026-11-25");
    assertThat(reason(plan, "staging.cards")).contains("definition or metadata changed in sql/staging/cards.sql");
    assertThat(reason(plan, "mart.audit")).isEqualTo("raw.app__audit_log has no load for 2026-11-25; not created yet");
    assertThat(reason(plan, "mart.audit_daily")).startsWith("input mart.audit is blocked");
    assertThat(reason(plan, "mart.adhoc")).contains("made by hand");
    assertThat(plan.counts()).containsEntry(Action.PRUNE, 2).containsEntry(Action.BLOCKED, 2).containsEntry(Action.CREATE, 1);
    assertThat(plan.changes(false)).isTrue();
    // Planning changed nothing.
    assertThat(warehouse.builds).hasSize(builds);
    assertThat(warehouse.dropped).isEmpty();
  }

  @Test
  void aDeployedManifestPlansNoChange() {
    load("raw.app__users", DAY1);
    Manifest m = manifest(view("staging.users", "u1", "raw.app__users"), view("mart.users", "m1", "staging.users"));
    new ModelRebuild(m, warehouse, bus, clock).rebuildAll(DAY1, 1);

    DeployPlan plan = DeployPlan.of(m, warehouse, DAY1);

    assertThat(plan.steps()).extracting(Step::action).containsOnly(Action.UNCHANGED);
    assertThat(plan.changes(true)).isFalse();
  }

  private static String reason(DeployPlan plan, String id) {
    return plan.steps().stream().filter(s -> s.object().equals(ObjectId.parse(id))).findFirst().orElseThrow().reason();
  }
}
