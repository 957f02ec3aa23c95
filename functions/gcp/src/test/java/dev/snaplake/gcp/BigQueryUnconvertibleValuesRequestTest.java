package dev.snaplake.gcp;

import static dev.snaplake.gcp.BigQueryWarehouseRequestTest.FILES;
import static dev.snaplake.gcp.BigQueryWarehouseRequestTest.JOB;
import static dev.snaplake.gcp.BigQueryWarehouseRequestTest.USERS;
import static dev.snaplake.gcp.BigQueryWarehouseRequestTest.S;
import static dev.snaplake.gcp.BigQueryWarehouseRequestTest.jobId;
import static dev.snaplake.gcp.BigQueryWarehouseRequestTest.sql;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import dev.snaplake.core.export.ColumnMapping;
import dev.snaplake.core.port.RawLoad;
import dev.snaplake.core.port.TransientException;
import dev.snaplake.core.types.NaturalType;
import dev.snaplake.core.types.RawColumn;
import dev.snaplake.core.types.RawSchema;
import dev.snaplake.core.types.SourceEngine;
import dev.snaplake.core.types.TypeMapping;
import dev.snaplake.gcp.RecordingHttpServer.Response;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Source values a conversion cannot convert, at the request level: the one conversion query
 * counts them and fails through ERROR() instead of storing NULL (the exact SQL is checked), and
 * BigQuery's failure answer becomes a permanent error of that table naming the column, how many
 * rows, an example and what to do — nothing recorded, labelled or retried. MySQL's zero date is
 * NULL on purpose; a decimal with more integer digits than BIGNUMERIC loads as its exact text.
 * The same values fail the DuckDB load (UnconvertibleValuesTest in the local module).
 */
class BigQueryUnconvertibleValuesRequestTest extends FakeBigQueryTest {
  static final String STAGING = "`snaplake-test.raw._staging_app__users_20261124`";
  static final RawColumn ID = new RawColumn("id", NaturalType.INT64, "bigint", "INT64", 0, 0);

  /** A column as core types it from an originalTypeMappings entry. */
  static RawColumn column(SourceEngine engine, String originalType, String exportedType, int precision, int scale) {
    return TypeMapping.naturalColumn(engine, new ColumnMapping("v", originalType, exportedType, 0, precision, scale, 0));
  }

  static RawLoad load(SourceEngine engine, RawColumn v) {
    String target = engine == SourceEngine.POSTGRESQL ? "app.public.users" : "app.users";
    return new RawLoad(USERS, S, new RawSchema(List.of(ID, v)), FILES, JOB, "exp-20261124", target);
  }

  JsonObject conversion() {
    return server.queryInserts().stream().filter(j -> jobId(j).equals(JOB)).findFirst().orElseThrow();
  }

  @Test
  void aMySqlZeroDateIsNullOnPurposeAndAnyOtherDateThatDoesNotConvertFailsTheLoad() {
    warehouse.loadRaw(load(SourceEngine.MYSQL, column(SourceEngine.MYSQL, "date", "BYTE_ARRAY (UTF8)", 0, 0)));

    assertThat(sql(conversion())).isEqualTo(
        "WITH unconvertible AS (\n"
            + "  SELECT\n"
            + "    COUNTIF(r0) AS n0, MIN(IF(r0, v0, NULL)) AS e0\n"
            + "  FROM (\n"
            + "    SELECT\n"
            + "      `v` AS v0, `v` IS NOT NULL AND NOT (`v` = \"0000-00-00\") AND SAFE_CAST(`v` AS DATE) IS NULL AS r0\n"
            + "    FROM " + STAGING + ")\n"
            + ")\n"
            + "SELECT\n"
            + "  `id`,\n"
            + "  IF(`v` = \"0000-00-00\", NULL, SAFE_CAST(`v` AS DATE)) AS `v`\n"
            + "FROM " + STAGING + "\n"
            + "WHERE (SELECT IF(n0 = 0, TRUE, ERROR(CONCAT(\"snaplake: values that cannot be converted, so nothing was"
            + " loaded: \", ARRAY_TO_STRING([IF(n0 = 0, NULL, CONCAT(\"column v (source type date): \", IF(n0 = 1,"
            + " \"1 row\", FORMAT(\"%d rows\", n0)), \" cannot be converted to DATE, e.g. \", FORMAT(\"%T\", LEFT(e0, 100)),"
            + " IF(LENGTH(e0) > 100, \"…\", \"\")))], \"; \"), \". Correct these values in the source database, or leave"
            + " the table out of the export, then export the snapshot again: snaplake never stores a value it cannot"
            + " convert as NULL\"))) FROM unconvertible)");
  }

