package dev.snaplake.compiler;

import dev.snaplake.core.catalog.Partitioning;
import dev.snaplake.core.naming.Identifiers;
import dev.snaplake.core.sql.SqlToken;
import dev.snaplake.core.sql.SqlToken.Kind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A table's {@code PARTITION BY} and {@code CLUSTER BY}, read from its header, and their checks
 * against the table's output columns. The forms are BigQuery's: a DATE column;
 * {@code DATE(timestamp_or_datetime)}; {@code TIMESTAMP_TRUNC}/{@code DATETIME_TRUNC(col, DAY|HOUR|MONTH|YEAR)};
 * {@code DATE_TRUNC(date, MONTH|YEAR)}; {@code RANGE_BUCKET(int64, GENERATE_ARRAY(start, end[, step]))}.
 * Ingestion-time partitioning cannot be used: a model table is rebuilt from its query.
 * Offsets are into the rendered file.
 */
final class TableLayout {
  /** A column the header names, at an offset. */
  record ColumnRef(String name, int offset) {}

  /** PARTITION BY: its column, the column types its form takes, its unit and canonical expression. */
  record Partition(ColumnRef column, Set<String> types, String unit, String expression) {}

  /** BigQuery allows 4 clustering columns of these (top-level, non-repeated) types. */
  static final int MAX_CLUSTERING = 4;
  static final Set<String> CLUSTERABLE = Set.of("BIGNUMERIC", "BOOL", "DATE", "DATETIME", "GEOGRAPHY", "INT64",
      "NUMERIC", "RANGE", "STRING", "TIMESTAMP");
  /** BigQuery's limit on a table's partitions, which bounds an integer range. */
  static final long MAX_PARTITIONS = 10_000;
  private static final String FORMS = "partition by a DATE column, DATE(timestamp_or_datetime), TIMESTAMP_TRUNC(ts, DAY),"
      + " DATETIME_TRUNC(dt, MONTH), DATE_TRUNC(date, YEAR) or RANGE_BUCKET(int64, GENERATE_ARRAY(0, 1000000, 1000))";
  private static final Set<String> TIME_UNITS = Set.of("DAY", "HOUR", "MONTH", "YEAR");

  Partition partition;
  final List<ColumnRef> clustering = new ArrayList<>();

  boolean isEmpty() {
    return partition == null && clustering.isEmpty();
  }

  Optional<Partitioning> partitioning() {
    return partition == null ? Optional.empty()
        : Optional.of(new Partitioning(partition.column().name(), partition.unit(), partition.expression()));
  }

  List<String> clusteringColumns() {
    return clustering.stream().map(ColumnRef::name).toList();
  }

  /** Reads the tokens after {@code PARTITION BY}; null (with a problem) when it is not a BigQuery form. */
  static Partition partition(List<SqlToken> c, int at, List<HeaderParser.Problem> problems) {
    if (c.isEmpty()) {
      problems.add(error(at, "PARTITION BY needs a partitioning expression", FORMS));
      return null;
    }
    SqlToken first = c.get(0);
    if (c.size() == 1 && column(first) != null) {
      if (ingestionTime(first)) {
        problems.add(ingestionTimeError(first));
        return null;
      }
      return new Partition(ref(first), Set.of("DATE"), "DAY", column(first));
    }
    if (c.size() >= 4 && first.kind() == Kind.WORD && c.get(1).sym("(") && c.get(c.size() - 1).sym(")")) {
      String fn = first.text().toUpperCase(Locale.ROOT);
      List<List<SqlToken>> args = arguments(c.subList(2, c.size() - 1));
      SqlToken col = args.isEmpty() || args.get(0).size() != 1 ? null : args.get(0).get(0);
      if (col != null && ingestionTime(col)) {
        problems.add(ingestionTimeError(col));
        return null;
      }
      if (col != null && column(col) != null) {
        String name = column(col);
        switch (fn) {
          case "DATE" -> {
            if (args.size() == 1) {
              return new Partition(ref(col), Set.of("TIMESTAMP", "DATETIME"), "DAY", "DATE(" + name + ")");
            }
          }
          case "TIMESTAMP_TRUNC", "DATETIME_TRUNC", "DATE_TRUNC" -> {
            Set<String> units = fn.equals("DATE_TRUNC") ? Set.of("MONTH", "YEAR") : TIME_UNITS;
            if (args.size() == 2 && args.get(1).size() == 1 && args.get(1).get(0).kind() == Kind.WORD) {
              SqlToken unitTok = args.get(1).get(0);
              String unit = unitTok.text().toUpperCase(Locale.ROOT);
              if (!units.contains(unit)) {
                problems.add(error(unitTok.start(), fn + " partitions by " + String.join(", ", units.stream().sorted().toList())
                    + ", not " + unitTok.text(), fn.equals("DATE_TRUNC") ? "for days, partition by the DATE column itself" : FORMS));
                return null;
              }
              String type = fn.substring(0, fn.indexOf('_'));
              return new Partition(ref(col), Set.of(type), unit, fn + "(" + name + ", " + unit + ")");
            }
          }
          case "RANGE_BUCKET" -> {
            if (args.size() == 2) {
              return rangeBucket(ref(col), args.get(1), problems);
            }
          }
          default -> { }
        }
      }
    }
    problems.add(error(first.start(), "PARTITION BY " + shorten(c) + " is not a partitioning BigQuery accepts", FORMS));
    return null;
  }

