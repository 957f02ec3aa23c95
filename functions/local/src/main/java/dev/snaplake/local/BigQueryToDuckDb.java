package dev.snaplake.local;

import dev.snaplake.core.sql.SqlLexer;
import dev.snaplake.core.sql.SqlToken;
import dev.snaplake.core.sql.SqlToken.Kind;
import dev.snaplake.local.SqlNode.Group;
import dev.snaplake.local.SqlNode.Leaf;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Translates the BigQuery SQL of a model to DuckDB's, token by token: strings and comments are
 * never rewritten, and each difference is one small rule (function spellings in the
 * {@code *Functions} classes, syntax here). What DuckDB cannot express is refused before anything
 * runs, with {@link UnsupportedSqlException} pointing at the construct.
 */
final class BigQueryToDuckDb {
  private static final Map<String, FunctionRule> FUNCTIONS = functions();

  /** Words that cannot end an expression: after them {@code [} opens an array, not a subscript. */
  static final Set<String> RESERVED = Set.of("ALL", "AND", "ANY", "ARRAY", "AS", "ASC", "AT", "BETWEEN", "BY",
      "CASE", "CAST", "COLLATE", "CONTAINS", "CREATE", "CROSS", "CUBE", "CURRENT", "DEFAULT", "DEFINE", "DESC",
      "DISTINCT", "ELSE", "END", "ENUM", "ESCAPE", "EXCEPT", "EXCLUDE", "EXISTS", "EXTRACT", "FALSE", "FETCH",
      "FOLLOWING", "FOR", "FROM", "FULL", "GROUP", "GROUPING", "GROUPS", "HASH", "HAVING", "IF", "IGNORE", "IN",
      "INNER", "INTERSECT", "INTERVAL", "INTO", "IS", "JOIN", "LATERAL", "LEFT", "LIKE", "LIMIT", "LOOKUP", "MERGE",
      "NATURAL", "NEW", "NO", "NOT", "NULL", "NULLS", "OF", "ON", "OR", "ORDER", "OUTER", "OVER", "PARTITION",
      "PRECEDING", "PROTO", "QUALIFY", "RANGE", "RECURSIVE", "RESPECT", "RIGHT", "ROLLUP", "ROWS", "SELECT", "SET",
      "SOME", "STRUCT", "TABLESAMPLE", "THEN", "TO", "TREAT", "TRUE", "UNBOUNDED", "UNION", "UNNEST", "USING", "WHEN",
      "WHERE", "WINDOW", "WITH", "WITHIN");

  /** How a query begins; any other first word is a script statement. */
  private static final Set<String> STATEMENT_STARTS = Set.of("SELECT", "WITH", "FROM", "VALUES");

  private BigQueryToDuckDb() {}

  /** The DuckDB spelling of {@code sql}; throws {@link UnsupportedSqlException} for what it cannot run. */
  static String translate(String sql) {
    List<SqlNode> nodes = SqlNode.parse(SqlLexer.lexAll(sql).tokens());
    int first = nextSignificant(nodes, 0);
    if (first < nodes.size() && nodes.get(first) instanceof Leaf l && l.token().kind() == Kind.WORD
        && !STATEMENT_STARTS.contains(l.token().upper())) {
      throw new UnsupportedSqlException("scripting statement " + l.token().upper(), "a model is one query; DuckDB runs"
          + " no BigQuery script (DECLARE, SET, IF, LOOP, EXECUTE IMMEDIATE, CALL)", l.token().start());
    }
    return new BigQueryToDuckDb().emit(nodes);
  }

  private static Map<String, FunctionRule> functions() {
    Map<String, FunctionRule> all = new HashMap<>();
    all.putAll(ConversionFunctions.RULES);
    all.putAll(DateTimeFunctions.RULES);
    all.putAll(AggregateFunctions.RULES);
    all.putAll(TextFunctions.RULES);
    all.putAll(ArrayFunctions.RULES);
    return Map.copyOf(all);
  }