  @Test
  void aDecimalWithMoreIntegerDigitsThanBigNumericLoadsDirectlyAsItsExactText() {
    RawColumn v = column(SourceEngine.MYSQL, "decimal(65,0)", "string", 65, 0);
    assertThat(v.type()).isEqualTo(NaturalType.STRING);

    warehouse.loadRaw(load(SourceEngine.MYSQL, v));

    // RDS writes DECIMAL(p > 38) as text: a plain load gives the STRING, nothing to convert.
    assertThat(server.loadInserts()).extracting(BigQueryWarehouseRequestTest::jobId).containsExactly(JOB);
    assertThat(server.queryInserts()).extracting(BigQueryWarehouseRequestTest::jobId)
        .containsExactly(BigQueryWarehouseRequestTest.RECORD_JOB);
    JsonObject created = server.requests("POST", "/datasets/raw/tables").get(0).json();
    JsonObject field = created.getAsJsonObject("schema").getAsJsonArray("fields").get(1).getAsJsonObject();
    assertThat(field.get("type").getAsString()).isEqualTo("STRING");
    assertThat(field.get("description").getAsString()).isEqualTo("source type decimal(65,0), exported as string");
  }

  @Test
  void aDecimalOfMoreThan38DigitsButAtMost38IntegerDigitsIsABigNumericCheckedForExactness() {
    RawColumn v = column(SourceEngine.MYSQL, "decimal(65,30)", "string", 65, 30);
    assertThat(v.type()).isEqualTo(NaturalType.BIGNUMERIC);

    warehouse.loadRaw(load(SourceEngine.MYSQL, v));

    String convert = "IF(REGEXP_CONTAINS(`v`, r'^-?0*[0-9]{1,35}(\\.[0-9]{1,30}0*)?$'), SAFE_CAST(`v` AS BIGNUMERIC), NULL)";
    assertThat(sql(conversion()))
        .contains("      `v` AS v0, `v` IS NOT NULL AND " + convert + " IS NULL AS r0\n")
        .contains("  " + convert + " AS `v`\n")
        .contains("CONCAT(\"column v (source type decimal(65,30)): \", IF(n0 = 1, \"1 row\", FORMAT(\"%d rows\", n0)),"
            + " \" cannot be converted to BIGNUMERIC(65,30), e.g. \"");
  }

