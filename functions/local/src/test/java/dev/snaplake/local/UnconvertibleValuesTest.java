package dev.snaplake.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snaplake.core.naming.ObjectId;
import dev.snaplake.core.naming.SourceTable;
import dev.snaplake.core.snapshot.Snapshot;
import dev.snaplake.core.types.RawSchema;
import dev.snaplake.local.RdsParts.Column;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Source values the natural type cannot hold are never stored as NULL (nor rounded): the load of
 * that snapshot fails naming the table, the column, how many rows, the smallest such value and
 * what to do, and the table — its earlier snapshot, this snapshot's earlier load — is unchanged.
 * The same values fail the BigQuery load (BigQueryUnconvertibleValuesRequestTest in the gcp
 * module) with the same message.
 */
class UnconvertibleValuesTest {
  private static final String MYSQL = "app.t";
  private static final String POSTGRES = "app.public.t";

  /**
   * @param good a value of the column that loads, for the snapshot loaded first
   * @param bad the exported values of the refused snapshot (SQL string literals, or expressions)
   * @param rows how many of them the message must count
   * @param example the value the message shows, as it shows it
   */
  record Case(String name, String target, Column column, String good, List<String> bad, int rows, String type,
      String example) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        // MySQL's TIME spans -838:59:59..838:59:59; BigQuery's (and the natural type's) 00:00:00..23:59:59.999999
        new Case("MySQL TIME beyond 24 hours", MYSQL, Column.of("v", "time", "binary (UTF8)"), "'23:59:59'",
            List.of("'838:59:59'", "'-00:00:01'", "'24:00:00'", "'12:00:00'"), 3, "TIME", "\"-00:00:01\""),
        new Case("PostgreSQL time 24:00:00", POSTGRES, Column.of("v", "time without time zone", "STRING"), "'00:00:00'",
            List.of("'24:00:00'"), 1, "TIME", "\"24:00:00\""),
        new Case("PostgreSQL numeric NaN", POSTGRES, Column.of("v", "numeric", "STRING").precision(12, 2), "'1.50'",
            List.of("'NaN'", "'2.50'", "'NaN'"), 2, "NUMERIC(12,2)", "\"NaN\""),
        new Case("PostgreSQL numeric Infinity", POSTGRES, Column.of("v", "numeric", "STRING"), "'1.5'",
            List.of("'Infinity'", "'-Infinity'", "'NaN'"), 3, "BIGNUMERIC", "\"-Infinity\""),
        // BIGNUMERIC holds 38 fraction digits: a cast would round the 39th away
        new Case("PostgreSQL numeric beyond BIGNUMERIC's scale", POSTGRES, Column.of("v", "numeric", "STRING"), "'1.5'",
            List.of("'3.14159265358979323846264338327950288419716939937510'"), 1, "BIGNUMERIC",
            "\"3.14159265358979323846264338327950288419716939937510\""),
        new Case("PostgreSQL numeric beyond BIGNUMERIC's integer digits", POSTGRES, Column.of("v", "numeric", "STRING"),
            "'1.5'", List.of("'1" + "0".repeat(40) + "'"), 1, "BIGNUMERIC", "\"1" + "0".repeat(40) + "\""),
        // money in another lc_monetary: '1.234,56 €' would otherwise read as something else
        new Case("PostgreSQL money of another locale", POSTGRES, Column.of("v", "money", "STRING").precision(19, 2),
            "'$1.50'", List.of("'1.234,56 €'"), 1, "NUMERIC(19,2)", "\"1.234,56 €\""),
        new Case("MySQL DATE malformed", MYSQL, Column.of("v", "date", "binary (UTF8)"), "'2026-11-24'",
            List.of("'2026-02-30'", "'0000-00-00'", "'2026-00-00'", "'yesterday'"), 3, "DATE", "\"2026-00-00\""),
        new Case("PostgreSQL date infinity and BC", POSTGRES, Column.of("v", "date", "STRING"), "'2026-11-24'",
            List.of("'infinity'", "'0044-03-15 BC'", "'10000-01-01'"), 3, "DATE", "\"0044-03-15 BC\""),
        new Case("PostgreSQL timestamptz infinity", POSTGRES, Column.of("v", "timestamp with time zone", "STRING"),
            "'2026-11-24 13:45:01+00'", List.of("'-infinity'"), 1, "TIMESTAMP", "\"-infinity\""),
        new Case("MySQL JSON malformed", MYSQL, Column.of("v", "json", "binary (UTF8)"), "'{\"a\": 1}'",
            List.of("'{\"a\": 1'", "'[1, 2]'"), 1, "JSON", "\"{\\\"a\\\": 1\""),
        // a latin1 CHAR column: 'Zürich' as latin1 bytes is not UTF-8
        new Case("MySQL CHAR bytes not UTF-8", MYSQL, Column.of("v", "char", "binary").length(10), "encode('ok')",
            List.of("CAST('Z\\xFCrich' AS BLOB)", "encode('fine')"), 1, "STRING", "b\"Z\\xfcrich\""));
  }

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

  private Path part(String export, String target, List<String> values) throws Exception {
    String rows = "";
    for (int i = 0; i < values.size(); i++) {
      rows += (i == 0 ? "" : ", ") + "(" + (i + 1) + ", " + values.get(i) + ")";
    }
    return parts.part(export, target, 0, "SELECT * FROM (VALUES " + rows + ") AS t(id, v)");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void theSnapshotIsRefusedNamingColumnRowsAndExampleAndNothingChanges(Case c) throws Exception {
    boolean mysql = c.target().equals(MYSQL);
    RawSchema schema = RdsParts.schema(c.target(), Column.of("id", mysql ? "int" : "integer", "int32"), c.column());
    ObjectId table = SourceTable.parseTarget(c.target()).rawTable("raw");
    warehouse.loadRaw(RdsParts.load(c.target(), "2026-11-24", schema, List.of(part("e1", c.target(), List.of(c.good()))),
        "job-24"));
    List<Map<String, Object>> before = rows(table);

    Path bad = part("e2", c.target(), c.bad());
    String where = table + " (" + c.target() + ", snapshot 2026-11-25)";
    assertThatThrownBy(() -> warehouse.loadRaw(RdsParts.load(c.target(), "2026-11-25", schema, List.of(bad), "job-25")))
        .isInstanceOf(WarehouseException.class)
        .hasMessage(where + ": values that cannot be converted: column v (source type " + c.column().originalType() + "): "
            + (c.rows() == 1 ? "1 row" : c.rows() + " rows") + " cannot be converted to " + c.type() + ", e.g. "
            + c.example() + ". Correct these values in the source database, or leave the table out of the export, then"
            + " export the snapshot again: snaplake never stores a value it cannot convert as NULL; nothing was loaded"
            + " and the table is unchanged");

    assertThat(rows(table)).isEqualTo(before);
    assertThat(warehouse.rawLoad(table, Snapshot.parse("2026-11-25"))).isEmpty();
  }

  @Test
  void everyColumnWithSuchValuesIsNamedInOneMessage() throws Exception {
    RawSchema schema = RdsParts.schema(MYSQL, Column.of("id", "int", "int32"), Column.of("d", "date", "binary (UTF8)"),
        Column.of("t", "time", "binary (UTF8)"), Column.of("j", "json", "binary (UTF8)"));
    Path bad = parts.part("e1", MYSQL, 0,
        "SELECT * FROM (VALUES (1, '2026-02-30', '838:59:59', '[]'), (2, '0000-00-00', '100:00:00', '{')) AS t(id, d, t, j)");
    assertThatThrownBy(() -> warehouse.loadRaw(RdsParts.load(MYSQL, "2026-11-24", schema, List.of(bad), "job")))
        .hasMessageContaining("column d (source type date): 1 row cannot be converted to DATE, e.g. \"2026-02-30\"; "
            + "column t (source type time): 2 rows cannot be converted to TIME, e.g. \"100:00:00\"; "
            + "column j (source type json): 1 row cannot be converted to JSON, e.g. \"{\". Correct these values");
    assertThat(warehouse.query("SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'app__t'"))
        .containsExactly(Map.of("n", 0L)); // not even created
  }

  @Test
  void aLongExampleIsCut() throws Exception {
    RawSchema schema = RdsParts.schema(MYSQL, Column.of("id", "int", "int32"), Column.of("j", "json", "binary (UTF8)"));
    Path bad = parts.part("e1", MYSQL, 0, "SELECT 1 AS id, '[' || repeat('1,', 500) AS j");
    assertThatThrownBy(() -> warehouse.loadRaw(RdsParts.load(MYSQL, "2026-11-24", schema, List.of(bad), "job")))
        .hasMessageContaining("e.g. \"[" + "1,".repeat(49) + "1\"…. Correct");
  }

  private List<Map<String, Object>> rows(ObjectId table) {
    return warehouse.query("SELECT * FROM " + DuckDbDialect.quote(table) + " ORDER BY _snapshot, id").stream()
        .map(r -> r.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> String.valueOf(e.getValue()))))
        .map(m -> (Map<String, Object>) new java.util.TreeMap<String, Object>(m))
        .toList();
  }
}
