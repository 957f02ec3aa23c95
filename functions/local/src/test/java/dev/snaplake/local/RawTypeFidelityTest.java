package dev.snaplake.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snaplake.core.naming.ObjectId;
import dev.snaplake.core.naming.SourceTable;
import dev.snaplake.core.types.NaturalType;
import dev.snaplake.core.types.RawColumn;
import dev.snaplake.core.types.RawSchema;
import dev.snaplake.local.RdsParts.Column;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One case per MySQL and PostgreSQL source type: a Parquet part shaped as RDS exports that type
 * (checked against the file DuckDB wrote), loaded through {@link DuckDbWarehouse#loadRaw} with the
 * raw schema core derives from an {@code originalTypeMappings} entry; the stored DuckDB type and
 * every value read back must be exactly the source's (a third row is NULL and must stay NULL).
 *
 * <p>One shape cannot be reproduced with DuckDB's writer: RDS writes BIGINT UNSIGNED as
 * FIXED_LEN_BYTE_ARRAY(9), DuckDB as FIXED_LEN_BYTE_ARRAY(16); both carry DECIMAL(20,0), which
 * is what the reader goes by.
 */
class RawTypeFidelityTest {
  @TempDir Path dir;
  private RdsParts parts;
  private DuckDbWarehouse warehouse;

  /**
   * @param written SQL expressions of the exported values, in the type RDS writes
   * @param readBack each value as the warehouse returns it: {@code CAST(v AS VARCHAR)}, or
   *     {@code hex(v)} for bytes
   */
  record Case(String name, String target, Column column, String shape, NaturalType natural, String stored,
      List<String> written, List<String> readBack) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static final String MYSQL = "app.t";
  private static final String POSTGRES = "app.public.t";

  static Stream<Case> cases() {
    return Stream.of(
        // ---------------------------------------------------------------- MySQL
        mysql("MySQL TINYINT", col("tinyint", "int32").precision(3, 0), "INT32", NaturalType.INT64, "BIGINT",
            typed("INTEGER", "-128", "127"), "-128", "127"),
        mysql("MySQL TINYINT(1) as boolean", col("tinyint", "int32").precision(1, 0), "INT32", NaturalType.BOOL, "BOOLEAN",
            typed("INTEGER", "0", "1"), "false", "true"),
        mysql("MySQL SMALLINT", col("smallint", "int32").precision(5, 0), "INT32", NaturalType.INT64, "BIGINT",
            typed("INTEGER", "-32768", "32767"), "-32768", "32767"),
        mysql("MySQL MEDIUMINT", col("mediumint", "int32").precision(7, 0), "INT32", NaturalType.INT64, "BIGINT",
            typed("INTEGER", "-8388608", "8388607"), "-8388608", "8388607"),
        mysql("MySQL INT", col("int", "int32").precision(10, 0), "INT32", NaturalType.INT64, "BIGINT",
            typed("INTEGER", "-2147483648", "2147483647"), "-2147483648", "2147483647"),
        mysql("MySQL INT UNSIGNED", col("int unsigned", "int64").precision(10, 0), "INT64", NaturalType.INT64, "BIGINT",
            typed("BIGINT", "0", "4294967295"), "0", "4294967295"),
        mysql("MySQL MEDIUMINT UNSIGNED", col("mediumint unsigned", "int64").precision(8, 0), "INT64", NaturalType.INT64,
            "BIGINT", typed("BIGINT", "0", "16777215"), "0", "16777215"),
        mysql("MySQL BIGINT", col("bigint", "int64").precision(19, 0), "INT64", NaturalType.INT64, "BIGINT",
            typed("BIGINT", "-9223372036854775808", "9223372036854775807"), "-9223372036854775808", "9223372036854775807"),
        mysql("MySQL BIGINT UNSIGNED", col("bigint unsigned", "fixed_len_byte_array(9)").precision(20, 0),
            "FIXED_LEN_BYTE_ARRAY DECIMAL(20,0)", NaturalType.NUMERIC, "DECIMAL(20,0)",
            typed("DECIMAL(20,0)", "18446744073709551615", "0"), "18446744073709551615", "0"),
        mysql("MySQL FLOAT", col("float", "double").precision(12, 0), "DOUBLE", NaturalType.FLOAT64, "DOUBLE",
            // a FLOAT is exported widened to DOUBLE: the float's exact binary value
            List.of("CAST(CAST(3.4028235e38 AS FLOAT) AS DOUBLE)", "CAST(CAST(1.1 AS FLOAT) AS DOUBLE)"),
            "3.4028234663852886e+38", "1.100000023841858"),
        mysql("MySQL DOUBLE", col("double", "double").precision(22, 0), "DOUBLE", NaturalType.FLOAT64, "DOUBLE",
            typed("DOUBLE", "1.7976931348623157e308", "-2.2250738585072014e-308"),
            "1.7976931348623157e+308", "-2.2250738585072014e-308"),
        mysql("MySQL DECIMAL(12,2)", col("decimal", "decimal(12,2)").precision(12, 2), "INT64 DECIMAL(12,2)",
            NaturalType.NUMERIC, "DECIMAL(12,2)", typed("DECIMAL(12,2)", "9999999999.99", "-0.01"), "9999999999.99", "-0.01"),
        mysql("MySQL DECIMAL(38,10)", col("decimal", "decimal(38,10)").precision(38, 10),
            "FIXED_LEN_BYTE_ARRAY DECIMAL(38,10)", NaturalType.BIGNUMERIC, "DECIMAL(38,10)",
            typed("DECIMAL(38,10)", "9999999999999999999999999999.9999999999", "-0.0000000001"),
            "9999999999999999999999999999.9999999999", "-0.0000000001"),
        // p > 38: RDS writes text, DuckDB cannot hold it as a decimal: kept exact as text.
        mysql("MySQL DECIMAL(65,30) over 38 digits", col("decimal", "string").precision(65, 30), "BYTE_ARRAY UTF8",
            NaturalType.BIGNUMERIC, "VARCHAR",
            strings("99999999999999999999999999999999999.999999999999999999999999999999", "-0.000000000000000000000000000001"),
            "99999999999999999999999999999999999.999999999999999999999999999999", "-0.000000000000000000000000000001"),
        // 65 integer digits: beyond BigQuery's BIGNUMERIC (38), so a STRING holding the exact text, on both warehouses.
        mysql("MySQL DECIMAL(65,0) beyond BIGNUMERIC as exact text", col("decimal", "string").precision(65, 0),
            "BYTE_ARRAY UTF8", NaturalType.STRING, "VARCHAR", strings("9".repeat(65), "-1"), "9".repeat(65), "-1"),
        mysql("MySQL CHAR non-ASCII", col("char", "binary").length(10), "BYTE_ARRAY", NaturalType.STRING, "VARCHAR",
            List.of("encode('Zürich')", "encode('日本語')"), "Zürich", "日本語"),
        mysql("MySQL VARCHAR", col("varchar", "binary (UTF8)").length(64), "BYTE_ARRAY UTF8", NaturalType.STRING, "VARCHAR",
            strings("O''Brien 🚀", ""), "O'Brien 🚀", ""),
        mysql("MySQL TEXT", col("text", "binary (UTF8)").length(65535), "BYTE_ARRAY UTF8", NaturalType.STRING, "VARCHAR",
            List.of("'line 1' || chr(10) || 'line 2'", "repeat('x', 10000)"), "line 1\nline 2", "x".repeat(10000)),
        mysql("MySQL ENUM", col("enum", "binary (UTF8)").length(8), "BYTE_ARRAY UTF8", NaturalType.STRING, "VARCHAR",
            strings("active", "closed"), "active", "closed"),
        mysql("MySQL SET", col("set", "binary (UTF8)").length(5), "BYTE_ARRAY UTF8", NaturalType.STRING, "VARCHAR",
            strings("a,c", ""), "a,c", ""),
        mysql("MySQL JSON", col("json", "binary (UTF8)"), "BYTE_ARRAY UTF8", NaturalType.JSON, "JSON",
            strings("{\"a\": [1, 2.5, \"x\"], \"b\": null}", "[]"), "{\"a\": [1, 2.5, \"x\"], \"b\": null}", "[]"),
        mysql("MySQL BINARY", col("binary", "binary").length(4), "BYTE_ARRAY", NaturalType.BYTES, "BLOB",
            blobs("\\x00\\x01\\xFE\\xFF", "\\x00\\x00\\x00\\x00"), "0001FEFF", "00000000"),
        mysql("MySQL VARBINARY", col("varbinary", "binary").length(16), "BYTE_ARRAY", NaturalType.BYTES, "BLOB",
            blobs("\\xDE\\xAD\\xBE\\xEF\\x00", ""), "DEADBEEF00", ""),
        mysql("MySQL BLOB", col("blob", "binary").length(65535), "BYTE_ARRAY", NaturalType.BYTES, "BLOB",
            blobs("\\xFF\\xFE\\x00 not UTF-8", "\\x80"), "FFFE00206E6F74205554462D38", "80"),
        mysql("MySQL BIT", col("bit", "binary").precision(8, 0), "BYTE_ARRAY", NaturalType.BYTES, "BLOB",
            blobs("\\x05", "\\xFF"), "05", "FF"),
        // MySQL's internal geometry: 4-byte SRID, then WKB (here POINT(1 2), SRID 0)
        mysql("MySQL geometry", col("geometry", "binary"), "BYTE_ARRAY", NaturalType.BYTES, "BLOB",
            blobs("\\x00\\x00\\x00\\x00\\x01\\x01\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\xF0\\x3F"
                + "\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x40", "\\x00"),
            "000000000101000000000000000000F03F0000000000000040", "00"),
        mysql("MySQL DATE", col("date", "binary (UTF8)"), "BYTE_ARRAY UTF8", NaturalType.DATE, "DATE",
            strings("2026-11-24", "1000-01-01"), "2026-11-24", "1000-01-01"),
        // MySQL's zero date is NULL, as MySQL's JDBC driver gives it (zeroDateTimeBehavior=convertToNull).
        mysql("MySQL DATE zero date as NULL", col("date", "binary (UTF8)"), "BYTE_ARRAY UTF8", NaturalType.DATE, "DATE",
            strings("0000-00-00", "0001-01-01"), null, "0001-01-01"),
        // RDS documents DATETIME as TIMESTAMP_MICROS; should an export write text, the zero datetime is NULL too.
        mysql("MySQL DATETIME zero as text", col("datetime", "binary (UTF8)"), "BYTE_ARRAY UTF8", NaturalType.DATETIME,
            "TIMESTAMP", strings("0000-00-00 00:00:00", "0000-00-00 00:00:00.000000", "2026-11-24 10:00:00.5"),
            null, null, "2026-11-24 10:00:00.5"),
        mysql("MySQL TIME midnight and last microsecond", col("time", "binary (UTF8)").fractionDigits(6),
            "BYTE_ARRAY UTF8", NaturalType.TIME, "TIME", strings("00:00:00", "23:59:59.999999"),
            "00:00:00", "23:59:59.999999"),
        mysql("MySQL DATETIME pre-1970", col("datetime", "int64 (TIMESTAMP_MICRO)").fractionDigits(6),
            "INT64 TIMESTAMP_MICROS", NaturalType.DATETIME, "TIMESTAMP",
            typed("TIMESTAMP", "'1969-07-20 20:17:40.123456'", "'1000-01-01 00:00:00'"),
            "1969-07-20 20:17:40.123456", "1000-01-01 00:00:00"),
        // Spark marks its timestamps isAdjustedToUTC: the wall-clock time must come back the same.
        mysql("MySQL DATETIME as UTC-adjusted timestamp", col("datetime", "int64 (TIMESTAMP_MICRO)").fractionDigits(6),
            "INT64 TIMESTAMP_MICROS", NaturalType.DATETIME, "TIMESTAMP",
            typed("TIMESTAMPTZ", "'1969-07-20 20:17:40.123456+00'", "'9999-12-31 23:59:59.999999+00'"),
            "1969-07-20 20:17:40.123456", "9999-12-31 23:59:59.999999"),
        mysql("MySQL TIMESTAMP", col("timestamp", "int64 (TIMESTAMP_MICRO)").fractionDigits(6), "INT64 TIMESTAMP_MICROS",
            NaturalType.TIMESTAMP, "TIMESTAMP WITH TIME ZONE",
            typed("TIMESTAMP", "'1970-01-01 00:00:01'", "'2038-01-19 03:14:07.999999'"),
            "1970-01-01 00:00:01+00", "2038-01-19 03:14:07.999999+00"),
        mysql("MySQL YEAR", col("year", "int32"), "INT32", NaturalType.INT64, "BIGINT",
            typed("INTEGER", "1901", "2155"), "1901", "2155"),

        // ---------------------------------------------------------------- PostgreSQL
        postgres("PostgreSQL smallint", col("smallint", "INT32"), "INT32", NaturalType.INT64, "BIGINT",
            typed("SMALLINT", "-32768", "32767"), "-32768", "32767"),
        postgres("PostgreSQL integer", col("integer", "INT32"), "INT32", NaturalType.INT64, "BIGINT",
            typed("INTEGER", "-2147483648", "2147483647"), "-2147483648", "2147483647"),
        postgres("PostgreSQL bigint", col("bigint", "INT64"), "INT64", NaturalType.INT64, "BIGINT",
            typed("BIGINT", "-9223372036854775808", "9223372036854775807"), "-9223372036854775808", "9223372036854775807"),
        postgres("PostgreSQL numeric(12,2)", col("numeric", "STRING").precision(12, 2), "BYTE_ARRAY UTF8",
            NaturalType.NUMERIC, "DECIMAL(12,2)", strings("9999999999.99", "-0.01"), "9999999999.99", "-0.01"),
        postgres("PostgreSQL decimal(40,20)", col("decimal", "STRING").precision(40, 20), "BYTE_ARRAY UTF8",
            NaturalType.BIGNUMERIC, "VARCHAR",
            strings("12345678901234567890.12345678901234567890", "-1.00000000000000000000"),
            "12345678901234567890.12345678901234567890", "-1.00000000000000000000"),
        // up to BIGNUMERIC's 38 integer and 38 fraction digits; more is refused (UnconvertibleValuesTest)
        postgres("PostgreSQL numeric unconstrained", col("numeric", "STRING"), "BYTE_ARRAY UTF8", NaturalType.BIGNUMERIC,
            "VARCHAR", strings("3.14159265358979323846264338327950288419", "-99999999999999999999999999999999999999",
                "-0.00001000"),
            "3.14159265358979323846264338327950288419", "-99999999999999999999999999999999999999", "-0.00001000"),
        // more than 38 integer digits: a STRING holding RDS's exact text (NaN included: nothing to convert)
        postgres("PostgreSQL numeric(80,0) as exact text", col("numeric", "STRING").precision(80, 0), "BYTE_ARRAY UTF8",
            NaturalType.STRING, "VARCHAR", strings("1" + "0".repeat(79), "NaN"), "1" + "0".repeat(79), "NaN"),
        // The text is the server's lc_monetary format; like BigQuery's conversion, keep digits, point and sign.
        postgres("PostgreSQL money", col("money", "STRING"), "BYTE_ARRAY UTF8", NaturalType.BIGNUMERIC, "VARCHAR",
            strings("$1,234.56", "-$0.99"), "1234.56", "-0.99"),
        postgres("PostgreSQL real", col("real", "FLOAT"), "FLOAT", NaturalType.FLOAT64, "DOUBLE",
            typed("FLOAT", "1.5", "3.4028235e38"), "1.5", "3.4028234663852886e+38"),
        postgres("PostgreSQL double precision", col("double precision", "DOUBLE"), "DOUBLE", NaturalType.FLOAT64, "DOUBLE",
            typed("DOUBLE", "1.7976931348623157e308", "5e-324"), "1.7976931348623157e+308", "5e-324"),
        postgres("PostgreSQL boolean", col("boolean", "BOOLEAN"), "BOOLEAN", NaturalType.BOOL, "BOOLEAN",
            typed("BOOLEAN", "true", "false"), "true", "false"),
        postgres("PostgreSQL char", col("character", "STRING").length(5), "BYTE_ARRAY UTF8", NaturalType.STRING,
            "VARCHAR", strings("ab   ", "Zürch"), "ab   ", "Zürch"),
        postgres("PostgreSQL varchar", col("character varying", "STRING").length(64), "BYTE_ARRAY UTF8",
            NaturalType.STRING, "VARCHAR", strings("Zürich 🚀", ""), "Zürich 🚀", ""),
        postgres("PostgreSQL text", col("text", "STRING"), "BYTE_ARRAY UTF8", NaturalType.STRING, "VARCHAR",
            List.of("'a' || chr(10) || 'b'", "repeat('y', 10000)"), "a\nb", "y".repeat(10000)),
        postgres("PostgreSQL bytea", col("bytea", "BINARY"), "BYTE_ARRAY", NaturalType.BYTES, "BLOB",
            blobs("\\x00\\xFF\\x10", ""), "00FF10", ""),
        postgres("PostgreSQL date", col("date", "STRING"), "BYTE_ARRAY UTF8", NaturalType.DATE, "DATE",
            strings("2026-11-24", "1900-02-28"), "2026-11-24", "1900-02-28"),
        postgres("PostgreSQL time", col("time without time zone", "STRING"), "BYTE_ARRAY UTF8", NaturalType.TIME, "TIME",
            strings("00:00:00", "23:59:59.999999"), "00:00:00", "23:59:59.999999"),
        // TIME has no zone: the offset is dropped (not exact), as BigQuery's conversion does.
        postgres("PostgreSQL time with time zone", col("time with time zone", "STRING"), "BYTE_ARRAY UTF8",
            NaturalType.TIME, "TIME", strings("13:45:01.5+02", "00:00:00-05"), "13:45:01.5", "00:00:00"),
        postgres("PostgreSQL timestamp", col("timestamp without time zone", "STRING"), "BYTE_ARRAY UTF8",
            NaturalType.DATETIME, "TIMESTAMP", strings("1969-07-20 20:17:40.123456", "2026-11-24 00:00:00"),
            "1969-07-20 20:17:40.123456", "2026-11-24 00:00:00"),
        postgres("PostgreSQL timestamptz", col("timestamp with time zone", "STRING"), "BYTE_ARRAY UTF8",
            NaturalType.TIMESTAMP, "TIMESTAMP WITH TIME ZONE",
            strings("2026-11-24 13:45:01.123456+00", "2026-11-24 15:45:01+02"),
            "2026-11-24 13:45:01.123456+00", "2026-11-24 13:45:01+00"),
        postgres("PostgreSQL interval", col("interval", "STRING"), "BYTE_ARRAY UTF8", NaturalType.INTERVAL, "INTERVAL",
            strings("1 year 2 mons 3 days 04:05:06.789", "-00:00:01"), "1 year 2 months 3 days 04:05:06.789", "-00:00:01"),
        postgres("PostgreSQL json", col("json", "STRING"), "BYTE_ARRAY UTF8", NaturalType.JSON, "JSON",
            strings("{\"a\": 1}", "null"), "{\"a\": 1}", "null"),
        postgres("PostgreSQL jsonb", col("jsonb", "STRING"), "BYTE_ARRAY UTF8", NaturalType.JSON, "JSON",
            strings("{\"a\": 1, \"b\": [true, null]}", "\"é\""), "{\"a\": 1, \"b\": [true, null]}", "\"é\""),
        postgres("PostgreSQL uuid", col("uuid", "STRING"), "BYTE_ARRAY UTF8", NaturalType.STRING, "VARCHAR",
            strings("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "00000000-0000-0000-0000-000000000000"),
            "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "00000000-0000-0000-0000-000000000000"),
        // An array's text is not JSON: it is kept whole as a JSON string, as BigQuery's TO_JSON does.
        postgres("PostgreSQL array", col("ARRAY", "STRING"), "BYTE_ARRAY UTF8", NaturalType.JSON, "JSON",
            strings("{1,2,3}", "{\"a b\",NULL}"), "\"{1,2,3}\"", "\"{\\\"a b\\\",NULL}\""),
        postgres("PostgreSQL enum", col("USER-DEFINED", "STRING"), "BYTE_ARRAY UTF8", NaturalType.STRING, "VARCHAR",
            strings("happy", "sad"), "happy", "sad"));
  }

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

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void everySourceTypeLoadsWithItsNaturalTypeAndExactValues(Case c) throws Exception {
    String rows = "";
    for (int i = 0; i < c.written().size(); i++) {
      rows += "(" + (i + 1) + ", " + c.written().get(i) + "), ";
    }
    Path file = parts.part("export-1", c.target(), 0,
        "SELECT * FROM (VALUES " + rows + "(" + (c.written().size() + 1) + ", NULL)) AS t(id, v)");
    assertThat(parts.shape(file, "v")).as("how RDS writes %s", c.name()).isEqualTo(c.shape());

    boolean mysql = c.target().equals(MYSQL);
    RawSchema schema = RdsParts.schema(c.target(), Column.of("id", mysql ? "int" : "integer", "int32"), c.column());
    RawColumn v = schema.column("v").orElseThrow();
    assertThat(v.type()).as("natural type").isEqualTo(c.natural());

    warehouse.loadRaw(RdsParts.load(c.target(), "2026-11-24", schema, List.of(file), "job-1"));

    ObjectId table = SourceTable.parseTarget(c.target()).rawTable("raw");
    assertThat(warehouse.columns(table)).containsEntry("v", c.stored());
    String read = c.stored().equals("BLOB") ? "hex(v)" : "CAST(v AS VARCHAR)";
    List<Object> back = warehouse.query("SELECT " + read + " AS v FROM " + DuckDbDialect.quote(table) + " ORDER BY id")
        .stream().map(r -> r.get("v")).collect(Collectors.toList());
    List<Object> expected = new ArrayList<>(c.readBack());
    expected.add(null);
    assertThat(back).isEqualTo(expected);
  }

  private static Column col(String originalType, String exportedType) {
    return Column.of("v", originalType, exportedType);
  }

  private static Case mysql(String name, Column column, String shape, NaturalType natural, String stored,
      List<String> written, String... readBack) {
    return new Case(name, MYSQL, column, shape, natural, stored, written, Arrays.asList(readBack));
  }

  private static Case postgres(String name, Column column, String shape, NaturalType natural, String stored,
      List<String> written, String... readBack) {
    return new Case(name, POSTGRES, column, shape, natural, stored, written, Arrays.asList(readBack));
  }

  private static List<String> typed(String duckType, String... literals) {
    return Stream.of(literals).map(l -> "CAST(" + l + " AS " + duckType + ")").toList();
  }

  /** SQL string literals; the argument is already SQL-escaped. */
  private static List<String> strings(String... values) {
    return Stream.of(values).map(v -> "'" + v + "'").toList();
  }

  /** BLOB literals in DuckDB's {@code \xNN} escape form. */
  private static List<String> blobs(String... escaped) {
    return Stream.of(escaped).map(v -> "CAST('" + v + "' AS BLOB)").toList();
  }
}
