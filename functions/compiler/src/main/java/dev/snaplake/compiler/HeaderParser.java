package dev.snaplake.compiler;

import dev.snaplake.core.catalog.Materialization;
import dev.snaplake.core.naming.Identifiers;
import dev.snaplake.core.sql.SqlToken;
import dev.snaplake.core.sql.SqlToken.Kind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the DDL header of a model file's statement:
 * {@code CREATE [OR REPLACE] VIEW|TABLE [IF NOT EXISTS] ds.name [(column [type] [OPTIONS(description=…)], …)]
 * [PARTITION BY …] [CLUSTER BY …] [OPTIONS(description=…, labels=[("k","v"), …], friendly_name=…)] AS query},
 * or notices that the statement is a bare query. Positions are token offsets. PARTITION BY and
 * CLUSTER BY are read by {@link TableLayout}.
 */
final class HeaderParser {
  record Problem(Severity severity, int offset, String message, String hint) {}

  /** What the header says. {@code queryStart} is a token index, -1 when no query was found. */
  static final class Header {
    boolean bare;
    Materialization materialization = Materialization.VIEW;
    List<String> nameSegments = List.of();
    int nameStart = -1;
    String description = "";
    int descriptionOffset = -1;
    final Map<String, String> labels = new LinkedHashMap<>();
    final Map<String, String> columnDescriptions = new LinkedHashMap<>();
    /** The column list, in order, with each name's offset; empty when there is none. */
    final List<String> columns = new ArrayList<>();
    final List<Integer> columnOffsets = new ArrayList<>();
    int columnListOffset = -1;
    int queryStart = -1;
    /** PARTITION BY and CLUSTER BY of a table. */
    final TableLayout layout = new TableLayout();
    boolean partitionSeen;
    boolean clusterSeen;
    /** The header's structure could not be read (ZetaSQL then only checks the query). */
    boolean structureFailed;
    final List<Problem> problems = new ArrayList<>();

    boolean hasErrors() {
      return problems.stream().anyMatch(p -> p.severity() == Severity.ERROR);
    }
  }

  static final int MAX_DESCRIPTION = 16_384;
  static final int MAX_COLUMN_DESCRIPTION = 1_024;
  /** BigQuery allows 64 labels; snaplake adds its own (managed-by, git, snapshot, manifest). */
  static final int MAX_LABELS = 60;
  private static final Pattern LABEL_KEY = Pattern.compile("[a-z][a-z0-9_-]{0,62}");
  private static final Pattern LABEL_VALUE = Pattern.compile("[a-z0-9_-]{0,63}");
  private static final Set<String> CLAUSES = Set.of("AS", "OPTIONS", "PARTITION", "CLUSTER", "DEFAULT");

  /** Thrown to stop at the first structural error; the problem is already recorded. */
  private static final class Stop extends RuntimeException {
    Stop() {
      super(null, null, false, false);
    }
  }

  private final List<SqlToken> t;
  private final int endOffset;
  private final Header h = new Header();
  private int p;

  private HeaderParser(List<SqlToken> tokens, int endOffset) {
    this.t = tokens;
    this.endOffset = endOffset;
  }

  /** Parses the tokens of one statement (non-empty) that ends at {@code endOffset}. */
  static Header parse(List<SqlToken> tokens, int endOffset) {
    HeaderParser parser = new HeaderParser(tokens, endOffset);
    try {
      parser.statement();
    } catch (Stop stop) {
      parser.h.structureFailed = true;
      parser.h.queryStart = parser.guessQueryStart();
    }
    return parser.h;
  }