  private static Partition rangeBucket(ColumnRef col, List<SqlToken> arg, List<HeaderParser.Problem> problems) {
    String hint = "write RANGE_BUCKET(" + col.name() + ", GENERATE_ARRAY(start, end, step)) with integer literals";
    if (arg.size() < 4 || !arg.get(0).is("GENERATE_ARRAY") || !arg.get(1).sym("(") || !arg.get(arg.size() - 1).sym(")")) {
      problems.add(error(arg.isEmpty() ? col.offset() : arg.get(0).start(),
          "RANGE_BUCKET partitioning needs GENERATE_ARRAY(start, end[, step])", hint));
      return null;
    }
    List<List<SqlToken>> bounds = arguments(arg.subList(2, arg.size() - 1));
    long[] v = new long[3];
    v[2] = 1;
    if (bounds.size() < 2 || bounds.size() > 3) {
      problems.add(error(arg.get(0).start(), "GENERATE_ARRAY takes start, end and an optional step", hint));
      return null;
    }
    for (int i = 0; i < bounds.size(); i++) {
      Long n = integer(bounds.get(i));
      if (n == null) {
        problems.add(error(bounds.get(i).isEmpty() ? arg.get(0).start() : bounds.get(i).get(0).start(),
            "range partitioning bounds must be integer literals", hint));
        return null;
      }
      v[i] = n;
    }
    if (v[1] <= v[0] || v[2] <= 0) {
      problems.add(error(arg.get(0).start(), "the range must have end > start and a positive step", hint));
      return null;
    }
    long partitions = (v[1] - v[0] + v[2] - 1) / v[2];
    if (partitions > MAX_PARTITIONS) {
      problems.add(error(arg.get(0).start(), "the range makes " + partitions + " partitions; BigQuery allows "
          + MAX_PARTITIONS, "use a larger step"));
      return null;
    }
    return new Partition(col, Set.of("INT64"), "RANGE",
        "RANGE_BUCKET(" + col.name() + ", GENERATE_ARRAY(" + v[0] + ", " + v[1] + ", " + v[2] + "))");
  }

  /** Reads the tokens after {@code CLUSTER BY}: up to four column names. */
  static List<ColumnRef> clustering(List<SqlToken> c, int at, List<HeaderParser.Problem> problems) {
    List<ColumnRef> columns = new ArrayList<>();
    if (c.isEmpty()) {
      problems.add(error(at, "CLUSTER BY needs at least one column", "write CLUSTER BY column[, …] (at most 4)"));
      return columns;
    }
    Set<String> seen = new HashSet<>();
    for (List<SqlToken> item : arguments(c)) {
      if (item.size() != 1 || column(item.get(0)) == null) {
        problems.add(error(item.isEmpty() ? at : item.get(0).start(), "CLUSTER BY takes column names only",
            "write CLUSTER BY column[, …] (at most 4)"));
        continue;
      }
      ColumnRef ref = ref(item.get(0));
      if (!seen.add(ref.name().toLowerCase(Locale.ROOT))) {
        problems.add(error(ref.offset(), "clustering column " + ref.name() + " is listed twice", "list each column once"));
        continue;
      }
      if (columns.size() == MAX_CLUSTERING) {
        problems.add(error(ref.offset(), "more than " + MAX_CLUSTERING + " clustering columns",
            "BigQuery clusters by at most " + MAX_CLUSTERING + " columns: keep the most selective ones"));
      }
      columns.add(ref);
    }
    return columns.size() > MAX_CLUSTERING ? columns.subList(0, MAX_CLUSTERING) : columns;
  }

  /** Checks the columns against the table's output: each must exist and have a type its use takes. */
  List<HeaderParser.Problem> check(List<TypedColumn> output) {
    Map<String, TypedColumn> byName = new HashMap<>();
    output.forEach(c -> byName.putIfAbsent(c.name().toLowerCase(Locale.ROOT), c));
    List<HeaderParser.Problem> problems = new ArrayList<>();
    List<String> names = output.stream().map(TypedColumn::name).toList();
    if (partition != null) {
      TypedColumn c = byName.get(partition.column().name().toLowerCase(Locale.ROOT));
      if (c == null) {
        problems.add(missing("partition", partition.column(), names));
      } else if (!partition.types().contains(c.type().kind())) {
        problems.add(error(partition.column().offset(), "PARTITION BY " + partition.expression() + " needs a "
            + String.join(" or ", partition.types().stream().sorted().toList()) + " column, but " + c.name() + " is "
            + c.type().sql(), partitionHint(c)));
      }
    }
    for (ColumnRef ref : clustering) {
      TypedColumn c = byName.get(ref.name().toLowerCase(Locale.ROOT));
      if (c == null) {
        problems.add(missing("clustering", ref, names));
      } else if (!CLUSTERABLE.contains(c.type().kind())) {
        problems.add(error(ref.offset(), "cannot cluster by " + c.name() + ": it is " + c.type().sql(),
            "clustering columns are top-level INT64, STRING, DATE, DATETIME, TIMESTAMP, BOOL, NUMERIC, BIGNUMERIC,"
                + " GEOGRAPHY or RANGE columns"));
      }
    }
    return problems;
  }