  String emit(List<SqlNode> nodes) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < nodes.size()) {
      SqlNode node = nodes.get(i);
      if (node instanceof Group g) {
        out.append(!g.parens() && endsExpression(previous(nodes, i)) ? subscript(g) : group(g));
        i++;
      } else {
        i = leaf(nodes, i, ((Leaf) node).token(), out);
      }
    }
    return out.toString();
  }

  private String group(Group g) {
    return g.open().text() + emit(g.inner()) + g.close().text();
  }

  /** Emits the token at {@code i} (and whatever a rule consumes with it); returns the next index. */
  private int leaf(List<SqlNode> nodes, int i, SqlToken t, StringBuilder out) {
    switch (t.kind()) {
      case COMMENT -> out.append(t.text().startsWith("#") ? "--" + t.text().substring(1) : t.text());
      case STRING -> out.append(DuckDbDialect.literal(t.value()));
      case BYTES -> out.append(blob(t.value()));
      case NUMBER -> out.append(number(t));
      case PARAM -> throw new UnsupportedSqlException("query parameter " + t.text(),
          "a model is a view or table over fixed SQL; write the value into the SQL", t.start());
      case SYMBOL -> {
        return punct(nodes, i, t, out);
      }
      case WORD, QUOTED_ID -> {
        return name(nodes, i, out);
      }
      default -> out.append(t.text());
    }
    return i + 1;
  }

  private int punct(List<SqlNode> nodes, int i, SqlToken t, StringBuilder out) {
    if (t.sym("|>")) {
      throw new UnsupportedSqlException("pipe syntax |>", "DuckDB has no pipe query syntax; write the query as SELECT … FROM …",
          t.start());
    }
    int next = nextSignificant(nodes, i + 1);
    int list = nextSignificant(nodes, next + 1);
    if (t.sym("*") && isWord(nodes, next, "EXCEPT") && list < nodes.size() && nodes.get(list) instanceof Group) {
      // SELECT * EXCEPT (a, b) is DuckDB's * EXCLUDE (a, b); the set operator EXCEPT never follows *.
      out.append("*").append(spaces(nodes, i + 1, next)).append("EXCLUDE");
      return next + 1;
    }
    out.append(t.text());
    return i + 1;
  }

  /** A name, a dotted path, or a call; returns the next index. */
  private int name(List<SqlNode> nodes, int i, StringBuilder out) {
    SqlToken t = ((Leaf) nodes.get(i)).token();
    int pathEnd = pathEnd(nodes, i);
    List<SqlToken> path = new ArrayList<>();
    for (int k = i; k < pathEnd; k += 2) {
      path.add(((Leaf) nodes.get(k)).token());
    }
    int next = nextSignificant(nodes, pathEnd);
    SqlNode after = next < nodes.size() ? nodes.get(next) : null;
    if (after instanceof Group g && g.parens()) {
      if (path.size() == 1 && t.is("UNNEST")) {
        return Unnest.emit(this, nodes, i, next, out);
      }
      if (path.size() > 1 || !RESERVED.contains(t.upper()) || FUNCTIONS.containsKey(t.upper())
          || RefusedFunctions.refuses(t.upper())) {
        out.append(call(path, g, spaces(nodes, pathEnd, next)));
        return next + 1;
      }
    }
    if (path.size() == 1 && t.kind() == Kind.WORD) {
      int consumed = keyword(nodes, i, t, out);
      if (consumed > i) {
        return consumed;
      }
    }
    out.append(path(path, previous(nodes, i)));
    return pathEnd;
  }

  /** Syntax that differs around a keyword; returns the next index, or {@code i} when nothing applies. */
  private int keyword(List<SqlNode> nodes, int i, SqlToken t, StringBuilder out) {
    int next = nextSignificant(nodes, i + 1);
    SqlToken nextToken = next < nodes.size() && nodes.get(next) instanceof Leaf l ? l.token() : null;
    String word = t.upper();
    if (word.equals("FOR") && nextToken != null && (nextToken.is("SYSTEM_TIME") || nextToken.is("SYSTEM"))) {
      throw new UnsupportedSqlException("FOR SYSTEM_TIME AS OF", "time travel reads BigQuery's table history, which the"
          + " local warehouse does not keep", t.start());
    }
    if (word.equals("TABLESAMPLE")) {
      throw new UnsupportedSqlException("TABLESAMPLE", "DuckDB samples rows differently from BigQuery's blocks, so"
          + " the local result would not stand for BigQuery's; filter with a WHERE clause instead", t.start());
    }
    if (word.equals("_TABLE_SUFFIX")) {
      throw new UnsupportedSqlException("_TABLE_SUFFIX", "wildcard tables do not exist in the local warehouse",
          t.start());
    }
    if (word.equals("SELECT")) {
      int k = next;
      if (isWord(nodes, k, "DISTINCT") || isWord(nodes, k, "ALL")) {
        k = nextSignificant(nodes, k + 1);
      }
      int kind = nextSignificant(nodes, k + 1);
      if (isWord(nodes, k, "AS") && (isWord(nodes, kind, "STRUCT") || isWord(nodes, kind, "VALUE"))) {
        throw new UnsupportedSqlException("SELECT AS " + ((Leaf) nodes.get(kind)).token().upper(),
            "DuckDB has no value-table SELECT; build the value with STRUCT(…) in a plain SELECT", t.start());
      }
    }
    if (word.equals("IN") && isWord(nodes, next, "UNNEST") && nextSignificant(nodes, next + 1) < nodes.size()
        && nodes.get(nextSignificant(nodes, next + 1)) instanceof Group g && g.parens()) {
      // x IN UNNEST(array) is a membership test: DuckDB reads it as a subquery over the array.
      out.append("IN").append(spaces(nodes, i + 1, next)).append("(SELECT unnest(").append(emit(g.inner()).strip()).append("))");
      return nextSignificant(nodes, next + 1) + 1;
    }
    if ((word.equals("STRUCT") || word.equals("ARRAY")) && nextToken != null && nextToken.sym("<")) {
      return TypedConstructor.emit(this, nodes, i, out);
    }
    if (nextToken != null && nextToken.kind() == Kind.STRING) {
      String literal = typedLiteral(word, nextToken);
      if (literal != null) {
        out.append(literal);
        return next + 1;
      }
    }
    String bare = DateTimeFunctions.BARE.get(word);
    if (bare != null) {
      out.append(bare);
      return i + 1;
    }
    return i;
  }

  /** {@code DATETIME '…'}, {@code NUMERIC '…'}, {@code JSON '…'}: literals of types DuckDB spells otherwise. */
  private static String typedLiteral(String word, SqlToken string) {
    String value = DuckDbDialect.literal(string.value());
    return switch (word) {
      case "DATETIME" -> "TIMESTAMP " + value;
      // A BigQuery TIMESTAMP literal may name its offset or zone; DuckDB's TIMESTAMP would drop it.
      case "TIMESTAMP" -> "CAST(TIMESTAMPTZ " + value + " AS TIMESTAMP)";
      case "NUMERIC", "DECIMAL", "BIGNUMERIC", "BIGDECIMAL" -> "CAST(" + value + " AS " + TypeNames.NUMERIC + ")";
      case "JSON" -> "CAST(" + value + " AS JSON)";
      default -> null;
    };
  }

  private String call(List<SqlToken> written, Group args, String space) {
    List<SqlToken> path = segments(written);
    SqlToken nameToken = path.get(path.size() - 1);
    String name = nameToken.value().toUpperCase(Locale.ROOT);
    if (path.size() > 1) {
      String qualifier = path.get(0).value().toUpperCase(Locale.ROOT);
      if (path.size() == 2 && qualifier.equals("SAFE")) {
        // SAFE.f(…) returns NULL where f would raise an error: DuckDB's TRY(…) does the same.
        return "TRY(" + call(List.of(nameToken), args, "") + ")";
      }
      throw RefusedFunctions.qualified(path);
    }
    RefusedFunctions.check(name, nameToken);
    FunctionRule rule = FUNCTIONS.get(name);
    if (rule != null) {
      return rule.translate(new Call(this, name, nameToken, args));
    }
    return path(List.of(nameToken), null) + space + group(args);
  }

  /** A path's names, a backticked {@code `a.b.c`} counting as three (each located at the backtick). */
  private static List<SqlToken> segments(List<SqlToken> path) {
    List<SqlToken> out = new ArrayList<>();
    for (SqlToken t : path) {
      if (t.kind() == Kind.QUOTED_ID && t.value().contains(".")) {
        for (String s : t.value().split("\\.", -1)) {
          out.add(t.withValue(s));
        }
      } else {
        out.add(t);
      }
    }
    return out;
  }

  /** A name or dotted path. A three-part table name read in FROM or JOIN loses its project: locally there is one. */
  private String path(List<SqlToken> path, SqlNode previous) {
    List<String> segments = new ArrayList<>();
    List<Boolean> quoted = new ArrayList<>();
    for (SqlToken t : path) {
      if (t.kind() == Kind.QUOTED_ID) {
        for (String s : t.value().split("\\.", -1)) {
          segments.add(s);
          quoted.add(true);
        }
      } else {
        segments.add(t.text());
        quoted.add(false);
      }
    }
    for (int k = 0; k < segments.size(); k++) {
      String s = segments.get(k);
      if (s.equalsIgnoreCase("INFORMATION_SCHEMA")) {
        throw new UnsupportedSqlException("INFORMATION_SCHEMA", "BigQuery's metadata views do not exist in the local"
            + " warehouse", path.get(0).start());
      }
      if (quoted.get(k) && s.endsWith("*")) {
        throw new UnsupportedSqlException("wildcard table " + String.join(".", segments), "DuckDB has no wildcard"
            + " tables; list the tables with UNION ALL", path.get(0).start());
      }
    }
    boolean tableContext = previous instanceof Leaf l && (l.token().is("FROM") || l.token().is("JOIN"));
    int from = tableContext && segments.size() == 3 ? 1 : 0;
    StringBuilder out = new StringBuilder();
    for (int k = from; k < segments.size(); k++) {
      out.append(k == from ? "" : ".").append(quoted.get(k) ? DuckDbDialect.quote(segments.get(k)) : segments.get(k));
    }
    return out.toString();
  }

  /** BigQuery arrays are subscripted from 0 ({@code a[0]}, {@code a[OFFSET(0)]}) or 1 ({@code a[ORDINAL(1)]}); DuckDB's from 1. */
  private String subscript(Group g) {
    List<SqlNode> inner = SqlNode.significant(g.inner());
    if (inner.size() == 2 && inner.get(0) instanceof Leaf l && inner.get(1) instanceof Group arg && arg.parens()) {
      String how = l.token().upper();
      String index = emit(arg.inner()).strip();
      switch (how) {
        case "OFFSET", "SAFE_OFFSET" -> {
          return "[(" + index + ") + 1]";
        }
        case "ORDINAL", "SAFE_ORDINAL" -> {
          return "[" + index + "]";
        }
        default -> { }
      }
    }
    if (inner.size() == 1 && inner.get(0) instanceof Leaf l && l.token().kind() == Kind.STRING) {
      return group(g); // a JSON field by name
    }
    return "[(" + emit(g.inner()).strip() + ") + 1]";
  }

  private static boolean endsExpression(SqlNode previous) {
    if (previous instanceof Group) {
      return true;
    }
    if (previous instanceof Leaf l) {
      SqlToken t = l.token();
      return t.kind() == Kind.QUOTED_ID || t.kind() == Kind.WORD && !RESERVED.contains(t.upper());
    }
    return false;
  }

  /** Decimal literals are FLOAT64 in BigQuery but exact DECIMAL in DuckDB; hex literals are integers. */
  private static String number(SqlToken t) {
    String text = t.text();
    if (text.startsWith("0x") || text.startsWith("0X")) {
      return new java.math.BigInteger(text.substring(2), 16).toString();
    }
    return text.contains(".") && !text.contains("e") && !text.contains("E") ? "CAST(" + text + " AS DOUBLE)" : text;
  }

  private static String blob(String bytes) {
    StringBuilder b = new StringBuilder();
    for (char c : bytes.toCharArray()) {
      if (c >= 0x20 && c < 0x7f && c != '\\' && c != '\'') {
        b.append(c);
      } else {
        b.append(String.format("\\x%02X", (int) c & 0xff));
      }
    }
    return "CAST('" + b + "' AS BLOB)";
  }

  // ---------------------------------------------------------------------------------------------
  // Navigating a node list

  /** End (exclusive) of the dotted path starting at {@code i}: names joined by dots with no space between. */
  static int pathEnd(List<SqlNode> nodes, int i) {
    int end = i + 1;
    while (end + 1 < nodes.size() && nodes.get(end) instanceof Leaf dot && dot.token().sym(".")
        && nodes.get(end + 1) instanceof Leaf name && name.token().isIdentifierLike()
        && dot.token().start() == ((Leaf) nodes.get(end - 1)).token().end() && name.token().start() == dot.token().end()) {
      end += 2;
    }
    return end;
  }

  static int nextSignificant(List<SqlNode> nodes, int from) {
    int k = from;
    while (k < nodes.size() && nodes.get(k) instanceof Leaf l && !l.token().significant()) {
      k++;
    }
    return k;
  }

  static SqlNode previous(List<SqlNode> nodes, int i) {
    for (int k = i - 1; k >= 0; k--) {
      if (!(nodes.get(k) instanceof Leaf l) || l.token().significant()) {
        return nodes.get(k);
      }
    }
    return null;
  }

  static boolean isWord(List<SqlNode> nodes, int k, String word) {
    return k < nodes.size() && nodes.get(k) instanceof Leaf l && l.token().is(word);
  }

  /** The spaces and comments between two nodes, as they are. */
  String spaces(List<SqlNode> nodes, int from, int to) {
    return emit(nodes.subList(from, to));
  }
}
