package dev.snaplake.local;

import dev.snaplake.local.SqlNode.Leaf;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Arrays and structs: constructors and the functions DuckDB names differently or lacks. */
final class ArrayFunctions {
  static final Map<String, FunctionRule> RULES = Map.ofEntries(
      Map.entry("STRUCT", ArrayFunctions::struct),
      Map.entry("GENERATE_ARRAY", c -> {
        c.requireArity(2, 3);
        return "generate_series(" + String.join(", ", c.sqls()) + ")";
      }),
      Map.entry("GENERATE_DATE_ARRAY", c -> series(c, "DATE", "1 DAY")),
      Map.entry("GENERATE_TIMESTAMP_ARRAY", c -> series(c, "TIMESTAMP", null)),
      Map.entry("ARRAY_CONCAT", FunctionRule.renamed("list_concat")),
      Map.entry("ARRAY_REVERSE", FunctionRule.renamed("list_reverse")),
      Map.entry("ARRAY_TO_STRING", c -> {
        c.requireArity(2, 3);
        String array = c.arity() == 2 ? c.sql(0)
            : "list_transform(" + c.sql(0) + ", lambda element: coalesce(element, " + c.sql(2) + "))";
        return "array_to_string(" + array + ", " + c.sql(1) + ")";
      }));

  private ArrayFunctions() {}

  /**
   * {@code STRUCT(1 AS a, b)}: each field is named by its alias, else by the column it reads
   * (as in BigQuery), else left anonymous.
   */
  private static String struct(Call c) {
    List<String> names = new ArrayList<>();
    List<String> values = new ArrayList<>();
    boolean anyName = false;
    for (int i = 0; i < c.arity(); i++) {
      List<List<SqlNode>> parts = Call.splitAt(c.arg(i), "AS");
      List<SqlNode> value = parts.get(0);
      String name = null;
      if (parts.size() == 2) {
        List<SqlNode> alias = SqlNode.significant(parts.get(1));
        name = ((Leaf) alias.get(0)).token().value();
      } else {
        name = pathName(value);
      }
      anyName |= name != null;
      names.add(name == null ? "_field_" + (i + 1) : name);
      values.add(c.sql(value));
    }
    if (!anyName) {
      return "row(" + String.join(", ", values) + ")";
    }
    List<String> fields = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      fields.add(DuckDbDialect.quote(names.get(i)) + " := " + values.get(i));
    }
    return "struct_pack(" + String.join(", ", fields) + ")";
  }

  /** The last name of a plain column path ({@code t.amount} → amount), else null. */
  private static String pathName(List<SqlNode> nodes) {
    List<SqlNode> s = SqlNode.significant(nodes);
    if (s.isEmpty() || s.size() % 2 == 0) {
      return null;
    }
    for (int k = 0; k < s.size(); k++) {
      if (!(s.get(k) instanceof Leaf l) || (k % 2 == 0 ? !l.token().isIdentifierLike() : !l.token().sym("."))) {
        return null;
      }
    }
    return ((Leaf) s.get(s.size() - 1)).token().value();
  }

  /** GENERATE_DATE_ARRAY(start, end[, INTERVAL n part]): DuckDB's series of timestamps, as dates. */
  private static String series(Call c, String type, String defaultStep) {
    c.requireArity(defaultStep == null ? 3 : 2, 3);
    String step = c.arity() == 3 ? interval(c) : "INTERVAL " + defaultStep;
    String s = "generate_series(CAST(" + c.sql(0) + " AS TIMESTAMP), CAST(" + c.sql(1) + " AS TIMESTAMP), " + step + ")";
    return type.equals("DATE") ? "CAST(" + s + " AS DATE[])" : s;
  }

  private static String interval(Call c) {
    List<SqlNode> s = SqlNode.significant(c.arg(2));
    if (s.size() < 3 || !(s.get(0) instanceof Leaf l) || !l.token().is("INTERVAL")) {
      return c.sql(2);
    }
    DatePart part = DatePart.of(List.of(s.get(s.size() - 1)));
    List<SqlNode> all = c.arg(2);
    return "INTERVAL (" + c.sql(all.subList(all.indexOf(s.get(0)) + 1, all.indexOf(s.get(s.size() - 1)))) + ") " + part.duckDb();
  }
}
