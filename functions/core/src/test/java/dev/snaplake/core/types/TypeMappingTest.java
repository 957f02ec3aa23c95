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
    // more than 38 integer digits: BIGNUMERIC cannot hold them, the exact text is kept
    "decimal,65,30,BIGNUMERIC", "decimal,68,30,BIGNUMERIC", "decimal,39,0,STRING", "decimal,65,0,STRING",
    "decimal,65,26,STRING", "'DECIMAL(65,0) UNSIGNED',65,0,STRING",
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

  @ParameterizedTest(name = "PostgreSQL {0}({1},{2}) -> {3}")
  @CsvSource({
    "numeric,12,2,NUMERIC", "numeric,40,20,BIGNUMERIC", "numeric,76,38,BIGNUMERIC", "numeric,80,0,STRING",
    "decimal,1000,961,STRING", "numeric,0,0,BIGNUMERIC"
  })
  void postgresNumerics(String type, int precision, int scale, NaturalType expected) {
    ColumnMapping m = new ColumnMapping("c", type, "x", 0, precision, scale, 0);
    RawColumn c = TypeMapping.naturalColumn(SourceEngine.POSTGRESQL, m);
    assertThat(c.type()).isEqualTo(expected);
    assertThat(TypeMapping.isDecimalText(c)).isEqualTo(expected == NaturalType.STRING);
    assertThat(c.precision()).isEqualTo(precision); // kept: the text's declared precision and scale
  }

  /** How ColumnEvolution classifies a change to or from a decimal kept as text. */
  @ParameterizedTest(name = "DECIMAL({0},{1}) then DECIMAL({2},{3}): {4}")
  @CsvSource({
    "65,0,70,0,SAME", "65,0,65,10,SAME", "65,0,65,30,INCOMPATIBLE", "65,30,65,0,INCOMPATIBLE",
    "12,2,65,0,INCOMPATIBLE", "65,0,12,2,INCOMPATIBLE"
  })
  void decimalsKeptAsTextEvolveAsStrings(int p1, int s1, int p2, int s2, ColumnEvolution.Kind kind) {
    RawColumn stored = TypeMapping.naturalColumn(SourceEngine.MYSQL,
        new ColumnMapping("c", "decimal(" + p1 + "," + s1 + ")", "x", 0, p1, s1, 0));
    RawColumn incoming = TypeMapping.naturalColumn(SourceEngine.MYSQL,
        new ColumnMapping("c", "decimal(" + p2 + "," + s2 + ")", "x", 0, p2, s2, 0));
    assertThat(ColumnEvolution.of(stored, incoming).kind()).isEqualTo(kind);
  }

  /** Decimal text a conversion takes as exact; anything else fails the load on both warehouses. */
  @ParameterizedTest(name = "{0}({1},{2}) text {3}: {4}")
  @CsvSource({
    "NUMERIC,12,2,9999999999.99,true", "NUMERIC,12,2,-0.01,true", "NUMERIC,12,2,007.50,true",
    "NUMERIC,12,2,1.500000,true", "NUMERIC,12,2,99999999999.99,false", "NUMERIC,12,2,1.234,false",
    "NUMERIC,12,2,NaN,false", "NUMERIC,12,2,1e5,false", "NUMERIC,12,2,'',false", "NUMERIC,12,2,1.234.56,false",
    "NUMERIC,12,2,-,false", "NUMERIC,5,5,0.12345,true", "NUMERIC,5,5,1.0,false", "NUMERIC,20,0,18446744073709551615,true",
    "NUMERIC,20,0,1.0,true", "NUMERIC,20,0,1.5,false",
    "BIGNUMERIC,0,0,3.14159265358979323846264338327950288419,true",
    "BIGNUMERIC,0,0,3.141592653589793238462643383279502884197,false",
    "BIGNUMERIC,0,0,99999999999999999999999999999999999999,true",
    "BIGNUMERIC,0,0,100000000000000000000000000000000000000,false",
    "BIGNUMERIC,0,0,Infinity,false", "BIGNUMERIC,0,0,-Infinity,false",
    "BIGNUMERIC,65,30,99999999999999999999999999999999999.999999999999999999999999999999,true",
    "BIGNUMERIC,50,45,1.00000000000000000000000000000000000000100000,false"
  })
  void exactDecimalText(NaturalType type, int p, int s, String text, boolean exact) {
    RawColumn c = new RawColumn("c", type, "numeric", "", p, s);
    assertThat(text.matches(TypeMapping.exactDecimalPattern(c))).isEqualTo(exact);
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
