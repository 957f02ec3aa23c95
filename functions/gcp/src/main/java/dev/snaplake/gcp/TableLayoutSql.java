package dev.snaplake.gcp;

import dev.snaplake.core.catalog.ManagedObject;
import dev.snaplake.core.catalog.Partitioning;
import dev.snaplake.core.naming.Identifiers;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A model table's {@code PARTITION BY} and {@code CLUSTER BY} clauses. The compiler already
 * checked the partitioning expression; it is still matched against BigQuery's forms and written
 * again with the column back-quoted, so nothing from the manifest is pasted into SQL as is.
 */
final class TableLayoutSql {
  private static final String COLUMN = "`?([A-Za-z_][A-Za-z0-9_]*)`?";
  private static final Pattern DATE = Pattern.compile("(?i)DATE\\(\\s*" + COLUMN + "\\s*\\)");
  private static final Pattern TRUNC = Pattern.compile(
      "(?i)(TIMESTAMP_TRUNC|DATETIME_TRUNC|DATE_TRUNC)\\(\\s*" + COLUMN + "\\s*,\\s*(HOUR|DAY|MONTH|YEAR)\\s*\\)");
  private static final Pattern RANGE = Pattern.compile("(?i)RANGE_BUCKET\\(\\s*" + COLUMN
      + "\\s*,\\s*GENERATE_ARRAY\\(\\s*(-?\\d{1,18})\\s*,\\s*(-?\\d{1,18})\\s*(?:,\\s*(\\d{1,18})\\s*)?\\)\\s*\\)");
  /** BigQuery's answer when CREATE OR REPLACE TABLE would change a table's partitioning or clustering. */
  private static final Pattern LAYOUT_CHANGE =
      Pattern.compile("Cannot replace a table with a different (partitioning|clustering) spec");

  private TableLayoutSql() {}

  /** {@code PARTITION BY <expression>} and {@code CLUSTER BY a, b}, each on its own line, or "". */
  static String of(ManagedObject o) {
    StringBuilder out = new StringBuilder();
    o.partitioning().ifPresent(p -> out.append("\nPARTITION BY ").append(partitionBy(o, p)));
    if (!o.clustering().isEmpty()) {
      out.append("\nCLUSTER BY ")
          .append(String.join(", ", o.clustering().stream().map(BigQuerySql::column).toList()));
    }
    return out.toString();
  }

  /** The partitioning expression of one of BigQuery's forms, on the partitioning column. */
  static String partitionBy(ManagedObject o, Partitioning p) {
    String e = p.expression().strip();
    Matcher m;
    if ((m = Pattern.compile(COLUMN).matcher(e)).matches() && sameColumn(m.group(1), p)) {
      return BigQuerySql.column(m.group(1));
    }
    if ((m = DATE.matcher(e)).matches() && sameColumn(m.group(1), p)) {
      return "DATE(" + BigQuerySql.column(m.group(1)) + ")";
    }
    if ((m = TRUNC.matcher(e)).matches() && sameColumn(m.group(2), p)) {
      return m.group(1).toUpperCase(Locale.ROOT) + "(" + BigQuerySql.column(m.group(2)) + ", "
          + m.group(3).toUpperCase(Locale.ROOT) + ")";
    }
    if ((m = RANGE.matcher(e)).matches() && sameColumn(m.group(1), p)) {
      return "RANGE_BUCKET(" + BigQuerySql.column(m.group(1)) + ", GENERATE_ARRAY(" + m.group(2) + ", " + m.group(3)
          + ", " + (m.group(4) == null ? "1" : m.group(4)) + "))";
    }
    throw new IllegalArgumentException(o.id() + " (" + o.file() + "): PARTITION BY " + Identifiers.show(e)
        + " on column " + Identifiers.show(p.column()) + " is not a partitioning snaplake writes. Compile sql/ again"
        + " with this snaplake (snaplake compile) so the manifest carries a checked expression.");
  }

  private static boolean sameColumn(String column, Partitioning p) {
    return column.equalsIgnoreCase(p.column());
  }

  /** Whether a failed DDL is BigQuery refusing to replace a table whose partitioning or clustering changes. */
  static boolean isLayoutChange(BigQueryJobException e) {
    return e.getMessage() != null && LAYOUT_CHANGE.matcher(e.getMessage()).find();
  }

  /** Throws when a view is given a table's layout: BigQuery has no partitioned or clustered views. */
  static void refuseOnView(ManagedObject o) {
    if (o.partitioning().isPresent() || !o.clustering().isEmpty()) {
      List<String> what = new java.util.ArrayList<>();
      o.partitioning().ifPresent(p -> what.add("PARTITION BY " + p.expression()));
      if (!o.clustering().isEmpty()) {
        what.add("CLUSTER BY " + String.join(", ", o.clustering()));
      }
      throw new IllegalArgumentException(o.id() + " (" + o.file() + ") is a view but has " + String.join(" and ", what)
          + "; BigQuery partitions and clusters tables only. Make it a table (CREATE TABLE) or drop the clause.");
    }
  }
}
