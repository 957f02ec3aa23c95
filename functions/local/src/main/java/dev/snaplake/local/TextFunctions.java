package dev.snaplake.local;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * String, regular-expression and JSON functions. Both engines use RE2, so patterns pass as they
 * are; what differs is the result on no match (BigQuery NULL, DuckDB ''), REGEXP_REPLACE
 * replacing every match, which group REGEXP_EXTRACT returns, and JSON_VALUE giving text.
 */
final class TextFunctions {
  private static final Pattern BRACKET_KEY = Pattern.compile("\\[\\s*(['\"])(.*?)\\1\\s*]");

  static final Map<String, FunctionRule> RULES = Map.ofEntries(
      Map.entry("REGEXP_CONTAINS", c -> {
        c.requireArity(2, 2);
        return "regexp_matches(" + c.sql(0) + ", " + c.sql(1) + ")";
      }),
      Map.entry("REGEXP_EXTRACT", TextFunctions::regexpExtract),
      Map.entry("REGEXP_SUBSTR", TextFunctions::regexpExtract),
      Map.entry("REGEXP_EXTRACT_ALL", c -> {
        c.requireArity(2, 2);
        return "regexp_extract_all(" + c.sql(0) + ", " + c.sql(1) + ", " + group(c) + ")";
      }),
      Map.entry("REGEXP_REPLACE", c -> {
        c.requireArity(3, 3);
        return "regexp_replace(" + c.sql(0) + ", " + c.sql(1) + ", " + c.sql(2) + ", 'g')";
      }),
      Map.entry("JSON_VALUE", TextFunctions::jsonValue),
      Map.entry("JSON_EXTRACT_SCALAR", TextFunctions::jsonValue),
      Map.entry("JSON_QUERY", TextFunctions::jsonQuery),
      Map.entry("JSON_EXTRACT", TextFunctions::jsonQuery),
      Map.entry("JSON_QUERY_ARRAY", c -> "CAST(json_extract(" + c.sql(0) + ", " + arrayPath(c) + ") AS VARCHAR[])"),
      Map.entry("JSON_EXTRACT_ARRAY", c -> "CAST(json_extract(" + c.sql(0) + ", " + arrayPath(c) + ") AS VARCHAR[])"),
      Map.entry("JSON_VALUE_ARRAY", c -> "json_extract_string(" + c.sql(0) + ", " + arrayPath(c) + ")"),
      Map.entry("JSON_EXTRACT_STRING_ARRAY", c -> "json_extract_string(" + c.sql(0) + ", " + arrayPath(c) + ")"),
      Map.entry("SPLIT", c -> {
        c.requireArity(1, 2);
        return "str_split(" + c.sql(0) + ", " + (c.arity() == 2 ? c.sql(1) : "','") + ")";
      }),
      Map.entry("LPAD", c -> pad(c, "lpad")),
      Map.entry("RPAD", c -> pad(c, "rpad")),
      Map.entry("FORMAT", TextFunctions::format));

  private TextFunctions() {}

  /** The first match (or its one capturing group), NULL when nothing matches. */
  private static String regexpExtract(Call c) {
    c.requireArity(2, 4);
    String text = c.arity() >= 3 ? "substr(" + c.sql(0) + ", " + c.sql(2) + ")" : c.sql(0);
    String occurrence = c.arity() == 4 ? c.sql(3) : "1";
    return "regexp_extract_all(" + text + ", " + c.sql(1) + ", " + group(c) + ")[" + occurrence + "]";
  }

  /** BigQuery returns the capturing group when the pattern has one, else the whole match. */
  private static int group(Call c) {
    String pattern = c.literal(1).orElseThrow(() -> c.unsupported(c.name() + " with a pattern that is not a string literal",
        "whether the pattern has a capturing group is read when the SQL is translated"));
    return capturingGroups(pattern) > 0 ? 1 : 0;
  }

  static int capturingGroups(String pattern) {
    int groups = 0;
    boolean inClass = false;
    for (int i = 0; i < pattern.length(); i++) {
      char ch = pattern.charAt(i);
      if (ch == '\\') {
        i++;
      } else if (inClass) {
        inClass = ch != ']';
      } else if (ch == '[') {
        inClass = true;
        if (i + 1 < pattern.length() && pattern.charAt(i + 1) == ']') {
          i++; // a leading ] is a literal
        }
      } else if (ch == '(') {
        boolean named = pattern.startsWith("(?P<", i) || pattern.startsWith("(?<", i) && !pattern.startsWith("(?<=", i)
            && !pattern.startsWith("(?<!", i);
        if (named || i + 1 >= pattern.length() || pattern.charAt(i + 1) != '?') {
          groups++;
        }
      }
    }
    return groups;
  }

  /** JSON_VALUE: a scalar as text, NULL for objects and arrays (DuckDB's json_value gives JSON text). */
  private static String jsonValue(Call c) {
    c.requireArity(1, 2);
    return "json_extract_string(json_value(" + c.sql(0) + ", " + path(c) + "), '$')";
  }

  private static String jsonQuery(Call c) {
    c.requireArity(1, 2);
    return "CAST(json_extract(" + c.sql(0) + ", " + path(c) + ") AS VARCHAR)";
  }

  /** A literal JSONPath, with BigQuery's {@code ['key']} written as DuckDB's {@code ."key"}. */
  private static String path(Call c) {
    if (c.arity() < 2) {
      return "'$'";
    }
    return c.literal(1).map(p -> DuckDbDialect.literal(duckDbPath(p))).orElseGet(() -> c.sql(1));
  }

  static String duckDbPath(String path) {
    Matcher m = BRACKET_KEY.matcher(path);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(".\"" + m.group(2) + "\""));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String arrayPath(Call c) {
    c.requireArity(1, 2);
    String p = c.arity() < 2 ? "$" : c.literal(1).orElseThrow(() -> c.unsupported(c.name()
        + " with a path that is not a string literal", "the path is extended to the array's elements when the SQL is read"));
    return DuckDbDialect.literal(duckDbPath(p) + "[*]");
  }

  private static String pad(Call c, String function) {
    c.requireArity(2, 3);
    return function + "(" + c.sql(0) + ", " + c.sql(1) + ", " + (c.arity() == 3 ? c.sql(2) : "' '") + ")";
  }

  /** BigQuery's FORMAT is printf-like; its own %t and %T have no DuckDB spelling. */
  private static String format(Call c) {
    String f = c.literal(0).orElse("");
    Matcher m = Pattern.compile("%[-+ #0']*[0-9*]*(?:\\.[0-9*]+)?([tT])").matcher(f);
    if (m.find()) {
      throw c.unsupported("FORMAT element %" + m.group(1), "DuckDB's printf has no SQL-literal formatting");
    }
    return "printf(" + String.join(", ", c.sqls()) + ")";
  }
}
