package dev.snaplake.local;

import dev.snaplake.core.sql.SqlToken;
import dev.snaplake.local.SqlNode.Group;
import dev.snaplake.local.SqlNode.Leaf;
import java.util.List;

/**
 * {@code UNNEST(array) AS x [WITH OFFSET AS o]} in a FROM clause. BigQuery names the element
 * column after the alias; DuckDB names it {@code unnest} unless the alias lists the column. The
 * offset is 0-based, so it comes from {@code generate_subscripts} beside the unnested values
 * (DuckDB pairs the two row by row).
 */
final class Unnest {
  private Unnest() {}

  /** {@code i} is on UNNEST, {@code groupAt} on its arguments; returns the index after the clause. */
  static int emit(BigQueryToDuckDb translator, List<SqlNode> nodes, int i, int groupAt, StringBuilder out) {
    String array = translator.emit(((Group) nodes.get(groupAt)).inner()).strip();
    int last = groupAt;
    String alias = null;
    int k = BigQueryToDuckDb.nextSignificant(nodes, last + 1);
    if (BigQueryToDuckDb.isWord(nodes, k, "AS")) {
      k = BigQueryToDuckDb.nextSignificant(nodes, k + 1);
    }
    if (isAlias(nodes, k)) {
      alias = name(nodes, k);
      last = k;
    }
    String offset = null;
    k = BigQueryToDuckDb.nextSignificant(nodes, last + 1);
    int offsetWord = BigQueryToDuckDb.nextSignificant(nodes, k + 1);
    if (BigQueryToDuckDb.isWord(nodes, k, "WITH") && BigQueryToDuckDb.isWord(nodes, offsetWord, "OFFSET")) {
      last = offsetWord;
      offset = "offset";
      k = BigQueryToDuckDb.nextSignificant(nodes, last + 1);
      if (BigQueryToDuckDb.isWord(nodes, k, "AS")) {
        k = BigQueryToDuckDb.nextSignificant(nodes, k + 1);
      }
      if (isAlias(nodes, k)) {
        offset = name(nodes, k);
        last = k;
      }
    }
    if (offset == null) {
      out.append("UNNEST(").append(array).append(")");
      if (alias != null) {
        out.append(" AS ").append(DuckDbDialect.quote(alias)).append("(").append(DuckDbDialect.quote(alias)).append(")");
      }
    } else {
      out.append("(SELECT unnest(").append(array).append(") AS ").append(DuckDbDialect.quote(alias == null ? "element" : alias))
          .append(", generate_subscripts(").append(array).append(", 1) - 1 AS ").append(DuckDbDialect.quote(offset)).append(")");
      if (alias != null) {
        out.append(" AS ").append(DuckDbDialect.quote(alias));
      }
    }
    return last + 1;
  }

  private static boolean isAlias(List<SqlNode> nodes, int k) {
    if (k >= nodes.size() || !(nodes.get(k) instanceof Leaf l)) {
      return false;
    }
    SqlToken t = l.token();
    return t.kind() == SqlToken.Kind.QUOTED_ID
        || t.kind() == SqlToken.Kind.WORD && !BigQueryToDuckDb.RESERVED.contains(t.upper()) && !t.is("OFFSET");
  }

  private static String name(List<SqlNode> nodes, int k) {
    return ((Leaf) nodes.get(k)).token().value();
  }
}
