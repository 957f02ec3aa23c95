package dev.snaplake.deploy;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.io.PrintStream;
import java.util.Map;

/**
 * One JSON object per line on standard output, which Cloud Logging reads as a structured entry:
 * {@code severity} and {@code message} are its special fields, the others land in
 * {@code jsonPayload} and can be filtered on (e.g. {@code jsonPayload.export="…"}).
 */
public final class StructuredLog {
  public enum Severity {
    DEBUG,
    INFO,
    NOTICE,
    WARNING,
    ERROR
  }

  private static volatile PrintStream out = System.out;

  private final String component;

  public StructuredLog(String component) {
    this.component = component;
  }

  public void info(String message, Map<String, ?> fields) {
    log(Severity.INFO, message, fields);
  }

  public void warning(String message, Map<String, ?> fields) {
    log(Severity.WARNING, message, fields);
  }

  public void error(String message, Map<String, ?> fields) {
    log(Severity.ERROR, message, fields);
  }

  public void log(Severity severity, String message, Map<String, ?> fields) {
    JsonObject o = new JsonObject();
    o.addProperty("severity", severity.name());
    o.addProperty("message", oneLine(message));
    o.addProperty("component", component);
    fields.forEach((k, v) -> {
      if (v != null && !k.equals("severity") && !k.equals("message")) {
        o.add(k, toJson(v));
      }
    });
    PrintStream p = out;
    p.println(o); // PrintStream.println is synchronized: one line per entry, never interleaved
    p.flush();
  }

  private static JsonElement toJson(Object v) {
    if (v instanceof JsonElement e) {
      return e;
    }
    if (v instanceof Number n) {
      return new JsonPrimitive(n);
    }
    if (v instanceof Boolean b) {
      return new JsonPrimitive(b);
    }
    return new JsonPrimitive(oneLine(String.valueOf(v)));
  }

  /** A message is one line: newlines would split it into several log entries in some readers. */
  static String oneLine(String s) {
    return s == null ? "" : s.replace("\r", "\\r").replace("\n", "\\n");
  }

  /** Redirects every log (tests). */
  static void redirect(PrintStream stream) {
    out = stream;
  }
}
