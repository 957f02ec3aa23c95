package dev.snaplake.core.naming;

import java.util.regex.Pattern;

/**
 * BigQuery's identifier rules, applied before any name reaches SQL. A name that does not pass
 * is an error, never a string pasted into a statement.
 */
public final class Identifiers {
  /** Dataset ids: letters, digits and underscores, at most 1,024 characters. */
  private static final Pattern DATASET = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,1023}");
  /**
   * Table ids snaplake creates: a conservative subset of BigQuery's (which also allows some
   * unicode and dashes), so the same name is valid unquoted in DuckDB and BigQuery.
   */
  private static final Pattern TABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,1023}");
  /** Column names BigQuery accepts without flexible column names. */
  private static final Pattern COLUMN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,299}");

  private Identifiers() {}

  public static boolean isDataset(String s) {
    return s != null && DATASET.matcher(s).matches();
  }

  public static boolean isTable(String s) {
    return s != null && TABLE.matcher(s).matches();
  }

  public static boolean isColumn(String s) {
    if (s == null || !COLUMN.matcher(s).matches()) {
      return false;
    }
    String upper = s.toUpperCase(java.util.Locale.ROOT);
    // BigQuery reserves these prefixes for system columns.
    return !(upper.startsWith("_TABLE_")
        || upper.startsWith("_FILE_")
        || upper.startsWith("_PARTITION")
        || upper.startsWith("_ROW_TIMESTAMP")
        || upper.startsWith("__ROOT__")
        || upper.startsWith("_COLIDENTIFIER"));
  }

  /** Shows a hostile name safely in a message: quoted, control characters escaped, cut at 80. */
  public static String show(String s) {
    if (s == null) {
      return "<null>";
    }
    StringBuilder out = new StringBuilder("'");
    int limit = Math.min(s.length(), 80);
    for (int i = 0; i < limit; i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    if (s.length() > limit) {
      out.append("…(").append(s.length()).append(" chars)");
    }
    return out.append("'").toString();
  }
}
