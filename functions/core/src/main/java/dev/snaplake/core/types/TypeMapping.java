package dev.snaplake.core.types;

import dev.snaplake.core.export.ColumnMapping;
import java.util.Locale;

/**
 * Restores the natural BigQuery type of a source column from the export's
 * {@code originalTypeMappings}. The Parquet files alone lose it (CHAR as bytes, DATE as text).
 */
public final class TypeMapping {
  private TypeMapping() {}

  public static RawColumn naturalColumn(SourceEngine engine, ColumnMapping m) {
    String original = baseType(m.originalType());
    NaturalType type =
        engine == SourceEngine.POSTGRESQL ? postgres(original, m) : mysql(original, m);
    return new RawColumn(
        m.columnName(), type, m.originalType(), m.expectedExportedType(), m.numPrecision(), m.numScale());
  }

  /**
   * A source type name without its parameters, lower case: {@code DECIMAL(10,2) UNSIGNED ZEROFILL}
   * is {@code decimal unsigned}, {@code timestamp(6) with time zone} is
   * {@code timestamp with time zone}. What follows the parameters is kept, {@code zerofill} dropped.
   */
  public static String baseType(String sourceType) {
    String s = sourceType == null ? "" : sourceType.trim().toLowerCase(Locale.ROOT);
    String unsigned = s.contains("unsigned") ? " unsigned" : "";
    int paren = s.indexOf('(');
    if (paren >= 0) {
      int close = s.indexOf(')', paren);
      String after = close < 0 ? "" : s.substring(close + 1).replace("unsigned", "").trim();
      s = (s.substring(0, paren).trim() + (after.isEmpty() ? "" : " " + after)).trim() + unsigned;
    }
    return s.replaceAll("\\s+", " ").replace(" zerofill", "");
  }

  static NaturalType mysql(String t, ColumnMapping m) {
    return switch (t) {
      case "bigint unsigned" -> NaturalType.NUMERIC;
      case "tinyint" -> m.numPrecision() == 1 ? NaturalType.BOOL : NaturalType.INT64;
      case "bool", "boolean" -> NaturalType.BOOL;
      case "bigint", "int", "integer", "mediumint", "smallint", "int unsigned",
          "integer unsigned", "mediumint unsigned", "smallint unsigned", "tinyint unsigned", "year" ->
          NaturalType.INT64;
      case "float", "double", "real", "double precision" -> NaturalType.FLOAT64;
      case "decimal", "numeric", "decimal unsigned", "numeric unsigned" -> decimal(m);
      case "char", "varchar", "tinytext", "text", "mediumtext", "longtext", "enum", "set" ->
          NaturalType.STRING;
      case "json" -> NaturalType.JSON;
      case "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob", "bit",
          "geometry", "point", "linestring", "polygon", "multipoint", "multilinestring",
          "multipolygon", "geometrycollection" -> NaturalType.BYTES;
      case "date" -> NaturalType.DATE;
      case "time" -> NaturalType.TIME;
      case "datetime" -> NaturalType.DATETIME;
      case "timestamp" -> NaturalType.TIMESTAMP;
      default -> throw new UnsupportedTypeException(
          "column " + m.columnName() + ": MySQL type '" + m.originalType()
              + "' has no known mapping; it would load as its exported type ("
              + m.expectedExportedType() + ")");
    };
  }