  /**
   * BigQuery answers the conversion with the job failed by ERROR(): the text the query builds
   * (the column, the count, the smallest such value, what to do). The load must fail for good,
   * naming the table and the snapshot, after one try, with nothing recorded or labelled.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "MySQL TIME beyond 24 hours | MYSQL      | time          | BYTE_ARRAY (UTF8) | 0  | 0 | TIME          | 2 rows"
            + " | \"-00:00:01\" | `v` IS NOT NULL AND SAFE_CAST(`v` AS TIME) IS NULL",
        "PostgreSQL numeric NaN     | POSTGRESQL | numeric(12,2) | STRING            | 12 | 2 | NUMERIC(12,2) | 1 row"
            + "  | \"NaN\"       | `v` IS NOT NULL AND IF(REGEXP_CONTAINS(`v`, r'^-?0*[0-9]{1,10}(\\.[0-9]{1,2}0*)?$'),"
            + " SAFE_CAST(`v` AS NUMERIC), NULL) IS NULL",
        "MySQL date malformed       | MYSQL      | date          | BYTE_ARRAY (UTF8) | 0  | 0 | DATE          | 3 rows"
            + " | \"2026-02-30\" | `v` IS NOT NULL AND NOT (`v` = \"0000-00-00\") AND SAFE_CAST(`v` AS DATE) IS NULL",
        "PostgreSQL jsonb malformed | POSTGRESQL | jsonb         | STRING            | 0  | 0 | JSON          | 1 row"
            + "  | \"{\\\"a\\\": 1\" | `v` IS NOT NULL AND SAFE.PARSE_JSON(`v`) IS NULL",
        "MySQL CHAR not UTF-8       | MYSQL      | char(10)      | BYTE_ARRAY        | 10 | 0 | STRING        | 1 row"
            + "  | b\"Z\\xfcrich\" | `v` IS NOT NULL AND SAFE_CAST(`v` AS STRING) IS NULL",
      })
  void valuesThatDoNotConvertFailTheTableForGood(String name, SourceEngine engine, String type, String exported, int p,
      int s, String typeName, String rows, String example, String refused) {
    RawColumn v = column(engine, type, exported, p, s);
    String problem = "column v (source type " + type + "): " + rows + " cannot be converted to " + typeName + ", e.g. "
        + example;
    server.onJobInsert(r -> {
      JsonObject q = r.json().getAsJsonObject("configuration").getAsJsonObject("query");
      if (q == null || !q.has("destinationTable")
          || !q.getAsJsonObject("destinationTable").get("tableId").getAsString().equals("app__users$20261124")) {
        return null;
      }
      JsonObject failed = FakeBigQueryServer.doneJob(r.json(), new String[] {"invalidQuery",
          RawColumnConversions.UNCONVERTIBLE + problem + RawColumnConversions.WHAT_TO_DO});
      server.jobs.put(jobId(r.json()), failed);
      return Response.json(200, failed);
    });

    assertThatThrownBy(() -> warehouse.loadRaw(load(engine, v)))
        .isInstanceOfSatisfying(BigQueryJobException.class, e -> {
          assertThat(e).isNotInstanceOf(TransientException.class);
          assertThat(e.reason()).isEqualTo("invalidQuery");
          assertThat(e.jobId()).isEqualTo(JOB);
        })
        .hasMessageStartingWith("conversion of raw.app__users for snapshot 2026-11-24 from 2 files")
        .hasMessageContaining(": job " + JOB + " failed: snaplake: values that cannot be converted, so nothing was"
            + " loaded: " + problem + ". Correct these values in the source database, or leave the table out of the"
            + " export, then export the snapshot again: snaplake never stores a value it cannot convert as NULL"
            + " (reason invalidQuery)");

    // The query that failed counted exactly these values, and names them as the answer does.
    String sent = sql(conversion());
    assertThat(sent).contains("`v` AS v0, " + refused + " AS r0\n")
        .contains("CONCAT(\"column v (source type " + type + "): \", IF(n0 = 1, \"1 row\", FORMAT(\"%d rows\", n0)),"
            + " \" cannot be converted to " + typeName + ", e.g. \", FORMAT(\"%T\", LEFT(e0, 100))")
        .doesNotContain("SAFE_CONVERT_BYTES_TO_STRING");
    // One try: nothing retried, recorded or labelled; the partition was not written (the query failed).
    assertThat(server.queryInserts()).extracting(BigQueryWarehouseRequestTest::jobId).containsExactly(JOB);
    assertThat(sleeps).isEmpty();
    assertThat(server.patches()).isEmpty();
    // The staging table is left for inspection (it expires after a day).
    assertThat(server.tables).containsKey("raw._staging_app__users_20261124");
  }

  @Test
  void conversionsThatCannotFailAreNotChecked() {
    RawSchema schema = new RawSchema(List.of(ID,
        column(SourceEngine.MYSQL, "datetime(6)", "INT64 TIMESTAMP_MICROS", 0, 0),
        new RawColumn("flag", NaturalType.BOOL, "tinyint(1)", "INT32", 1, 0)));
    warehouse.loadRaw(new RawLoad(USERS, S, schema, FILES, JOB, "exp-20261124", "app.users"));
    assertThat(sql(conversion())).isEqualTo("SELECT\n  `id`,\n  DATETIME(`v`, \"UTC\") AS `v`,\n"
        + "  CAST(`flag` AS BOOL) AS `flag`\nFROM " + STAGING);
  }

  @Test
  void everyCheckedColumnIsCountedInTheSameQuery() {
    RawSchema schema = new RawSchema(List.of(ID,
        new RawColumn("d", NaturalType.DATE, "date", "BYTE_ARRAY (UTF8)", 0, 0),
        new RawColumn("t", NaturalType.TIME, "time", "BYTE_ARRAY (UTF8)", 0, 0)));
    warehouse.loadRaw(new RawLoad(USERS, S, schema, FILES, JOB, "exp-20261124", "app.users"));
    String sent = sql(conversion());
    assertThat(sent).startsWith("WITH unconvertible AS (\n  SELECT\n"
        + "    COUNTIF(r0) AS n0, MIN(IF(r0, v0, NULL)) AS e0,\n"
        + "    COUNTIF(r1) AS n1, MIN(IF(r1, v1, NULL)) AS e1\n")
        .contains("WHERE (SELECT IF(n0 + n1 = 0, TRUE, ERROR(")
        .containsOnlyOnce("FROM unconvertible");
    assertThat(server.queryInserts()).hasSize(2); // the conversion and the record: no second pass
  }
}
