package dev.snaplake.local;

import dev.snaplake.core.sql.SqlToken;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * BigQuery's format elements (FORMAT_DATE, PARSE_DATE and their DATETIME and TIMESTAMP kin) in
 * DuckDB's strftime/strptime. Most are the same; some expand to several ({@code %F}); a few
 * DuckDB lacks are computed beside strftime when formatting ({@code %e}, {@code %Q}); what cannot
 * be either is refused.
 */
final class DateFormat {
  /** Elements DuckDB spells otherwise; the value may use further elements. */
  private static final Map<Character, String> EXPANSIONS = Map.ofEntries(
      Map.entry('D', "%m/%d/%y"), Map.entry('F', "%Y-%m-%d"), Map.entry('T', "%H:%M:%S"), Map.entry('R', "%H:%M"),
      Map.entry('r', "%I:%M:%S %p"), Map.entry('x', "%m/%d/%y"), Map.entry('X', "%H:%M:%S"),
      Map.entry('c', "%a %b %e %H:%M:%S %Y"), Map.entry('h', "%b"), Map.entry('n', "\n"), Map.entry('t', "\t"));
  private static final String SAME = "aAbBdHIjmMpSuUVwWyYG%";

  private DateFormat() {}

  /** SQL formatting {@code value} (DuckDB SQL) with the BigQuery {@code format}. */
  static String format(String value, String format, SqlToken at) {
    List<String> pieces = new ArrayList<>();
    StringBuilder run = new StringBuilder();
    translate(format, at, true, run, pieces, value);
    flush(run, pieces, value);
    return pieces.isEmpty() ? "strftime(" + value + ", '')" : pieces.size() == 1 ? pieces.get(0) : "(" + String.join(" || ", pieces) + ")";
  }

  /** The strptime format for a BigQuery parse format. */
  static String parse(String format, SqlToken at) {
    StringBuilder run = new StringBuilder();
    translate(format, at, false, run, new ArrayList<>(), null);
    return run.toString();
  }

  private static void translate(String format, SqlToken at, boolean formatting, StringBuilder run, List<String> pieces, String value) {
    for (int i = 0; i < format.length(); i++) {
      char c = format.charAt(i);
      if (c != '%' || i + 1 >= format.length()) {
        run.append(c);
        continue;
      }
      char e = format.charAt(++i);
      if (e == 'E') {
        i = extended(format, i, at, run);
        continue;
      }
      if (SAME.indexOf(e) >= 0) {
        run.append('%').append(e);
      } else if (EXPANSIONS.containsKey(e)) {
        translate(EXPANSIONS.get(e), at, formatting, run, pieces, value);
      } else if (!formatting && (e == 'e' || e == 'k' || e == 'l')) {
        run.append(e == 'e' ? "%-d" : e == 'k' ? "%-H" : "%-I"); // strptime reads padded or not
      } else if (formatting && computed(e, value) != null) {
        flush(run, pieces, value);
        pieces.add(computed(e, value));
      } else if (e == 'z' || e == 'Z') {
        if (formatting) {
          run.append(e == 'z' ? "+0000" : "UTC"); // local timestamps are UTC
        } else {
          run.append('%').append(e);
        }
      } else {
        throw new UnsupportedSqlException("format element %" + e + " in '" + format + "'",
            formatting ? "DuckDB's strftime has no equivalent" : "DuckDB's strptime cannot read it", at.start());
      }
    }
  }

  /** {@code %E…} elements: {@code %E4Y}, {@code %E<n>S}, {@code %E*S}, {@code %Ez}; returns the last index read. */
  private static int extended(String format, int i, SqlToken at, StringBuilder run) {
    String rest = format.substring(i + 1);
    if (rest.startsWith("4Y")) {
      run.append("%Y");
      return i + 2;
    }
    if (rest.startsWith("*S") || rest.startsWith("6S")) {
      run.append("%S.%f");
      return i + 2;
    }
    if (rest.startsWith("3S")) {
      run.append("%S.%g");
      return i + 2;
    }
    if (rest.startsWith("0S")) {
      run.append("%S");
      return i + 2;
    }
    if (rest.startsWith("9S")) {
      run.append("%S.%n");
      return i + 2;
    }
    if (rest.startsWith("z")) {
      run.append("+00:00");
      return i + 1;
    }
    throw new UnsupportedSqlException("format element %E" + (rest.isEmpty() ? "" : rest.substring(0, Math.min(2, rest.length())))
        + " in '" + format + "'", "DuckDB has no equivalent", at.start());
  }

  private static String computed(char e, String value) {
    return switch (e) {
      case 'e' -> "lpad(strftime(" + value + ", '%-d'), 2, ' ')";
      case 'k' -> "lpad(strftime(" + value + ", '%-H'), 2, ' ')";
      case 'l' -> "lpad(strftime(" + value + ", '%-I'), 2, ' ')";
      case 'C' -> "lpad(CAST(year(" + value + ") // 100 AS VARCHAR), 2, '0')";
      case 'Q' -> "CAST(quarter(" + value + ") AS VARCHAR)";
      case 'g' -> "right(strftime(" + value + ", '%G'), 2)";
      case 'P' -> "lower(strftime(" + value + ", '%p'))";
      case 's' -> "CAST(CAST(epoch(" + value + ") AS BIGINT) AS VARCHAR)";
      default -> null;
    };
  }

  private static void flush(StringBuilder run, List<String> pieces, String value) {
    if (run.length() > 0) {
      pieces.add("strftime(" + value + ", " + DuckDbDialect.literal(run.toString()) + ")");
      run.setLength(0);
    }
  }
}