  /** Without types: only checks that the columns exist among {@code names}. */
  List<HeaderParser.Problem> checkNames(List<String> names) {
    Set<String> lower = new HashSet<>();
    names.forEach(n -> lower.add(n.toLowerCase(Locale.ROOT)));
    List<HeaderParser.Problem> problems = new ArrayList<>();
    if (partition != null && !lower.contains(partition.column().name().toLowerCase(Locale.ROOT))) {
      problems.add(missing("partition", partition.column(), names));
    }
    for (ColumnRef ref : clustering) {
      if (!lower.contains(ref.name().toLowerCase(Locale.ROOT))) {
        problems.add(missing("clustering", ref, names));
      }
    }
    return problems;
  }

  private static HeaderParser.Problem missing(String what, ColumnRef ref, List<String> names) {
    List<String> close = Suggest.closest(ref.name(), names, 3);
    return error(ref.offset(), what + " column " + ref.name() + " is not a column of the table",
        (close.isEmpty() ? "" : "did you mean " + String.join(" or ", close) + "? ")
            + "the table's columns: " + String.join(", ", names));
  }

  private static String partitionHint(TypedColumn c) {
    String n = c.name();
    return switch (c.type().kind()) {
      case "DATE" -> "write PARTITION BY " + n + ", or DATE_TRUNC(" + n + ", MONTH)";
      case "TIMESTAMP" -> "write PARTITION BY DATE(" + n + ") or TIMESTAMP_TRUNC(" + n + ", DAY|HOUR|MONTH|YEAR)";
      case "DATETIME" -> "write PARTITION BY DATE(" + n + ") or DATETIME_TRUNC(" + n + ", DAY|HOUR|MONTH|YEAR)";
      case "INT64" -> "write PARTITION BY RANGE_BUCKET(" + n + ", GENERATE_ARRAY(start, end, step))";
      default -> "partition on a DATE, TIMESTAMP, DATETIME or INT64 column";
    };
  }

  private static boolean ingestionTime(SqlToken t) {
    String n = column(t);
    return n != null && n.toUpperCase(Locale.ROOT).startsWith("_PARTITION");
  }

  private static HeaderParser.Problem ingestionTimeError(SqlToken t) {
    return error(t.start(), "ingestion-time partitioning (" + column(t) + ") cannot be used for a model table",
        "a model table is rebuilt from its query: " + FORMS);
  }

  /** A column name token: a non-reserved word or a backticked name. */
  private static String column(SqlToken t) {
    if (t.kind() == Kind.QUOTED_ID) {
      return t.value();
    }
    return t.kind() == Kind.WORD && !t.isReserved() && Identifiers.isColumn(t.text()) || ingestionWord(t) ? t.text() : null;
  }

  private static boolean ingestionWord(SqlToken t) {
    return t.kind() == Kind.WORD && t.text().toUpperCase(Locale.ROOT).startsWith("_PARTITION");
  }

  private static ColumnRef ref(SqlToken t) {
    return new ColumnRef(column(t), t.start());
  }

  /** Splits tokens at top-level commas. */
  private static List<List<SqlToken>> arguments(List<SqlToken> tokens) {
    List<List<SqlToken>> args = new ArrayList<>();
    List<SqlToken> cur = new ArrayList<>();
    int depth = 0;
    for (SqlToken t : tokens) {
      if (t.sym("(") || t.sym("[") || t.sym("<")) {
        depth++;
      } else if (t.sym(")") || t.sym("]") || t.sym(">")) {
        depth--;
      } else if (depth == 0 && t.sym(",")) {
        args.add(cur);
        cur = new ArrayList<>();
        continue;
      }
      cur.add(t);
    }
    args.add(cur);
    return args;
  }

  private static Long integer(List<SqlToken> t) {
    boolean negative = t.size() == 2 && t.get(0).sym("-");
    SqlToken n = t.size() == 1 ? t.get(0) : negative ? t.get(1) : null;
    if (n == null || n.kind() != Kind.NUMBER || !n.text().matches("\\d{1,18}")) {
      return null;
    }
    long v = Long.parseLong(n.text());
    return negative ? -v : v;
  }

  private static String shorten(List<SqlToken> c) {
    StringBuilder b = new StringBuilder();
    for (SqlToken t : c) {
      if (b.length() > 0 && !t.sym("(") && !t.sym(")") && !t.sym(",") && !b.toString().endsWith("(")) {
        b.append(' ');
      }
      b.append(t.text());
    }
    return b.length() > 60 ? b.substring(0, 60) + "…" : b.toString();
  }

  private static HeaderParser.Problem error(int offset, String message, String hint) {
    return new HeaderParser.Problem(Severity.ERROR, offset, message, hint);
  }
}
