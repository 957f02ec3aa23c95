package dev.snaplake.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snaplake.core.catalog.ManagedObject;
import dev.snaplake.core.catalog.Materialization;
import dev.snaplake.core.catalog.SqlTemplate;
import dev.snaplake.core.export.ExportManifest;
import dev.snaplake.core.ingest.ExportIngestion;
import dev.snaplake.core.ingest.IngestOutcome;
import dev.snaplake.core.ingest.TableOutcome;
import dev.snaplake.core.naming.ObjectId;
import dev.snaplake.core.port.ModelBuild;
import dev.snaplake.core.port.WarehouseObject;
import dev.snaplake.core.snapshot.Snapshot;
import dev.snaplake.local.sample.SampleExport;
import dev.snaplake.local.sample.SampleExportResult;
import dev.snaplake.local.sample.SampleExportSpec;
import dev.snaplake.local.sample.SampleTable;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The DuckDB warehouse on real Parquet written by the sample generator. */
class DuckDbWarehouseTest {
  @TempDir Path dir;
  private FolderObjectStore bucket;
  private DuckDbWarehouse warehouse;
  private final InProcessEventBus bus = new InProcessEventBus();

  @BeforeEach
  void setUp() {
    bucket = new FolderObjectStore(dir.resolve("bucket"));
    warehouse = DuckDbWarehouse.inMemory();
  }

  private IngestOutcome.Loaded load(LocalDate day, int version) throws java.io.IOException {
    SampleExportResult r = SampleExport.write(bucket.root(), new SampleExportSpec("app", day, 600, 3, "rds/app-prod", version));
    ExportIngestion in = new ExportIngestion(bucket, warehouse, bus, new ExportIngestion.Settings("raw", Duration.ofMinutes(5), "t"), Clock.systemUTC());
    IngestOutcome o = in.ingest(r.exportRootKey(), r.exportId());
    assertThat(o).isInstanceOf(IngestOutcome.Loaded.class);
    IngestOutcome.Loaded loaded = (IngestOutcome.Loaded) o;
    for (SampleTable t : r.tables()) {
      if (t.status().equals("COMPLETE")) {
        TableOutcome out = loaded.report().tables().stream().filter(x -> x.target().equals(t.target())).findFirst().orElseThrow();
        assertThat(out.rows()).as(t.target()).isEqualTo(t.rows());
      }
    }
    return loaded;
  }

  @Test
  void rawTablesGetTheirNaturalTypesBack() throws Exception {
    load(LocalDate.of(2026, 11, 24), 1);
    Map<String, String> users = warehouse.columns(new ObjectId("raw", "app__users"));
    assertThat(users).containsEntry("_snapshot", "DATE")
        .containsEntry("id", "DECIMAL(20,0)")
        .containsEntry("country", "VARCHAR")
        .containsEntry("birth_date", "DATE")
        .containsEntry("is_active", "BOOLEAN")
        .containsEntry("settings", "JSON")
        .containsEntry("created_at", "TIMESTAMP")
        .containsEntry("updated_at", "TIMESTAMP WITH TIME ZONE");
    Map<String, String> tx = warehouse.columns(new ObjectId("raw", "app__transactions"));
    assertThat(tx).containsEntry("local_time", "TIME").containsEntry("fingerprint", "BLOB").containsEntry("amount", "DECIMAL(12,2)");
    assertThat(warehouse.columns(new ObjectId("raw", "app__balances"))).containsEntry("ledger_amount", "VARCHAR");
    // CHAR came as bytes and is text again, not an escaped blob
    List<Map<String, Object>> rows = warehouse.query("SELECT country FROM raw.app__users WHERE country IS NOT NULL LIMIT 5");
    assertThat(rows).allSatisfy(r -> assertThat((String) r.get("country")).matches("[A-Z]{2}"));
    assertThat(warehouse.query("SELECT count(*) AS n FROM raw.app__referrals").get(0).get("n")).isEqualTo(0L);
    assertThat(warehouse.rawLoad(new ObjectId("raw", "app__referrals"), Snapshot.parse("2026-11-24"))).isPresent();
  }

  @Test
  void aSecondSnapshotWidensTheTableAndKeepsTheFirst() throws Exception {
    load(LocalDate.of(2026, 11, 24), 1);
    load(LocalDate.of(2026, 11, 25), 2);
    assertThat(warehouse.columns(new ObjectId("raw", "app__users"))).containsKey("referral_code");
    List<Map<String, Object>> perSnapshot = warehouse.query(
        "SELECT _snapshot, count(*) AS n, count(referral_code) AS codes FROM raw.app__users GROUP BY 1 ORDER BY 1");
    assertThat(perSnapshot).hasSize(2);
    assertThat(perSnapshot.get(0).get("codes")).isEqualTo(0L); // older partition reads NULL
    assertThat((Long) perSnapshot.get(1).get("codes")).isPositive();
  }

