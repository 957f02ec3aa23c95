package dev.snaplake.local;

import dev.snaplake.core.sql.SqlToken;
import dev.snaplake.local.SqlNode.Group;
import dev.snaplake.local.SqlNode.Leaf;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * A BigQuery function call being translated: its name, its arguments as written (some rules read
 * keywords such as {@code MONTH} or {@code INTERVAL 1 DAY} in them) and as DuckDB SQL.
 */
final class Call {
  private final BigQueryToDuckDb translator;
  private final String name;
  private final SqlToken at;
  private final List<List<SqlNode>> args;

  Call(BigQueryToDuckDb translator, String name, SqlToken at, Group group) {
    this.translator = translator;
    this.name = name;
    this.at = at;
    this.args = group.arguments();
  }

  /** Upper-case name, without a {@code SAFE.} prefix. */
  String name() {
    return name;
  }

  SqlToken at() {
    return at;
  }

  int arity() {
    return args.size();
  }

  List<SqlNode> arg(int i) {
    return args.get(i);
  }

  /** Argument {@code i} as DuckDB SQL. */
  String sql(int i) {
    return sql(args.get(i));
  }

  String sql(List<SqlNode> nodes) {
    return translator.emit(nodes).strip();
  }

  List<String> sqls() {
    return IntStream.range(0, args.size()).mapToObj(this::sql).toList();
  }

  /** Argument {@code i} when it is a single string literal: its value. */
  Optional<String> literal(int i) {
    List<SqlNode> s = SqlNode.significant(args.get(i));
    return s.size() == 1 && s.get(0) instanceof Leaf l && l.token().kind() == SqlToken.Kind.STRING
        ? Optional.of(l.token().value()) : Optional.empty();
  }

  /** Argument {@code i} when it is one bare word (a date part, say), upper-cased; else empty. */
  Optional<String> word(int i) {
    List<SqlNode> s = SqlNode.significant(args.get(i));
    return s.size() == 1 && s.get(0) instanceof Leaf l && l.token().kind() == SqlToken.Kind.WORD
        ? Optional.of(l.token().upper()) : Optional.empty();
  }

  void requireArity(int min, int max) {
    if (args.size() < min || args.size() > max) {
      throw unsupported(name + " with " + args.size() + " arguments", "the local warehouse translates "
          + name + " with " + (min == max ? min : min + " to " + max) + " arguments");
    }
  }

  UnsupportedSqlException unsupported(String construct, String reason) {
    return new UnsupportedSqlException(construct, reason, at.start());
  }

  static UnsupportedSqlException unsupported(SqlNode where, String construct, String reason) {
    return new UnsupportedSqlException(construct, reason, where.first().start());
  }

  /** The nodes of {@code nodes} split at top-level occurrences of a keyword (e.g. AS in a CAST). */
  static List<List<SqlNode>> splitAt(List<SqlNode> nodes, String keyword) {
    List<List<SqlNode>> parts = new ArrayList<>();
    List<SqlNode> current = new ArrayList<>();
    for (SqlNode n : nodes) {
      if (n instanceof Leaf l && l.token().is(keyword)) {
        parts.add(current);
        current = new ArrayList<>();
      } else {
        current.add(n);
      }
    }
    parts.add(current);
    return parts;
  }
}
