package dev.snaplake.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snaplake.core.catalog.ManagedObject;
import dev.snaplake.core.catalog.Materialization;
import dev.snaplake.core.catalog.SqlTemplate;
import dev.snaplake.core.naming.ObjectId;
import dev.snaplake.core.port.WarehouseObject;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link WarehouseContract} plus what a {@link dev.snaplake.core.port.Warehouse} that runs SQL must do with the rows: a model
 * reads exactly its snapshot's rows, loads replace a snapshot's rows and nothing else, an archived
 * table keeps its data, a failed rebuild changes nothing. Models and queries use SQL that BigQuery
 * and the local warehouse both run; raw tables are only read through models, pinned by
 * {@link SqlTemplate}, so no warehouse's way of keeping snapshots shows here. (The fake runs no
 * SQL: it passes {@link WarehouseContract} only.)
 */
public abstract class SqlWarehouseContract extends WarehouseContract {
  private static final ObjectId COUNTS = new ObjectId("staging", "user_counts");

  /** {@code n}: rows, {@code ids}: sum of ids, {@code names}: non-null names of the raw table at the model's snapshot. */
  private static ManagedObject counts(Materialization m, String contentHash) {
    return model(COUNTS, m, "SELECT COUNT(*) AS n, SUM(id) AS ids, COUNT(name) AS names FROM " + SqlTemplate.raw(RAW, null),
        contentHash, RAW);
  }

  private List<Long> read(ObjectId id, String... columns) {
    List<Map<String, Object>> rows = warehouse.query("SELECT " + String.join(", ", columns) + " FROM " + id);
    assertThat(rows).as("rows of %s", id).hasSize(1);
    return Arrays.stream(columns).map(c -> rows.get(0).get(c.contains(" AS ") ? c.substring(c.indexOf(" AS ") + 4) : c)).map(v -> v == null ? null : ((Number) v).longValue()).toList();
  }

  private List<Long> counted(ObjectId id) {
    return read(id, "n", "ids", "names");
  }

  private static List<Long> nIdsNames(long n, Long ids, long names) {
    return Arrays.asList(n, ids, names);
  }

  @Test
  void aModelReadsTheSnapshotItIsPinnedToOnly() throws Exception {
    warehouse.loadRaw(load(S1, "job1", files(SCHEMA, List.of(rows(1, 3), rows(4, 4)))));
    warehouse.loadRaw(load(S2, "job2", files(SCHEMA, List.of(rows(10, 5)))));

    warehouse.rebuild(at(counts(Materialization.VIEW, "c1"), S1));
    assertThat(counted(COUNTS)).isEqualTo(nIdsNames(7, 28L, 7));
    warehouse.rebuild(at(counts(Materialization.VIEW, "c1"), S2));
    assertThat(counted(COUNTS)).isEqualTo(nIdsNames(5, 60L, 5));
    warehouse.rebuild(at(counts(Materialization.TABLE, "c2"), S1));
    assertThat(counted(COUNTS)).isEqualTo(nIdsNames(7, 28L, 7));
  }

  @Test
  void loadingTheSameJobAgainAddsNoRows() throws Exception {
    var l = load(S1, "job1", files(SCHEMA, List.of(rows(1, 3), rows(4, 4))));
    warehouse.loadRaw(l);
    warehouse.loadRaw(l);
    warehouse.rebuild(at(counts(Materialization.VIEW, "c1"), S1));
    assertThat(counted(COUNTS)).isEqualTo(nIdsNames(7, 28L, 7));
  }

  @Test
  void reloadingASnapshotReplacesItsRowsAndNoOthers() throws Exception {
    warehouse.loadRaw(load(S1, "job1", files(SCHEMA, List.of(rows(1, 7)))));
    warehouse.loadRaw(load(S2, "job2", files(SCHEMA, List.of(rows(10, 5)))));
    warehouse.loadRaw(load(S1, "job1b", files(SCHEMA, List.of(rows(100, 2)))));

    warehouse.rebuild(at(counts(Materialization.VIEW, "c1"), S1));
    assertThat(counted(COUNTS)).isEqualTo(nIdsNames(2, 201L, 2));
    warehouse.rebuild(at(counts(Materialization.VIEW, "c1"), S2));
    assertThat(counted(COUNTS)).isEqualTo(nIdsNames(5, 60L, 5));
  }

