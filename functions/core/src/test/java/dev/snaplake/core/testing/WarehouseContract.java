package dev.snaplake.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snaplake.core.catalog.ManagedObject;
import dev.snaplake.core.catalog.Materialization;
import dev.snaplake.core.catalog.SqlTemplate;
import dev.snaplake.core.naming.ObjectId;
import dev.snaplake.core.port.LoadRecord;
import dev.snaplake.core.port.ModelBuild;
import dev.snaplake.core.port.RawLoad;
import dev.snaplake.core.port.Warehouse;
import dev.snaplake.core.port.WarehouseObject;
import dev.snaplake.core.snapshot.Snapshot;
import dev.snaplake.core.types.NaturalType;
import dev.snaplake.core.types.RawColumn;
import dev.snaplake.core.types.RawSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Warehouse} must do, seen through the port alone: load records, the recorded
 * state of built objects, objects made by hand, archiving. BigQuery, DuckDB and the fake all
 * extend this with a fresh, empty warehouse per test; a warehouse that runs SQL also passes
 * {@link SqlWarehouseContract}, which checks the rows.
 *
 * <p>Three hooks stand for what the port cannot do: writing Parquet files the warehouse can load
 * (a fake may only remember how many rows each "file" has), making an object by hand, and reading
 * back the definition an archived object left in the archive dataset (each warehouse keeps it in
 * its own form).
 */
public abstract class WarehouseContract {
  protected static final ObjectId RAW = new ObjectId("raw", "app__users");
  protected static final Snapshot S1 = Snapshot.parse("2026-11-24");
  protected static final Snapshot S2 = Snapshot.parse("2026-11-25");
  protected static final String ARCHIVE = "snaplake_archive";
  protected static final RawSchema SCHEMA =
      new RawSchema(List.of(RawColumn.of("id", NaturalType.INT64), RawColumn.of("name", NaturalType.STRING)));
  /** {@link #SCHEMA} with a column added, as a later snapshot may have it. */
  protected static final RawSchema WIDER = new RawSchema(List.of(
      RawColumn.of("id", NaturalType.INT64), RawColumn.of("name", NaturalType.STRING), RawColumn.of("note", NaturalType.STRING)));
  /** The column every {@link #createByHand} object has, so its archived definition can be recognised. */
  protected static final String BY_HAND_COLUMN = "made_by_hand";

  protected Warehouse warehouse;
  private int parts;

  /** A new, empty warehouse; called before every test. */
  protected abstract Warehouse newWarehouse() throws Exception;

  /**
   * Writes one Parquet file of {@code rows} (values in the schema's column order; ids are
   * INT64, the rest STRING or null) where {@link Warehouse#loadRaw} can read it, and returns the
   * URI a {@link RawLoad} names it by. {@code name} is unique within a test.
   */
  protected abstract String writePart(String name, RawSchema schema, List<List<Object>> rows) throws Exception;

  /**
   * Makes {@code id} as a person would, outside snaplake, dropping first whatever has that id (as
   * {@code DROP} then {@code CREATE} statements would): a view, or a table of one row, whose one
   * column is {@link #BY_HAND_COLUMN}.
   */
  protected abstract void createByHand(ObjectId id, WarehouseObject.Kind kind) throws Exception;

  /** The definition {@link Warehouse#archiveAndDrop} kept of the object archived as {@code archivedAs}. */
  protected abstract Optional<String> archivedDefinition(ObjectId archivedAs) throws Exception;

  @BeforeEach
  void setUpWarehouse() throws Exception {
    warehouse = newWarehouse();
  }

  @AfterEach
  void closeWarehouse() throws Exception {
    if (warehouse instanceof AutoCloseable c) {
      c.close();
    }
  }

  // ------------------------------------------------------------------ fixtures

