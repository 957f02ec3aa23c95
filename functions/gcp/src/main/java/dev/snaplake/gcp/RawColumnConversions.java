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
 *
 * <p>Nothing is silently lost (docs/TYPES.md, "Values a conversion cannot convert"). Every
 * conversion that can fail is a {@code SAFE_} one whose NULL for a non-NULL source value would
 * lose it, so the same query counts those values per column ({@code COUNTIF(src IS NOT NULL AND
 * conversion IS NULL)}) and, if there is any, fails through {@code ERROR()} with a message naming
 * the column, the number of rows and an example: the partition is not written. The one value made
 * NULL on purpose is MySQL's zero date, matched exactly.
 */
final class RawColumnConversions {
  /**
   * A column whose load type differs from its natural type, and the converting expression.
   *
   * @param refused a condition TRUE for a source value the expression cannot convert (it would
   *     give NULL), or null when the conversion cannot fail
   */
  record Conversion(RawColumn column, NaturalType loadedAs, String expression, String refused) {
    boolean canFail() {
      return refused != null;
    }
  }

  /** MySQL's zero DATE, exactly as RDS writes it (text). */
  static final String MYSQL_ZERO_DATE = "0000-00-00";
  /** MySQL's zero DATETIME / TIMESTAMP as text, with or without a zero fraction. */
  static final String MYSQL_ZERO_DATETIME_PATTERN = "^0000-00-00 00:00:00(\\.0+)?$";
  /** How many characters (bytes for BYTES) of an example value a message shows. */
  static final int EXAMPLE_LENGTH = 100;
  /** Starts the message of a conversion that found values it cannot convert. */
  static final String UNCONVERTIBLE = "snaplake: values that cannot be converted, so nothing was loaded: ";
  static final String WHAT_TO_DO = ". Correct these values in the source database, or leave the table out of the"
      + " export, then export the snapshot again: snaplake never stores a value it cannot convert as NULL";

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
    return Optional.of(convert(engine, c, loaded));
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
      // TIMESTAMP_MICROS as RDS documents it; should an export say text, the text is converted
      case "datetime", "timestamp" -> exportedAsText(c) ? NaturalType.STRING : NaturalType.TIMESTAMP;
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

