package dev.snaplake.local;

import dev.snaplake.local.SqlNode.Leaf;
import java.util.List;
import java.util.Map;

/**
 * Date and time functions. BigQuery puts the date part last and unquoted ({@code DATE_TRUNC(d,
 * MONTH)}), DuckDB first and quoted; DATE arithmetic must stay DATE (DuckDB's gives TIMESTAMP);
 * DATE_DIFF counts boundaries crossed while TIMESTAMP_DIFF counts whole units. Locally a BigQuery
 * TIMESTAMP is a TIMESTAMP holding the UTC time (the session is UTC), so "now" is UTC and a time
 * zone argument converts through TIMESTAMPTZ.
 */
final class DateTimeFunctions {
  private static final String NOW_UTC = "timezone('UTC', now())";

  /** Written without parentheses. */
  static final Map<String, String> BARE = Map.of(
      "CURRENT_DATE", "CAST(" + NOW_UTC + " AS DATE)",
      "CURRENT_DATETIME", NOW_UTC,
      "CURRENT_TIMESTAMP", NOW_UTC,
      "CURRENT_TIME", "CAST(" + NOW_UTC + " AS TIME)");

  static final Map<String, FunctionRule> RULES = Map.ofEntries(
      Map.entry("CURRENT_DATE", c -> now(c)),
      Map.entry("CURRENT_DATETIME", c -> now(c)),
      Map.entry("CURRENT_TIMESTAMP", c -> now(c)),
      Map.entry("CURRENT_TIME", c -> now(c)),
      Map.entry("DATE_TRUNC", c -> trunc(c, true)),
      Map.entry("DATETIME_TRUNC", c -> trunc(c, false)),
      Map.entry("TIMESTAMP_TRUNC", c -> trunc(c, false)),
      Map.entry("TIME_TRUNC", c -> trunc(c, false)),
      Map.entry("DATE_ADD", c -> add(c, "+", true)),
      Map.entry("DATE_SUB", c -> add(c, "-", true)),
      Map.entry("DATETIME_ADD", c -> add(c, "+", false)),
      Map.entry("DATETIME_SUB", c -> add(c, "-", false)),
      Map.entry("TIMESTAMP_ADD", c -> add(c, "+", false)),
      Map.entry("TIMESTAMP_SUB", c -> add(c, "-", false)),
      Map.entry("TIME_ADD", c -> add(c, "+", false)),
      Map.entry("TIME_SUB", c -> add(c, "-", false)),
      Map.entry("DATE_DIFF", DateTimeFunctions::boundaries),
      Map.entry("DATETIME_DIFF", DateTimeFunctions::boundaries),
      Map.entry("TIMESTAMP_DIFF", DateTimeFunctions::wholeUnits),
      Map.entry("TIME_DIFF", DateTimeFunctions::wholeUnits),
      Map.entry("EXTRACT", DateTimeFunctions::extract),
      Map.entry("FORMAT_DATE", c -> format(c)),
      Map.entry("FORMAT_DATETIME", c -> format(c)),
      Map.entry("FORMAT_TIMESTAMP", c -> format(c)),
      Map.entry("PARSE_DATE", c -> "CAST(" + parse(c) + " AS DATE)"),
      Map.entry("PARSE_DATETIME", DateTimeFunctions::parse),
      Map.entry("PARSE_TIMESTAMP", DateTimeFunctions::parse),
      Map.entry("DATE", DateTimeFunctions::date),
      Map.entry("DATETIME", DateTimeFunctions::datetime),
      Map.entry("TIMESTAMP", DateTimeFunctions::timestamp),
      Map.entry("LAST_DAY", DateTimeFunctions::lastDay),
      Map.entry("UNIX_DATE", c -> "date_diff('day', DATE '1970-01-01', " + c.sql(0) + ")"),
      Map.entry("DATE_FROM_UNIX_DATE", c -> "(DATE '1970-01-01' + CAST(" + c.sql(0) + " AS INTEGER))"),
      Map.entry("UNIX_SECONDS", c -> "CAST(floor(epoch_us(" + c.sql(0) + ") / 1000000) AS BIGINT)"),
      Map.entry("UNIX_MILLIS", c -> "CAST(floor(epoch_us(" + c.sql(0) + ") / 1000) AS BIGINT)"),
      Map.entry("UNIX_MICROS", c -> "epoch_us(" + c.sql(0) + ")"),
      Map.entry("TIMESTAMP_SECONDS", c -> "make_timestamp(CAST(" + c.sql(0) + " AS BIGINT) * 1000000)"),
      Map.entry("TIMESTAMP_MILLIS", c -> "make_timestamp(CAST(" + c.sql(0) + " AS BIGINT) * 1000)"),
      Map.entry("TIMESTAMP_MICROS", c -> "make_timestamp(CAST(" + c.sql(0) + " AS BIGINT))"));

