package dev.snaplake.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snaplake.core.naming.ObjectId;
import dev.snaplake.core.snapshot.Snapshot;
import dev.snaplake.core.types.RawSchema;
import dev.snaplake.local.RdsParts.Column;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A raw table across snapshots whose source column changed type (MySQL), on real Parquet: the
 * warehouse applies core's ColumnEvolution — nothing to do, widen in the load's transaction, or
 * quarantine the snapshot leaving the table as it was.
 */
class SchemaEvolutionTest {
  private static final String TARGET = "app.accounts";
  private static final ObjectId TABLE = new ObjectId("raw", "app__accounts");
  private static final Column ID = Column.of("id", "bigint", "int64").precision(19, 0);

  @TempDir Path dir;
  private RdsParts parts;
  private DuckDbWarehouse warehouse;

  @BeforeEach
  void setUp() throws Exception {
    parts = new RdsParts(dir);
    warehouse = DuckDbWarehouse.inMemory();
  }

  @AfterEach
  void tearDown() throws Exception {
    warehouse.close();
    parts.close();
  }

  /** Loads snapshot {@code day}: one part with columns id and v, the given values of v. */
  private void load(String day, Column v, String... values) throws Exception {
    warehouse.loadRaw(RdsParts.load(TARGET, day, RdsParts.schema(TARGET, ID, v), List.of(part(day, values)), "job-" + day));
  }

  private Path part(String day, String... values) throws Exception {
    StringBuilder rows = new StringBuilder();
    for (int i = 0; i < values.length; i++) {
      rows.append(i == 0 ? "" : ", ").append("(CAST(").append(i + 1).append(" AS BIGINT), ").append(values[i]).append(")");
    }
    return parts.part("export-" + day, TARGET, 0, "SELECT * FROM (VALUES " + rows + ") AS t(id, v)");
  }

  /** Every row, snapshot by snapshot, v as text. */
  private List<Map<String, Object>> rows() {
    return warehouse.query("SELECT _snapshot, id, CAST(v AS VARCHAR) AS v FROM raw.app__accounts ORDER BY _snapshot, id");
  }

  private List<Object> values() {
    return rows().stream().map(r -> r.get("v")).toList();
  }

  @Test
  void intThenBigintNeedsNothing() throws Exception {
    load("2026-11-24", Column.of("v", "int", "int32").precision(10, 0), "CAST(2147483647 AS INTEGER)");
    load("2026-11-25", Column.of("v", "bigint", "int64").precision(19, 0), "CAST(9223372036854775807 AS BIGINT)");

    assertThat(warehouse.columns(TABLE)).containsEntry("v", "BIGINT");
    assertThat(values()).containsExactly("2147483647", "9223372036854775807");
  }

  @Test
  void aLongerVarcharNeedsNothing() throws Exception {
    load("2026-11-24", Column.of("v", "varchar", "binary (UTF8)").length(16), "'sixteen chars ok'");
    load("2026-11-25", Column.of("v", "varchar", "binary (UTF8)").length(64), "'" + "w".repeat(64) + "'");

    assertThat(warehouse.columns(TABLE)).containsEntry("v", "VARCHAR");
    assertThat(values()).containsExactly("sixteen chars ok", "w".repeat(64));
  }

  @Test
  void moreDecimalDigitsWidenTheColumnAndKeepOldValuesExact() throws Exception {
    load("2026-11-24", decimal(10, 2), "CAST(99999999.99 AS DECIMAL(10,2))", "CAST(-0.01 AS DECIMAL(10,2))");
    load("2026-11-25", decimal(14, 2), "CAST(999999999999.99 AS DECIMAL(14,2))");

    assertThat(warehouse.columns(TABLE)).containsEntry("v", "DECIMAL(14,2)");
    assertThat(values()).containsExactly("99999999.99", "-0.01", "999999999999.99");
  }

  @Test
  void fewerDecimalDigitsFitTheStoredColumn() throws Exception {
    load("2026-11-24", decimal(14, 2), "CAST(999999999999.99 AS DECIMAL(14,2))");
    load("2026-11-25", decimal(10, 2), "CAST(99999999.99 AS DECIMAL(10,2))");

    assertThat(warehouse.columns(TABLE)).containsEntry("v", "DECIMAL(14,2)");
    assertThat(values()).containsExactly("999999999999.99", "99999999.99");
  }

  @Test
  void intThenDecimalWidensToHoldBoth() throws Exception {
    load("2026-11-24", Column.of("v", "int", "int32").precision(10, 0), "CAST(-2147483648 AS INTEGER)");
    load("2026-11-25", decimal(12, 2), "CAST(1234567890.12 AS DECIMAL(12,2))");

    // INT64's 19 integer digits and the new scale 2: NUMERIC(21,2)
    assertThat(warehouse.columns(TABLE)).containsEntry("v", "DECIMAL(21,2)");
    assertThat(values()).containsExactly("-2147483648.00", "1234567890.12");
  }

