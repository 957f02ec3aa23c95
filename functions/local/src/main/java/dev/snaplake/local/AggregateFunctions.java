package dev.snaplake.local;

import dev.snaplake.core.sql.SqlToken;
import dev.snaplake.local.SqlNode.Leaf;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Aggregates. BigQuery writes modifiers inside the call ({@code ARRAY_AGG(x IGNORE NULLS ORDER BY
 * y LIMIT 3)}, {@code ANY_VALUE(x HAVING MAX y)}); DuckDB takes ORDER BY inside, NULLs out with a
 * FILTER and LIMIT as a list slice. Approximate aggregates are computed exactly, which is one of
 * the answers BigQuery may give.
 */
final class AggregateFunctions {
  static final Map<String, FunctionRule> RULES = Map.ofEntries(
      Map.entry("COUNTIF", c -> {
        c.requireArity(1, 1);
        return "count(*) FILTER (WHERE " + c.sql(0) + ")";
      }),
      Map.entry("LOGICAL_AND", FunctionRule.renamed("bool_and")),
      Map.entry("LOGICAL_OR", FunctionRule.renamed("bool_or")),
      Map.entry("ANY_VALUE", AggregateFunctions::anyValue),
      Map.entry("ARRAY_AGG", AggregateFunctions::arrayAgg),
      Map.entry("STRING_AGG", AggregateFunctions::stringAgg),
      Map.entry("APPROX_COUNT_DISTINCT", c -> "count(DISTINCT " + c.sql(0) + ")"),
      Map.entry("APPROX_QUANTILES", AggregateFunctions::approxQuantiles),
      Map.entry("PERCENTILE_CONT", c -> percentile(c, "quantile_cont")),
      Map.entry("PERCENTILE_DISC", c -> percentile(c, "quantile_disc")));

  private AggregateFunctions() {}

  /** The arguments of an aggregate with BigQuery's in-call modifiers taken apart. */
  record Modifiers(boolean distinct, List<String> values, String nulls, String orderBy, String limit, String having,
      String havingValue) {
    static Modifiers of(Call c) {
      List<List<SqlNode>> args = new ArrayList<>();
      for (int i = 0; i < c.arity(); i++) {
        args.add(new ArrayList<>(c.arg(i)));
      }
      boolean distinct = false;
      List<SqlNode> first = args.get(0);
      List<SqlNode> firstSignificant = SqlNode.significant(first);
      if (!firstSignificant.isEmpty() && firstSignificant.get(0) instanceof Leaf l && l.token().is("DISTINCT")) {
        distinct = true;
        first.subList(0, first.indexOf(firstSignificant.get(0)) + 1).clear();
      }
      List<SqlNode> last = args.get(args.size() - 1);
      String nulls = null;
      String having = null;
      List<SqlNode> order = null;
      List<SqlNode> limit = null;
      List<SqlNode> havingValue = null;
      List<SqlNode> current = null;
      List<SqlNode> value = new ArrayList<>();
      for (int k = 0; k < last.size(); k++) {
        SqlNode n = last.get(k);
        SqlToken t = n instanceof Leaf l ? l.token() : null;
        int next = BigQueryToDuckDb.nextSignificant(last, k + 1);
        if (t != null && (t.is("IGNORE") || t.is("RESPECT")) && BigQueryToDuckDb.isWord(last, next, "NULLS")) {
          nulls = t.upper();
          k = next;
          current = new ArrayList<>();
        } else if (t != null && t.is("ORDER") && BigQueryToDuckDb.isWord(last, next, "BY")) {
          order = current = new ArrayList<>();
          k = next;
        } else if (t != null && t.is("LIMIT")) {
          limit = current = new ArrayList<>();
        } else if (t != null && t.is("HAVING") && (BigQueryToDuckDb.isWord(last, next, "MAX") || BigQueryToDuckDb.isWord(last, next, "MIN"))) {
          having = ((Leaf) last.get(next)).token().upper();
          havingValue = current = new ArrayList<>();
          k = next;
        } else {
          (current == null ? value : current).add(n);
        }
      }
      args.set(args.size() - 1, value);
      List<String> values = args.stream().map(c::sql).toList();
      return new Modifiers(distinct, values, nulls, order == null ? null : c.sql(order), limit == null ? null : c.sql(limit),
          having, havingValue == null ? null : c.sql(havingValue));
    }

    String distinctPrefix() {
      return distinct ? "DISTINCT " : "";
    }

    String orderClause() {
      return orderBy == null ? "" : " ORDER BY " + orderBy;
    }
  }

  private static String anyValue(Call c) {
    Modifiers m = Modifiers.of(c);
    if (m.having() != null) {
      return (m.having().equals("MAX") ? "arg_max(" : "arg_min(") + m.values().get(0) + ", " + m.havingValue() + ")";
    }
    return "any_value(" + m.values().get(0) + ")";
  }

  private static String arrayAgg(Call c) {
    Modifiers m = Modifiers.of(c);
    String value = m.values().get(0);
    String agg = "array_agg(" + m.distinctPrefix() + value + m.orderClause() + ")"
        + ("IGNORE".equals(m.nulls()) ? " FILTER (WHERE " + value + " IS NOT NULL)" : "");
    return m.limit() == null ? agg : "list_slice(" + agg + ", 1, " + m.limit() + ")";
  }

  private static String stringAgg(Call c) {
    Modifiers m = Modifiers.of(c);
    String value = m.values().get(0);
    String separator = m.values().size() > 1 ? m.values().get(1) : "','";
    if (m.limit() == null) {
      return "string_agg(" + m.distinctPrefix() + value + ", " + separator + m.orderClause() + ")";
    }
    return "array_to_string(list_slice(array_agg(" + m.distinctPrefix() + value + m.orderClause() + ") FILTER (WHERE "
        + value + " IS NOT NULL), 1, " + m.limit() + "), " + separator + ")";
  }

  /** {@code APPROX_QUANTILES(x, n)}: the minimum, the n-1 quantiles and the maximum. */
  private static String approxQuantiles(Call c) {
    Modifiers m = Modifiers.of(c);
    if ("RESPECT".equals(m.nulls())) {
      throw c.unsupported("APPROX_QUANTILES … RESPECT NULLS", "DuckDB's quantiles skip NULLs");
    }
    int n;
    try {
      n = Integer.parseInt(m.values().get(1));
    } catch (RuntimeException e) {
      throw c.unsupported("APPROX_QUANTILES with a count that is not an integer literal",
          "the quantile list is written out when the SQL is read");
    }
    List<String> fractions = new ArrayList<>();
    for (int k = 0; k <= n; k++) {
      fractions.add(new java.math.BigDecimal(k).divide(new java.math.BigDecimal(n), 12, java.math.RoundingMode.HALF_EVEN)
          .stripTrailingZeros().toPlainString());
    }
    return "quantile_disc(" + m.distinctPrefix() + m.values().get(0) + ", [" + String.join(", ", fractions) + "])";
  }

  private static String percentile(Call c, String function) {
    Modifiers m = Modifiers.of(c);
    if ("RESPECT".equals(m.nulls())) {
      throw c.unsupported(c.name() + " … RESPECT NULLS", "DuckDB's quantiles skip NULLs");
    }
    return function + "(" + String.join(", ", m.values()) + ")";
  }
}
