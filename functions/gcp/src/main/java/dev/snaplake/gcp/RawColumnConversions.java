package dev.snaplake.gcp;

import dev.snaplake.core.types.NaturalType;
import dev.snaplake.core.types.RawColumn;
import dev.snaplake.core.types.RawSchema;
import dev.snaplake.core.types.SourceEngine;
import dev.snaplake.core.types.TypeMapping;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which raw columns a plain Parquet load cannot give their natural type, and the SQL expression
 * that does. RDS writes CHAR as un-annotated bytes, DATE/TIME as text, DATETIME as
 * TIMESTAMP_MICROS, JSON as text and TINYINT(1) as INT32 (MySQL); PostgreSQL writes nearly every
 * non-numeric type as text. Those columns go through a staging table and one SELECT.
 */
final class RawColumnConversions {
  /** A column whose load type differs from its natural type, and the converting expression. */
  record Conversion(RawColumn column, NaturalType loadedAs, String expression) {}

  private RawColumnConversions() {}

  static List<Conversion> of(SourceEngine engine, RawSchema schema) {
    List<Conversion> out = new ArrayList<>();
    for (RawColumn c : schema.columns()) {
      conversion(engine, c).ifPresent(out::add);
    }
    return out;
  }

  static Optional<Conversion> conversion(SourceEngine engine, RawColumn c) {
    NaturalType loaded = loadedType(engine, c);
    if (loaded == c.type()) {
      return Optional.empty();
    }
    return Optional.of(new Conversion(c, loaded, expression(engine, c, loaded)));
  }

  /** What a Parquet load (decimalTargetTypes NUMERIC, BIGNUMERIC, STRING) makes of the column. */
  static NaturalType loadedType(SourceEngine engine, RawColumn c) {
    String t = TypeMapping.baseType(c.sourceType());
    if (t.isEmpty()) {
      return c.type(); // nothing known about the source: trust the natural type
    }
    return engine == SourceEngine.POSTGRESQL ? postgres(t, c) : mysql(t, c);
  }

  private static NaturalType mysql(String t, RawColumn c) {
    return switch (t) {
      case "char", "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob", "bit", "geometry",
          "point", "linestring", "polygon", "multipoint", "multilinestring", "multipolygon",
          "geometrycollection" -> NaturalType.BYTES;
      case "datetime", "timestamp" -> NaturalType.TIMESTAMP;
      case "date", "time", "json" -> NaturalType.STRING;
      case "tinyint", "smallint", "mediumint", "int", "integer", "bigint", "year", "bool", "boolean",
          "tinyint unsigned", "smallint unsigned", "mediumint unsigned", "int unsigned", "integer unsigned" ->
          NaturalType.INT64;
      case "bigint unsigned" -> NaturalType.NUMERIC; // FIXED_LEN_BYTE_ARRAY(9) DECIMAL(20,0) fits NUMERIC
      case "decimal", "numeric", "decimal unsigned", "numeric unsigned" ->
          c.precision() > 38 ? NaturalType.STRING : c.type();
      case "float", "double", "real", "double precision" -> NaturalType.FLOAT64;
      default -> c.type(); // varchar, text, enum, set: annotated strings
    };
  }

  private static NaturalType postgres(String t, RawColumn c) {
    return switch (t) {
      case "smallint", "integer", "int", "int2", "int4", "int8", "bigint", "smallserial", "serial", "bigserial" ->
          NaturalType.INT64;
      case "real", "double precision", "float4", "float8" -> NaturalType.FLOAT64;
      case "bytea" -> NaturalType.BYTES;
      case "boolean", "bool" -> NaturalType.BOOL;
      default -> NaturalType.STRING;
    };
  }

