package dev.snaplake.local;

import dev.snaplake.core.types.RawColumn;

/** The DuckDB type a natural BigQuery type is stored as in the local warehouse. */
final class DuckDbTypes {
  private DuckDbTypes() {}

  static String of(RawColumn c) {
    return switch (c.type()) {
      case STRING -> "VARCHAR";
      case BYTES -> "BLOB";
      case INT64 -> "BIGINT";
      case FLOAT64 -> "DOUBLE";
      case NUMERIC -> c.precision() > 0 && c.precision() <= 38 ? "DECIMAL(" + c.precision() + "," + c.scale() + ")" : "DECIMAL(38,9)";
      // DuckDB decimals stop at 38 digits: wider values are kept exact as text.
      case BIGNUMERIC -> c.precision() > 0 && c.precision() <= 38 ? "DECIMAL(" + c.precision() + "," + c.scale() + ")" : "VARCHAR";
      case BOOL -> "BOOLEAN";
      case DATE -> "DATE";
      case TIME -> "TIME";
      case DATETIME -> "TIMESTAMP";
      case TIMESTAMP -> "TIMESTAMPTZ";
      case JSON -> "JSON";
      case INTERVAL -> "INTERVAL";
    };
  }

  /**
   * The expression converting a Parquet column, as DuckDB reads it, to the stored type. RDS writes
   * CHAR as bytes, DATE and TIME as text and TINYINT(1) as an integer: this is where they get
   * their natural type back.
   */
  static String convert(String quotedColumn, String parquetType, String target) {
    String p = parquetType.toUpperCase(java.util.Locale.ROOT);
    if (p.equals("BLOB") && target.equals("VARCHAR")) {
      return "decode(" + quotedColumn + ")";
    }
    if (p.equals("BLOB") && !target.equals("BLOB")) {
      return "CAST(decode(" + quotedColumn + ") AS " + target + ")";
    }
    if (target.equals("BOOLEAN") && (p.contains("INT"))) {
      return "(" + quotedColumn + " <> 0)";
    }
    if (target.equals("TIMESTAMPTZ") && p.startsWith("TIMESTAMP") && !p.contains("TIME ZONE")) {
      return "timezone('UTC', " + quotedColumn + ")";
    }
    if (p.equals(target)) {
      return quotedColumn;
    }
    return "CAST(" + quotedColumn + " AS " + target + ")";
  }
}
