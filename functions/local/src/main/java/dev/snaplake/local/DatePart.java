package dev.snaplake.local;

import dev.snaplake.core.sql.SqlToken;
import dev.snaplake.local.SqlNode.Group;
import dev.snaplake.local.SqlNode.Leaf;
import java.util.List;

/**
 * A BigQuery date part as written in DATE_TRUNC, DATE_DIFF, EXTRACT…: {@code MONTH},
 * {@code WEEK(MONDAY)}. BigQuery's WEEK starts on Sunday unless a day is given; DuckDB's week is
 * ISO (Monday), so weeks are computed from {@link #weekStart}, 0 for Sunday to 6 for Saturday.
 */
record DatePart(String name, int weekStart, SqlToken at) {
  private static final List<String> DAYS = List.of("SUNDAY", "MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY");
  private static final List<String> PARTS = List.of("MICROSECOND", "MILLISECOND", "SECOND", "MINUTE", "HOUR", "DAY",
      "DAYOFWEEK", "DAYOFYEAR", "WEEK", "ISOWEEK", "MONTH", "QUARTER", "YEAR", "ISOYEAR", "DATE", "TIME", "DATETIME");

  static DatePart of(List<SqlNode> nodes) {
    List<SqlNode> s = SqlNode.significant(nodes);
    if (s.isEmpty() || !(s.get(0) instanceof Leaf l) || !PARTS.contains(l.token().upper())) {
      SqlNode where = s.isEmpty() ? null : s.get(0);
      throw new UnsupportedSqlException("date part " + (where == null ? "(none)" : text(s)),
          "use one of " + String.join(", ", PARTS), where == null ? 0 : where.first().start());
    }
    SqlToken t = l.token();
    if (s.size() == 2 && t.is("WEEK") && s.get(1) instanceof Group g && g.inner().size() == 1
        && g.inner().get(0) instanceof Leaf day && DAYS.contains(day.token().upper())) {
      return new DatePart("WEEK", DAYS.indexOf(day.token().upper()), t);
    }
    if (s.size() != 1) {
      throw new UnsupportedSqlException("date part " + text(s), "write a single date part", t.start());
    }
    return new DatePart(t.upper(), t.is("WEEK") ? 0 : t.is("ISOWEEK") ? 1 : -1, t);
  }

  boolean isWeek() {
    return weekStart >= 0;
  }

  /** Finer than a day: only timestamps have it. */
  boolean isTimeOfDay() {
    return List.of("MICROSECOND", "MILLISECOND", "SECOND", "MINUTE", "HOUR").contains(name);
  }

  /** DuckDB's name for the part, for date_trunc, date_diff and INTERVAL. */
  String duckDb() {
    return name.toLowerCase(java.util.Locale.ROOT);
  }

  /** Days since the start of {@code value}'s week. */
  String daysIntoWeek(String value) {
    return "((dayofweek(" + value + ") - " + weekStart + " + 7) % 7)";
  }

  /** The first day of {@code value}'s week, as a TIMESTAMP at midnight. */
  String weekStartOf(String value) {
    return "(date_trunc('day', " + value + ") - to_days(CAST(" + daysIntoWeek(value) + " AS INTEGER)))";
  }

  private static String text(List<SqlNode> s) {
    StringBuilder b = new StringBuilder();
    for (SqlNode n : s) {
      b.append(n instanceof Leaf l ? l.token().text() : "(…)");
    }
    return b.toString();
  }
}
