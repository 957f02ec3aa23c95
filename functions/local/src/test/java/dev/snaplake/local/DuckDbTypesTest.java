package dev.snaplake.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snaplake.core.types.NaturalType;
import dev.snaplake.core.types.RawColumn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The stored DuckDB type and back: what schema evolution compares a new snapshot with. */
class DuckDbTypesTest {
  @ParameterizedTest(name = "{0}({1},{2}) is stored as {3}")
  @CsvSource({
    "STRING,0,0,VARCHAR", "BYTES,0,0,BLOB", "INT64,0,0,BIGINT", "FLOAT64,0,0,DOUBLE", "NUMERIC,12,2,'DECIMAL(12,2)'",
    "NUMERIC,20,0,'DECIMAL(20,0)'", "NUMERIC,38,9,'DECIMAL(38,9)'", "BIGNUMERIC,38,10,'DECIMAL(38,10)'",
    "BIGNUMERIC,65,30,VARCHAR", "BIGNUMERIC,0,0,VARCHAR", "BOOL,0,0,BOOLEAN", "DATE,0,0,DATE", "TIME,0,0,TIME",
    "DATETIME,0,0,TIMESTAMP", "TIMESTAMP,0,0,TIMESTAMPTZ", "JSON,0,0,JSON", "INTERVAL,0,0,INTERVAL"
  })
  void everyStoredTypeReadsBackAsTheNaturalTypeItWasStoredFor(NaturalType type, int p, int s, String duckType) {
    RawColumn c = new RawColumn("c", type, "", "", p, s);
    assertThat(DuckDbTypes.of(c)).isEqualTo(duckType);
    // information_schema spells TIMESTAMPTZ long-hand
    String spelled = duckType.equals("TIMESTAMPTZ") ? "TIMESTAMP WITH TIME ZONE" : duckType;

    RawColumn back = DuckDbTypes.natural("c", spelled, DuckDbTypes.marker(c).orElse(null)).orElseThrow();

    assertThat(back.type()).isEqualTo(type);
    assertThat(back.precision()).isEqualTo(p);
    assertThat(back.scale()).isEqualTo(s);
  }

  @Test
  void anUnparameterisedNumericIsStoredWithBigQuerysDefaultPrecision() {
    RawColumn back = DuckDbTypes.natural("c", "DECIMAL(38,9)", null).orElseThrow();
    assertThat(back.type()).isEqualTo(NaturalType.NUMERIC);
    assertThat(back.precision()).isEqualTo(38);
    assertThat(back.scale()).isEqualTo(9);
  }

  @Test
  void aVarcharWithoutTheMarkerIsAString() {
    assertThat(DuckDbTypes.natural("c", "VARCHAR", null).orElseThrow().type()).isEqualTo(NaturalType.STRING);
    assertThat(DuckDbTypes.natural("c", "VARCHAR", "a comment someone wrote").orElseThrow().type()).isEqualTo(NaturalType.STRING);
  }

  @Test
  void aTypeSnaplakeNeverCreatesHasNoNaturalType() {
    assertThat(DuckDbTypes.natural("c", "INTEGER", null)).isEmpty();
    assertThat(DuckDbTypes.natural("c", "STRUCT(a INTEGER)", null)).isEmpty();
  }
}
