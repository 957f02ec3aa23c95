package dev.snaplake.compiler;

import dev.snaplake.core.sql.SqlToken;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds identifier paths in a token stream and tells which of them stand where a table is read:
 * right after {@code FROM}, {@code JOIN}, a comma of a {@code FROM} list, {@code TABLE} in a
 * table-valued function's arguments, or the {@code (} of a parenthesised join. Also collects the
 * names of common table expressions and the range variables (aliases) declared so far.
 *
 * <p>It never decides alone that a path is a table: with ZetaSQL, only paths ZetaSQL reported
 * are rewritten; without it ({@link TokenExtractor}) CTE names and correlated paths
 * ({@code alias.array_column}) are left out.
 */
final class TableRefScanner {
  /**
   * An identifier path: its segments (backticked parts split on dots), the tokens it spans, and,
   * for a path in table position, whether the query names it with an alias right after it.
   */
  record PathRef(
      List<String> segments,
      int firstToken,
      int lastToken,
      int start,
      int end,
      boolean tableContext,
      boolean hasAlias,
      boolean correlated) {
    String dotted() {
      return String.join(".", segments);
    }
  }

  record Scan(List<PathRef> paths, Set<String> cteNames) {
    List<PathRef> tablePaths() {
      return paths.stream().filter(PathRef::tableContext).toList();
    }
  }

  private enum Clause { NONE, WITH, SELECT, FROM, OTHER }

  private static final class Frame {
    Clause clause;
    final int openToken;
    final boolean tableParen;

    Frame(Clause clause, int openToken, boolean tableParen) {
      this.clause = clause;
      this.openToken = openToken;
      this.tableParen = tableParen;
    }
  }

  private static final Set<String> END_OF_FROM = Set.of(
      "WHERE", "GROUP", "HAVING", "QUALIFY", "WINDOW", "ORDER", "LIMIT", "UNION", "INTERSECT",
      "EXCEPT");

  private TableRefScanner() {}

  static Scan scan(List<SqlToken> t) {
    List<PathRef> paths = new ArrayList<>();
    Set<String> ctes = new LinkedHashSet<>();
    Set<String> rangeVariables = new LinkedHashSet<>();
    Deque<Frame> frames = new ArrayDeque<>();
    frames.push(new Frame(Clause.NONE, -1, false));
    int i = 0;
    while (i < t.size()) {
      SqlToken tok = t.get(i);
      Frame frame = frames.peek();
      if (tok.sym("(")) {
        boolean tableParen = tableContext(t, i, frame);
        frames.push(new Frame(tableParen ? Clause.FROM : Clause.NONE, i, tableParen));
        i++;
        continue;
      }
      if (tok.sym(")")) {
        if (frames.size() > 1) {
          frames.pop();
        }
        i++;
        continue;
      }
      if (tok.sym("|>")) {
        frame.clause = Clause.NONE;
        i++;
        continue;
      }
      if (tok.isReserved() && !previousIsDot(t, i)) {
        String kw = tok.text().toUpperCase(Locale.ROOT);
        switch (kw) {
          case "FROM" -> {
            if (isFromClause(t, i, frame)) {
              frame.clause = Clause.FROM;
            }
          }
          case "SELECT" -> frame.clause = Clause.SELECT;
          case "WITH" -> {
            if (!(i + 1 < t.size() && t.get(i + 1).is("OFFSET"))) {
              frame.clause = Clause.WITH;
            }
          }
          default -> {
            if (END_OF_FROM.contains(kw)) {
              frame.clause = Clause.OTHER;
            }
          }
        }
        i++;
        continue;
      }
      if (!tok.isIdentifierLike() || previousIsDot(t, i)) {
        i++;
        continue;
      }
      // A path: part ('.' part)*
      int first = i;
      int last = i;
      while (last + 2 < t.size() && t.get(last + 1).sym(".") && isPathPart(t.get(last + 2))) {
        last += 2;
      }
      i = last + 1;
      boolean call = i < t.size() && t.get(i).sym("(");
      if (call) {
        continue;
      }
      List<String> segments = new ArrayList<>();
      for (int k = first; k <= last; k += 2) {
        SqlToken part = t.get(k);
        if (part.kind() == SqlToken.Kind.QUOTED_ID) {
          for (String s : part.value().split("\\.", -1)) {
            segments.add(s);
          }
        } else {
          segments.add(part.text());
        }
      }
      // A CTE definition: name AS ( right after WITH [RECURSIVE] or a comma of the WITH list.
      if (frame.clause == Clause.WITH && first == last && i + 1 < t.size() && t.get(i).is("AS")
          && t.get(i + 1).sym("(") && first > 0
          && (t.get(first - 1).is("WITH") || t.get(first - 1).is("RECURSIVE") || t.get(first - 1).sym(","))) {
        ctes.add(segments.get(0));
        continue;
      }
      boolean tableContext = tableContext(t, first, frame);
      boolean hasAlias = false;
      boolean correlated = false;
      if (tableContext) {
        correlated = segments.size() > 1 && rangeVariables.contains(segments.get(0));
        String alias = aliasAfter(t, i);
        hasAlias = alias != null;
        rangeVariables.add(alias != null ? alias : segments.get(segments.size() - 1));
      }
      paths.add(new PathRef(List.copyOf(segments), first, last, t.get(first).start(), t.get(last).end(),
          tableContext, hasAlias, correlated));
    }
    return new Scan(List.copyOf(paths), Set.copyOf(ctes));
  }

