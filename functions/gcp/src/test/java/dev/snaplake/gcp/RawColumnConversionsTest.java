package dev.snaplake.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snaplake.core.export.ColumnMapping;
import dev.snaplake.core.naming.InvalidNameException;
import dev.snaplake.core.types.NaturalType;
import dev.snaplake.core.types.RawColumn;
import dev.snaplake.core.types.RawSchema;
import dev.snaplake.core.types.SourceEngine;
import dev.snaplake.core.types.TypeMapping;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Natural types (from core's TypeMapping) against what a Parquet load of the RDS export yields. */
class RawColumnConversionsTest {
  @ParameterizedTest(name = "{0} {1} → {4}")
  @CsvSource(
      delimiter = '|',
      value = {
        "MYSQL      | char(2)             | 0  | 0  | SAFE_CAST(`c` AS STRING)",
        "MYSQL      | varchar(255)        | 0  | 0  | -",
        "MYSQL      | text                | 0  | 0  | -",
        "MYSQL      | enum('a','b')       | 0  | 0  | -",
        "MYSQL      | date                | 0  | 0  | IF(`c` = \"0000-00-00\", NULL, SAFE_CAST(`c` AS DATE))",
        "MYSQL      | time                | 0  | 0  | SAFE_CAST(`c` AS TIME)",
        "MYSQL      | datetime(6)         | 0  | 0  | DATETIME(`c`, \"UTC\")",
        "MYSQL      | timestamp           | 0  | 0  | -",
        "MYSQL      | json                | 0  | 0  | SAFE.PARSE_JSON(`c`)",
        "MYSQL      | tinyint(1)          | 1  | 0  | CAST(`c` AS BOOL)",
        "MYSQL      | tinyint(4)          | 4  | 0  | -",
        "MYSQL      | bigint              | 0  | 0  | -",
        "MYSQL      | bigint(20) unsigned | 20 | 0  | -",
        "MYSQL      | int unsigned        | 0  | 0  | -",
        "MYSQL      | decimal(12,2)       | 12 | 2  | -",
        "MYSQL      | decimal(38,10)      | 38 | 10 | -",
        "MYSQL      | decimal(40,10)      | 40 | 10 | IF(REGEXP_CONTAINS(`c`, r'^-?0*[0-9]{1,30}(\\.[0-9]{1,10}0*)?$'), SAFE_CAST(`c` AS BIGNUMERIC), NULL)",
        "MYSQL      | decimal(65,30)      | 65 | 30 | IF(REGEXP_CONTAINS(`c`, r'^-?0*[0-9]{1,35}(\\.[0-9]{1,30}0*)?$'), SAFE_CAST(`c` AS BIGNUMERIC), NULL)",
        "MYSQL      | decimal(65,0)       | 65 | 0  | -",
        "MYSQL      | datetime            | 0  | 0  | DATETIME(`c`, \"UTC\")",
        "MYSQL      | binary(16)          | 0  | 0  | -",
        "MYSQL      | blob                | 0  | 0  | -",
        "MYSQL      | year                | 0  | 0  | -",
        "MYSQL      | double              | 0  | 0  | -",
        "POSTGRESQL | integer             | 0  | 0  | -",
        "POSTGRESQL | boolean             | 0  | 0  | -",
        "POSTGRESQL | bytea               | 0  | 0  | -",
        "POSTGRESQL | character varying   | 0  | 0  | -",
        "POSTGRESQL | uuid                | 0  | 0  | -",
        "POSTGRESQL | date                | 0  | 0  | SAFE_CAST(`c` AS DATE)",
        "POSTGRESQL | timestamp without time zone | 0 | 0 | SAFE_CAST(`c` AS DATETIME)",
        "POSTGRESQL | timestamp with time zone    | 0 | 0 | SAFE_CAST(`c` AS TIMESTAMP)",
        "POSTGRESQL | time with time zone | 0  | 0  | SAFE_CAST(REGEXP_EXTRACT(`c`, r'^[0-9:.]+') AS TIME)",
        "POSTGRESQL | numeric(12,2)       | 12 | 2  | IF(REGEXP_CONTAINS(`c`, r'^-?0*[0-9]{1,10}(\\.[0-9]{1,2}0*)?$'), SAFE_CAST(`c` AS NUMERIC), NULL)",
        "POSTGRESQL | numeric             | 0  | 0  | IF(REGEXP_CONTAINS(`c`, r'^-?0*[0-9]{1,38}(\\.[0-9]{1,38}0*)?$'), SAFE_CAST(`c` AS BIGNUMERIC), NULL)",
        "POSTGRESQL | numeric(80,0)       | 80 | 0  | -",
        "POSTGRESQL | money               | 19 | 2  | IF(REGEXP_CONTAINS(REGEXP_REPLACE(`c`, r'[^0-9.-]', ''), r'^-?0*[0-9]{1,17}(\\.[0-9]{1,2}0*)?$'), SAFE_CAST(REGEXP_REPLACE(`c`, r'[^0-9.-]', '') AS NUMERIC), NULL)",
        "POSTGRESQL | jsonb               | 0  | 0  | SAFE.PARSE_JSON(`c`)",
        "POSTGRESQL | integer[]           | 0  | 0  | TO_JSON(`c`)",
        "POSTGRESQL | interval            | 0  | 0  | SAFE_CAST(`c` AS INTERVAL)",
      })
  void conversion(SourceEngine engine, String type, int precision, int scale, String expected) {
    RawColumn c = TypeMapping.naturalColumn(engine, new ColumnMapping("c", type, "", 0, precision, scale, 0));
    String actual = RawColumnConversions.conversion(engine, c).map(RawColumnConversions.Conversion::expression).orElse("-");
    assertThat(actual).isEqualTo(expected);
  }

  /** Every conversion that can give NULL for a non-NULL value is counted by the same expression. */
  @ParameterizedTest(name = "{0} {1}: {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "MYSQL      | char(2)                  | `c` IS NOT NULL AND SAFE_CAST(`c` AS STRING) IS NULL",
        "MYSQL      | time                     | `c` IS NOT NULL AND SAFE_CAST(`c` AS TIME) IS NULL",
        "MYSQL      | date                     | `c` IS NOT NULL AND NOT (`c` = \"0000-00-00\") AND SAFE_CAST(`c` AS DATE) IS NULL",
        "MYSQL      | json                     | `c` IS NOT NULL AND SAFE.PARSE_JSON(`c`) IS NULL",
        "POSTGRESQL | date                     | `c` IS NOT NULL AND SAFE_CAST(`c` AS DATE) IS NULL",
        "POSTGRESQL | interval                 | `c` IS NOT NULL AND SAFE_CAST(`c` AS INTERVAL) IS NULL",
        "POSTGRESQL | time with time zone      | `c` IS NOT NULL AND SAFE_CAST(REGEXP_EXTRACT(`c`, r'^[0-9:.]+') AS TIME) IS NULL",
        "MYSQL      | datetime(6)              | -",
        "MYSQL      | tinyint(1)               | -",
        "POSTGRESQL | integer[]                | -",
      })
  void refusedValues(SourceEngine engine, String type, String expected) {
    RawColumn c = TypeMapping.naturalColumn(engine, new ColumnMapping("c", type, "", 0, type.equals("tinyint(1)") ? 1 : 0, 0, 0));
    RawColumnConversions.Conversion conv = RawColumnConversions.conversion(engine, c).orElseThrow();
    assertThat(conv.canFail() ? conv.refused() : "-").isEqualTo(expected);
  }

  @Test
  void aMySqlDatetimeExportedAsTextHasItsZeroValueNull() {
    RawColumn c = TypeMapping.naturalColumn(SourceEngine.MYSQL, new ColumnMapping("c", "datetime", "binary (UTF8)", 0, 0, 0, 0));
    RawColumnConversions.Conversion conv = RawColumnConversions.conversion(SourceEngine.MYSQL, c).orElseThrow();
    assertThat(conv.expression()).isEqualTo(
        "IF(REGEXP_CONTAINS(`c`, r'^0000-00-00 00:00:00(\\.0+)?$'), NULL, SAFE_CAST(`c` AS DATETIME))");
    assertThat(conv.refused()).isEqualTo("`c` IS NOT NULL AND NOT (REGEXP_CONTAINS(`c`, r'^0000-00-00 00:00:00(\\.0+)?$'))"
        + " AND SAFE_CAST(`c` AS DATETIME) IS NULL");
  }

  @Test
  void withoutASourceTypeNothingIsConverted() {
    assertThat(RawColumnConversions.of(SourceEngine.MYSQL, new RawSchema(List.of(RawColumn.of("d", NaturalType.DATE))))).isEmpty();
  }

  @Test
  void columnNamesAreCheckedBeforeTheyReachSql() {
    RawSchema hostile = new RawSchema(List.of(new RawColumn("x` FROM t; --", NaturalType.DATE, "date", "", 0, 0)));
    assertThatThrownBy(() -> RawColumnConversions.select(SourceEngine.MYSQL, hostile, "`p.d.t`"))
        .isInstanceOf(InvalidNameException.class);
    assertThatThrownBy(() -> RawColumnConversions.emptySelect(hostile)).isInstanceOf(InvalidNameException.class);
  }
}
