package dev.snaplake.compiler;

import dev.snaplake.core.sql.SqlToken;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The output columns of a query's main SELECT list, when they can be read from its tokens: the
 * alias of each item, or the last part of a plain path, or null for an unnamed expression. Empty
 * when the list has a star or cannot be read.
 */
final class SelectList {
  private SelectList() {}

  /** One item of the SELECT list: its output name (null if unnamed) and where it starts. */
  record Item(String name, int start) {}

  static Optional<List<String>> outputNames(List<SqlToken> t) {
    return outputItems(t).map(items -> items.stream().map(Item::name).toList());
  }

  static Optional<List<Item>> outputItems(List<SqlToken> t) {
    int depth = 0;
    int select = -1;
    for (int i = 0; i < t.size(); i++) {
      SqlToken tok = t.get(i);
      if (tok.sym("(") || tok.sym("[")) {
        depth++;
      } else if (tok.sym(")") || tok.sym("]")) {
        depth--;
      } else if (depth == 0 && tok.is("SELECT")) {
        select = i;
        break;
      } else if (depth == 0 && tok.sym("|>")) {
        return Optional.empty();
      }
    }
    if (select < 0) {
      return Optional.empty();
    }
    int i = select + 1;
    if (i < t.size() && (t.get(i).is("DISTINCT") || t.get(i).is("ALL"))) {
      i++;
    }
    if (i < t.size() && t.get(i).is("AS")) {
      return Optional.empty(); // SELECT AS STRUCT / AS VALUE
    }
    List<List<SqlToken>> items = new ArrayList<>();
    List<SqlToken> item = new ArrayList<>();
    depth = 0;
    for (; i < t.size(); i++) {
      SqlToken tok = t.get(i);
      if (depth == 0 && (tok.is("FROM") || tok.is("WHERE") || tok.is("GROUP") || tok.is("HAVING")
          || tok.is("QUALIFY") || tok.is("WINDOW") || tok.is("ORDER") || tok.is("LIMIT") || tok.is("UNION")
          || tok.is("INTERSECT") || tok.is("EXCEPT") || tok.sym(")"))) {
        break;
      }
      if (tok.sym("(") || tok.sym("[")) {
        depth++;
      } else if (tok.sym(")") || tok.sym("]")) {
        depth--;
      }
      if (depth == 0 && tok.sym(",")) {
        items.add(item);
        item = new ArrayList<>();
        continue;
      }
      if (tok.sym("*") && (item.isEmpty() || item.get(item.size() - 1).sym("."))) {
        return Optional.empty();
      }
      if (tok.sym("<") && !item.isEmpty() && (item.get(item.size() - 1).is("STRUCT") || item.get(item.size() - 1).is("ARRAY"))) {
        return Optional.empty();
      }
      item.add(tok);
    }
    if (!item.isEmpty()) {
      items.add(item);
    }
    List<Item> out = new ArrayList<>();
    for (List<SqlToken> it : items) {
      out.add(new Item(name(it), it.isEmpty() ? -1 : it.get(0).start()));
    }
    return Optional.of(out);
  }

  private static String name(List<SqlToken> item) {
    int n = item.size();
    if (n >= 2 && item.get(n - 2).is("AS") && item.get(n - 1).isIdentifierLike()) {
      return text(item.get(n - 1));
    }
    // a plain path: a, t.a, `t`.a
    boolean path = n % 2 == 1;
    for (int k = 0; k < n && path; k++) {
      path = k % 2 == 0 ? item.get(k).isIdentifierLike() && (k > 0 || !item.get(k).isReserved()) : item.get(k).sym(".");
    }
    if (path) {
      return text(item.get(n - 1));
    }
    // an implicit alias: expression followed by a name (not after a dot)
    if (n >= 2 && item.get(n - 1).isIdentifierLike() && !item.get(n - 1).isReserved() && !item.get(n - 2).sym(".")
        && (item.get(n - 2).sym(")") || item.get(n - 2).kind() == SqlToken.Kind.NUMBER
            || item.get(n - 2).kind() == SqlToken.Kind.STRING || item.get(n - 2).is("END"))) {
      return text(item.get(n - 1));
    }
    return null;
  }

  private static String text(SqlToken tok) {
    return tok.kind() == SqlToken.Kind.QUOTED_ID ? tok.value() : tok.text();
  }
}
