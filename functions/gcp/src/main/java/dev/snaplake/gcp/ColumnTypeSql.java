package dev.snaplake.gcp;

import dev.snaplake.core.naming.Identifiers;
import java.util.Optional;
import java.util.Set;

/**
 * A column type from the manifest's schema ({@code INT64}, {@code ARRAY<STRUCT<a INT64, b STRING>>})
 * written back as DDL: re-rendered token by token with struct field names back-quoted, so nothing
 * from the manifest is pasted into SQL as is.
 */
final class ColumnTypeSql {
  private static final Set<String> SIMPLE = Set.of("INT64", "FLOAT64", "NUMERIC", "BIGNUMERIC", "BOOL", "STRING",
      "BYTES", "DATE", "DATETIME", "TIME", "TIMESTAMP", "JSON", "GEOGRAPHY", "INTERVAL");

  private final String text;
  private int at;
  /** A STRUCT field without a name: a table column cannot be declared with one. */
  private boolean anonymousField;

  private ColumnTypeSql(String text) {
    this.text = text;
  }

  /**
   * The type as DDL, or empty when it has an unnamed STRUCT field (BigQuery names those itself);
   * throws {@link IllegalArgumentException} when it is not GoogleSQL type syntax.
   */
  static Optional<String> of(String type) {
    ColumnTypeSql r = new ColumnTypeSql(type);
    String sql = r.type();
    r.space();
    if (r.at < type.length()) {
      throw new IllegalArgumentException("unexpected '" + type.substring(r.at) + "' in the type " + type);
    }
    return r.anonymousField ? Optional.empty() : Optional.of(sql);
  }

  private String type() {
    String word = word();
    if (word == null) {
      throw new IllegalArgumentException("no type at " + at + " in " + text);
    }
    String kind = word.toUpperCase(java.util.Locale.ROOT);
    if (SIMPLE.contains(kind)) {
      return kind;
    }
    if (kind.equals("ARRAY") || kind.equals("RANGE")) {
      expect('<');
      String element = type();
      expect('>');
      return kind + "<" + element + ">";
    }
    if (!kind.equals("STRUCT")) {
      throw new IllegalArgumentException(Identifiers.show(word) + " is not a BigQuery type (in " + text + ")");
    }
    expect('<');
    StringBuilder out = new StringBuilder("STRUCT<");
    for (int i = 0; ; i++) {
      out.append(i == 0 ? "" : ", ").append(field());
      space();
      if (peek() == ',') {
        at++;
        continue;
      }
      expect('>');
      return out.append('>').toString();
    }
  }

  /** {@code name TYPE}, or a bare {@code TYPE} (an unnamed field). */
  private String field() {
    space();
    int start = at;
    String name = peek() == '`' ? quoted() : word();
    space();
    char next = peek();
    if (name != null && next != ',' && next != '>' && next != '<') {
      return BigQuerySql.column(name) + " " + type();
    }
    at = start; // it was the type itself
    anonymousField = true;
    return type();
  }

  private String word() {
    space();
    int start = at;
    while (at < text.length() && (Character.isLetterOrDigit(text.charAt(at)) || text.charAt(at) == '_')) {
      at++;
    }
    return at == start ? null : text.substring(start, at);
  }

  private String quoted() {
    int end = text.indexOf('`', at + 1);
    if (end < 0) {
      throw new IllegalArgumentException("unclosed ` in the type " + text);
    }
    String name = text.substring(at + 1, end);
    at = end + 1;
    return name;
  }

  private void expect(char c) {
    space();
    if (peek() != c) {
      throw new IllegalArgumentException("expected '" + c + "' at " + at + " in the type " + text);
    }
    at++;
  }

  private char peek() {
    return at < text.length() ? text.charAt(at) : 0;
  }

  private void space() {
    while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
      at++;
    }
  }
}
