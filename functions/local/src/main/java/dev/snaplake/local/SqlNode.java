package dev.snaplake.local;

import dev.snaplake.core.sql.SqlToken;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Tokens nested by brackets: enough structure to find a call's arguments or an array subscript
 * without a full SQL parser. An unbalanced bracket is kept as a plain token.
 */
sealed interface SqlNode {
  record Leaf(SqlToken token) implements SqlNode {}

  /** {@code ( … )} or {@code [ … ]}. */
  record Group(SqlToken open, List<SqlNode> inner, SqlToken close) implements SqlNode {
    boolean parens() {
      return open.text().equals("(");
    }

    /** The inner nodes split at top-level commas. */
    List<List<SqlNode>> arguments() {
      List<List<SqlNode>> args = new ArrayList<>();
      List<SqlNode> current = new ArrayList<>();
      for (SqlNode n : inner) {
        if (n instanceof Leaf l && l.token().sym(",")) {
          args.add(current);
          current = new ArrayList<>();
        } else {
          current.add(n);
        }
      }
      if (!current.isEmpty() || !args.isEmpty()) {
        args.add(current);
      }
      return args;
    }
  }

  /** The first token, for locating the node in the source. */
  default SqlToken first() {
    return this instanceof Leaf l ? l.token() : ((Group) this).open();
  }

  static List<SqlNode> parse(List<SqlToken> tokens) {
    Deque<List<SqlNode>> stack = new ArrayDeque<>();
    Deque<SqlToken> opens = new ArrayDeque<>();
    List<SqlNode> current = new ArrayList<>();
    for (SqlToken t : tokens) {
      if (t.sym("(") || t.sym("[")) {
        stack.push(current);
        opens.push(t);
        current = new ArrayList<>();
      } else if ((t.sym(")") || t.sym("]")) && !opens.isEmpty()
          && opens.peek().text().equals(t.text().equals(")") ? "(" : "[")) {
        Group g = new Group(opens.pop(), current, t);
        current = stack.pop();
        current.add(g);
      } else {
        current.add(new Leaf(t));
      }
    }
    while (!opens.isEmpty()) {
      // Unclosed: give the opening bracket back as a token, followed by what it held.
      List<SqlNode> inner = current;
      current = stack.pop();
      current.add(new Leaf(opens.pop()));
      current.addAll(inner);
    }
    return current;
  }

  /** Significant (non-space, non-comment) nodes. */
  static List<SqlNode> significant(List<SqlNode> nodes) {
    return nodes.stream().filter(n -> !(n instanceof Leaf l) || l.token().significant()).toList();
  }
}
