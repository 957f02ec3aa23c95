package dev.snaplake.core.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snaplake.core.export.ColumnMapping;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TypeMappingTest {
  @ParameterizedTest(name = "MySQL {0}({1},{2}) -> {3}")
  @CsvSource({
    "bigint unsigned,20,0,NUMERIC", "bigint,19,0,INT64", "int unsigned,10,0,INT64", "tinyint,1,0,BOOL",
    "tinyint,4,0,INT64", "smallint,5,0,INT64", "year,0,0,INT64", "float,0,0,FLOAT64", "double,0,0,FLOAT64",
    "decimal,12,2,NUMERIC", "decimal,38,9,NUMERIC", "decimal,38,20,BIGNUMERIC", "decimal,40,10,BIGNUMERIC",
    "char,0,0,STRING", "varchar,0,0,STRING", "text,0,0,STRING", "enum,0,0,STRING", "set,0,0,STRING",
    "json,0,0,JSON", "binary,0,0,BYTES", "varbinary,0,0,BYTES", "blob,0,0,BYTES", "bit,0,0,BYTES",
    "geometry,0,0,BYTES", "date,0,0,DATE", "time,0,0,TIME", "datetime,0,0,DATETIME", "timestamp,0,0,TIMESTAMP",
    "'VARCHAR(255)',0,0,STRING", "'BIGINT(20) UNSIGNED',20,0,NUMERIC"
  })
  void mysql(String type, int precision, int scale, NaturalType expected) {
    ColumnMapping m = new ColumnMapping("c", type, "x", 0, precision, scale, 0);
    assertThat(TypeMapping.naturalColumn(SourceEngine.MYSQL, m).type()).isEqualTo(expected);
  }

  @ParameterizedTest(name = "PostgreSQL {0} -> {1}")
  @CsvSource({
    "integer,INT64", "bigint,INT64", "numeric,BIGNUMERIC", "money,BIGNUMERIC", "boolean,BOOL", "uuid,STRING",
    "text,STRING", "jsonb,JSON", "json,JSON", "bytea,BYTES", "date,DATE", "time without time zone,TIME",
    "timestamp without time zone,DATETIME", "timestamp with time zone,TIMESTAMP", "interval,INTERVAL",
    "integer[],JSON", "_text,JSON", "double precision,FLOAT64"
  })
  void postgres(String type, NaturalType expected) {
    ColumnMapping m = new ColumnMapping("c", type, "x", 0, 0, 0, 0);
    assertThat(TypeMapping.naturalColumn(SourceEngine.POSTGRESQL, m).type()).isEqualTo(expected);
  }

  @org.junit.jupiter.api.Test
  void baseTypesDropParametersAndZerofillButKeepWhatFollows() {
    assertThat(TypeMapping.baseType("BIGINT(20) UNSIGNED")).isEqualTo("bigint unsigned");
    assertThat(TypeMapping.baseType("int(10) unsigned zerofill")).isEqualTo("int unsigned");
    assertThat(TypeMapping.baseType("timestamp(3) with time zone")).isEqualTo("timestamp with time zone");
    assertThat(TypeMapping.baseType(" character  varying(20) ")).isEqualTo("character varying");
  }

  @ParameterizedTest
  @CsvSource({"MYSQL,'polygonz'", "POSTGRESQL,'tsvector'", "MYSQL,''"})
  void unknownTypesAreAClearError(SourceEngine engine, String type) {
    assertThatThrownBy(() -> TypeMapping.naturalColumn(engine, new ColumnMapping("col_x", type, "binary", 0, 0, 0, 0)))
        .isInstanceOf(UnsupportedTypeException.class).hasMessageContaining("col_x").hasMessageContaining("no known mapping");
  }
}
