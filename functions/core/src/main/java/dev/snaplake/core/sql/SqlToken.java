package dev.snaplake.core.sql;

import java.util.Locale;
import java.util.Set;

/**
 * One token of BigQuery (GoogleSQL) text, as {@link SqlLexer} reads it. {@code start} is its offset
 * in the text that was lexed, {@code line} and {@code column} its 1-based position there (lines
 * end at {@code \n}, {@code \r\n} or {@code \r}; columns count code points). {@code value} is what
 * a string literal or a backticked name means once its quotes and escapes are removed, and the
 * text itself for every other token.
 */
public record SqlToken(Kind kind, String text, int start, int line, int column, String value) {
  /** The kinds of token; {@link #SPACE}, {@link #COMMENT} and {@link #TEMPLATE_MARKER} only come from {@link SqlLexer#lexAll}. */
  public enum Kind {
    SPACE, COMMENT, WORD, QUOTED_ID, STRING, BYTES, NUMBER, PARAM, SYMBOL, TEMPLATE_MARKER
  }

  /** BigQuery's reserved keywords (GoogleSQL lexical structure). */
  public static final Set<String> RESERVED = Set.of(
      "ALL", "AND", "ANY", "ARRAY", "AS", "ASC", "ASSERT_ROWS_MODIFIED", "AT", "BETWEEN", "BY",
      "CASE", "CAST", "COLLATE", "CONTAINS", "CREATE", "CROSS", "CUBE", "CURRENT", "DEFAULT",
      "DEFINE", "DESC", "DISTINCT", "ELSE", "END", "ENUM", "ESCAPE", "EXCEPT", "EXCLUDE", "EXISTS",
      "EXTRACT", "FALSE", "FETCH", "FOLLOWING", "FOR", "FROM", "FULL", "GROUP", "GROUPING",
      "GROUPS", "HASH", "HAVING", "IF", "IGNORE", "IN", "INNER", "INTERSECT", "INTERVAL", "INTO",
      "IS", "JOIN", "LATERAL", "LEFT", "LIKE", "LIMIT", "LOOKUP", "MERGE", "NATURAL", "NEW", "NO",
      "NOT", "NULL", "NULLS", "OF", "ON", "OR", "ORDER", "OUTER", "OVER", "PARTITION", "PRECEDING",
      "PROTO", "QUALIFY", "RANGE", "RECURSIVE", "RESPECT", "RIGHT", "ROLLUP", "ROWS", "SELECT",
      "SET", "SOME", "STRUCT", "TABLESAMPLE", "THEN", "TO", "TREAT", "TRUE", "UNBOUNDED", "UNION",
      "UNNEST", "USING", "WHEN", "WHERE", "WINDOW", "WITH", "WITHIN");

  /** The offset just past the token. */
  public int end() {
    return start + text.length();
  }

  /** This token with another value (same kind, text and position). */
  public SqlToken withValue(String newValue) {
    return new SqlToken(kind, text, start, line, column, newValue);
  }

  /** Neither whitespace nor a comment. */
  public boolean significant() {
    return kind != Kind.SPACE && kind != Kind.COMMENT;
  }

  /** A bare word equal to {@code keyword}, case-insensitively (never a quoted identifier). */
  public boolean is(String keyword) {
    return kind == Kind.WORD && text.equalsIgnoreCase(keyword);
  }

  /** The symbol (punctuation or operator) {@code s}. */
  public boolean sym(String s) {
    return kind == Kind.SYMBOL && text.equals(s);
  }

  /** A word or a backticked identifier. */
  public boolean isIdentifierLike() {
    return kind == Kind.WORD || kind == Kind.QUOTED_ID;
  }

  /** A word that is one of BigQuery's reserved keywords. */
  public boolean isReserved() {
    return kind == Kind.WORD && RESERVED.contains(upper());
  }

  public String upper() {
    return text.toUpperCase(Locale.ROOT);
  }
}
