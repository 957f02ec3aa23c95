package dev.snaplake.local;

/**
 * SQL for decimals kept as text (BIGNUMERIC wider than DuckDB's 38 digits). MySQL writes such a
 * DECIMAL(p,s) with all its s fraction digits; a value that arrives or is stored with fewer (a
 * narrower decimal, a widened column) is padded to s so every row of the column reads the same
 * way. A load never gets here with text that is not a plain decimal (PostgreSQL's {@code NaN} is
 * refused before, see {@link ParquetValues}); such text would be kept as it is.
 */
final class DecimalText {
  private DecimalText() {}

  /** {@code text} with exactly {@code scale} fraction digits when it has fewer. */
  static String padded(String text, int scale) {
    if (scale <= 0) {
      return text;
    }
    return "CASE WHEN NOT regexp_full_match(" + text + ", '-?[0-9]+(\\.[0-9]*)?') THEN " + text
        + " WHEN strpos(" + text + ", '.') = 0 THEN " + text + " || '.' || repeat('0', " + scale + ")"
        + " ELSE " + text + " || repeat('0', " + scale + " - length(" + text + ") + strpos(" + text + ", '.')) END";
  }
}
