package dev.snaplake.compiler;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A small BigQuery (GoogleSQL) lexer: enough to read a model file's DDL header and to find
 * table paths in its query. It knows strings (quoted with {@code '} {@code "} or three of
 * either, with {@code r}/{@code b} prefixes and backslash escapes), backticked identifiers,
 * comments ({@code --}, {@code #}, {@code /* *\/}), numbers, query parameters and symbols.
 * Comments and whitespace are dropped; every token keeps its offsets into the text.
 */
final class SqlLexer {
  enum Kind {
    WORD, QUOTED_ID, STRING, BYTES, NUMBER, PARAM, SYMBOL
  }

  /** One token. {@code value} is the decoded content of a string or quoted identifier. */
  record Token(Kind kind, int start, int end, String text, String value) {
    boolean is(String keyword) {
      return kind == Kind.WORD && text.equalsIgnoreCase(keyword);
    }

    boolean sym(String s) {
      return kind == Kind.SYMBOL && text.equals(s);
    }

    boolean isIdentifierLike() {
      return kind == Kind.WORD || kind == Kind.QUOTED_ID;
    }

    /** A word that is one of BigQuery's reserved keywords. */
    boolean isReserved() {
      return kind == Kind.WORD && RESERVED.contains(text.toUpperCase(Locale.ROOT));
    }
  }

  record Problem(int offset, String message, String hint) {}

  record Result(List<Token> tokens, List<Problem> problems) {}

  /** BigQuery's reserved keywords (GoogleSQL lexical structure). */
  static final Set<String> RESERVED = Set.of(
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

  private static final Set<String> TWO_CHAR_SYMBOLS =
      Set.of("|>", "<=", ">=", "<>", "!=", "||", "<<", ">>", "=>", "->");

  private final String s;
  private final List<Token> tokens = new ArrayList<>();
  private final List<Problem> problems = new ArrayList<>();
  private int i;

  private SqlLexer(String s) {
    this.s = s;
  }

  static Result lex(String text) {
    SqlLexer l = new SqlLexer(text);
    l.run();
    return new Result(List.copyOf(l.tokens), List.copyOf(l.problems));
  }

  private void run() {
    int n = s.length();
    while (i < n) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c) || c == '\uFEFF') {
        i++;
      } else if (c == '-' && peek(1) == '-' || c == '#') {
        skipLine();
      } else if (c == '/' && peek(1) == '*') {
        int start = i;
        int close = s.indexOf("*/", i + 2);
        if (close < 0) {
          problems.add(new Problem(start, "unclosed comment", "close it with */"));
          i = n;
        } else {
          i = close + 2;
        }
      } else if (c == '`') {
        quoted(i, i, '`', Kind.QUOTED_ID, false);
      } else if (c == '\'' || c == '"') {
        quoted(i, i, c, Kind.STRING, false);
      } else if (isWordStart(c)) {
        int start = i;
        if (afterDotInPath()) {
          while (i < n && isWordPart(s.charAt(i))) {
            i++;
          }
          add(Kind.WORD, start, null);
          continue;
        }
        while (i < n && isWordPart(s.charAt(i))) {
          i++;
        }
        String word = s.substring(start, i).toLowerCase(Locale.ROOT);
        if (i < n && (s.charAt(i) == '\'' || s.charAt(i) == '"')
            && (word.equals("r") || word.equals("b") || word.equals("rb") || word.equals("br"))) {
          quoted(start, i, s.charAt(i), word.contains("b") ? Kind.BYTES : Kind.STRING, word.contains("r"));
        } else {
          add(Kind.WORD, start, null);
        }
      } else if (Character.isDigit(c) && afterDotInPath()) {
        int start = i;
        while (i < n && isWordPart(s.charAt(i))) {
          i++;
        }
        add(Kind.WORD, start, null);
      } else if (Character.isDigit(c) || c == '.' && Character.isDigit(peek(1)) && !afterPathPart()) {
        number();
      } else if (c == '@') {
        int start = i;
        i++;
        if (peek(0) == '@') {
          i++;
        }
        while (i < n && isWordPart(s.charAt(i))) {
          i++;
        }
        if (i - start == 1) {
          add(Kind.SYMBOL, start, null);
        } else {
          add(Kind.PARAM, start, null);
        }
      } else {
        int start = i;
        if (i + 1 < n && TWO_CHAR_SYMBOLS.contains(s.substring(i, i + 2))) {
          i += 2;
        } else {
          i += Character.charCount(s.codePointAt(i));
        }
        add(Kind.SYMBOL, start, null);
      }
    }
  }

  private static boolean isWordStart(char c) {
    return c == '_' || Character.isLetter(c);
  }

  private static boolean isWordPart(char c) {
    return c == '_' || Character.isLetterOrDigit(c);
  }

  private char peek(int k) {
    return i + k < s.length() ? s.charAt(i + k) : '\0';
  }

  private void skipLine() {
    while (i < s.length() && s.charAt(i) != '\n' && s.charAt(i) != '\r') {
      i++;
    }
  }

  /** The previous token is a dot that follows a path part: the next word is a path segment. */
  private boolean afterDotInPath() {
    int k = tokens.size();
    return k >= 2 && tokens.get(k - 1).sym(".") && tokens.get(k - 1).end == i
        && tokens.get(k - 2).isIdentifierLike();
  }

  private boolean afterPathPart() {
    if (tokens.isEmpty()) {
      return false;
    }
    Token last = tokens.get(tokens.size() - 1);
    return last.end == i && (last.isIdentifierLike() || last.sym(")") || last.sym("]"));
  }

  private void number() {
    int start = i;
    int n = s.length();
    if (s.startsWith("0x", i) || s.startsWith("0X", i)) {
      i += 2;
      while (i < n && Character.digit(s.charAt(i), 16) >= 0) {
        i++;
      }
    } else {
      while (i < n && Character.isDigit(s.charAt(i))) {
        i++;
      }
      if (i < n && s.charAt(i) == '.') {
        i++;
        while (i < n && Character.isDigit(s.charAt(i))) {
          i++;
        }
      }
      if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
        int save = i;
        i++;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
          i++;
        }
        if (i < n && Character.isDigit(s.charAt(i))) {
          while (i < n && Character.isDigit(s.charAt(i))) {
            i++;
          }
        } else {
          i = save;
        }
      }
    }
    add(Kind.NUMBER, start, null);
  }

  /**
   * A string, bytes literal or backticked identifier starting at {@code start} (its prefix) with
   * the quote at {@code q}.
   */
  private void quoted(int start, int q, char quote, Kind kind, boolean raw) {
    int n = s.length();
    boolean triple = quote != '`' && q + 2 < n && s.charAt(q + 1) == quote && s.charAt(q + 2) == quote;
    int bodyStart = q + (triple ? 3 : 1);
    int j = bodyStart;
    while (true) {
      if (j >= n) {
        problems.add(new Problem(start, kind == Kind.QUOTED_ID ? "unclosed quoted identifier" : "unclosed string literal",
            "close it with " + (triple ? "" + quote + quote + quote : String.valueOf(quote))));
        i = n;
        return;
      }
      char c = s.charAt(j);
      if (c == '\\') {
        j += 2;
        continue;
      }
      if (!triple && (c == '\n' || c == '\r')) {
        problems.add(new Problem(start,
            kind == Kind.QUOTED_ID ? "unclosed quoted identifier" : "unclosed string literal (a newline ends it)",
            kind == Kind.QUOTED_ID ? "close it with `" : "close it on the same line, or use a triple-quoted string \"\"\"…\"\"\""));
        i = j;
        return;
      }
      if (c == quote && (!triple || (j + 2 < n && s.charAt(j + 1) == quote && s.charAt(j + 2) == quote))) {
        break;
      }
      j++;
    }
    String body = s.substring(bodyStart, j);
    i = j + (triple ? 3 : 1);
    String value = raw ? body : unescape(body, bodyStart);
    add(kind, start, value);
  }

  private String unescape(String body, int offset) {
    if (body.indexOf('\\') < 0) {
      return body;
    }
    StringBuilder out = new StringBuilder();
    for (int k = 0; k < body.length(); k++) {
      char c = body.charAt(k);
      if (c != '\\' || k + 1 >= body.length()) {
        out.append(c);
        continue;
      }
      char e = body.charAt(++k);
      switch (e) {
        case 'a' -> out.append('\u0007');
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'v' -> out.append('\u000b');
        case '\\', '?', '"', '\'', '`' -> out.append(e);
        case 'x', 'X', 'u', 'U' -> {
          int len = e == 'u' ? 4 : e == 'U' ? 8 : 2;
          int v = hex(body, k + 1, len);
          if (v >= 0) {
            out.appendCodePoint(v);
            k += len;
          } else {
            problems.add(new Problem(offset + k - 1, "illegal escape sequence \\" + e, "write \\\\ for a backslash"));
          }
        }
        default -> {
          if (e >= '0' && e <= '7' && k + 2 < body.length() && isOctal(body.charAt(k + 1)) && isOctal(body.charAt(k + 2))) {
            out.append((char) Integer.parseInt(body.substring(k, k + 3), 8));
            k += 2;
          } else {
            problems.add(new Problem(offset + k - 1, "illegal escape sequence \\" + e, "write \\\\ for a backslash"));
          }
        }
      }
    }
    return out.toString();
  }

  private static boolean isOctal(char c) {
    return c >= '0' && c <= '7';
  }

  private static int hex(String s, int from, int len) {
    if (from + len > s.length()) {
      return -1;
    }
    long v = 0;
    for (int k = from; k < from + len; k++) {
      int d = Character.digit(s.charAt(k), 16);
      if (d < 0) {
        return -1;
      }
      v = v * 16 + d;
    }
    return v <= Character.MAX_CODE_POINT ? (int) v : -1;
  }

  private void add(Kind kind, int start, String value) {
    tokens.add(new Token(kind, start, i, s.substring(start, i), value));
  }
}
