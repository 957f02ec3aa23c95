package dev.snaplake.compiler;

import java.util.Locale;
import java.util.Objects;

/**
 * One finding of the compiler, located in the original file: {@code file} is the path shown to
 * the user ({@code sql/mart/x.sql}), {@code line} and {@code column} are 1-based (a column counts
 * characters), {@code hint} says what to do about it (may be empty).
 */
public record Diagnostic(Severity severity, String file, int line, int column, String message, String hint) {
  public Diagnostic {
    Objects.requireNonNull(severity, "severity");
    file = file == null ? "" : file;
    line = Math.max(1, line);
    column = Math.max(1, column);
    message = message == null ? "" : message;
    hint = hint == null ? "" : hint;
  }

  public static Diagnostic error(String file, int line, int column, String message, String hint) {
    return new Diagnostic(Severity.ERROR, file, line, column, message, hint);
  }

  public static Diagnostic warning(String file, int line, int column, String message, String hint) {
    return new Diagnostic(Severity.WARNING, file, line, column, message, hint);
  }

  public boolean isError() {
    return severity == Severity.ERROR;
  }

  /** {@code sql/mart/x.sql:3:14: error: message (hint: …)}, on one line whatever the inputs hold. */
  public String format() {
    String s = clean(file) + ":" + line + ":" + column + ": " + severity.name().toLowerCase(Locale.ROOT) + ": "
        + clean(message);
    return hint.isBlank() ? s : s + " (hint: " + clean(hint) + ")";
  }

  @Override
  public String toString() {
    return format();
  }

  private static String clean(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
