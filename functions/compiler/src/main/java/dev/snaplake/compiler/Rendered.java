package dev.snaplake.compiler;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A model file after rendering its Airflow-style {@code {{ params.NAME }}} placeholders, with a map
 * from every rendered offset back to the original file (a substituted value maps to its
 * {@code {{}). Nothing else of Jinja is supported: any other {@code {{ … }}} or {@code {% … %}}
 * is an error.
 */
final class Rendered {
  record Problem(int offset, String message, String hint) {}

  private static final Pattern PARAM = Pattern.compile("params\\s*\\.\\s*([A-Za-z_][A-Za-z0-9_]*)");

  final String text;
  private final int[] toOriginal;
  final List<Problem> problems;

  private Rendered(String text, int[] toOriginal, List<Problem> problems) {
    this.text = text;
    this.toOriginal = toOriginal;
    this.problems = problems;
  }

  int original(int renderedOffset) {
    return toOriginal[Math.max(0, Math.min(renderedOffset, toOriginal.length - 1))];
  }

  static Rendered render(String original, Map<String, String> params) {
    StringBuilder out = new StringBuilder(original.length());
    int[] map = new int[original.length() + 1];
    int mapLen = 0;
    List<Problem> problems = new ArrayList<>();
    int i = 0;
    while (i < original.length()) {
      if (original.startsWith("{%", i)) {
        problems.add(new Problem(i, "Jinja statements ({% … %}) are not supported in model files",
            "only {{ params.NAME }} is rendered; write the SQL out"));
      }
      if (!original.startsWith("{{", i)) {
        map = ensure(map, mapLen + 1);
        map[mapLen++] = i;
        out.append(original.charAt(i));
        i++;
        continue;
      }
      int close = original.indexOf("}}", i + 2);
      int eol = firstLineEnd(original, i);
      if (close < 0 || close > eol) {
        problems.add(new Problem(i, "unclosed template expression {{", "close it with }} on the same line"));
        map = ensure(map, mapLen + 1);
        map[mapLen++] = i;
        out.append(original.charAt(i));
        i++;
        continue;
      }
      String inner = original.substring(i + 2, close).trim();
      Matcher m = PARAM.matcher(inner);
      String value = null;
      if (!m.matches()) {
        problems.add(new Problem(i, "unsupported template expression {{ " + shorten(inner) + " }}",
            "only {{ params.NAME }} is rendered (dataset_name, table_name, or a key of params in snaplake.json)"));
      } else {
        value = params.get(m.group(1));
        if (value == null) {
          problems.add(new Problem(i, "undefined template parameter params." + m.group(1),
              "defined: " + String.join(", ", params.keySet().stream().sorted().toList())
                  + "; add it to \"params\" in snaplake.json"));
        }
      }
      String replacement = value == null ? original.substring(i, close + 2) : value;
      map = ensure(map, mapLen + replacement.length());
      for (int k = 0; k < replacement.length(); k++) {
        map[mapLen++] = value == null ? i + k : i;
      }
      out.append(replacement);
      i = close + 2;
    }
    map = ensure(map, mapLen + 1);
    map[mapLen++] = original.length();
    return new Rendered(out.toString(), Arrays.copyOf(map, mapLen), List.copyOf(problems));
  }

  private static int firstLineEnd(String s, int from) {
    for (int k = from; k < s.length(); k++) {
      if (s.charAt(k) == '\n' || s.charAt(k) == '\r') {
        return k;
      }
    }
    return s.length();
  }

  private static String shorten(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "…" : s;
  }

  private static int[] ensure(int[] a, int size) {
    return size <= a.length ? a : Arrays.copyOf(a, Math.max(size, a.length * 2));
  }
}