  private static boolean exportedAsText(RawColumn c) {
    String e = c.exportedType().toLowerCase(java.util.Locale.ROOT);
    return e.contains("utf8") || e.contains("string");
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

  private static Conversion convert(SourceEngine engine, RawColumn c, NaturalType loaded) {
    String col = BigQuerySql.column(c.name());
    String t = TypeMapping.baseType(c.sourceType());
    NaturalType target = c.type();
    boolean mysql = engine == SourceEngine.MYSQL;
    if (loaded == NaturalType.BYTES && target == NaturalType.STRING) {
      // CAST, unlike SAFE_CONVERT_BYTES_TO_STRING (which puts U+FFFD in), refuses bytes that are not UTF-8
      return fallible(c, loaded, "SAFE_CAST(" + col + " AS STRING)", null);
    }
    if (loaded == NaturalType.BYTES) {
      return fallible(c, loaded, "SAFE_CAST(SAFE_CAST(" + col + " AS STRING) AS " + target.sqlName() + ")", null);
    }
    if (loaded == NaturalType.TIMESTAMP && target == NaturalType.DATETIME) {
      return new Conversion(c, loaded, "DATETIME(" + col + ", \"UTC\")", null);
    }
    if (loaded == NaturalType.INT64 && target == NaturalType.BOOL) {
      return new Conversion(c, loaded, "CAST(" + col + " AS BOOL)", null);
    }
    if (loaded == NaturalType.STRING && target == NaturalType.JSON) {
      boolean pgArray = engine == SourceEngine.POSTGRESQL && (t.endsWith("[]") || t.startsWith("_") || t.equals("array"));
      // A PostgreSQL array's text ({1,2}) is not JSON: keep it, losslessly, as a JSON string.
      return pgArray
          ? new Conversion(c, loaded, "TO_JSON(" + col + ")", null)
          : fallible(c, loaded, "SAFE.PARSE_JSON(" + col + ")", null);
    }
    if (loaded == NaturalType.STRING && (target == NaturalType.NUMERIC || target == NaturalType.BIGNUMERIC)) {
      String text = engine == SourceEngine.POSTGRESQL && t.equals("money")
          ? "REGEXP_REPLACE(" + col + ", r'[^0-9.-]', '')" // '-$1,234.56' (lc_monetary en_US): digits, point, sign
          : col;
      return fallible(c, loaded, "IF(REGEXP_CONTAINS(" + text + ", r'^" + TypeMapping.exactDecimalPattern(c) + "$'), SAFE_CAST("
          + text + " AS " + target.sqlName() + "), NULL)", null);
    }
    if (loaded == NaturalType.STRING && target == NaturalType.TIME
        && (t.equals("time with time zone") || t.equals("timetz"))) {
      return fallible(c, loaded, "SAFE_CAST(REGEXP_EXTRACT(" + col + ", r'^[0-9:.]+') AS TIME)", null);
    }
    String zero = null;
    if (mysql && loaded == NaturalType.STRING && target == NaturalType.DATE) {
      zero = col + " = " + BigQuerySql.string(MYSQL_ZERO_DATE);
    } else if (mysql && loaded == NaturalType.STRING
        && (target == NaturalType.DATETIME || target == NaturalType.TIMESTAMP)) {
      zero = "REGEXP_CONTAINS(" + col + ", r'" + MYSQL_ZERO_DATETIME_PATTERN + "')";
    }
    return fallible(c, loaded, "SAFE_CAST(" + col + " AS " + target.sqlName() + ")", zero);
  }

  /**
   * A conversion that may fail. {@code zero}, when not null, matches the one source value made
   * NULL on purpose (MySQL's zero date): {@code IF(zero, NULL, convert)}.
   */
  private static Conversion fallible(RawColumn c, NaturalType loaded, String convert, String zero) {
    String col = BigQuerySql.column(c.name());
    String expression = zero == null ? convert : "IF(" + zero + ", NULL, " + convert + ")";
    String refused = col + " IS NOT NULL" + (zero == null ? "" : " AND NOT (" + zero + ")") + " AND " + convert + " IS NULL";
    return new Conversion(c, loaded, expression, refused);
  }

  /**
   * {@code SELECT a, SAFE_CAST(`d` AS DATE) AS `d`, … FROM staging}: every column of the schema in
   * order, converted where needed (and checked, see {@link #select(SourceEngine, RawSchema, String, Map)}).
   */
  static String select(SourceEngine engine, RawSchema schema, String fromTable) {
    return select(engine, schema, fromTable, Map.of());
  }

  /**
   * As {@link #select(SourceEngine, RawSchema, String)}, with the columns of {@code tableTypes}
   * (name → the raw table's type, where it differs from the snapshot's: see RawTableEvolution)
   * cast to the table's type, which a partition write requires.
   *
   * <p>When a conversion can fail, the query first counts per such column the values it cannot
   * convert, with the smallest of them as an example, in a one-row {@code unconvertible} CTE; the
   * {@code WHERE} then passes every row when all counts are 0 and otherwise raises {@code ERROR}
   * with the message (so the query fails and the partition is not written). The CTE reads only
   * columns the SELECT reads anyway, in the same query job.
   */
  static String select(SourceEngine engine, RawSchema schema, String fromTable, Map<String, NaturalType> tableTypes) {
    List<Conversion> checked = new ArrayList<>();
    StringBuilder body = new StringBuilder("SELECT\n");
    List<RawColumn> cols = schema.columns();
    for (int i = 0; i < cols.size(); i++) {
      RawColumn c = cols.get(i);
      String col = BigQuerySql.column(c.name());
      Optional<Conversion> conv = conversion(engine, c);
      conv.filter(Conversion::canFail).ifPresent(checked::add);
      String expr = conv.map(Conversion::expression).orElse(col);
      NaturalType tableType = tableTypes.get(c.name());
      if (tableType != null && tableType != c.type()) {
        expr = "CAST(" + expr + " AS " + tableType.sqlName() + ")";
      }
      body.append("  ").append(expr);
      if (!expr.equals(col)) {
        body.append(" AS ").append(col);
      }
      body.append(i + 1 < cols.size() ? ",\n" : "\n");
    }
    body.append("FROM ").append(fromTable);
    if (checked.isEmpty()) {
      return body.toString();
    }
    StringBuilder sql = new StringBuilder("WITH unconvertible AS (\n  SELECT\n");
    for (int i = 0; i < checked.size(); i++) {
      sql.append("    COUNTIF(r").append(i).append(") AS n").append(i).append(", MIN(IF(r").append(i).append(", v")
          .append(i).append(", NULL)) AS e").append(i).append(i + 1 < checked.size() ? ",\n" : "\n");
    }
    sql.append("  FROM (\n    SELECT\n");
    for (int i = 0; i < checked.size(); i++) {
      Conversion k = checked.get(i);
      sql.append("      ").append(BigQuerySql.column(k.column().name())).append(" AS v").append(i).append(", ")
          .append(k.refused()).append(" AS r").append(i).append(i + 1 < checked.size() ? ",\n" : "\n");
    }
    sql.append("    FROM ").append(fromTable).append(")\n)\n").append(body).append("\nWHERE (SELECT IF(");
    for (int i = 0; i < checked.size(); i++) {
      sql.append(i == 0 ? "" : " + ").append("n").append(i);
    }
    sql.append(" = 0, TRUE, ERROR(CONCAT(").append(BigQuerySql.string(UNCONVERTIBLE)).append(", ARRAY_TO_STRING([");
    for (int i = 0; i < checked.size(); i++) {
      Conversion k = checked.get(i);
      sql.append(i == 0 ? "" : ", ").append("IF(n").append(i).append(" = 0, NULL, CONCAT(")
          .append(BigQuerySql.string("column " + k.column().name() + " (source type " + k.column().sourceType() + "): "))
          .append(", IF(n").append(i).append(" = 1, \"1 row\", FORMAT(\"%d rows\", n").append(i).append(")), ")
          .append(BigQuerySql.string(" cannot be converted to " + typeName(k.column()) + ", e.g. "))
          .append(", FORMAT(\"%T\", LEFT(e").append(i).append(", ").append(EXAMPLE_LENGTH).append(")), IF(LENGTH(e")
          .append(i).append(") > ").append(EXAMPLE_LENGTH).append(", \"…\", \"\")))");
    }
    sql.append("], \"; \"), ").append(BigQuerySql.string(WHAT_TO_DO)).append("))) FROM unconvertible)");
    return sql.toString();
  }

  /** {@code DATE}, {@code NUMERIC(12,2)}: the natural type a message names. */
  static String typeName(RawColumn c) {
    boolean decimal = c.type() == NaturalType.NUMERIC || c.type() == NaturalType.BIGNUMERIC;
    return c.type().sqlName() + (decimal && c.precision() > 0 ? "(" + c.precision() + "," + c.scale() + ")" : "");
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
