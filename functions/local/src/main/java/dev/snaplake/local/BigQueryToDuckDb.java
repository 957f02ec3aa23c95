package dev.snaplake.local;

import java.util.Locale;
import java.util.Map;

/**
 * Translates the BigQuery SQL of a model to DuckDB's where the two differ only in spelling:
 * backticked identifiers, double-quoted strings, and type names in casts. Anything else is left
 * to DuckDB, whose error is reported as "not supported by the local warehouse".
 */
final class BigQueryToDuckDb {
  private static final Map<String, String> TYPES =
      Map.of(
          "INT64", "BIGINT",
          "FLOAT64", "DOUBLE",
          "NUMERIC", "DECIMAL(38,9)",
          "BIGNUMERIC", "DECIMAL(38,9)",
          "STRING", "VARCHAR",
          "BYTES", "BLOB",
          "BOOL", "BOOLEAN",
          "DATETIME", "TIMESTAMP");

  private BigQueryToDuckDb() {}

  static String translate(String sql) {
    StringBuilder out = new StringBuilder(sql.length());
    String previousWord = "";
    int i = 0;
    int n = sql.length();
    while (i < n) {
      char c = sql.charAt(i);
      if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-' || c == '#') {
        int end = sql.indexOf('\n', i);
        end = end < 0 ? n : end;
        if (c == '#') {
          out.append("--").append(sql, i + 1, end);
        } else {
          out.append(sql, i, end);
        }
        i = end;
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        int end = sql.indexOf("*/", i + 2);
        end = end < 0 ? n : end + 2;
        out.append(sql, i, end);
        i = end;
      } else if (c == '`') {
        int end = sql.indexOf('`', i + 1);
        end = end < 0 ? n : end;
        String name = sql.substring(i + 1, end);
        String[] parts = name.split("\\.", -1);
        for (int p = 0; p < parts.length; p++) {
          out.append(p == 0 ? "" : ".").append('"').append(parts[p].replace("\"", "\"\"")).append('"');
        }
        i = Math.min(n, end + 1);
        previousWord = "";
      } else if (c == '\'' || c == '"') {
        boolean triple = i + 2 < n && sql.charAt(i + 1) == c && sql.charAt(i + 2) == c;
        int start = i + (triple ? 3 : 1);
        StringBuilder value = new StringBuilder();
        int j = start;
        while (j < n) {
          char d = sql.charAt(j);
          if (d == '\\' && j + 1 < n) {
            value.append(sql.charAt(j + 1));
            j += 2;
            continue;
          }
          if (triple ? sql.startsWith(String.valueOf(c).repeat(3), j) : d == c) {
            break;
          }
          value.append(d);
          j++;
        }
        out.append('\'').append(value.toString().replace("'", "''")).append('\'');
        i = Math.min(n, j + (triple ? 3 : 1));
        previousWord = "";
      } else if (Character.isLetter(c) || c == '_') {
        int j = i;
        while (j < n && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_')) {
          j++;
        }
        String word = sql.substring(i, j);
        String upper = word.toUpperCase(Locale.ROOT);
        if (previousWord.equals("AS") && TYPES.containsKey(upper)) {
          out.append(TYPES.get(upper));
        } else if (upper.equals("SAFE_CAST")) {
          out.append("TRY_CAST");
        } else {
          out.append(word);
        }
        previousWord = upper;
        i = j;
      } else {
        if (!Character.isWhitespace(c)) {
          previousWord = "";
        }
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }
}
