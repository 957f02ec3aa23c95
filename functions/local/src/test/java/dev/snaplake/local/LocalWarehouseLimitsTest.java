package dev.snaplake.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snaplake.core.catalog.ManagedObject;
import dev.snaplake.core.catalog.Materialization;
import dev.snaplake.core.naming.ObjectId;
import dev.snaplake.core.port.ModelBuild;
import dev.snaplake.core.snapshot.Snapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the local warehouse cannot run is refused before anything runs, named and located in the
 * model's file; when DuckDB rejects a translated model, the error says whose fault it is. Each
 * query marks with ^ where the construct starts; the expected line and column are counted from
 * that mark in the file the test writes.
 */
class LocalWarehouseLimitsTest {
  private static final String HEADER = "-- Built on BigQuery; the local warehouse must say why it cannot.\n"
      + "CREATE OR REPLACE VIEW mart.limits\n"
      + "OPTIONS (description = \"\"\"Reads staging.people: SELECT name FROM staging.people\"\"\")\n"
      + "AS\n";
  private static final ObjectId PEOPLE = new ObjectId("staging", "people");
  private static final ObjectId MODEL = new ObjectId("mart", "limits");

  @TempDir Path dir;
  private DuckDbWarehouse warehouse;

  @BeforeEach
  void setUp() {
    warehouse = DuckDbWarehouse.inMemory();
    warehouse.execute("CREATE SCHEMA staging");
    warehouse.execute("CREATE TABLE staging.people AS SELECT 1 AS id, 'Ada' AS name, DATE '2026-11-25' AS d,"
        + " TIMESTAMP '2026-11-25 10:00:00' AS created_at, ['a'] AS tags");
  }

  @AfterEach
  void tearDown() {
    warehouse.close();
  }

  static Stream<Arguments> refused() {
    return Stream.of(
        r("ML.PREDICT", "SELECT * FROM ^ML.PREDICT(MODEL `mart.churn`, TABLE staging.people)"),
        r("FOR SYSTEM_TIME AS OF", "SELECT name\nFROM staging.people ^FOR SYSTEM_TIME AS OF TIMESTAMP '2026-01-01'"),
        r("TABLESAMPLE", "SELECT name FROM staging.people ^TABLESAMPLE SYSTEM (10 PERCENT)"),
        r("user-defined function mart.normalize_email", "SELECT\n  ^mart.normalize_email(name) AS email\nFROM staging.people"),
        r("user-defined function acme.mart.js_score", "SELECT id, ^`acme.mart.js_score`(name) FROM staging.people"),
        r("user-defined function mart.people_between", "SELECT * FROM ^mart.people_between(1, 10)"),
        r("APPROX_TOP_COUNT", "SELECT ^APPROX_TOP_COUNT(name, 2) AS top FROM staging.people"),
        r("APPROX_TOP_SUM", "SELECT ^APPROX_TOP_SUM(name, id, 2) AS top FROM staging.people"),
        r("FARM_FINGERPRINT", "SELECT ^FARM_FINGERPRINT(name) FROM staging.people"),
        r("ST_GEOGPOINT", "SELECT ^ST_GEOGPOINT(1.0, 2.0) AS here"),
        r("NET.HOST", "SELECT ^NET.HOST('https://example.com/a') AS host"),
        r("HLL_COUNT.MERGE", "SELECT ^HLL_COUNT.MERGE(sketch) FROM staging.people"),
        r("AEAD.ENCRYPT", "SELECT ^AEAD.ENCRYPT(keyset, name, 'aad') FROM staging.people"),
        r("EXTERNAL_QUERY", "SELECT * FROM ^EXTERNAL_QUERY('eu.crm', 'SELECT 1')"),
        r("SESSION_USER", "SELECT ^SESSION_USER() AS who"),
        r("COLLATE", "SELECT ^COLLATE(name, 'und:ci') FROM staging.people"),
        r("query parameter @name", "SELECT id FROM staging.people WHERE name = ^@name"),
        r("pipe syntax |>", "FROM staging.people\n^|> WHERE id > 1"),
        r("SELECT AS STRUCT", "SELECT ARRAY(^SELECT AS STRUCT id, name FROM staging.people) AS people"),
        r("INFORMATION_SCHEMA", "SELECT table_name FROM ^mart.INFORMATION_SCHEMA.TABLES"),
        r("wildcard table mart.events_*", "SELECT * FROM ^`mart.events_*`"),
        r("_TABLE_SUFFIX", "SELECT id FROM staging.people WHERE ^_TABLE_SUFFIX > '2026'"),
        r("FORMAT_TIMESTAMP of the zone's offset or name",
            "SELECT ^FORMAT_TIMESTAMP('%F %Z', created_at, 'Europe/Paris') FROM staging.people"),
        r("CAST … FORMAT", "SELECT ^CAST(d AS STRING FORMAT 'YYYY') FROM staging.people"),
        r("format element %Q in '%Y-%Q'", "SELECT ^PARSE_DATE('%Y-%Q', '2026-4') AS q"),
        r("format element %E2S in '%E2S'", "SELECT ^FORMAT_TIMESTAMP('%E2S', created_at) FROM staging.people"),
        r("APPROX_QUANTILES … RESPECT NULLS", "SELECT ^APPROX_QUANTILES(id, 2 RESPECT NULLS) FROM staging.people"),
        r("REGEXP_EXTRACT with a pattern that is not a string literal",
            "SELECT ^REGEXP_EXTRACT(name, CONCAT('A', 'd')) FROM staging.people"),
        r("GEOGRAPHY", "SELECT CAST(name AS ^GEOGRAPHY) FROM staging.people"),
        r("scripting statement DECLARE", "^DECLARE cutoff DATE DEFAULT CURRENT_DATE();\nSELECT 1"));
  }