  @Test
  void wideningPast38DigitsKeepsEveryValueExactAsText() throws Exception {
    load("2026-11-24", Column.of("v", "bigint unsigned", "fixed_len_byte_array(9)").precision(20, 0),
        "CAST(18446744073709551615 AS DECIMAL(20,0))");
    load("2026-11-25", Column.of("v", "decimal", "string").precision(65, 30),
        "'12345678901234567890123456789012345.123456789012345678901234567890'");
    load("2026-11-26", decimal(12, 2), "CAST(-1.5 AS DECIMAL(12,2))");

    assertThat(warehouse.columns(TABLE)).containsEntry("v", "VARCHAR");
    // every row with the column's 30 fraction digits, as RDS writes DECIMAL(65,30)
    assertThat(values()).containsExactly(
        "18446744073709551615.000000000000000000000000000000",
        "12345678901234567890123456789012345.123456789012345678901234567890",
        "-1.500000000000000000000000000000");
    // and a later snapshot of the same type sees the column as BIGNUMERIC(65,30), not as a STRING
    load("2026-11-27", Column.of("v", "decimal", "string").precision(65, 30), "'1.000000000000000000000000000000'");
    assertThat(values()).hasSize(4);
  }

  @Test
  void aDroppedColumnStaysAndReadsNullInTheNewSnapshot() throws Exception {
    Column email = Column.of("email", "varchar", "binary (UTF8)").length(64);
    Column phone = Column.of("phone", "varchar", "binary (UTF8)").length(16);
    Path first = parts.part("export-1", TARGET, 0,
        "SELECT * FROM (VALUES (CAST(1 AS BIGINT), 'a@x.io', '+3312')) AS t(id, email, phone)");
    warehouse.loadRaw(RdsParts.load(TARGET, "2026-11-24", RdsParts.schema(TARGET, ID, email, phone), List.of(first), "j1"));
    Path second = parts.part("export-2", TARGET, 0, "SELECT * FROM (VALUES (CAST(2 AS BIGINT), 'b@x.io')) AS t(id, email)");
    warehouse.loadRaw(RdsParts.load(TARGET, "2026-11-25", RdsParts.schema(TARGET, ID, email), List.of(second), "j2"));

    assertThat(warehouse.columns(TABLE)).containsKeys("email", "phone");
    assertThat(warehouse.query("SELECT is_nullable FROM information_schema.columns"
        + " WHERE table_name = 'app__accounts' AND column_name = 'phone'").get(0).get("is_nullable")).isEqualTo("YES");
    List<Map<String, Object>> rows =
        warehouse.query("SELECT _snapshot, email, phone FROM raw.app__accounts ORDER BY _snapshot");
    assertThat(rows.get(0)).containsEntry("email", "a@x.io").containsEntry("phone", "+3312");
    assertThat(rows.get(1)).containsEntry("email", "b@x.io").containsEntry("phone", null);
  }

  @Test
  void dateThenVarcharIsQuarantinedAndTheTableIsUntouched() throws Exception {
    load("2026-11-24", Column.of("v", "date", "binary (UTF8)"), "'2026-11-24'", "'1999-12-31'");
    List<Map<String, Object>> before = rows();
    Map<String, String> columnsBefore = warehouse.columns(TABLE);

    Column text = Column.of("v", "varchar", "binary (UTF8)").length(32);
    assertThatThrownBy(() -> load("2026-11-25", text, "'next Tuesday'"))
        .isInstanceOf(WarehouseException.class)
        .hasMessageContaining("raw.app__accounts (app.accounts, snapshot 2026-11-25)")
        .hasMessageContaining("column v changed from DATE to STRING (varchar)")
        .hasMessageContaining("quarantined")
        .hasMessageContaining("nothing was changed");

    assertThat(rows()).isEqualTo(before);
    assertThat(warehouse.columns(TABLE)).isEqualTo(columnsBefore);
    assertThat(warehouse.rawLoad(TABLE, Snapshot.parse("2026-11-25"))).isEmpty();
  }

  @Test
  void aWideningIsUndoneWhenTheLoadFails() throws Exception {
    Column when = Column.of("w", "date", "binary (UTF8)");
    Path first = parts.part("export-1", TARGET, 0,
        "SELECT * FROM (VALUES (CAST(1 AS BIGINT), CAST(1.25 AS DECIMAL(10,2)), '2026-11-24')) AS t(id, v, w)");
    warehouse.loadRaw(RdsParts.load(TARGET, "2026-11-24", RdsParts.schema(TARGET, ID, decimal(10, 2), when), List.of(first), "j1"));
    List<Map<String, Object>> before = rows();

    // the widening of v is fine, but w holds a date no calendar has (MySQL allows it without NO_ZERO_IN_DATE)
    Path second = parts.part("export-2", TARGET, 0,
        "SELECT * FROM (VALUES (CAST(2 AS BIGINT), CAST(1.25 AS DECIMAL(14,2)), '2026-11-00')) AS t(id, v, w)");
    RawSchema widened = RdsParts.schema(TARGET, ID, decimal(14, 2), when);
    assertThatThrownBy(() -> warehouse.loadRaw(RdsParts.load(TARGET, "2026-11-25", widened, List.of(second), "j2")))
        .isInstanceOf(WarehouseException.class)
        .hasMessageContaining("raw.app__accounts (app.accounts, snapshot 2026-11-25): values that cannot be converted:"
            + " column w (source type date): 1 row cannot be converted to DATE, e.g. \"2026-11-00\"")
        .hasMessageContaining("nothing was loaded");

    assertThat(warehouse.columns(TABLE)).containsEntry("v", "DECIMAL(10,2)");
    assertThat(rows()).isEqualTo(before);
  }

  private static Column decimal(int p, int s) {
    return Column.of("v", "decimal", "decimal(" + p + "," + s + ")").precision(p, s);
  }
}