  @Test
  void reloadingASnapshotReplacesOnlyThatSnapshot() throws Exception {
    load(LocalDate.of(2026, 11, 24), 1);
    load(LocalDate.of(2026, 11, 25), 2);
    String perSnapshot = "SELECT _snapshot, count(*) AS n FROM raw.app__users GROUP BY 1 ORDER BY 1";
    List<Map<String, Object>> before = warehouse.query(perSnapshot);
    ExportManifest m = manifest("snaplake-app-2026-11-24");
    var files = m.dataFiles(dev.snaplake.core.naming.SourceTable.parseTarget("app.users")).stream().map(f -> bucket.uri(f.object().key())).toList();
    // Same files loaded under another job id: the snapshot is replaced, not appended to.
    warehouse.loadRaw(new dev.snaplake.core.port.RawLoad(USERS, Snapshot.parse("2026-11-24"), schemaOf(m), files,
        "another-job", m.exportId(), "app.users"));
    assertThat(warehouse.query(perSnapshot)).isEqualTo(before);
    assertThat(warehouse.rawLoad(USERS, Snapshot.parse("2026-11-24")).orElseThrow().jobId()).isEqualTo("another-job");
    assertThat(warehouse.rawLoad(USERS, Snapshot.parse("2026-11-25")).orElseThrow().jobId()).isNotEqualTo("another-job");
  }

  @Test
  void anIncompatibleTypeChangeIsRefusedAndChangesNothing() throws Exception {
    load(LocalDate.of(2026, 11, 24), 1);
    ExportManifest m = manifest("snaplake-app-2026-11-24");
    List<dev.snaplake.core.types.RawColumn> columns = new java.util.ArrayList<>(schemaOf(m).columns());
    columns.replaceAll(c -> c.name().equals("email") ? dev.snaplake.core.types.RawColumn.of("email", dev.snaplake.core.types.NaturalType.INT64) : c);
    var files = m.dataFiles(dev.snaplake.core.naming.SourceTable.parseTarget("app.users")).stream().map(f -> bucket.uri(f.object().key())).toList();
    List<Map<String, Object>> before = warehouse.query("SELECT count(*) AS n, max(email) AS e FROM raw.app__users");
    assertThatThrownBy(() -> warehouse.loadRaw(new dev.snaplake.core.port.RawLoad(USERS, Snapshot.parse("2026-11-25"),
            new dev.snaplake.core.types.RawSchema(columns), files, "j2", "e2", "app.users")))
        .isInstanceOf(WarehouseException.class)
        .hasMessageContaining("raw.app__users (app.users, snapshot 2026-11-25): column email changed from STRING to INT64")
        .hasMessageContaining("quarantined");
    assertThat(warehouse.query("SELECT count(*) AS n, max(email) AS e FROM raw.app__users")).isEqualTo(before);
    assertThat(warehouse.rawLoad(USERS, Snapshot.parse("2026-11-25"))).isEmpty();
    assertThat(warehouse.columns(USERS)).containsEntry("email", "VARCHAR");
  }

  private ExportManifest manifest(String exportId) {
    return new ExportIngestion(bucket, warehouse, bus, new ExportIngestion.Settings("raw", Duration.ofMinutes(5), "t"), Clock.systemUTC())
        .read("rds/app-prod/" + exportId, exportId);
  }

  static final ObjectId USERS = new ObjectId("raw", "app__users");

  private static dev.snaplake.core.types.RawSchema schemaOf(ExportManifest m) {
    var t = m.tables().stream().filter(x -> x.target().equals("app.users")).findFirst().orElseThrow();
    return new dev.snaplake.core.types.RawSchema(t.columns().stream()
        .map(c -> dev.snaplake.core.types.TypeMapping.naturalColumn(dev.snaplake.core.types.SourceEngine.MYSQL, c)).toList());
  }