  private void statement() {
    SqlToken first = t.get(0);
    if (first.is("SELECT") || first.is("WITH") || first.is("FROM") || first.sym("(")) {
      h.bare = true;
      h.queryStart = 0;
      return;
    }
    if (!first.is("CREATE")) {
      fail(first, "a model file holds one CREATE OR REPLACE VIEW|TABLE … AS <query>, or one query; found "
          + show(first), "other statements (INSERT, MERGE, DROP, scripts…) are not models");
    }
    p = 1;
    if (at("OR")) {
      p++;
      expectWord("REPLACE", "CREATE OR REPLACE VIEW|TABLE");
    }
    if (at("TEMP") || at("TEMPORARY")) {
      fail(cur(), "temporary tables cannot be models", "use CREATE OR REPLACE VIEW or TABLE");
    }
    if (at("MATERIALIZED")) {
      fail(cur(), "materialized views are not supported",
          "use CREATE OR REPLACE TABLE (rebuilt for every snapshot) or VIEW");
    }
    if (at("VIEW")) {
      h.materialization = Materialization.VIEW;
    } else if (at("TABLE")) {
      h.materialization = Materialization.TABLE;
    } else {
      fail(cur(), "expected VIEW or TABLE after CREATE, found " + show(cur()),
          "a model is CREATE OR REPLACE VIEW ds.name … AS <query> or CREATE OR REPLACE TABLE ds.name … AS <query>");
    }
    p++;
    if (at("IF")) {
      SqlToken ifTok = cur();
      p++;
      expectWord("NOT", "IF NOT EXISTS");
      expectWord("EXISTS", "IF NOT EXISTS");
      warn(ifTok, "IF NOT EXISTS is ignored: snaplake always replaces the object", "drop IF NOT EXISTS");
    }
    name();
    if (atSym("(")) {
      columnList();
    }
    while (true) {
      if (p >= t.size()) {
        fail(null, "missing AS <query>: a model's DDL must end with AS followed by its query",
            "write … AS SELECT …");
      }
      SqlToken tok = cur();
      if (tok.is("AS")) {
        p++;
        if (p >= t.size()) {
          fail(null, "missing query after AS", "write … AS SELECT …");
        }
        h.queryStart = p;
        return;
      }
      if (tok.is("OPTIONS") && p + 1 < t.size() && t.get(p + 1).sym("(")) {
        p++;
        options(null);
      } else if (tok.is("PARTITION") || tok.is("CLUSTER")) {
        layoutClause(tok);
      } else if (tok.is("DEFAULT")) {
        warn(tok, "DEFAULT COLLATE is not carried into the manifest: ignored", "drop the clause");
        p++;
        skipClause();
      } else {
        fail(tok, "unexpected " + show(tok) + " in the CREATE header",
            "expected [(columns)] [PARTITION BY …] [CLUSTER BY …] [OPTIONS(…)] AS <query>");
      }
    }
  }

  private void name() {
    if (p >= t.size() || !cur().isIdentifierLike()) {
      fail(p < t.size() ? cur() : null, "expected the object's name after CREATE … " + h.materialization,
          "write {{ params.dataset_name }}.{{ params.table_name }} or dataset.name");
    }
    h.nameStart = cur().start();
    List<String> segments = new ArrayList<>();
    while (true) {
      SqlToken part = cur();
      if (part.kind() == Kind.QUOTED_ID) {
        for (String s : part.value().split("\\.", -1)) {
          segments.add(s);
        }
      } else {
        segments.add(part.text());
      }
      p++;
      if (p + 1 < t.size() && cur().sym(".") && (t.get(p + 1).isIdentifierLike() || t.get(p + 1).kind() == Kind.NUMBER)) {
        p++;
      } else {
        break;
      }
    }
    h.nameSegments = List.copyOf(segments);
  }

  private void columnList() {
    h.columnListOffset = cur().start();
    p++; // (
    if (atSym(")")) {
      fail(cur(), "empty column list", "list the columns, or drop the parentheses");
    }
    while (true) {
      if (p >= t.size() || !cur().isIdentifierLike()) {
        fail(p < t.size() ? cur() : null, "expected a column name in the column list", "write (column OPTIONS(description=\"…\"), …)");
      }
      SqlToken col = cur();
      String column = col.kind() == Kind.QUOTED_ID ? col.value() : col.text();
      if (!Identifiers.isColumn(column)) {
        error(col, "column " + Identifiers.show(column) + " is not a valid column name",
            "letters, digits and underscores, not starting with a digit or a reserved prefix");
      }
      if (h.columnDescriptions.containsKey(column)) {
        error(col, "column " + column + " is listed twice", "list each column once");
      }
      h.columnDescriptions.putIfAbsent(column, "");
      h.columns.add(column);
      h.columnOffsets.add(col.start());
      p++;
      int depth = 0;
      while (true) {
        if (p >= t.size()) {
          fail(null, "unclosed column list", "close it with )");
        }
        SqlToken tok = cur();
        if (depth == 0 && tok.is("OPTIONS") && p + 1 < t.size() && t.get(p + 1).sym("(")) {
          p++;
          options(column);
          continue;
        }
        if (depth == 0 && (tok.sym(",") || tok.sym(")"))) {
          break;
        }
        if (tok.sym("(") || tok.sym("<")) {
          depth++;
        } else if (tok.sym(")") || tok.sym(">")) {
          depth--;
        } else if (tok.sym(">>")) {
          depth -= 2;
        }
        p++;
      }
      if (cur().sym(")")) {
        p++;
        return;
      }
      p++; // ,
    }
  }

