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
        "MYSQL      | char(2)             | 0  | 0  | SAFE_CONVERT_BYTES_TO_STRING(`c`)",
        "MYSQL      | varchar(255)        | 0  | 0  | -",
        "MYSQL      | text                | 0  | 0  | -",
        "MYSQL      | enum('a','b')       | 0  | 0  | -",
        "MYSQL      | date                | 0  | 0  | SAFE_CAST(`c` AS DATE)",
        "MYSQL      | time                | 0  | 0  | SAFE_CAST(`c` AS TIME)",
        "MYSQL      | datetime(6)         | 0  | 0  | DATETIME(`c`, \"UTC\")",
        "MYSQL      | timestamp           | 0  | 0  | -",
        "MYSQL      | json                | 0  | 0  | PARSE_JSON(`c`)",
        "MYSQL      | tinyint(1)          | 1  | 0  | CAST(`c` AS BOOL)",
        "MYSQL      | tinyint(4)          | 4  | 0  | -",
        "MYSQL      | bigint              | 0  | 0  | -",
        "MYSQL      | bigint(20) unsigned | 20 | 0  | -",
        "MYSQL      | int unsigned        | 0  | 0  | -",
        "MYSQL      | decimal(12,2)       | 12 | 2  | -",
        "MYSQL      | decimal(38,10)      | 38 | 10 | -",
        "MYSQL      | decimal(40,10)      | 40 | 10 | SAFE_CAST(`c` AS BIGNUMERIC)",
        "MYSQL      | decimal(65,30)      | 65 | 30 | SAFE_CAST(`c` AS BIGNUMERIC)",
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
        "POSTGRESQL | numeric(12,2)       | 12 | 2  | SAFE_CAST(`c` AS NUMERIC)",
        "POSTGRESQL | numeric             | 0  | 0  | SAFE_CAST(`c` AS BIGNUMERIC)",
        "POSTGRESQL | money               | 19 | 2  | SAFE_CAST(REGEXP_REPLACE(`c`, r'[^0-9.-]', '') AS NUMERIC)",
        "POSTGRESQL | jsonb               | 0  | 0  | PARSE_JSON(`c`)",
        "POSTGRESQL | integer[]           | 0  | 0  | TO_JSON(`c`)",
        "POSTGRESQL | interval            | 0  | 0  | SAFE_CAST(`c` AS INTERVAL)",
      })
  void conversion(SourceEngine engine, String type, int precision, int scale, String expected) {
    RawColumn c = TypeMapping.naturalColumn(engine, new ColumnMapping("c", type, "", 0, precision, scale, 0));
    String actual = RawColumnConversions.conversion(engine, c).map(RawColumnConversions.Conversion::expression).orElse("-");
    assertThat(actual).isEqualTo(expected);
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