  private static Arguments r(String construct, String query) {
    return Arguments.of(construct, query);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refused")
  void isRefusedBeforeRunningWithItsPlaceInTheFile(String construct, String marked) throws IOException {
    Model m = model(marked);
    assertThatThrownBy(() -> rebuild(m.object()))
        .isInstanceOf(WarehouseException.class)
        .hasMessageStartingWith("not supported by the local warehouse: " + construct + " at " + m.file() + ":" + m.line() + ":"
            + m.column() + " (mart.limits): ")
        .hasMessageContaining("It still runs on BigQuery, and `snaplake compile` validates it on BigQuery's rules");
    assertThat(warehouse.object(MODEL)).isEmpty();
  }

  @Test
  void withoutTheFileThePositionIsGivenInTheQuery() {
    ManagedObject o = object("SELECT id,\n  APPROX_TOP_COUNT(name, 2) AS top\nFROM {{ref staging.people}}", "sql/mart/gone.sql");
    assertThatThrownBy(() -> rebuild(o))
        .hasMessageStartingWith("not supported by the local warehouse: APPROX_TOP_COUNT at sql/mart/gone.sql (query line 2, column 3)");
  }

  @Test
  void aPositionAfterARenderedParameterIsStillFoundInTheFile() throws IOException {
    Path file = dir.resolve("sql/mart/params.sql");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "CREATE VIEW {{ params.dataset }}.params AS\nSELECT id\nFROM staging.people\n"
        + "WHERE id >= {{ params.min_id }} AND FARM_FINGERPRINT(name) > 0\n");
    // The manifest holds the query rendered, its table reference marked.
    ManagedObject o = object("SELECT id\nFROM {{ref staging.people}}\nWHERE id >= 100 AND FARM_FINGERPRINT(name) > 0",
        file.toString());
    assertThatThrownBy(() -> rebuild(o))
        .hasMessageStartingWith("not supported by the local warehouse: FARM_FINGERPRINT at " + file + ":4:37 (mart.limits)");
  }