  private static String expression(SourceEngine engine, RawColumn c, NaturalType loaded) {
    String col = BigQuerySql.column(c.name());
    String t = TypeMapping.baseType(c.sourceType());
    NaturalType target = c.type();
    if (loaded == NaturalType.BYTES && target == NaturalType.STRING) {
      return "SAFE_CONVERT_BYTES_TO_STRING(" + col + ")";
    }
    if (loaded == NaturalType.BYTES) {
      return "SAFE_CAST(SAFE_CONVERT_BYTES_TO_STRING(" + col + ") AS " + target.sqlName() + ")";
    }
    if (loaded == NaturalType.TIMESTAMP && target == NaturalType.DATETIME) {
      return "DATETIME(" + col + ", \"UTC\")";
    }
    if (loaded == NaturalType.INT64 && target == NaturalType.BOOL) {
      return "CAST(" + col + " AS BOOL)";
    }
    if (loaded == NaturalType.STRING && target == NaturalType.JSON) {
      boolean pgArray = engine == SourceEngine.POSTGRESQL && (t.endsWith("[]") || t.startsWith("_") || t.equals("array"));
      // A PostgreSQL array's text ({1,2}) is not JSON: keep it, losslessly, as a JSON string.
      return pgArray ? "TO_JSON(" + col + ")" : "PARSE_JSON(" + col + ")";
    }
    if (loaded == NaturalType.STRING && engine == SourceEngine.POSTGRESQL && t.equals("money")) {
      return "SAFE_CAST(REGEXP_REPLACE(" + col + ", r'[^0-9.-]', '') AS " + target.sqlName() + ")";
    }
    if (loaded == NaturalType.STRING && target == NaturalType.TIME
        && (t.equals("time with time zone") || t.equals("timetz"))) {
      return "SAFE_CAST(REGEXP_EXTRACT(" + col + ", r'^[0-9:.]+') AS TIME)";
    }
    return "SAFE_CAST(" + col + " AS " + target.sqlName() + ")";
  }

  /**
   * {@code SELECT a, SAFE_CAST(`d` AS DATE) AS `d`, … FROM staging}: every column of the schema in
   * order, converted where needed.
   */
  static String select(SourceEngine engine, RawSchema schema, String fromTable) {
    return select(engine, schema, fromTable, Map.of());
  }

  /**
   * As {@link #select(SourceEngine, RawSchema, String)}, with the columns of {@code tableTypes}
   * (name → the raw table's type, where it differs from the snapshot's: see RawTableEvolution)
   * cast to the table's type, which a partition write requires.
   */
  static String select(SourceEngine engine, RawSchema schema, String fromTable, Map<String, NaturalType> tableTypes) {
    StringBuilder sql = new StringBuilder("SELECT\n");
    List<RawColumn> cols = schema.columns();
    for (int i = 0; i < cols.size(); i++) {
      RawColumn c = cols.get(i);
      String col = BigQuerySql.column(c.name());
      Optional<Conversion> conv = conversion(engine, c);
      String expr = conv.map(Conversion::expression).orElse(col);
      NaturalType tableType = tableTypes.get(c.name());
      if (tableType != null && tableType != c.type()) {
        expr = "CAST(" + expr + " AS " + tableType.sqlName() + ")";
      }
      sql.append("  ").append(expr);
      if (!expr.equals(col)) {
        sql.append(" AS ").append(col);
      }
      sql.append(i + 1 < cols.size() ? ",\n" : "\n");
    }
    return sql.append("FROM ").append(fromTable).toString();
  }

  /** {@code SELECT CAST(NULL AS T) AS c, … LIMIT 0}: an empty result with the natural schema. */
  static String emptySelect(RawSchema schema) {
    return emptySelect(schema, Map.of());
  }

  /** An empty result with the natural schema, or the table's type where {@code tableTypes} says. */
  static String emptySelect(RawSchema schema, Map<String, NaturalType> tableTypes) {
    StringBuilder sql = new StringBuilder("SELECT ");
    List<RawColumn> cols = schema.columns();
    for (int i = 0; i < cols.size(); i++) {
      RawColumn c = cols.get(i);
      NaturalType type = tableTypes.getOrDefault(c.name(), c.type());
      sql.append("CAST(NULL AS ").append(type.sqlName()).append(") AS ").append(BigQuerySql.column(c.name()));
      sql.append(i + 1 < cols.size() ? ", " : "");
    }
    return sql.append(" LIMIT 0").toString();
  }
}