  private DateTimeFunctions() {}

  private static String now(Call c) {
    c.requireArity(0, 1);
    if (c.arity() == 0) {
      return BARE.get(c.name());
    }
    if (c.name().equals("CURRENT_TIMESTAMP")) {
      throw c.unsupported("CURRENT_TIMESTAMP with an argument", "CURRENT_TIMESTAMP takes none");
    }
    String local = "timezone(" + c.sql(0) + ", now())";
    return switch (c.name()) {
      case "CURRENT_DATE" -> "CAST(" + local + " AS DATE)";
      case "CURRENT_TIME" -> "CAST(" + local + " AS TIME)";
      default -> local;
    };
  }

  /** The wall time in {@code zone} of a local timestamp (which holds UTC). */
  static String inZone(String timestamp, String zone) {
    return "timezone(" + zone + ", CAST(" + timestamp + " AS TIMESTAMPTZ))";
  }

  /** The UTC timestamp of a wall time in {@code zone}. */
  private static String fromZone(String wallTime, String zone) {
    return "CAST(timezone(" + zone + ", CAST(" + wallTime + " AS TIMESTAMP)) AS TIMESTAMP)";
  }

  /** {@code DATE_TRUNC(d, MONTH)} is {@code date_trunc('month', d)}; on a date it stays a date. */
  private static String trunc(Call c, boolean date) {
    c.requireArity(2, 3);
    String value = c.arity() == 3 ? inZone(c.sql(0), c.sql(2)) : c.sql(0);
    DatePart part = DatePart.of(c.arg(1));
    String truncated = switch (part.name()) {
      case "WEEK", "ISOWEEK" -> part.weekStartOf(value);
      case "DAYOFWEEK", "DAYOFYEAR", "DATE", "TIME", "DATETIME" -> throw new UnsupportedSqlException(
          c.name() + " to " + part.name(), "BigQuery does not truncate to this part either", part.at().start());
      default -> "date_trunc('" + part.duckDb() + "', " + value + ")";
    };
    if (c.arity() == 3) {
      // Truncated in that zone's wall time, then back to UTC (TIMESTAMP_TRUNC(ts, DAY, 'Europe/Paris')).
      return fromZone(truncated, c.sql(2));
    }
    return date && !part.isTimeOfDay() ? "CAST(" + truncated + " AS DATE)" : truncated;
  }

  /** {@code DATE_ADD(d, INTERVAL n DAY)}; DuckDB adds intervals to dates as timestamps, so a date is cast back. */
  private static String add(Call c, String sign, boolean date) {
    c.requireArity(2, 2);
    List<SqlNode> interval = SqlNode.significant(c.arg(1));
    String amount;
    String unit;
    if (interval.size() >= 3 && interval.get(0) instanceof Leaf first && first.token().is("INTERVAL")) {
      DatePart part = DatePart.of(List.of(interval.get(interval.size() - 1)));
      int from = c.arg(1).indexOf(interval.get(0)) + 1;
      int to = c.arg(1).indexOf(interval.get(interval.size() - 1));
      amount = c.sql(c.arg(1).subList(from, to));
      unit = part.duckDb();
    } else {
      return "(" + c.sql(0) + " " + sign + " " + c.sql(1) + ")";
    }
    String sum = "(" + c.sql(0) + " " + sign + " INTERVAL (" + amount + ") " + unit + ")";
    return date ? "CAST(" + sum + " AS DATE)" : sum;
  }

  /** DATE_DIFF and DATETIME_DIFF count the part boundaries between the two values (end first in BigQuery). */
  private static String boundaries(Call c) {
    c.requireArity(3, 3);
    String end = c.sql(0);
    String start = c.sql(1);
    DatePart part = DatePart.of(c.arg(2));
    if (part.isWeek()) {
      return "(date_diff('day', " + part.weekStartOf(start) + ", " + part.weekStartOf(end) + ") // 7)";
    }
    return "date_diff('" + part.duckDb() + "', " + start + ", " + end + ")";
  }

  /** TIMESTAMP_DIFF counts whole units elapsed: DuckDB's date_sub. */
  private static String wholeUnits(Call c) {
    c.requireArity(3, 3);
    DatePart part = DatePart.of(c.arg(2));
    return "date_sub('" + part.duckDb() + "', " + c.sql(1) + ", " + c.sql(0) + ")";
  }