  @Test
  void aFunctionDuckDbLacksIsALocalLimitationAtItsPlace() throws IOException {
    Model m = model("SELECT id,\n  ^INITCAP(name) AS name\nFROM staging.people");
    assertThatThrownBy(() -> rebuild(m.object()))
        .hasMessageStartingWith("not supported by the local warehouse: Catalog Error: Scalar Function with name initcap does not exist!"
            + " at " + m.file() + ":" + m.line() + ":" + m.column() + " (mart.limits)")
        .hasMessageContaining("It still runs on BigQuery");
    assertThat(warehouse.object(MODEL)).isEmpty();
  }

  @Test
  void anUnknownColumnIsASqlErrorAtItsPlace() throws IOException {
    Model m = model("SELECT id,\n  ^nickname\nFROM staging.people");
    assertThatThrownBy(() -> rebuild(m.object()))
        .hasMessageStartingWith("SQL error in " + m.file() + ":" + m.line() + ":" + m.column() + " (mart.limits): Binder Error:")
        .hasMessageContaining("not a limit of the local warehouse");
  }

  @Test
  void aValueThatDoesNotConvertIsASqlErrorOfTheModel() throws IOException {
    Model m = model("SELECT CAST(name AS INT64) AS n FROM staging.people");
    assertThat(warehouse.query("SELECT count(*) AS n FROM staging.people").get(0).get("n")).isEqualTo(1L);
    ManagedObject table = new ManagedObject(MODEL, Materialization.TABLE, m.object().sql(), List.of(PEOPLE), "", Map.of(),
        Map.of(), m.file(), "h");
    assertThatThrownBy(() -> rebuild(table))
        .hasMessageStartingWith("SQL error in " + m.file() + " (mart.limits): Conversion Error:");
    assertThat(warehouse.object(MODEL)).isEmpty();
  }

  @Test
  void aModelUsingTranslatedConstructsIsBuilt() throws IOException {
    Model m = model("SELECT\n  DATE_TRUNC(d, MONTH) AS month,\n  SAFE_DIVIDE(id, 0) AS ratio,\n"
        + "  FORMAT_DATE('%b %Y', d) AS label,\n  STRUCT(name, id) AS person\nFROM staging.people, UNNEST(tags) AS tag\n"
        + "QUALIFY ROW_NUMBER() OVER (PARTITION BY name ORDER BY tag) = 1");
    rebuild(m.object());
    Map<String, Object> row = warehouse.query("SELECT month, ratio, label, person.name AS name FROM mart.limits").get(0);
    assertThat(row.get("month").toString()).isEqualTo("2026-11-01");
    assertThat(row.get("ratio")).isNull();
    assertThat(row.get("label")).isEqualTo("Nov 2026");
    assertThat(row.get("name")).isEqualTo("Ada");
  }

  /** A model file as the compiler would have read it, and the object the manifest would hold. */
  private record Model(ManagedObject object, String file, int line, int column) {}

  private Model model(String marked) throws IOException {
    String query = marked.replace("^", "");
    Path file = dir.resolve("sql/mart/limits.sql");
    Files.createDirectories(file.getParent());
    Files.writeString(file, HEADER + query + "\n");
    int mark = HEADER.length() + marked.indexOf('^');
    String before = (HEADER + query).substring(0, Math.max(0, mark));
    int line = (int) before.chars().filter(ch -> ch == '\n').count() + 1;
    int column = mark - (before.lastIndexOf('\n') + 1) + 1;
    String template = query.replace("staging.people", "{{ref staging.people}}");
    return new Model(object(template, file.toString()), file.toString(), line, column);
  }

  private static ManagedObject object(String template, String file) {
    return new ManagedObject(MODEL, Materialization.VIEW, template, List.of(PEOPLE), "", Map.of(), Map.of(), file, "h");
  }

  private void rebuild(ManagedObject o) {
    warehouse.rebuild(new ModelBuild(o, Snapshot.parse("2026-11-25"), "m", Map.of()));
  }
}
