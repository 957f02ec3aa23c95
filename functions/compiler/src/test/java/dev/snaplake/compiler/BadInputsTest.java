package dev.snaplake.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One project full of mistakes (src/test/resources/projects/bad plus a few files whose names
 * cannot live in a repository portably, a 20,000-character description and a 17-level chain of
 * views): every mistake of the "Bad input" list is reported, with its position, in one run.
 */
class BadInputsTest {
  @TempDir static Path dir;
  private static CompileResult zeta;
  private static CompileResult fallback;

  @BeforeAll
  static void compile() {
    Path bad = TestProjects.copy("bad", dir);
    TestProjects.write(bad.resolve("mart/x;DROP.sql"), "SELECT 1 AS x\n");
    TestProjects.write(bad.resolve("ma'rt/x.sql"), "SELECT 1 AS x\n");
    TestProjects.write(bad.resolve("mart/long_description.sql"),
        "CREATE OR REPLACE VIEW mart.long_description\nOPTIONS(description=\"" + "x".repeat(20_000)
            + "\")\nAS SELECT 1 AS x\n");
    // 17 levels of views: staging.users, then mart.deep_0 to mart.deep_15
    TestProjects.write(bad.resolve("mart/deep_0.sql"), "SELECT user_id FROM staging.users\n");
    for (int i = 1; i <= 15; i++) {
      TestProjects.write(bad.resolve("mart/deep_" + i + ".sql"), "SELECT user_id FROM mart.deep_" + (i - 1) + "\n");
    }
    zeta = TestProjects.COMPILER.compile(bad);
    fallback = TestProjects.FALLBACK.compile(bad);
  }

  /** file:line:column: severity: message-start, for every analyzer. */
  private static final List<String> EXPECTED = List.of(
      "bad/finance/ledger.sql:1:1: error: dataset finance is not managed",
      "bad/ma'rt/x.sql:1:1: error: dataset folder 'ma'rt' is not a valid BigQuery dataset id",
      "bad/mart/1bad-name.sql:1:1: error: file name '1bad-name' is not a valid object name",
      "bad/mart/x;DROP.sql:1:1: error: file name 'x;DROP' is not a valid object name",
      "bad/mart/clustered.sql:2:24: error: more than 4 clustering columns",
      "bad/mart/columns.sql:1:37: error: the column list names 2 columns but the query returns 3",
      "bad/mart/cycle_a.sql:2:15: error: dependency cycle: mart.cycle_a -> mart.cycle_b -> mart.cycle_a",
      "bad/mart/declares_other.sql:1:24: error: two files define one object: this file declares mart.cycle_a,"
          + " which bad/mart/cycle_a.sql defines",
      "bad/mart/deep_15.sql:1:21: error: view nesting too deep: 17 levels of views (mart.deep_15 -> mart.deep_14",
      "bad/mart/dup.sql:1:1: error: two files define one object: mart.Dup is already defined by bad/mart/Dup.sql",
      "bad/mart/empty.sql:1:1: error: empty file",
      "bad/mart/evil_param.sql:2:52: error: a second statement: a model file holds exactly one statement",
      "bad/mart/inject.sql:1:24: error: the DDL names 'mart.inject; DROP TABLE raw.app__users; --',"
          + " which is not a valid object name",
      "bad/mart/jinja_filter.sql:2:6: error: unsupported template expression {{ params.dataset_name | upper }}",
      "bad/mart/labels.sql:2:21: error: label key 'Team' is not valid",
      "bad/mart/labels.sql:2:29: error: label value 'Data Team' is not valid",
      "bad/mart/long_description.sql:2:21: error: description is 20000 characters; BigQuery allows 16384",
      "bad/mart/owner.sql:1:11: error: owner 'Data Team!' is not an email or a name",
      "bad/mart/project_id.sql:2:16: error: no project ids in SQL: the compiler qualifies references per environment"
          + " (hint: write raw.app__users)",
      "bad/mart/two_statements.sql:3:1: error: a second statement: a model file holds exactly one statement",
      "bad/mart/undefined_param.sql:2:52: error: undefined template parameter params.region",
      "bad/mart/view_partition.sql:2:1: error: PARTITION BY applies to tables, not views",
      "bad/mart/unknown.sql:3:6: error: unknown table 'staging.userz' (hint: did you mean staging.users?",
      "bad/mart/unqualified.sql:2:15: error: unknown table 'users' (hint: qualify it with its dataset;"
          + " did you mean staging.users?");

  @Test
  void reportsEveryMistakeInOneRun() {
    assertThat(zeta.ok()).isFalse();
    assertThat(zeta.manifest()).isNull();
    assertThat(zeta.config()).isNotNull();
    List<String> lines = zeta.diagnostics().stream().map(Diagnostic::format).toList();
    for (String expected : EXPECTED) {
      assertThat(lines).as(zeta.report()).anySatisfy(l -> assertThat(l).startsWith(expected));
    }
    if (TestProjects.zetaSqlAvailable()) {
      assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("bad/mart/syntax.sql:2:16: error: syntax error"));
      assertThat(lines).hasSize(EXPECTED.size() + 1);
    }
    // the valid model and the files that only read broken ones are not blamed
    assertThat(lines).noneMatch(l -> l.startsWith("bad/staging/users.sql") || l.startsWith("bad/mart/cycle_b.sql"));
  }

  @Test
  void theFallbackReportsTheSameMistakesButSyntax() {
    List<String> lines = fallback.diagnostics().stream().map(Diagnostic::format).toList();
    for (String expected : EXPECTED) {
      assertThat(lines).as(fallback.report()).anySatisfy(l -> assertThat(l).startsWith(expected));
    }
    assertThat(lines).hasSize(EXPECTED.size());
    assertThat(fallback.skippedChecks()).containsExactly(
        "syntax validation (ZetaSQL unavailable: not requested)",
        "column and type checks, and partition and clustering column types (ZetaSQL unavailable: not requested)");
  }

  @Test
  void hostileNamesAreShownSafely() {
    assertThat(zeta.diagnostics()).allSatisfy(d -> assertThat(d.format()).doesNotContain("\n"));
    Diagnostic d = Diagnostic.error("sql/mart/a\nb.sql", 1, 1, "bad\u0000name", "x\ty");
    assertThat(d.format()).isEqualTo("sql/mart/a\\u000ab.sql:1:1: error: bad\\u0000name (hint: x\\u0009y)");
  }

  @Test
  void diagnosticsAreSortedByFileAndPosition() {
    List<Diagnostic> ds = zeta.diagnostics();
    for (int i = 1; i < ds.size(); i++) {
      Diagnostic a = ds.get(i - 1);
      Diagnostic b = ds.get(i);
      assertThat(a.file().compareTo(b.file()) < 0
          || a.file().equals(b.file()) && (a.line() < b.line() || a.line() == b.line() && a.column() <= b.column()))
          .as(a + " before " + b).isTrue();
    }
  }
}