  /** {@code EXTRACT(part FROM value)}; the parts whose numbering differs are computed. */
  private static String extract(Call c) {
    c.requireArity(1, 1);
    List<List<SqlNode>> parts = Call.splitAt(c.arg(0), "FROM");
    if (parts.size() != 2) {
      throw c.unsupported("EXTRACT without FROM", "write EXTRACT(part FROM value)");
    }
    List<List<SqlNode>> at = Call.splitAt(parts.get(1), "AT");
    DatePart part = DatePart.of(parts.get(0));
    String v = c.sql(at.get(0));
    if (at.size() == 2) {
      List<List<SqlNode>> zone = Call.splitAt(at.get(1), "ZONE");
      if (zone.size() != 2) {
        throw c.unsupported("EXTRACT … AT " + c.sql(at.get(1)), "write AT TIME ZONE 'zone'");
      }
      v = inZone(v, c.sql(zone.get(1)));
    }
    if (part.name().equals("WEEK")) {
      // Week 0 holds the days before the year's first week-start day.
      return "((dayofyear(" + v + ") - 1 + 7 - " + part.daysIntoWeek(v) + ") // 7)";
    }
    return switch (part.name()) {
      case "DAYOFWEEK" -> "(dayofweek(" + v + ") + 1)";
      case "ISOWEEK" -> "week(" + v + ")";
      case "MILLISECOND" -> "(millisecond(" + v + ") % 1000)";
      case "MICROSECOND" -> "(microsecond(" + v + ") % 1000000)";
      case "DATE" -> "CAST(" + v + " AS DATE)";
      case "TIME" -> "CAST(" + v + " AS TIME)";
      case "DATETIME" -> "CAST(" + v + " AS TIMESTAMP)";
      default -> "EXTRACT(" + part.name() + " FROM " + v + ")";
    };
  }

  private static String format(Call c) {
    c.requireArity(2, 3);
    String format = c.literal(0).orElseThrow(() -> c.unsupported(c.name() + " with a format that is not a string literal",
        "the format elements are translated when the SQL is read"));
    if (c.arity() == 3) {
      if (format.matches("(?s).*%(E?z|Z).*")) {
        throw c.unsupported(c.name() + " of the zone's offset or name",
            "the local warehouse formats the wall time in that zone but not its offset or name");
      }
      return DateFormat.format(inZone(c.sql(1), c.sql(2)), format, c.at());
    }
    return DateFormat.format(c.sql(1), format, c.at());
  }

  private static String parse(Call c) {
    c.requireArity(2, 3);
    String format = c.literal(0).orElseThrow(() -> c.unsupported(c.name() + " with a format that is not a string literal",
        "the format elements are translated when the SQL is read"));
    String parsed = "strptime(" + c.sql(1) + ", " + DuckDbDialect.literal(DateFormat.parse(format, c.at())) + ")";
    return c.arity() == 3 ? fromZone(parsed, c.sql(2)) : parsed;
  }

  /** DATE(value), DATE(timestamp, zone), DATE(year, month, day). */
  private static String date(Call c) {
    c.requireArity(1, 3);
    return switch (c.arity()) {
      case 1 -> "CAST(" + c.sql(0) + " AS DATE)";
      case 2 -> "CAST(" + inZone(c.sql(0), c.sql(1)) + " AS DATE)";
      default -> "make_date(" + String.join(", ", c.sqls()) + ")";
    };
  }

  /** DATETIME(value), DATETIME(timestamp, zone), DATETIME(date, time). */
  private static String datetime(Call c) {
    c.requireArity(1, 2);
    if (c.arity() == 1) {
      return "CAST(" + c.sql(0) + " AS TIMESTAMP)";
    }
    return c.literal(1).isPresent() ? inZone(c.sql(0), c.sql(1))
        : "(CAST(" + c.sql(0) + " AS DATE) + CAST(" + c.sql(1) + " AS TIME))";
  }

  /** TIMESTAMP(value), TIMESTAMP(wall time, zone); a string may carry its own offset. */
  private static String timestamp(Call c) {
    c.requireArity(1, 2);
    return c.arity() == 2 ? fromZone(c.sql(0), c.sql(1)) : "CAST(CAST(" + c.sql(0) + " AS TIMESTAMPTZ) AS TIMESTAMP)";
  }

  private static String lastDay(Call c) {
    c.requireArity(1, 2);
    String d = c.sql(0);
    DatePart part = c.arity() == 1 ? null : DatePart.of(c.arg(1));
    if (part == null || part.name().equals("MONTH")) {
      return "last_day(" + d + ")";
    }
    if (part.isWeek()) {
      return "CAST(" + part.weekStartOf(d) + " + INTERVAL 6 DAY AS DATE)";
    }
    if (part.name().equals("YEAR") || part.name().equals("QUARTER")) {
      return "CAST(date_trunc('" + part.duckDb() + "', " + d + ") + INTERVAL " + (part.name().equals("YEAR") ? "12" : "3")
          + " MONTH - INTERVAL 1 DAY AS DATE)";
    }
    throw c.unsupported("LAST_DAY to " + part.name(), "use MONTH, QUARTER, YEAR or WEEK");
  }
}