  @Test
  void noFilesLoadNoRowsWithTheSchema() throws Exception {
    warehouse.loadRaw(load(S1, "job1", List.of()));
    warehouse.rebuild(at(counts(Materialization.VIEW, "c1"), S1));
    assertThat(counted(COUNTS)).isEqualTo(nIdsNames(0, null, 0));

    warehouse.loadRaw(load(S2, "job2", files(SCHEMA, List.of(rows(1, 3)))));
    warehouse.loadRaw(load(S2, "job2b", List.of())); // a snapshot emptied by a reload
    warehouse.rebuild(at(counts(Materialization.VIEW, "c1"), S2));
    assertThat(counted(COUNTS)).isEqualTo(nIdsNames(0, null, 0));
  }

  @Test
  void earlierSnapshotsReadNullInAColumnAddedLater() throws Exception {
    warehouse.loadRaw(load(S1, "job1", files(SCHEMA, List.of(rows(1, 3)))));
    List<List<Object>> wide = List.of(List.of(1L, "user-1", "a note"), Arrays.asList(2L, "user-2", null));
    warehouse.loadRaw(load(S2, "job2", WIDER, files(WIDER, List.of(wide))));
    ManagedObject notes = view(COUNTS, "SELECT COUNT(*) AS n, COUNT(note) AS notes FROM " + SqlTemplate.raw(RAW, null), "n1", RAW);

    warehouse.rebuild(at(notes, S1));
    assertThat(read(COUNTS, "n", "notes")).containsExactly(3L, 0L);
    warehouse.rebuild(at(notes, S2));
    assertThat(read(COUNTS, "n", "notes")).containsExactly(2L, 1L);
  }

  @Test
  void aModelLeftAtAnEarlierSnapshotStillReadsWhenTheTableWidens() throws Exception {
    warehouse.loadRaw(load(S1, "job1", files(SCHEMA, List.of(rows(1, 3)))));
    ObjectId all = new ObjectId("staging", "all_users");
    warehouse.rebuild(at(view(all, "SELECT * FROM " + SqlTemplate.raw(RAW, null), "a1", RAW), S1));
    warehouse.rebuild(at(counts(Materialization.VIEW, "c1"), S1));
    List<List<Object>> wide = List.of(List.of(1L, "user-1", "a note"));
    warehouse.loadRaw(load(S2, "job2", WIDER, files(WIDER, List.of(wide))));

    assertThat(read(all, "COUNT(*) AS n", "SUM(id) AS ids")).isEqualTo(List.of(3L, 6L));
    assertThat(counted(COUNTS)).isEqualTo(nIdsNames(3, 6L, 3));
  }

  @Test
  void aTableKeepsTheRowsOfItsBuildWhereAViewReadsThemNow() throws Exception {
    warehouse.loadRaw(load(S1, "job1", files(SCHEMA, List.of(rows(1, 7)))));
    ObjectId live = new ObjectId("mart", "live_counts");
    warehouse.rebuild(at(counts(Materialization.TABLE, "c1"), S1));
    warehouse.rebuild(at(view(live, "SELECT COUNT(*) AS n FROM " + SqlTemplate.raw(RAW, null), "l1", RAW), S1));

    warehouse.loadRaw(load(S1, "job1b", files(SCHEMA, List.of(rows(100, 2)))));
    assertThat(counted(COUNTS)).isEqualTo(nIdsNames(7, 28L, 7));
    assertThat(read(live, "n")).containsExactly(2L);
  }

