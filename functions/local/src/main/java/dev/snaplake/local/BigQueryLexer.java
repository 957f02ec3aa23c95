package dev.snaplake.local;

import dev.snaplake.local.SqlToken.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits BigQuery SQL into tokens, keeping every character, so the translation can rewrite code
 * while leaving strings and comments alone. String literals are decoded the BigQuery way (escapes,
 * raw {@code r'…'}, triple quotes); the compiler's {@code {{raw …}}}/{@code {{ref …}}} markers
 * are single tokens.
 */
final class BigQueryLexer {
  private static final String[] OPERATORS = {"||", "<=", ">=", "<>", "!=", "=>", "->", "|>", "<<", ">>"};
  private final String sql;
  private final List<SqlToken> tokens = new ArrayList<>();
  private int i;

  private BigQueryLexer(String sql) {
    this.sql = sql;
  }

  static List<SqlToken> tokens(String sql) {
    BigQueryLexer lexer = new BigQueryLexer(sql);
    lexer.run();
    return lexer.tokens;
  }

  private void run() {
    int n = sql.length();
    while (i < n) {
      char c = sql.charAt(i);
      int start = i;
      if (Character.isWhitespace(c)) {
        while (i < n && Character.isWhitespace(sql.charAt(i))) {
          i++;
        }
        add(Kind.SPACE, start, null);
      } else if (c == '#' || sql.startsWith("--", i)) {
        int end = sql.indexOf('\n', i);
        i = end < 0 ? n : end;
        add(Kind.COMMENT, start, null);
      } else if (sql.startsWith("/*", i)) {
        int end = sql.indexOf("*/", i + 2);
        i = end < 0 ? n : end + 2;
        add(Kind.COMMENT, start, null);
      } else if (sql.startsWith("{{", i)) {
        int end = sql.indexOf("}}", i + 2);
        i = end < 0 ? n : end + 2;
        add(Kind.TEMPLATE_MARKER, start, null);
      } else if (c == '`') {
        String value = quoted('`', false, false);
        add(Kind.QUOTED_NAME, start, value);
      } else if (stringPrefixLength() >= 0) {
        int prefix = stringPrefixLength();
        String p = sql.substring(i, i + prefix).toLowerCase(java.util.Locale.ROOT);
        i += prefix;
        String value = quoted(sql.charAt(i), p.contains("r"), true);
        add(p.contains("b") ? Kind.BYTES : Kind.STRING, start, value);
      } else if (Character.isLetter(c) || c == '_') {
        while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_')) {
          i++;
        }
        add(Kind.WORD, start, null);
      } else if (Character.isDigit(c) || c == '.' && i + 1 < n && Character.isDigit(sql.charAt(i + 1)) && !afterName()) {
        number();
        add(Kind.NUMBER, start, null);
      } else if (c == '@') {
        i++;
        if (i < n && sql.charAt(i) == '@') {
          i++;
        }
        while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_')) {
          i++;
        }
        add(Kind.PARAMETER, start, null);
      } else {
        i += operatorLength();
        add(Kind.PUNCT, start, null);
      }
    }
  }

  /** Length of a string literal's prefix (r, b, rb, br) when a quote follows; 0 for a bare quote; -1 otherwise. */
  private int stringPrefixLength() {
    for (int len = 0; len <= 2 && i + len < sql.length(); len++) {
      char q = sql.charAt(i + len);
      if (q == '\'' || q == '"') {
        String p = sql.substring(i, i + len).toLowerCase(java.util.Locale.ROOT);
        boolean valid = p.isEmpty() || p.equals("r") || p.equals("b") || p.equals("rb") || p.equals("br");
        boolean wordBefore = i > 0 && (Character.isLetterOrDigit(sql.charAt(i - 1)) || sql.charAt(i - 1) == '_');
        return valid && !(len > 0 && wordBefore) ? len : -1;
      }
      if (!Character.isLetter(q)) {
        return -1;
      }
    }
    return -1;
  }

  /** Reads a quoted literal at {@code i} (on its opening quote) and returns its decoded value. */
  private String quoted(char quote, boolean raw, boolean tripleAllowed) {
    String triple = String.valueOf(quote).repeat(3);
    boolean isTriple = tripleAllowed && sql.startsWith(triple, i);
    i += isTriple ? 3 : 1;
    StringBuilder value = new StringBuilder();
    while (i < sql.length()) {
      char d = sql.charAt(i);
      if (isTriple ? sql.startsWith(triple, i) : d == quote) {
        i += isTriple ? 3 : 1;
        return value.toString();
      }
      if (d == '\\' && i + 1 < sql.length()) {
        if (raw) {
          value.append(d).append(sql.charAt(i + 1));
          i += 2;
        } else {
          escape(value);
        }
        continue;
      }
      value.append(d);
      i++;
    }
    return value.toString();
  }

  /** BigQuery's escape sequences; {@code i} is on the backslash. */
  private void escape(StringBuilder value) {
    char e = sql.charAt(i + 1);
    i += 2;
    switch (e) {
      case 'a' -> value.append('\u0007');
      case 'b' -> value.append('\b');
      case 'f' -> value.append('\f');
      case 'n' -> value.append('\n');
      case 'r' -> value.append('\r');
      case 't' -> value.append('\t');
      case 'v' -> value.append('\u000b');
      case 'x', 'X' -> value.append((char) hex(2));
      case 'u' -> value.append((char) hex(4));
      case 'U' -> value.appendCodePoint(hex(8));
      default -> {
        if (e >= '0' && e <= '7' && i + 1 < sql.length()) {
          value.append((char) Integer.parseInt(sql.substring(i - 1, i + 2), 8));
          i += 2;
        } else {
          value.append(e); // \\ \' \" \` \?
        }
      }
    }
  }

  private int hex(int digits) {
    int end = Math.min(sql.length(), i + digits);
    int v = Integer.parseInt(sql.substring(i, end), 16);
    i = end;
    return v;
  }

  private void number() {
    int n = sql.length();
    if (sql.startsWith("0x", i) || sql.startsWith("0X", i)) {
      i += 2;
      while (i < n && Character.digit(sql.charAt(i), 16) >= 0) {
        i++;
      }
      return;
    }
    while (i < n && (Character.isDigit(sql.charAt(i)) || sql.charAt(i) == '.')) {
      i++;
    }
    if (i < n && (sql.charAt(i) == 'e' || sql.charAt(i) == 'E')) {
      int j = i + 1;
      if (j < n && (sql.charAt(j) == '+' || sql.charAt(j) == '-')) {
        j++;
      }
      if (j < n && Character.isDigit(sql.charAt(j))) {
        i = j;
        while (i < n && Character.isDigit(sql.charAt(i))) {
          i++;
        }
      }
    }
  }

  /** A dot right after a name is a path separator ({@code t.1} never occurs; {@code a.b} does). */
  private boolean afterName() {
    return !tokens.isEmpty() && tokens.get(tokens.size() - 1).isName()
        && tokens.get(tokens.size() - 1).end() == i;
  }

  private int operatorLength() {
    for (String op : OPERATORS) {
      if (sql.startsWith(op, i)) {
        return op.length();
      }
    }
    return 1;
  }

  private void add(Kind kind, int start, String value) {
    String text = sql.substring(start, i);
    tokens.add(new SqlToken(kind, text, start, value == null ? text : value));
  }
}
