package dev.snaplake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snaplake.core.build.BuildOutcome;
import dev.snaplake.core.catalog.Manifest;
import dev.snaplake.core.event.EventType;
import dev.snaplake.core.ingest.IngestOutcome;
import dev.snaplake.local.DuckDbWarehouse;
import dev.snaplake.local.FolderObjectStore;
import dev.snaplake.local.sample.SampleExport;
import dev.snaplake.local.sample.SampleExportResult;
import dev.snaplake.local.sample.SampleExportSpec;
import dev.snaplake.local.sample.SampleTable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline on the embedded default over two generated snapshots. Model rows are
 * checked against values computed here in Java from the raw rows, not by running the same SQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PipelineEndToEndTest {
  static final LocalDate DAY1 = LocalDate.of(2026, 11, 24);
  static final LocalDate DAY2 = LocalDate.of(2026, 11, 25);

  Path dir;
  DuckDbWarehouse warehouse;
  LocalPipeline pipeline;
  SampleExportResult first;
  SampleExportResult second;
  List<LocalPipeline.ExportRun> runs;

  @BeforeAll
  void runPipeline(@TempDir Path tmp) throws Exception {
    dir = tmp;
    Path bucket = dir.resolve("bucket");
    first = SampleExport.write(bucket, new SampleExportSpec("app", DAY1, 3000, 11, "rds/app-prod", 1));
    second = SampleExport.write(bucket, new SampleExportSpec("app", DAY2, 3000, 11, "rds/app-prod", 2));
    Manifest manifest = ManifestSource.manifest(Path.of("../../sql"), System.err);
    warehouse = DuckDbWarehouse.open(dir.resolve("w.duckdb"));
    warehouse.execute("CREATE SCHEMA mart");
    warehouse.execute("CREATE VIEW mart.made_by_hand AS SELECT 1 AS x");
    pipeline = new LocalPipeline(new FolderObjectStore(bucket), warehouse, manifest, Clock.systemUTC());
    runs = pipeline.runAll(true, s -> {});
  }

  @AfterAll
  void close() {
    warehouse.close();
  }

  @Test
  void bothExportsLoadOnceWithExactRowCounts() {
    assertThat(runs).hasSize(2).allSatisfy(r -> assertThat(r.outcome()).isInstanceOf(IngestOutcome.Loaded.class));
    for (SampleExportResult export : List.of(first, second)) {
      LocalDate day = export == first ? DAY1 : DAY2;
      for (SampleTable t : export.tables()) {
        String table = "raw.app__" + t.target().substring(4);
        if (t.status().equals("COMPLETE")) {
          long n = count("SELECT count(*) FROM " + table + " WHERE _snapshot = DATE '" + day + "'");
          assertThat(n).as(table + " at " + day).isEqualTo(t.rows());
        }
      }
    }
    assertThat(pipeline.bus().published().stream().filter(e -> e.type().equals(EventType.EXPORT_LOADED))).hasSize(2);
    assertThat(pipeline.failures()).isEmpty();
  }

  @Test
  void everyRawColumnHasItsNaturalType() {
    Map<String, String> users = warehouse.columns(dev.snaplake.core.naming.ObjectId.parse("raw.app__users"));
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("_snapshot", "DATE");
    expected.put("id", "DECIMAL(20,0)");
    expected.put("email", "VARCHAR");
    expected.put("full_name", "VARCHAR");
    expected.put("country", "VARCHAR");
    expected.put("birth_date", "DATE");
    expected.put("is_active", "BOOLEAN");
    expected.put("status", "VARCHAR");
    expected.put("settings", "JSON");
    expected.put("created_at", "TIMESTAMP");
    expected.put("updated_at", "TIMESTAMP WITH TIME ZONE");
    expected.put("referral_code", "VARCHAR");
    assertThat(users).containsExactlyEntriesOf(expected);
    Map<String, String> tx = warehouse.columns(dev.snaplake.core.naming.ObjectId.parse("raw.app__transactions"));
    assertThat(tx).containsEntry("amount", "DECIMAL(12,2)").containsEntry("currency", "VARCHAR")
        .containsEntry("created_at", "TIMESTAMP").containsEntry("local_time", "TIME").containsEntry("fingerprint", "BLOB")
        .containsEntry("fx_rate", "DECIMAL(18,8)").containsEntry("merchant_id", "BIGINT");
    Map<String, String> cards = warehouse.columns(dev.snaplake.core.naming.ObjectId.parse("raw.app__cards"));
    assertThat(cards).containsEntry("last4", "VARCHAR").containsEntry("flags", "BLOB").containsEntry("expires_on", "DATE");
    assertThat(warehouse.columns(dev.snaplake.core.naming.ObjectId.parse("raw.app__balances")))
        .containsEntry("ledger_amount", "VARCHAR").containsEntry("year_opened", "BIGINT");
  }

  @Test
  void modelsArePinnedToTheNewSnapshotWithIndependentlyComputedRows() {
    // Active users at day 2, counted in Java from the raw rows.
    List<Map<String, Object>> rawUsers = warehouse.query("SELECT id, is_active FROM raw.app__users WHERE _snapshot = DATE '" + DAY2 + "'");
    long active = rawUsers.stream().filter(r -> Boolean.TRUE.equals(r.get("is_active"))).count();
    assertThat(count("SELECT count(*) FROM staging.users")).isEqualTo(active);

    // Spend per user: settled transactions, round(amount * fx_rate, 2), over the user's cards.
    Map<Long, BigDecimal> cardOwner = new HashMap<>();
    for (Map<String, Object> c : warehouse.query("SELECT id, user_id FROM raw.app__cards WHERE _snapshot = DATE '" + DAY2 + "'")) {
      cardOwner.put(((Number) c.get("id")).longValue(), (BigDecimal) c.get("user_id"));
    }
    Map<BigDecimal, BigDecimal> spend = new HashMap<>();
    BigDecimal total = BigDecimal.ZERO;
    for (Map<String, Object> t : warehouse.query(
        "SELECT card_id, amount, fx_rate, status FROM raw.app__transactions WHERE _snapshot = DATE '" + DAY2 + "'")) {
      if (!"settled".equals(t.get("status"))) {
        continue;
      }
      BigDecimal eur = ((BigDecimal) t.get("amount")).multiply((BigDecimal) t.get("fx_rate")).setScale(2, RoundingMode.HALF_UP);
      total = total.add(eur);
      BigDecimal owner = cardOwner.get(((Number) t.get("card_id")).longValue());
      if (owner != null) {
        spend.merge(owner.stripTrailingZeros(), eur, BigDecimal::add);
      }
    }
    Map<BigDecimal, Boolean> activeById = new HashMap<>();
    rawUsers.forEach(r -> activeById.put(((BigDecimal) r.get("id")).stripTrailingZeros(), Boolean.TRUE.equals(r.get("is_active"))));
    int checked = 0;
    for (Map<String, Object> row : warehouse.query("SELECT user_id, spend_eur FROM mart.user_spend")) {
      BigDecimal id = ((BigDecimal) row.get("user_id")).stripTrailingZeros();
      assertThat(activeById.get(id)).isTrue();
      BigDecimal expected = spend.getOrDefault(id, BigDecimal.ZERO);
      assertThat(((BigDecimal) row.get("spend_eur")).compareTo(expected)).as("spend of user " + id).isZero();
      checked++;
    }
    assertThat(checked).isEqualTo(active);
    assertThat(spend.values().stream().anyMatch(v -> v.signum() > 0)).isTrue();

    BigDecimal volume = (BigDecimal) warehouse.query("SELECT sum(volume_eur) AS v FROM mart.merchant_daily_volume").get(0).get("v");
    BigDecimal expectedVolume = BigDecimal.ZERO;
    java.util.Set<Long> merchants = new java.util.HashSet<>();
    warehouse.query("SELECT id FROM raw.app__merchants WHERE _snapshot = DATE '" + DAY2 + "'").forEach(m -> merchants.add(((Number) m.get("id")).longValue()));
    for (Map<String, Object> t : warehouse.query(
        "SELECT merchant_id, amount, fx_rate FROM raw.app__transactions WHERE status = 'settled' AND _snapshot = DATE '" + DAY2 + "'")) {
      if (merchants.contains(((Number) t.get("merchant_id")).longValue())) {
        expectedVolume = expectedVolume.add(((BigDecimal) t.get("amount")).multiply((BigDecimal) t.get("fx_rate")).setScale(2, RoundingMode.HALF_UP));
      }
    }
    assertThat(volume.compareTo(expectedVolume)).isZero();

    // Every built object records the second snapshot.
    assertThat(warehouse.query("SELECT DISTINCT snapshot FROM _snaplake.objects"))
        .extracting(r -> r.get("snapshot").toString()).containsExactly(DAY2.toString());
  }

  @Test
  void aModelReadingASkippedTableIsHeldAndTheUnreviewedViewIsPrunedWithItsDefinition() {
    assertThat(runs.get(0).builds()).anySatisfy(b -> {
      assertThat(b.object().toString()).isEqualTo("mart.user_audit_summary");
      assertThat(b.status()).isEqualTo(BuildOutcome.Status.HELD);
      assertThat(b.detail()).contains("raw.app__audit_log");
    });
    assertThat(warehouse.object(dev.snaplake.core.naming.ObjectId.parse("mart.user_audit_summary"))).isEmpty();
    assertThat(warehouse.object(dev.snaplake.core.naming.ObjectId.parse("mart.made_by_hand"))).isEmpty();
    assertThat(warehouse.query("SELECT object_id, definition FROM snaplake_archive._definitions"))
        .singleElement().satisfies(r -> {
          assertThat(r.get("object_id")).isEqualTo("mart.made_by_hand");
          assertThat(r.get("definition").toString()).contains("SELECT 1");
        });
  }

  @Test
  void modelsRebuildInDependencyOrder() {
    List<String> order = runs.get(1).builds().stream().filter(b -> b.status() == BuildOutcome.Status.REBUILT)
        .map(b -> b.object().toString()).toList();
    assertThat(order).contains("staging.users", "mart.card_spend", "mart.user_spend");
    assertThat(order.indexOf("staging.transactions")).isLessThan(order.indexOf("mart.card_spend"));
    assertThat(order.indexOf("mart.card_spend")).isLessThan(order.indexOf("mart.user_spend"));
    assertThat(order).doesNotHaveDuplicates();
  }

  @Test
  void runningAgainLoadsNothingTwice() {
    // raw_loads is keyed by (table, snapshot), so its row count alone could not show a reload:
    // the load times and the rows of every snapshot must be exactly as they were.
    String loads = "SELECT table_id, snapshot, rows, job_id, loaded_at FROM _snaplake.raw_loads ORDER BY 1, 2";
    String rows = "SELECT _snapshot, count(*) AS n FROM raw.app__transactions GROUP BY 1 ORDER BY 1";
    List<Map<String, Object>> loadsBefore = warehouse.query(loads);
    List<Map<String, Object>> rowsBefore = warehouse.query(rows);
    List<LocalPipeline.ExportRun> again = pipeline.runAll(true, s -> {});
    assertThat(again).allSatisfy(r -> assertThat(r.outcome()).isInstanceOf(IngestOutcome.AlreadyLoaded.class));
    assertThat(warehouse.query(loads)).isEqualTo(loadsBefore);
    assertThat(warehouse.query(rows)).isEqualTo(rowsBefore);
    assertThat(loadsBefore).hasSize((int) (first.tables().stream().filter(t -> t.status().equals("COMPLETE")).count()
        + second.tables().stream().filter(t -> t.status().equals("COMPLETE")).count()));
  }

  private long count(String sql) {
    return ((Number) warehouse.query(sql).get(0).values().iterator().next()).longValue();
  }
}
