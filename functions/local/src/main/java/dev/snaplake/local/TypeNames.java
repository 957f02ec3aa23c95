package dev.snaplake.local;

import dev.snaplake.core.sql.SqlToken;
import dev.snaplake.local.SqlNode.Group;
import dev.snaplake.local.SqlNode.Leaf;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * BigQuery type names in DuckDB's spelling: {@code INT64} is {@code BIGINT}, {@code ARRAY<T>} is
 * {@code T[]}, {@code STRUCT<a T>} is {@code STRUCT(a T)}. INT and its aliases are INT64 in
 * BigQuery, so they become BIGINT rather than DuckDB's 32-bit INTEGER.
 */
final class TypeNames {
  /** BigQuery's NUMERIC: 29 integer digits and 9 of scale, like the loader's. */
  static final String NUMERIC = "DECIMAL(38,9)";

  private static final Map<String, String> SCALARS = Map.ofEntries(
      Map.entry("INT64", "BIGINT"), Map.entry("INT", "BIGINT"), Map.entry("INTEGER", "BIGINT"),
      Map.entry("SMALLINT", "BIGINT"), Map.entry("BIGINT", "BIGINT"), Map.entry("TINYINT", "BIGINT"),
      Map.entry("BYTEINT", "BIGINT"), Map.entry("FLOAT64", "DOUBLE"), Map.entry("NUMERIC", NUMERIC),
      Map.entry("DECIMAL", NUMERIC), Map.entry("BIGNUMERIC", NUMERIC), Map.entry("BIGDECIMAL", NUMERIC),
      Map.entry("STRING", "VARCHAR"), Map.entry("BYTES", "BLOB"), Map.entry("BOOL", "BOOLEAN"),
      Map.entry("BOOLEAN", "BOOLEAN"), Map.entry("DATE", "DATE"), Map.entry("DATETIME", "TIMESTAMP"),
      Map.entry("TIMESTAMP", "TIMESTAMP"), Map.entry("TIME", "TIME"), Map.entry("JSON", "JSON"),
      Map.entry("INTERVAL", "INTERVAL"));

  private final List<SqlToken> tokens = new ArrayList<>();
  private int i;

  private TypeNames(List<SqlNode> nodes) {
    flatten(nodes);
  }

  /** The DuckDB type for a BigQuery type written as {@code nodes}. */
  static String translate(List<SqlNode> nodes) {
    TypeNames t = new TypeNames(nodes);
    if (t.tokens.isEmpty()) {
      throw new UnsupportedSqlException("a missing type", "write the type after AS", 0);
    }
    String type = t.type();
    if (t.i < t.tokens.size()) {
      SqlToken extra = t.tokens.get(t.i);
      throw new UnsupportedSqlException(extra.text() + " in a type", "the local warehouse reads plain BigQuery type names",
          extra.start());
    }
    return type;
  }

  /** Reads one type from {@code nodes} starting at {@code from}, for STRUCT&lt;…&gt; and ARRAY&lt;…&gt; constructors. */
  static Parsed read(List<SqlToken> tokens, int from) {
    TypeNames t = new TypeNames(List.of());
    t.tokens.addAll(tokens);
    t.i = from;
    String type = t.type();
    return new Parsed(type, t.i);
  }

  record Parsed(String duckDbType, int next) {}

  private String type() {
    SqlToken name = take();
    String upper = name.upper();
    if (upper.equals("ARRAY")) {
      expect("<");
      String element = type();
      expect(">");
      return element + "[]";
    }
    if (upper.equals("STRUCT")) {
      expect("<");
      List<String> fields = new ArrayList<>();
      while (!peekPunct(">")) {
        String field = "_field_" + (fields.size() + 1);
        if (i + 1 < tokens.size() && tokens.get(i).isIdentifierLike() && tokens.get(i + 1).isIdentifierLike()) {
          field = take().value();
        }
        fields.add(DuckDbDialect.quote(field) + " " + type());
        if (peekPunct(",")) {
          take();
        }
      }
      expect(">");
      return "STRUCT(" + String.join(", ", fields) + ")";
    }
    if (upper.equals("GEOGRAPHY") || upper.equals("RANGE")) {
      throw new UnsupportedSqlException(upper, upper.equals("GEOGRAPHY")
          ? "DuckDB has no GEOGRAPHY type without its spatial extension" : "DuckDB has no RANGE type", name.start());
    }
    String scalar = SCALARS.get(upper);
    if (scalar == null) {
      throw new UnsupportedSqlException("type " + name.text(), "it is not a BigQuery type the local warehouse knows",
          name.start());
    }
    if (peekPunct("(")) {
      List<String> params = new ArrayList<>();
      take();
      while (!peekPunct(")")) {
        SqlToken p = take();
        if (!p.sym(",")) {
          params.add(p.text());
        }
      }
      take();
      if (scalar.equals(NUMERIC)) {
        return "DECIMAL(" + params.get(0) + "," + (params.size() > 1 ? params.get(1) : "0") + ")";
      }
    }
    return scalar;
  }

  private SqlToken take() {
    if (i >= tokens.size()) {
      SqlToken last = tokens.get(tokens.size() - 1);
      throw new UnsupportedSqlException("an unfinished type", "the type ends too early", last.start());
    }
    return tokens.get(i++);
  }

  private boolean peekPunct(String p) {
    return i < tokens.size() && tokens.get(i).sym(p);
  }

  private void expect(String p) {
    SqlToken t = take();
    if (!t.sym(p)) {
      throw new UnsupportedSqlException("'" + t.text() + "' in a type", "expected " + p, t.start());
    }
  }

  /** Significant tokens, with {@code >>} split in two so that nested types close. */
  private void flatten(List<SqlNode> nodes) {
    for (SqlNode n : nodes) {
      if (n instanceof Group g) {
        tokens.add(g.open());
        flatten(g.inner());
        tokens.add(g.close());
      } else {
        SqlToken t = ((Leaf) n).token();
        if (t.sym(">>")) {
          tokens.add(new SqlToken(SqlToken.Kind.SYMBOL, ">", t.start(), t.line(), t.column(), ">"));
          tokens.add(new SqlToken(SqlToken.Kind.SYMBOL, ">", t.start() + 1, t.line(), t.column() + 1, ">"));
        } else if (t.sym("<>")) {
          tokens.add(new SqlToken(SqlToken.Kind.SYMBOL, "<", t.start(), t.line(), t.column(), "<"));
          tokens.add(new SqlToken(SqlToken.Kind.SYMBOL, ">", t.start() + 1, t.line(), t.column() + 1, ">"));
        } else if (t.significant()) {
          tokens.add(t);
        }
      }
    }
  }

  static List<SqlToken> flat(List<SqlNode> nodes) {
    return new TypeNames(nodes).tokens;
  }
}
