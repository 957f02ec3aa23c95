package dev.snaplake.local;

import java.util.Locale;

/**
 * One token of a model's BigQuery SQL. {@code start} is its offset in the text that was lexed, so
 * a construct can be reported where the user wrote it; {@code value} is what a string literal or a
 * backticked name means once its quotes and escapes are removed (the text itself otherwise).
 */
record SqlToken(Kind kind, String text, int start, String value) {
  enum Kind { SPACE, COMMENT, WORD, QUOTED_NAME, STRING, BYTES, NUMBER, PUNCT, TEMPLATE_MARKER, PARAMETER }

  boolean significant() {
    return kind != Kind.SPACE && kind != Kind.COMMENT;
  }

  /** A bare word equal to {@code word}, case-insensitively (never a quoted name). */
  boolean is(String word) {
    return kind == Kind.WORD && text.equalsIgnoreCase(word);
  }

  boolean isPunct(String p) {
    return kind == Kind.PUNCT && text.equals(p);
  }

  boolean isName() {
    return kind == Kind.WORD || kind == Kind.QUOTED_NAME;
  }

  String upper() {
    return text.toUpperCase(Locale.ROOT);
  }

  int end() {
    return start + text.length();
  }
}
