package dev.snaplake.compiler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ColumnTypeTest {
  @Test
  void readsGoogleSqlTypesWithBigQueryAliasesAndParameters() {
    assertThat(ColumnType.parse("integer").sql()).isEqualTo("INT64");
    assertThat(ColumnType.parse("FLOAT").sql()).isEqualTo("FLOAT64");
    assertThat(ColumnType.parse("Boolean").sql()).isEqualTo("BOOL");
    assertThat(ColumnType.parse("NUMERIC(10, 2)").sql()).isEqualTo("NUMERIC");
    assertThat(ColumnType.parse("BIGDECIMAL").sql()).isEqualTo("BIGNUMERIC");
    assertThat(ColumnType.parse(" ARRAY < STRUCT<a INT64, `select` STRING(10), ARRAY<DATE>> > ").sql())
        .isEqualTo("ARRAY<STRUCT<a INT64, select STRING, ARRAY<DATE>>>");
    assertThat(ColumnType.parse("STRUCT<date DATE, r RANGE<DATE>>").sql()).isEqualTo("STRUCT<date DATE, r RANGE<DATE>>");
  }

  @Test
  void refusesWhatBigQueryRefuses() {
    assertThatThrownBy(() -> ColumnType.parse("VARCHAR")).hasMessage("unknown type VARCHAR");
    assertThatThrownBy(() -> ColumnType.parse("ARRAY<ARRAY<INT64>>")).hasMessageContaining("no arrays of arrays");
    assertThatThrownBy(() -> ColumnType.parse("STRUCT<a INT64")).hasMessageContaining("expected '>'");
    assertThatThrownBy(() -> ColumnType.parse("INT64 INT64")).hasMessageContaining("unexpected 'INT64' after the type");
    assertThatThrownBy(() -> ColumnType.parse("")).hasMessageContaining("expected a type");
  }
}
