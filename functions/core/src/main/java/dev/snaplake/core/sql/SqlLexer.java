package dev.snaplake.core.sql;

import dev.snaplake.core.sql.SqlToken.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The BigQuery (GoogleSQL) lexer shared by the compiler and the local warehouse. It knows strings
 * (quoted with {@code '} {@code "} or three of either, with {@code r}/{@code b}/{@code rb}/{@code br}
 * prefixes and backslash escapes), backticked identifiers, comments ({@code --}, {@code #},
 * {@code /* *\/}), numbers, query parameters and symbols; a path segment after a dot may start
 * with a digit ({@code raw.1x}).
 *
 * <p>{@link #lex} drops comments and whitespace (what the compiler reads); {@link #lexAll} keeps
 * every character, as {@link Kind#SPACE} and {@link Kind#COMMENT} tokens, and reads the compiler's
 * {@code {{…}}} markers as single {@link Kind#TEMPLATE_MARKER} tokens, so a translation can
 * rewrite code while leaving strings and comments alone. Both report the same problems (unclosed
 * literals and comments, illegal escapes); a broken literal still yields a token, its value decoded
 * as far as it goes.
 */
public final class SqlLexer {
  /** A lexical error at {@code offset}, with a hint to fix it. */
  public record Problem(int offset, String message, String hint) {}

  public record Result(List<SqlToken> tokens, List<Problem> problems) {}

  private static final Set<String> TWO_CHAR_SYMBOLS =
      Set.of("|>", "<=", ">=", "<>", "!=", "||", "<<", ">>", "=>", "->");

  private final String s;
  private final boolean all;
  private final List<SqlToken> tokens = new ArrayList<>();
  private final List<SqlToken> significant = new ArrayList<>();
  private final List<Problem> problems = new ArrayList<>();
  private int i;
  // position bookkeeping: the line and line start at offset posAt
  private int posAt;
  private int line = 1;
  private int lineStart;

  private SqlLexer(String s, boolean all) {
    this.s = s;
    this.all = all;
  }

  /** The significant tokens of {@code text} (no whitespace or comments) and its problems. */
  public static Result lex(String text) {
    return run(text, false);
  }

  /** Every token of {@code text}, whitespace and comments included, {@code {{…}}} markers as one token each. */
  public static Result lexAll(String text) {
    return run(text, true);
  }

  private static Result run(String text, boolean all) {
    SqlLexer l = new SqlLexer(text, all);
    l.run();
    return new Result(List.copyOf(all ? l.tokens : l.significant), List.copyOf(l.problems));
  }

  private void run() {
    int n = s.length();
    while (i < n) {
      char c = s.charAt(i);
      int start = i;
      if (isSpace(c)) {
        while (i < n && isSpace(s.charAt(i))) {
          i++;
        }
        add(Kind.SPACE, start, null);
      } else if (c == '-' && peek(1) == '-' || c == '#') {
        while (i < n && s.charAt(i) != '\n' && s.charAt(i) != '\r') {
          i++;
        }
        add(Kind.COMMENT, start, null);
      } else if (c == '/' && peek(1) == '*') {
        int close = s.indexOf("*/", i + 2);
        if (close < 0) {
          problems.add(new Problem(start, "unclosed comment", "close it with */"));
          i = n;
        } else {
          i = close + 2;
        }
        add(Kind.COMMENT, start, null);
      } else if (all && s.startsWith("{{", i)) {
        int end = s.indexOf("}}", i + 2);
        i = end < 0 ? n : end + 2;
        add(Kind.TEMPLATE_MARKER, start, null);
      } else if (c == '`') {
        quoted(i, i, '`', Kind.QUOTED_ID, false);
      } else if (c == '\'' || c == '"') {
        quoted(i, i, c, Kind.STRING, false);
      } else if (isWordStart(c)) {
        boolean pathSegment = afterDotInPath();
        while (i < n && isWordPart(s.charAt(i))) {
          i++;
        }
        String word = s.substring(start, i).toLowerCase(Locale.ROOT);
        if (!pathSegment && i < n && (s.charAt(i) == '\'' || s.charAt(i) == '"')
            && (word.equals("r") || word.equals("b") || word.equals("rb") || word.equals("br"))) {
          quoted(start, i, s.charAt(i), word.contains("b") ? Kind.BYTES : Kind.STRING, word.contains("r"));
        } else {
          add(Kind.WORD, start, null);
        }
      } else if (Character.isDigit(c) && afterDotInPath()) {
        while (i < n && isWordPart(s.charAt(i))) {
          i++;
        }
        add(Kind.WORD, start, null);
      } else if (Character.isDigit(c) || c == '.' && Character.isDigit(peek(1)) && !afterPathPart()) {
        number();
      } else if (c == '@') {
        i++;
        if (peek(0) == '@') {
          i++;
        }
        while (i < n && isWordPart(s.charAt(i))) {
          i++;
        }
        add(i - start == 1 ? Kind.SYMBOL : Kind.PARAM, start, null);
      } else {
        if (i + 1 < n && TWO_CHAR_SYMBOLS.contains(s.substring(i, i + 2))) {
          i += 2;
        } else {
          i += Character.charCount(s.codePointAt(i));
        }
        add(Kind.SYMBOL, start, null);
      }
    }
  }

  private static boolean isSpace(char c) {
    return Character.isWhitespace(c) || c == '\uFEFF';
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

  /** The previous token is a dot that follows a path part: the next word is a path segment. */
  private boolean afterDotInPath() {
    int k = significant.size();
    return k >= 2 && significant.get(k - 1).sym(".") && significant.get(k - 1).end() == i
        && significant.get(k - 2).isIdentifierLike();
  }

  private boolean afterPathPart() {
    if (significant.isEmpty()) {
      return false;
    }
    SqlToken last = significant.get(significant.size() - 1);
    return last.end() == i && (last.isIdentifierLike() || last.sym(")") || last.sym("]"));
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
   * the quote at {@code q}. An unclosed one is reported and still becomes a token: up to the end of
   * the text, or up to the newline that ends a single-quoted one.
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
        add(kind, start, quietly(() -> decode(s.substring(bodyStart, n), bodyStart, raw)));
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
        int end = j;
        add(kind, start, quietly(() -> decode(s.substring(bodyStart, end), bodyStart, raw)));
        return;
      }
      if (c == quote && (!triple || (j + 2 < n && s.charAt(j + 1) == quote && s.charAt(j + 2) == quote))) {
        break;
      }
      j++;
    }
    String body = s.substring(bodyStart, j);
    i = j + (triple ? 3 : 1);
    add(kind, start, decode(body, bodyStart, raw));
  }

  /** The value of an unclosed literal: only the unclosed literal is reported, not its escapes. */
  private String quietly(java.util.function.Supplier<String> decoding) {
    int reported = problems.size();
    String value = decoding.get();
    problems.subList(reported, problems.size()).clear();
    return value;
  }

  /** A literal's body without its escapes; an illegal escape is reported and stands for its letter. */
  private String decode(String body, int offset, boolean raw) {
    if (raw || body.indexOf('\\') < 0) {
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
            illegalEscape(out, offset + k - 1, e);
          }
        }
        default -> {
          if (e >= '0' && e <= '7' && k + 2 < body.length() && isOctal(body.charAt(k + 1)) && isOctal(body.charAt(k + 2))) {
            out.append((char) Integer.parseInt(body.substring(k, k + 3), 8));
            k += 2;
          } else {
            illegalEscape(out, offset + k - 1, e);
          }
        }
      }
    }
    return out.toString();
  }

  private void illegalEscape(StringBuilder out, int offset, char e) {
    problems.add(new Problem(offset, "illegal escape sequence \\" + e, "write \\\\ for a backslash"));
    out.append(e);
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
    // advance the line bookkeeping to start (tokens come in order)
    for (int k = posAt; k < start; k++) {
      char c = s.charAt(k);
      if (c == '\n' || c == '\r' && (k + 1 >= s.length() || s.charAt(k + 1) != '\n')) {
        line++;
        lineStart = k + 1;
      }
    }
    posAt = start;
    String text = s.substring(start, i);
    SqlToken t = new SqlToken(kind, text, start, line, s.codePointCount(lineStart, start) + 1, value == null ? text : value);
    tokens.add(t);
    if (t.significant()) {
      significant.add(t);
    }
  }
}