  @Test
  void aViewOverViewsIsRepinnedWithoutTouchingItsDefinitionAndRebuiltWhenGone() throws Exception {
    load(LocalDate.of(2026, 11, 24), 1);
    load(LocalDate.of(2026, 11, 25), 2);
    ObjectId rawUsers = new ObjectId("raw", "app__users");
    ManagedObject users = new ManagedObject(new ObjectId("staging", "users"), Materialization.VIEW,
        "SELECT id FROM " + SqlTemplate.raw(rawUsers, "app__users"), List.of(rawUsers), "", Map.of(), Map.of(), "", "u1");
    ManagedObject count = new ManagedObject(new ObjectId("mart", "user_count"), Materialization.VIEW,
        "SELECT count(*) AS n FROM staging.users", List.of(users.id()), "", Map.of(), Map.of(), "", "c1");
    Snapshot day1 = Snapshot.parse("2026-11-24");
    Snapshot day2 = Snapshot.parse("2026-11-25");
    warehouse.rebuild(new ModelBuild(users, day1, "m1", Map.of()));
    warehouse.rebuild(new ModelBuild(count, day1, "m1", Map.of()));
    String definition = warehouse.object(count.id()).orElseThrow().definition();

    warehouse.rebuild(new ModelBuild(users, day2, "m2", Map.of()));
    warehouse.repin(new ModelBuild(count, day2, "m2", Map.of("snapshot", "20261125")));

    WarehouseObject state = warehouse.object(count.id()).orElseThrow();
    assertThat(state.snapshot()).contains(day2);
    assertThat(state.contentHash()).contains("c1");
    assertThat(state.definition()).isEqualTo(definition);
    long day2Users = (Long) warehouse.query("SELECT count(*) AS n FROM raw.app__users WHERE _snapshot = DATE '2026-11-25'").get(0).get("n");
    assertThat(((Number) warehouse.query("SELECT n FROM mart.user_count").get(0).get("n")).longValue()).isEqualTo(day2Users);

    warehouse.execute("DROP VIEW mart.user_count"); // gone by hand: a re-pin must bring it back
    warehouse.repin(new ModelBuild(count, day2, "m2", Map.of()));
    assertThat(((Number) warehouse.query("SELECT n FROM mart.user_count").get(0).get("n")).longValue()).isEqualTo(day2Users);
  }

  @Test
  void modelsArePinnedToTheirSnapshotAndPrunedObjectsAreArchived() throws Exception {
    load(LocalDate.of(2026, 11, 24), 1);
    load(LocalDate.of(2026, 11, 25), 2);
    ObjectId rawUsers = new ObjectId("raw", "app__users");
    ManagedObject countries = new ManagedObject(new ObjectId("staging", "user_countries"), Materialization.VIEW,
        "SELECT country, COUNT(*) AS n FROM " + SqlTemplate.raw(rawUsers, "app__users") + " WHERE app__users.country IS NOT NULL GROUP BY country",
        List.of(rawUsers), "Users per country", Map.of("team", "data"), Map.of("n", "number of users"), "sql/staging/user_countries.sql", "h1");
    warehouse.rebuild(new ModelBuild(countries, Snapshot.parse("2026-11-24"), "m1", Map.of("managed-by", "snaplake")));
    long day1Users = (Long) warehouse.query("SELECT count(*) AS n FROM raw.app__users WHERE _snapshot = DATE '2026-11-24'").get(0).get("n");
    Object viewTotal = warehouse.query("SELECT sum(n) AS t FROM staging.user_countries").get(0).get("t");
    assertThat(((Number) viewTotal).longValue()).isEqualTo(day1Users - (Long) warehouse.query(
        "SELECT count(*) AS n FROM raw.app__users WHERE _snapshot = DATE '2026-11-24' AND country IS NULL").get(0).get("n"));
    WarehouseObject state = warehouse.object(countries.id()).orElseThrow();
    assertThat(state.snapshot()).contains(Snapshot.parse("2026-11-24"));
    assertThat(state.contentHash()).contains("h1");

    warehouse.execute("CREATE VIEW staging.by_hand AS SELECT 1 AS x");
    assertThat(warehouse.object(new ObjectId("staging", "by_hand")).orElseThrow().builtBySnaplake()).isFalse();
    warehouse.archiveAndDrop(new ObjectId("staging", "by_hand"), new ObjectId("snaplake_archive", "staging__by_hand__1"));
    assertThat(warehouse.object(new ObjectId("staging", "by_hand"))).isEmpty();
    assertThat(warehouse.query("SELECT definition FROM snaplake_archive._definitions").get(0).get("definition").toString())
        .contains("SELECT 1");
  }

  @Test
  void sqlTheLocalWarehouseCannotRunIsReportedWithItsFile() {
    ManagedObject bad = new ManagedObject(new ObjectId("mart", "bad"), Materialization.VIEW,
        "SELECT APPROX_TOP_COUNT(x, 2) AS top FROM UNNEST([1,2]) AS x",
        List.of(), "", Map.of(), Map.of(), "sql/mart/bad.sql", "h");
    assertThatThrownBy(() -> warehouse.rebuild(new ModelBuild(bad, Snapshot.parse("2026-11-24"), "m", Map.of())))
        .hasMessageContaining("not supported by the local warehouse").hasMessageContaining("sql/mart/bad.sql");
    assertThat(warehouse.object(bad.id())).isEmpty();
  }

  @Test
  void exactDecimalsSurvive() throws Exception {
    load(LocalDate.of(2026, 11, 24), 1);
    Object id = warehouse.query("SELECT max(id) AS m FROM raw.app__users").get(0).get("m");
    assertThat(id).isInstanceOf(BigDecimal.class);
  }
}