  @Test
  void anArchivedTableKeepsItsRows() throws Exception {
    warehouse.loadRaw(load(S1, "job1", files(SCHEMA, List.of(rows(1, 7)))));
    warehouse.rebuild(at(counts(Materialization.TABLE, "c1"), S1));
    ObjectId archived = new ObjectId(ARCHIVE, "staging__user_counts__1");
    warehouse.archiveAndDrop(COUNTS, archived);
    assertThat(warehouse.object(COUNTS)).isEmpty();
    assertThat(counted(archived)).isEqualTo(nIdsNames(7, 28L, 7));
  }

  @Test
  void aRepinnedViewReadsItsInputsAtTheirNewSnapshot() throws Exception {
    warehouse.loadRaw(load(S1, "job1", files(SCHEMA, List.of(rows(1, 7)))));
    warehouse.loadRaw(load(S2, "job2", files(SCHEMA, List.of(rows(10, 5)))));
    ManagedObject over = view(new ObjectId("mart", "user_total"), "SELECT n AS total FROM " + SqlTemplate.ref(COUNTS), "t1", COUNTS);
    warehouse.rebuild(at(counts(Materialization.VIEW, "c1"), S1));
    warehouse.rebuild(at(over, S1));
    assertThat(read(over.id(), "total")).containsExactly(7L);

    warehouse.rebuild(at(counts(Materialization.VIEW, "c1"), S2));
    warehouse.repin(at(over, S2));
    assertThat(read(over.id(), "total")).containsExactly(5L);
  }

  @Test
  void aFailedRebuildChangesNothing() throws Exception {
    warehouse.loadRaw(load(S1, "job1", files(SCHEMA, List.of(rows(1, 7)))));
    warehouse.loadRaw(load(S2, "job2", files(SCHEMA, List.of(rows(10, 5)))));
    warehouse.rebuild(at(counts(Materialization.VIEW, "c1"), S1));
    WarehouseObject before = warehouse.object(COUNTS).orElseThrow();
    String broken = "SELECT COUNT(no_such_column) AS n FROM " + SqlTemplate.raw(RAW, null);

    assertThatThrownBy(() -> warehouse.rebuild(at(view(COUNTS, broken, "c2", RAW), S2))).isInstanceOf(RuntimeException.class);
    assertThat(warehouse.object(COUNTS)).contains(before);
    assertThat(counted(COUNTS)).isEqualTo(nIdsNames(7, 28L, 7));

    // nor when it would have replaced a table with a view
    warehouse.rebuild(at(counts(Materialization.TABLE, "c3"), S1));
    WarehouseObject tableBefore = warehouse.object(COUNTS).orElseThrow();
    assertThatThrownBy(() -> warehouse.rebuild(at(view(COUNTS, broken, "c4", RAW), S2))).isInstanceOf(RuntimeException.class);
    assertThat(warehouse.object(COUNTS)).contains(tableBefore);
    assertThat(counted(COUNTS)).isEqualTo(nIdsNames(7, 28L, 7));

    // and a new object that fails is not there
    ObjectId fresh = new ObjectId("mart", "fresh");
    assertThatThrownBy(() -> warehouse.rebuild(at(view(fresh, broken, "f1", RAW), S2))).isInstanceOf(RuntimeException.class);
    assertThat(warehouse.object(fresh)).isEmpty();
    assertThat(warehouse.objects("mart")).isEmpty();
  }

  @Test
  void aQueryGivesItsColumnsInOrder() {
    List<Map<String, Object>> rows = warehouse.query("SELECT 2 AS b, 'x' AS a, 1 AS c");
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0).keySet()).containsExactly("b", "a", "c");
    assertThat(rows.get(0).get("a")).isEqualTo("x");
    assertThat(((Number) rows.get(0).get("b")).longValue()).isEqualTo(2L);
    assertThat(warehouse.query("SELECT 1 AS x FROM (SELECT 1 AS y) AS t WHERE y = 2")).isEmpty();
  }
}
