package dev.snaplake.local;

import dev.snaplake.core.sql.SqlToken;
import dev.snaplake.local.SqlNode.Group;
import dev.snaplake.local.SqlNode.Leaf;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code STRUCT<a INT64, b STRING>(1, 'x')} and {@code ARRAY<INT64>[1, 2]}: DuckDB builds the
 * value untyped and casts it to the declared type.
 */
final class TypedConstructor {
  private TypedConstructor() {}

  /** {@code i} is on STRUCT or ARRAY, followed by {@code <}; returns the index after the value. */
  static int emit(BigQueryToDuckDb translator, List<SqlNode> nodes, int i, StringBuilder out) {
    SqlToken keyword = ((Leaf) nodes.get(i)).token();
    int depth = 0;
    int k = i + 1;
    for (; k < nodes.size(); k++) {
      if (nodes.get(k) instanceof Leaf l) {
        String p = l.token().kind() == SqlToken.Kind.SYMBOL ? l.token().text() : "";
        depth += switch (p) {
          case "<" -> 1;
          case ">" -> -1;
          case ">>" -> -2;
          default -> 0;
        };
        if (depth <= 0 && !p.isEmpty() && p.startsWith(">")) {
          break;
        }
      }
    }
    String type = TypeNames.translate(nodes.subList(i, Math.min(k + 1, nodes.size())));
    int valueAt = BigQueryToDuckDb.nextSignificant(nodes, k + 1);
    if (valueAt >= nodes.size() || !(nodes.get(valueAt) instanceof Group value)) {
      throw new UnsupportedSqlException(keyword.upper() + "<…> without a value", "write the value after the type",
          keyword.start());
    }
    if (keyword.is("ARRAY")) {
      out.append("CAST(").append(translator.emit(List.of(value))).append(" AS ").append(type).append(")");
    } else {
      String fields = value.arguments().stream().map(a -> translator.emit(a).strip()).collect(Collectors.joining(", "));
      out.append("CAST(row(").append(fields).append(") AS ").append(type).append(")");
    }
    return valueAt + 1;
  }
}