  private static boolean isPathPart(SqlToken tok) {
    return tok.kind() == SqlToken.Kind.WORD || tok.kind() == SqlToken.Kind.QUOTED_ID
        || tok.kind() == SqlToken.Kind.NUMBER;
  }

  private static boolean previousIsDot(List<SqlToken> t, int i) {
    return i > 0 && t.get(i - 1).sym(".");
  }

  /** A FROM keyword that opens a FROM clause: not {@code IS DISTINCT FROM}, not {@code EXTRACT(x FROM y)}. */
  private static boolean isFromClause(List<SqlToken> t, int i, Frame frame) {
    if (i > 0 && t.get(i - 1).is("DISTINCT")) {
      return false;
    }
    return !(frame.openToken >= 1 && t.get(frame.openToken - 1).is("EXTRACT"));
  }

  /** Whether the token at {@code i} starts a FROM item. */
  private static boolean tableContext(List<SqlToken> t, int i, Frame frame) {
    if (i == 0) {
      return false;
    }
    SqlToken p = t.get(i - 1);
    if (p.is("FROM") && !previousIsDot(t, i - 1)) {
      return isFromClause(t, i - 1, frame);
    }
    if (p.is("JOIN") && !previousIsDot(t, i - 1)) {
      return true;
    }
    if (p.is("TABLE") && i >= 2 && (t.get(i - 2).sym("(") || t.get(i - 2).sym(","))) {
      return true;
    }
    if (p.sym(",") && frame.clause == Clause.FROM) {
      return true;
    }
    return p.sym("(") && frame.tableParen && frame.openToken == i - 1;
  }

  /** The alias given right after a FROM item ending before token {@code next}, or null. */
  private static String aliasAfter(List<SqlToken> t, int next) {
    if (next >= t.size()) {
      return null;
    }
    SqlToken n = t.get(next);
    if (n.is("AS")) {
      return next + 1 < t.size() && t.get(next + 1).isIdentifierLike() ? name(t.get(next + 1)) : "";
    }
    if (n.kind() == SqlToken.Kind.QUOTED_ID) {
      return n.value();
    }
    if (n.kind() == SqlToken.Kind.WORD && !n.isReserved()) {
      boolean operator = (n.is("PIVOT") || n.is("UNPIVOT") || n.is("MATCH_RECOGNIZE"))
          && next + 1 < t.size() && t.get(next + 1).sym("(");
      return operator ? null : n.text();
    }
    return null;
  }

  private static String name(SqlToken tok) {
    return tok.kind() == SqlToken.Kind.QUOTED_ID ? tok.value() : tok.text();
  }
}