  static NaturalType postgres(String t, ColumnMapping m) {
    if (t.endsWith("[]") || t.startsWith("_") || t.equals("array")) {
      return NaturalType.JSON;
    }
    return switch (t) {
      case "smallint", "integer", "int", "int2", "int4", "int8", "bigint", "smallserial",
          "serial", "bigserial" -> NaturalType.INT64;
      case "real", "double precision", "float4", "float8" -> NaturalType.FLOAT64;
      case "numeric", "decimal", "money" -> decimal(m);
      case "boolean", "bool" -> NaturalType.BOOL;
      case "text", "character varying", "varchar", "character", "char", "bpchar", "uuid",
          "citext", "name", "inet", "cidr", "macaddr", "xml", "user-defined", "enum" ->
          NaturalType.STRING;
      case "json", "jsonb" -> NaturalType.JSON;
      case "bytea" -> NaturalType.BYTES;
      case "date" -> NaturalType.DATE;
      case "time", "time without time zone", "time with time zone", "timetz" -> NaturalType.TIME;
      case "timestamp", "timestamp without time zone" -> NaturalType.DATETIME;
      case "timestamp with time zone", "timestamptz" -> NaturalType.TIMESTAMP;
      case "interval" -> NaturalType.INTERVAL;
      default -> throw new UnsupportedTypeException(
          "column " + m.columnName() + ": PostgreSQL type '" + m.originalType()
              + "' has no known mapping; it would load as its exported type ("
              + m.expectedExportedType() + ")");
    };
  }

  /** Integer digits every value of BigQuery's BIGNUMERIC can have (it holds 38 of scale). */
  public static final int BIGNUMERIC_INTEGER_DIGITS = 38;

  /**
   * NUMERIC holds 29 integer digits with scale ≤ 9; BIGNUMERIC 38 integer digits with scale ≤ 38.
   * A declared decimal with more integer digits than BIGNUMERIC holds (MySQL DECIMAL(65,0),
   * PostgreSQL numeric(80,0)) is a STRING holding the exact decimal text RDS wrote: no BigQuery
   * number can hold its values.
   */
  private static NaturalType decimal(ColumnMapping m) {
    int p = m.numPrecision();
    int s = m.numScale();
    if (p == 0) {
      return NaturalType.BIGNUMERIC; // unconstrained numeric: the widest exact type
    }
    if (s <= 9 && p - s <= 29) {
      return NaturalType.NUMERIC;
    }
    if (p - s > BIGNUMERIC_INTEGER_DIGITS) {
      return NaturalType.STRING;
    }
    return NaturalType.BIGNUMERIC;
  }

  /**
   * The decimal texts the column's natural type holds exactly, as an RE2 / Java pattern to match
   * whole (both warehouses anchor it): an optional minus, at most the declared integer digits
   * (leading zeros aside), then at most the declared scale of fraction digits (trailing zeros
   * aside), each capped by what NUMERIC (29, 9) or BIGNUMERIC (38, 38) holds; an unconstrained
   * numeric may use all of BIGNUMERIC. Anything else — PostgreSQL's {@code NaN} and
   * {@code Infinity}, a money text of another locale, more digits than the type holds (which a
   * cast would refuse or round) — is a value the load cannot convert. e.g. DECIMAL(12,2):
   * {@code -?0*[0-9]{1,10}(\.[0-9]{1,2}0*)?}.
   */
  public static String exactDecimalPattern(RawColumn c) {
    boolean numeric = c.type() == NaturalType.NUMERIC;
    int maxInteger = numeric ? 29 : BIGNUMERIC_INTEGER_DIGITS;
    int maxScale = numeric ? 9 : 38;
    int integer = c.precision() > 0 ? Math.min(c.precision() - c.scale(), maxInteger) : maxInteger;
    int scale = c.precision() > 0 ? Math.min(c.scale(), maxScale) : maxScale;
    String integerPart = integer <= 0 ? "0+" : "0*[0-9]{1," + integer + "}";
    String fraction = scale <= 0 ? "(\\.0+)?" : "(\\.[0-9]{1," + scale + "}0*)?";
    return "-?" + integerPart + fraction;
  }

  /**
   * Whether the column is a decimal kept as its exact text because its integer digits exceed
   * BIGNUMERIC's ({@link #BIGNUMERIC_INTEGER_DIGITS}).
   */
  public static boolean isDecimalText(RawColumn c) {
    return c.type() == NaturalType.STRING && c.precision() - c.scale() > BIGNUMERIC_INTEGER_DIGITS;
  }
}
