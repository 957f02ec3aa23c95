package dev.snaplake.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snaplake.core.naming.ObjectId;
import dev.snaplake.core.snapshot.Snapshot;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ModelGraphTest {
  static ManagedObject view(String id, String... inputs) {
    return new ManagedObject(ObjectId.parse(id), Materialization.VIEW, "SELECT 1",
        Arrays.stream(inputs).map(ObjectId::parse).toList(), "", Map.of(), Map.of(), "", "h-" + id);
  }

  @Test
  void ordersInputsFirstAndIndexesDependents() {
    ModelGraph g = ModelGraph.of(List.of(
        view("mart.c", "mart.b", "staging.a"), view("mart.b", "staging.a"), view("staging.a", "raw.app__users")));
    assertThat(g.order()).containsExactly(ObjectId.parse("staging.a"), ObjectId.parse("mart.b"), ObjectId.parse("mart.c"));
    assertThat(g.dependents(ObjectId.parse("raw.app__users"))).containsExactly(ObjectId.parse("staging.a"));
    assertThat(g.downstream(Set.of(ObjectId.parse("raw.app__users")))).hasSize(3);
    assertThat(g.depth(ObjectId.parse("mart.c"))).isEqualTo(2);
  }

  @Test
  void cyclesAreRefusedAndPrinted() {
    assertThatThrownBy(() -> ModelGraph.of(List.of(view("mart.a", "mart.b"), view("mart.b", "mart.c"), view("mart.c", "mart.a"))))
        .hasMessageContaining("dependency cycle: mart.a -> mart.b -> mart.c -> mart.a");
  }

  @Test
  void templatesPinRawReferencesAndQualifyObjects() {
    SqlDialect d = new SqlDialect() {
      @Override public String rawAt(ObjectId t, Snapshot s) { return "(SELECT * FROM `p." + t + "` WHERE _PARTITIONDATE = DATE '" + s + "')"; }
      @Override public String object(ObjectId id) { return "`p." + id + "`"; }
    };
    String t = "SELECT u.id FROM " + SqlTemplate.raw(ObjectId.parse("raw.app__users"), null) + " u JOIN "
        + SqlTemplate.raw(ObjectId.parse("raw.app__cards"), "app__cards") + " ON app__cards.user_id = u.id JOIN "
        + SqlTemplate.ref(ObjectId.parse("staging.x")) + " x USING (id)";
    assertThat(SqlTemplate.render(t, d, Snapshot.parse("2026-11-24"))).isEqualTo(
        "SELECT u.id FROM (SELECT * FROM `p.raw.app__users` WHERE _PARTITIONDATE = DATE '2026-11-24') u JOIN "
            + "(SELECT * FROM `p.raw.app__cards` WHERE _PARTITIONDATE = DATE '2026-11-24') AS app__cards ON app__cards.user_id = u.id JOIN `p.staging.x` x USING (id)");
    assertThat(SqlTemplate.references(t)).extracting(ObjectId::toString).containsExactly("raw.app__users", "raw.app__cards", "staging.x");
  }

  @Test
  void manifestsRoundTripThroughJson() {
    Manifest m = new Manifest(1, "abc", "raw", List.of("staging", "mart"), "snaplake_archive",
        List.of(view("staging.a", "raw.app__users")));
    assertThat(ManifestCodec.fromJson(ManifestCodec.toJson(m))).isEqualTo(m);
    assertThatThrownBy(() -> ManifestCodec.fromJson("{\"formatVersion\": 9}")).hasMessageContaining("formatVersion 9 is not supported");
    assertThatThrownBy(() -> ManifestCodec.fromJson("[")).hasMessageContaining("manifest.json is malformed");
  }
}
