package dev.snaplake.compiler;

import dev.snaplake.core.sql.SqlLexer;
import dev.snaplake.core.sql.SqlToken;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The pure-Java fallback used when ZetaSQL's native library cannot load (arm64, Windows…): the
 * tables of a statement are the paths after {@code FROM}, {@code JOIN} and the commas of a
 * {@code FROM} list, minus CTE names and correlated paths ({@code alias.array_column}). It does
 * not validate syntax beyond what the lexer sees (unclosed strings, comments, quotes).
 */
final class TokenExtractor implements TableNameExtractor {
  @Override
  public Extraction extract(String statement) {
    SqlLexer.Result lexed = SqlLexer.lex(statement);
    if (!lexed.problems().isEmpty()) {
      SqlLexer.Problem p = lexed.problems().get(0);
      return Extraction.failed(p.message(), p.offset());
    }
    return Extraction.of(tableNames(lexed.tokens()));
  }

  static List<List<String>> tableNames(List<SqlToken> tokens) {
    TableRefScanner.Scan scan = TableRefScanner.scan(tokens);
    Set<List<String>> names = new LinkedHashSet<>();
    for (TableRefScanner.PathRef p : scan.tablePaths()) {
      if (p.correlated()) {
        continue;
      }
      if (p.segments().size() == 1 && scan.cteNames().contains(p.segments().get(0))) {
        continue;
      }
      names.add(p.segments());
    }
    return new ArrayList<>(names);
  }
}