  /** OPTIONS(name = value, …) of the object ({@code column == null}) or of a column. */
  private void options(String column) {
    p++; // (
    List<String> seen = new ArrayList<>();
    if (atSym(")")) {
      p++;
      return;
    }
    while (true) {
      if (p >= t.size() || cur().kind() != Kind.WORD) {
        fail(p < t.size() ? cur() : null, "expected an option name in OPTIONS(…)", "write OPTIONS(description=\"…\")");
      }
      SqlToken nameTok = cur();
      String name = nameTok.text().toLowerCase(Locale.ROOT);
      p++;
      if (!atSym("=")) {
        fail(p < t.size() ? cur() : null, "expected = after option " + name, "write " + name + "=…");
      }
      p++;
      if (seen.contains(name)) {
        error(nameTok, "option " + name + " is given twice", "give each option once");
      }
      seen.add(name);
      if (name.equals("description")) {
        SqlToken valueTok = p < t.size() ? cur() : null;
        String value = stringValue("description");
        if (column == null) {
          h.description = value;
          h.descriptionOffset = valueTok.start();
          if (value.length() > MAX_DESCRIPTION) {
            error(valueTok, "description is " + value.length() + " characters; BigQuery allows " + MAX_DESCRIPTION,
                "shorten it; put long documentation in docs/ and link to it");
          }
        } else {
          h.columnDescriptions.put(column, value);
          if (value.length() > MAX_COLUMN_DESCRIPTION) {
            error(valueTok, "description of column " + column + " is " + value.length()
                + " characters; BigQuery allows " + MAX_COLUMN_DESCRIPTION, "shorten it");
          }
        }
      } else if (name.equals("labels") && column == null) {
        labels();
      } else if (name.equals("friendly_name") && column == null) {
        skipValue();
      } else {
        warn(nameTok, "option " + name + " is not carried into the manifest: ignored",
            column == null ? "snaplake reads description, labels and friendly_name" : "column options: description");
        skipValue();
      }
      if (atSym(",")) {
        p++;
        continue;
      }
      if (atSym(")")) {
        p++;
        return;
      }
      fail(p < t.size() ? cur() : null, "expected , or ) in OPTIONS(…)", "separate options with commas");
    }
  }

  private String stringValue(String what) {
    if (p >= t.size() || cur().kind() != Kind.STRING) {
      fail(p < t.size() ? cur() : null, what + " must be a string literal",
          "write " + what + "=\"…\" (or a triple-quoted \"\"\"…\"\"\" string)");
    }
    StringBuilder value = new StringBuilder();
    while (p < t.size() && cur().kind() == Kind.STRING) {
      value.append(cur().value());
      p++;
    }
    return value.toString();
  }

  private void labels() {
    if (!atSym("[")) {
      fail(p < t.size() ? cur() : null, "labels must be a list of (key, value) pairs",
          "write labels=[(\"team\", \"data\"), (\"git\", \"true\")]");
    }
    p++;
    if (atSym("]")) {
      p++;
      return;
    }
    while (true) {
      if (at("STRUCT")) {
        p++;
      }
      if (!atSym("(")) {
        fail(p < t.size() ? cur() : null, "expected a (key, value) pair in labels",
            "write labels=[(\"team\", \"data\")]");
      }
      p++;
      SqlToken keyTok = p < t.size() ? cur() : null;
      String key = stringValue("a label key");
      if (!atSym(",")) {
        fail(p < t.size() ? cur() : null, "expected , between a label's key and value", "write (\"key\", \"value\")");
      }
      p++;
      SqlToken valueTok = p < t.size() ? cur() : null;
      String value = stringValue("a label value");
      if (!atSym(")")) {
        fail(p < t.size() ? cur() : null, "expected ) after a label's value", "write (\"key\", \"value\")");
      }
      p++;
      if (!LABEL_KEY.matcher(key).matches()) {
        error(keyTok, "label key " + Identifiers.show(key) + " is not valid",
            "lowercase letters, digits, _ and -, starting with a letter, at most 63 characters"
                + suggestion(key));
      } else if (h.labels.containsKey(key)) {
        error(keyTok, "label " + key + " is given twice", "give each label once");
      } else if (key.equals("managed-by") && !value.equals("snaplake")) {
        error(keyTok, "label managed-by is set by snaplake", "drop it: snaplake labels every object it manages");
      }
      if (!LABEL_VALUE.matcher(value).matches()) {
        error(valueTok, "label value " + Identifiers.show(value) + " is not valid",
            "lowercase letters, digits, _ and -, at most 63 characters" + suggestion(value));
      }
      h.labels.putIfAbsent(key, value);
      if (h.labels.size() == MAX_LABELS + 1) {
        error(keyTok, "more than " + MAX_LABELS + " labels", "BigQuery allows 64 labels and snaplake adds its own");
      }
      if (atSym(",")) {
        p++;
        continue;
      }
      if (atSym("]")) {
        p++;
        return;
      }
      fail(p < t.size() ? cur() : null, "expected , or ] in labels", "write labels=[(\"a\", \"b\"), (\"c\", \"d\")]");
    }
  }

