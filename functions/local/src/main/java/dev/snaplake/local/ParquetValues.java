package dev.snaplake.local;

import dev.snaplake.core.types.NaturalType;
import dev.snaplake.core.types.RawColumn;
import dev.snaplake.core.types.SourceEngine;
import dev.snaplake.core.types.TypeMapping;
import java.util.Locale;

/**
 * The expression turning a Parquet column, as DuckDB reads it, into the value its raw column
 * stores. RDS writes CHAR as bytes, DATE and TIME as text, TINYINT(1) as an integer and, for
 * PostgreSQL, nearly everything as text: this is where they get their natural type back, the
 * same way BigQuery's staging conversion does (RawColumnConversions in the gcp module).
 */
final class ParquetValues {
  private ParquetValues() {}

  /**
   * @param incoming the column as this snapshot's export describes it
   * @param parquetType the DuckDB type of the Parquet column, e.g. {@code BLOB}, {@code DECIMAL(20,0)}
   * @param stored the table's column after evolution: the value is converted to its type
   */
  static String expression(SourceEngine engine, RawColumn incoming, String parquetType, RawColumn stored) {
    String col = DuckDbDialect.quote(incoming.name());
    String p = parquetType.toUpperCase(Locale.ROOT);
    String target = DuckDbTypes.of(stored);
    String source = TypeMapping.baseType(incoming.sourceType());
    boolean postgres = engine == SourceEngine.POSTGRESQL;
    String value = col;
    if (postgres && source.equals("money") && p.equals("VARCHAR")) {
      // '-$1,234.56' (lc_monetary en_US): keep digits, point and sign, as BigQuery's conversion does.
      value = "regexp_replace(" + col + ", '[^0-9.-]', '', 'g')";
    }
    if (DuckDbTypes.isDecimalText(stored)) {
      String text = p.equals("VARCHAR") ? value : "CAST(" + value + " AS VARCHAR)";
      return stored.precision() > 0 ? DecimalText.padded(text, stored.scale()) : text;
    }
    if (p.equals("BLOB")) {
      if (target.equals("BLOB")) {
        return col;
      }
      return target.equals("VARCHAR") ? "decode(" + col + ")" : "CAST(decode(" + col + ") AS " + target + ")";
    }
    if (target.equals("BOOLEAN") && p.contains("INT")) {
      return "(" + col + " <> 0)";
    }
    if (stored.type() == NaturalType.JSON && postgres && isPostgresArray(source)) {
      // An array's text ({1,2}) is not JSON: kept losslessly as a JSON string, as on BigQuery.
      return "to_json(" + col + ")";
    }
    if (target.equals("TIME") && postgres && (source.equals("time with time zone") || source.equals("timetz"))) {
      // The natural type has no zone: the offset is dropped, as on BigQuery.
      return "CAST(regexp_extract(" + col + ", '^[0-9:.]+') AS TIME)";
    }
    if (target.equals("TIMESTAMPTZ") && p.equals("TIMESTAMP")) {
      return "timezone('UTC', " + col + ")"; // microseconds since the epoch, UTC
    }
    if (target.equals("TIMESTAMP") && p.equals("TIMESTAMP WITH TIME ZONE")) {
      return "timezone('UTC', " + col + ")"; // a UTC-adjusted Parquet timestamp holding a DATETIME
    }
    if (p.equals(target) && value.equals(col)) {
      return col;
    }
    return "CAST(" + value + " AS " + target + ")";
  }

  private static boolean isPostgresArray(String source) {
    return source.endsWith("[]") || source.startsWith("_") || source.equals("array");
  }
}