  /** {@code count} rows of {@code (id, name)}, ids from {@code firstId}. */
  protected static List<List<Object>> rows(int firstId, int count) {
    List<List<Object>> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      rows.add(List.of((long) firstId + i, "user-" + (firstId + i)));
    }
    return rows;
  }

  /** One part file per row list. */
  protected List<String> files(RawSchema schema, List<List<List<Object>>> partRows) throws Exception {
    List<String> uris = new ArrayList<>();
    for (List<List<Object>> r : partRows) {
      uris.add(writePart("part-" + parts++, schema, r));
    }
    return uris;
  }

  protected RawLoad load(Snapshot snapshot, String jobId, List<String> files) {
    return load(snapshot, jobId, SCHEMA, files);
  }

  protected RawLoad load(Snapshot snapshot, String jobId, RawSchema schema, List<String> files) {
    return new RawLoad(RAW, snapshot, schema, files, jobId, "export-" + jobId, "app.users");
  }

  protected static ManagedObject model(ObjectId id, Materialization m, String sql, String contentHash, ObjectId... inputs) {
    return new ManagedObject(id, m, sql, List.of(inputs), "", Map.of(), Map.of(), "sql/" + id.dataset() + "/" + id.name() + ".sql",
        contentHash);
  }

  protected static ManagedObject view(ObjectId id, String sql, String contentHash, ObjectId... inputs) {
    return model(id, Materialization.VIEW, sql, contentHash, inputs);
  }

  protected static ManagedObject table(ObjectId id, String sql, String contentHash, ObjectId... inputs) {
    return model(id, Materialization.TABLE, sql, contentHash, inputs);
  }

  /** The build the builder asks for: its labels as {@code ModelRebuild.labels} makes them. */
  protected static ModelBuild at(ManagedObject o, Snapshot snapshot) {
    return new ModelBuild(o, snapshot, "manifest1", Map.of("managed-by", "snaplake", "snapshot", snapshot.partitionId(),
        "manifest", "manifest1", "content-hash", o.contentHash()));
  }

  private static final ObjectId ANSWER = new ObjectId("mart", "answer");

  /** A model needing no input, whose definition is recognisable by {@code answer_42}. */
  protected static ManagedObject answer(Materialization m, String contentHash) {
    return model(ANSWER, m, "SELECT 42 AS answer_42", contentHash);
  }

  private List<WarehouseObject> listed(ObjectId id) {
    return warehouse.objects(id.dataset()).stream().filter(o -> o.id().equals(id)).toList();
  }

  /** object() and the dataset's listing agree on what snaplake recorded (a table's definition may differ). */
  private WarehouseObject recorded(ObjectId id) {
    WarehouseObject one = warehouse.object(id).orElseThrow(() -> new AssertionError(id + " is not there"));
    List<WarehouseObject> listed = listed(id);
    assertThat(listed).as("objects(%s) lists %s once", id.dataset(), id).hasSize(1);
    WarehouseObject l = listed.get(0);
    assertThat(l.kind()).as("kind of %s in objects()", id).isEqualTo(one.kind());
    assertThat(l.snapshot()).as("snapshot of %s in objects()", id).isEqualTo(one.snapshot());
    assertThat(l.contentHash()).as("content hash of %s in objects()", id).isEqualTo(one.contentHash());
    return one;
  }

  // ------------------------------------------------------------------ raw loads

  @Test
  void aLoadIsRecordedAsItWasMade() throws Exception {
    RawLoad l = load(S1, "job1", files(SCHEMA, List.of(rows(1, 3), rows(4, 4))));
    LoadRecord r = warehouse.loadRaw(l);
    assertThat(r).isEqualTo(new LoadRecord(RAW, S1, 7, r.bytes(), SCHEMA.hash(), "job1", "export-job1"));
    assertThat(r.bytes()).isNotNegative();
    assertThat(warehouse.rawLoad(RAW, S1)).contains(r);
  }

  @Test
  void nothingIsRecordedForATableOrSnapshotNotLoaded() throws Exception {
    assertThat(warehouse.rawLoad(RAW, S1)).isEmpty();
    warehouse.loadRaw(load(S1, "job1", files(SCHEMA, List.of(rows(1, 3)))));
    assertThat(warehouse.rawLoad(RAW, S2)).isEmpty();
    assertThat(warehouse.rawLoad(new ObjectId("raw", "app__cards"), S1)).isEmpty();
    assertThat(warehouse.rawLoad(new ObjectId("raw2", "app__users"), S1)).isEmpty();
  }

  @Test
  void loadingTheSameJobAgainGivesTheSameRecord() throws Exception {
    RawLoad l = load(S1, "job1", files(SCHEMA, List.of(rows(1, 3), rows(4, 4))));
    LoadRecord first = warehouse.loadRaw(l);
    LoadRecord again = warehouse.loadRaw(l);
    assertThat(again).isEqualTo(first);
    assertThat(warehouse.rawLoad(RAW, S1)).contains(first);
  }

  @Test
  void loadingAnotherSnapshotLeavesTheFirstAsItWas() throws Exception {
    LoadRecord one = warehouse.loadRaw(load(S1, "job1", files(SCHEMA, List.of(rows(1, 7)))));
    LoadRecord two = warehouse.loadRaw(load(S2, "job2", files(SCHEMA, List.of(rows(1, 5)))));
    assertThat(two.rows()).isEqualTo(5);
    assertThat(warehouse.rawLoad(RAW, S1)).contains(one);
    assertThat(warehouse.rawLoad(RAW, S2)).contains(two);
  }

  @Test
  void reloadingASnapshotUnderANewJobReplacesThatSnapshotOnly() throws Exception {
    warehouse.loadRaw(load(S1, "job1", files(SCHEMA, List.of(rows(1, 7)))));
    LoadRecord two = warehouse.loadRaw(load(S2, "job2", files(SCHEMA, List.of(rows(1, 5)))));
    LoadRecord again = warehouse.loadRaw(load(S1, "job1b", files(SCHEMA, List.of(rows(100, 2)))));
    assertThat(again).isEqualTo(new LoadRecord(RAW, S1, 2, again.bytes(), SCHEMA.hash(), "job1b", "export-job1b"));
    assertThat(warehouse.rawLoad(RAW, S1)).contains(again);
    assertThat(warehouse.rawLoad(RAW, S2)).contains(two);
  }

  @Test
  void noFilesLoadAnEmptySnapshot() throws Exception {
    LoadRecord r = warehouse.loadRaw(load(S1, "job1", List.of()));
    assertThat(r.rows()).isZero();
    assertThat(warehouse.rawLoad(RAW, S1)).contains(r);
    assertThat(warehouse.object(RAW)).get().extracting(WarehouseObject::kind).isEqualTo(WarehouseObject.Kind.TABLE);
  }

  @Test
  void aWiderSnapshotIsRecordedWithItsSchemaAndLeavesTheEarlierOne() throws Exception {
    LoadRecord one = warehouse.loadRaw(load(S1, "job1", files(SCHEMA, List.of(rows(1, 3)))));
    List<List<Object>> wide = List.of(List.of(1L, "user-1", "a note"), java.util.Arrays.asList(2L, "user-2", null));
    LoadRecord two = warehouse.loadRaw(load(S2, "job2", WIDER, files(WIDER, List.of(wide))));
    assertThat(two).isEqualTo(new LoadRecord(RAW, S2, 2, two.bytes(), WIDER.hash(), "job2", "export-job2"));
    assertThat(warehouse.rawLoad(RAW, S1)).contains(one);
  }

  @Test
  void aRawTableIsATableSnaplakeDidNotBuild() throws Exception {
    warehouse.loadRaw(load(S1, "job1", files(SCHEMA, List.of(rows(1, 3)))));
    WarehouseObject raw = recorded(RAW);
    assertThat(raw.kind()).isEqualTo(WarehouseObject.Kind.TABLE);
    assertThat(raw.builtBySnaplake()).isFalse();
    assertThat(raw.snapshot()).isEmpty();
  }

  // ------------------------------------------------------------------ models

  @Test
  void aRebuildRecordsItsSnapshotAndContentHash() {
    ManagedObject v = answer(Materialization.VIEW, "h1");
    warehouse.rebuild(at(v, S1));
    WarehouseObject o = recorded(v.id());
    assertThat(o.kind()).isEqualTo(WarehouseObject.Kind.VIEW);
    assertThat(o.snapshot()).contains(S1);
    assertThat(o.contentHash()).contains("h1");
    assertThat(o.builtBySnaplake()).isTrue();
    assertThat(o.definition()).contains("answer_42");
    assertThat(listed(v.id()).get(0).definition()).contains("answer_42");

    ManagedObject t = table(new ObjectId("mart", "answers"), "SELECT 42 AS answer_42", "t1");
    warehouse.rebuild(at(t, S1));
    WarehouseObject ot = recorded(t.id());
    assertThat(ot.kind()).isEqualTo(WarehouseObject.Kind.TABLE);
    assertThat(ot.snapshot()).contains(S1);
    assertThat(ot.contentHash()).contains("t1");
  }

  @Test
  void rebuildingAtANewerSnapshotMovesIt() {
    warehouse.rebuild(at(answer(Materialization.VIEW, "h1"), S1));
    ManagedObject changed = model(ANSWER, Materialization.VIEW, "SELECT 43 AS answer_43", "h2");
    warehouse.rebuild(at(changed, S2));
    WarehouseObject o = recorded(ANSWER);
    assertThat(o.snapshot()).contains(S2);
    assertThat(o.contentHash()).contains("h2");
    assertThat(o.definition()).contains("answer_43").doesNotContain("answer_42");
  }

  private static final ObjectId BASE = new ObjectId("staging", "base");
  private static final ObjectId OVER = new ObjectId("mart", "over_base");

  private ManagedObject viewOverBase() {
    return view(OVER, "SELECT answer_42 FROM " + SqlTemplate.ref(BASE), "over1", BASE);
  }

  @Test
  void aRepinMovesTheSnapshotAndKeepsTheDefinition() {
    ManagedObject base = view(BASE, "SELECT 42 AS answer_42", "b1");
    ManagedObject over = viewOverBase();
    warehouse.rebuild(at(base, S1));
    warehouse.rebuild(at(over, S1));
    WarehouseObject before = recorded(OVER);

    warehouse.rebuild(at(base, S2));
    warehouse.repin(at(over, S2));
    WarehouseObject after = recorded(OVER);
    assertThat(after.snapshot()).contains(S2);
    assertThat(after.contentHash()).contains("over1");
    assertThat(after.kind()).isEqualTo(WarehouseObject.Kind.VIEW);
    assertThat(after.definition()).isEqualTo(before.definition());
    assertThat(recorded(BASE).snapshot()).contains(S2);
  }

  @Test
  void aRepinOfAViewThatIsGoneCreatesIt() {
    warehouse.rebuild(at(view(BASE, "SELECT 42 AS answer_42", "b1"), S1));
    warehouse.rebuild(at(viewOverBase(), S1));
    warehouse.archiveAndDrop(OVER, new ObjectId(ARCHIVE, "mart__over_base__1"));
    assertThat(warehouse.object(OVER)).isEmpty();

    warehouse.repin(at(viewOverBase(), S2));
    WarehouseObject o = recorded(OVER);
    assertThat(o.snapshot()).contains(S2);
    assertThat(o.contentHash()).contains("over1");
    assertThat(o.definition()).contains("answer_42");
  }

  @Test
  void aRepinOfAViewMadeAgainByHandCreatesIt() throws Exception {
    warehouse.rebuild(at(view(BASE, "SELECT 42 AS answer_42", "b1"), S1));
    warehouse.rebuild(at(viewOverBase(), S1));
    createByHand(OVER, WarehouseObject.Kind.VIEW);

    warehouse.repin(at(viewOverBase(), S2));
    WarehouseObject o = recorded(OVER);
    assertThat(o.snapshot()).contains(S2);
    assertThat(o.contentHash()).contains("over1");
    assertThat(o.definition()).contains("answer_42").doesNotContain(BY_HAND_COLUMN);
  }

  @Test
  void aViewAndATableOfTheSameIdReplaceEachOther() {
    warehouse.rebuild(at(answer(Materialization.VIEW, "v1"), S1));
    warehouse.rebuild(at(answer(Materialization.TABLE, "t1"), S1));
    WarehouseObject t = recorded(ANSWER);
    assertThat(t.kind()).isEqualTo(WarehouseObject.Kind.TABLE);
    assertThat(t.contentHash()).contains("t1");

    warehouse.rebuild(at(answer(Materialization.VIEW, "v2"), S2));
    WarehouseObject v = recorded(ANSWER);
    assertThat(v.kind()).isEqualTo(WarehouseObject.Kind.VIEW);
    assertThat(v.contentHash()).contains("v2");
    assertThat(v.snapshot()).contains(S2);
  }

  // ------------------------------------------------------------------ listing

  @Test
  void anUnknownDatasetOrNameHasNoObjects() {
    assertThat(warehouse.objects("nothing_here")).isEmpty();
    assertThat(warehouse.object(new ObjectId("nothing_here", "x"))).isEmpty();
    warehouse.rebuild(at(answer(Materialization.VIEW, "h1"), S1));
    assertThat(warehouse.object(new ObjectId("mart", "not_built"))).isEmpty();
    assertThat(warehouse.objects("nothing_here")).isEmpty();
  }

  @Test
  void objectsMadeByHandAreListedAsNotBuiltBySnaplake() throws Exception {
    ObjectId byHandView = new ObjectId("mart", "by_hand_view");
    ObjectId byHandTable = new ObjectId("mart", "by_hand_table");
    createByHand(byHandView, WarehouseObject.Kind.VIEW);
    createByHand(byHandTable, WarehouseObject.Kind.TABLE);
    warehouse.rebuild(at(answer(Materialization.VIEW, "h1"), S1));

    assertThat(warehouse.objects("mart")).extracting(WarehouseObject::id)
        .containsExactlyInAnyOrder(byHandView, byHandTable, ANSWER);
    WarehouseObject v = recorded(byHandView);
    assertThat(v.kind()).isEqualTo(WarehouseObject.Kind.VIEW);
    assertThat(v.builtBySnaplake()).isFalse();
    assertThat(v.snapshot()).isEmpty();
    assertThat(v.definition()).contains(BY_HAND_COLUMN);
    WarehouseObject t = recorded(byHandTable);
    assertThat(t.kind()).isEqualTo(WarehouseObject.Kind.TABLE);
    assertThat(t.builtBySnaplake()).isFalse();
    assertThat(t.snapshot()).isEmpty();
    assertThat(recorded(ANSWER).builtBySnaplake()).isTrue();
  }

  @Test
  void aModelDroppedAndMadeAgainByHandIsNotBuiltBySnaplake() throws Exception {
    warehouse.rebuild(at(answer(Materialization.VIEW, "h1"), S1));
    createByHand(ANSWER, WarehouseObject.Kind.VIEW);
    WarehouseObject v = recorded(ANSWER);
    assertThat(v.builtBySnaplake()).as("a view made by hand in place of a model").isFalse();
    assertThat(v.snapshot()).isEmpty();
    assertThat(v.definition()).contains(BY_HAND_COLUMN);

    ObjectId answers = new ObjectId("mart", "answers");
    warehouse.rebuild(at(table(answers, "SELECT 42 AS answer_42", "t1"), S1));
    createByHand(answers, WarehouseObject.Kind.TABLE);
    WarehouseObject t = recorded(answers);
    assertThat(t.builtBySnaplake()).as("a table made by hand in place of a model").isFalse();
    assertThat(t.snapshot()).isEmpty();
  }

  @Test
  void aDatasetListsItsOwnObjectsOnly() throws Exception {
    ObjectId stagingAnswer = new ObjectId("staging", "answer");
    warehouse.rebuild(at(answer(Materialization.VIEW, "h1"), S1));
    warehouse.rebuild(at(view(stagingAnswer, "SELECT 7 AS staged", "s1"), S2));
    createByHand(new ObjectId("other", "by_hand"), WarehouseObject.Kind.VIEW);

    assertThat(warehouse.objects("mart")).extracting(WarehouseObject::id).containsExactly(ANSWER);
    assertThat(warehouse.objects("staging")).extracting(WarehouseObject::id).containsExactly(stagingAnswer);
    assertThat(recorded(ANSWER).contentHash()).contains("h1");
    assertThat(recorded(stagingAnswer).contentHash()).contains("s1");
    assertThat(recorded(stagingAnswer).snapshot()).contains(S2);
  }

  // ------------------------------------------------------------------ archiving

  @Test
  void archivingAViewKeepsItsDefinitionAndDropsIt() throws Exception {
    warehouse.rebuild(at(answer(Materialization.VIEW, "h1"), S1));
    ObjectId archived = new ObjectId(ARCHIVE, "mart__answer__20261125T010203");
    warehouse.archiveAndDrop(ANSWER, archived);

    assertThat(warehouse.object(ANSWER)).isEmpty();
    assertThat(warehouse.objects("mart")).extracting(WarehouseObject::id).doesNotContain(ANSWER);
    assertThat(archivedDefinition(archived)).get(org.assertj.core.api.InstanceOfAssertFactories.STRING).contains("answer_42");
    // a view is never recreated in the archive: it would keep running there
    assertThat(warehouse.object(archived)).isEmpty();
  }

  @Test
  void archivingATableKeepsItsDefinitionAndData() throws Exception {
    warehouse.rebuild(at(answer(Materialization.TABLE, "t1"), S1));
    ObjectId archived = new ObjectId(ARCHIVE, "mart__answer__20261125T010203");
    warehouse.archiveAndDrop(ANSWER, archived);

    assertThat(warehouse.object(ANSWER)).isEmpty();
    assertThat(archivedDefinition(archived)).isPresent();
    WarehouseObject copy = recorded(archived);
    assertThat(copy.kind()).isEqualTo(WarehouseObject.Kind.TABLE);
    assertThat(copy.builtBySnaplake()).as("the archived copy is not a model").isFalse();
  }

  @Test
  void archivingWhatWasMadeByHandKeepsItsDefinition() throws Exception {
    ObjectId view = new ObjectId("mart", "by_hand_view");
    ObjectId tbl = new ObjectId("mart", "by_hand_table");
    createByHand(view, WarehouseObject.Kind.VIEW);
    createByHand(tbl, WarehouseObject.Kind.TABLE);
    ObjectId viewArchived = new ObjectId(ARCHIVE, "mart__by_hand_view__1");
    ObjectId tableArchived = new ObjectId(ARCHIVE, "mart__by_hand_table__1");
    warehouse.archiveAndDrop(view, viewArchived);
    warehouse.archiveAndDrop(tbl, tableArchived);

    assertThat(warehouse.objects("mart")).isEmpty();
    assertThat(archivedDefinition(viewArchived)).get(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains(BY_HAND_COLUMN);
    assertThat(archivedDefinition(tableArchived)).isPresent();
    assertThat(recorded(tableArchived).kind()).isEqualTo(WarehouseObject.Kind.TABLE);
    assertThat(warehouse.object(viewArchived)).isEmpty();
  }

  @Test
  void archivingNeverTouchesAnotherObject() throws Exception {
    ObjectId earlier = new ObjectId(ARCHIVE, "mart__earlier__1");
    createByHand(new ObjectId("mart", "earlier"), WarehouseObject.Kind.VIEW);
    warehouse.archiveAndDrop(new ObjectId("mart", "earlier"), earlier);
    Optional<String> earlierDefinition = archivedDefinition(earlier);
    warehouse.loadRaw(load(S1, "job1", files(SCHEMA, List.of(rows(1, 3)))));
    ObjectId kept = new ObjectId("mart", "kept_table");
    ObjectId byHand = new ObjectId("mart", "by_hand");
    ObjectId sameName = new ObjectId("staging", "answer");
    warehouse.rebuild(at(answer(Materialization.VIEW, "h1"), S1));
    warehouse.rebuild(at(table(kept, "SELECT 1 AS kept", "k1"), S1));
    warehouse.rebuild(at(view(sameName, "SELECT 2 AS same_name", "s1"), S1));
    createByHand(byHand, WarehouseObject.Kind.VIEW);
    List<WarehouseObject> others = new ArrayList<>();
    for (ObjectId id : List.of(kept, byHand, sameName, RAW)) {
      others.add(warehouse.object(id).orElseThrow());
    }
    LoadRecord load = warehouse.rawLoad(RAW, S1).orElseThrow();

    warehouse.archiveAndDrop(ANSWER, new ObjectId(ARCHIVE, "mart__answer__1"));

    assertThat(warehouse.object(ANSWER)).isEmpty();
    for (WarehouseObject o : others) {
      assertThat(warehouse.object(o.id())).as(o.id().toString()).contains(o);
    }
    assertThat(warehouse.objects("mart")).extracting(WarehouseObject::id).containsExactlyInAnyOrder(kept, byHand);
    assertThat(warehouse.rawLoad(RAW, S1)).contains(load);
    assertThat(archivedDefinition(earlier)).isEqualTo(earlierDefinition).isPresent();
  }

  @Test
  void archivingWhatIsGoneChangesNothing() throws Exception {
    warehouse.rebuild(at(answer(Materialization.VIEW, "h1"), S1));
    List<WarehouseObject> before = warehouse.objects("mart");
    ObjectId archived = new ObjectId(ARCHIVE, "mart__gone__1");
    try {
      warehouse.archiveAndDrop(new ObjectId("mart", "gone"), archived);
    } catch (RuntimeException refused) {
      // a warehouse may say so, or do nothing quietly
    }
    assertThat(warehouse.objects("mart")).isEqualTo(before);
    assertThat(archivedDefinition(archived)).isEmpty();
    assertThat(warehouse.object(archived)).isEmpty();
  }
}