  private static String suggestion(String s) {
    String fixed = s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "_");
    if (fixed.length() > 63) {
      fixed = fixed.substring(0, 63);
    }
    return fixed.equals(s) || fixed.isEmpty() ? "" : " (e.g. \"" + fixed + "\")";
  }

  /** Skips one option value: tokens up to a comma or ) at depth 0. */
  private void skipValue() {
    int depth = 0;
    while (p < t.size()) {
      SqlToken tok = cur();
      if (depth == 0 && (tok.sym(",") || tok.sym(")"))) {
        return;
      }
      if (tok.sym("(") || tok.sym("[")) {
        depth++;
      } else if (tok.sym(")") || tok.sym("]")) {
        depth--;
      }
      p++;
    }
  }

  /** PARTITION BY … or CLUSTER BY …, read into {@link Header#layout}. */
  private void layoutClause(SqlToken tok) {
    String clause = tok.text().toUpperCase(Locale.ROOT) + " BY";
    boolean partition = tok.is("PARTITION");
    p++;
    expectWord("BY", clause);
    int from = p;
    skipClause();
    List<SqlToken> tokens = t.subList(from, p);
    int at = from < t.size() ? t.get(Math.min(from, p)).start() : endOffset;
    if (h.materialization == Materialization.VIEW) {
      error(tok, clause + " applies to tables, not views", "use CREATE OR REPLACE TABLE, or drop the clause");
      h.structureFailed = true; // ZetaSQL would report it again as a syntax error: let it read the query only
      return;
    }
    if (partition ? h.layout.partition != null || h.partitionSeen : !h.layout.clustering.isEmpty() || h.clusterSeen) {
      error(tok, clause + " is given twice", "give it once");
      h.structureFailed = true; // not a syntax ZetaSQL reads either: let it check the query only
      return;
    }
    if (partition) {
      h.partitionSeen = true;
      h.layout.partition = TableLayout.partition(tokens, at, h.problems);
    } else {
      h.clusterSeen = true;
      h.layout.clustering.addAll(TableLayout.clustering(tokens, at, h.problems));
    }
  }

  /** Skips the tokens of a clause up to the next header clause (the keyword itself already read). */
  private void skipClause() {
    int depth = 0;
    while (p < t.size()) {
      SqlToken tok = cur();
      if (depth == 0 && tok.kind() == Kind.WORD && CLAUSES.contains(tok.text().toUpperCase(Locale.ROOT))) {
        return;
      }
      if (tok.sym("(")) {
        depth++;
      } else if (tok.sym(")")) {
        depth--;
      }
      p++;
    }
  }

  /** After a structural error: the first top-level AS that is followed by a query. */
  private int guessQueryStart() {
    int depth = 0;
    for (int k = 0; k + 1 < t.size(); k++) {
      SqlToken tok = t.get(k);
      if (tok.sym("(")) {
        depth++;
      } else if (tok.sym(")")) {
        depth--;
      } else if (depth == 0 && tok.is("AS")) {
        SqlToken n = t.get(k + 1);
        if (n.is("SELECT") || n.is("WITH") || n.sym("(") || n.is("FROM")) {
          return k + 1;
        }
      }
    }
    return -1;
  }

  private SqlToken cur() {
    return t.get(p);
  }

  private boolean at(String word) {
    return p < t.size() && cur().is(word);
  }

  private boolean atSym(String s) {
    return p < t.size() && cur().sym(s);
  }

  private void expectWord(String word, String context) {
    if (!at(word)) {
      fail(p < t.size() ? cur() : null, "expected " + word + " in " + context, "write " + context);
    }
    p++;
  }

  private static String show(SqlToken tok) {
    String s = tok.text();
    return Identifiers.show(s.length() > 30 ? s.substring(0, 30) : s);
  }

  private int offset(SqlToken tok) {
    return tok == null ? endOffset : tok.start();
  }

  private void fail(SqlToken tok, String message, String hint) {
    h.problems.add(new Problem(Severity.ERROR, offset(tok), message, hint));
    throw new Stop();
  }

  private void error(SqlToken tok, String message, String hint) {
    h.problems.add(new Problem(Severity.ERROR, offset(tok), message, hint));
  }

  private void warn(SqlToken tok, String message, String hint) {
    h.problems.add(new Problem(Severity.WARNING, offset(tok), message, hint));
  }
}
