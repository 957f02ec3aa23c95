package dev.snaplake.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EdgeCasesTest {
  @TempDir Path dir;

  private List<String> errors(Map<String, String> files) {
    CompileResult r = TestProjects.COMPILER.compile(TestProjects.project(dir, files));
    assertThat(r.ok()).isFalse();
    assertThat(r.manifest()).isNull();
    return r.diagnostics().stream().map(Diagnostic::format).toList();
  }

  @Test
  void viewsNestedDeeperThanSixteenLevels() {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("staging/v0.sql", "SELECT id AS user_id FROM raw.app__users");
    for (int i = 1; i <= 17; i++) {
      files.put("staging/v" + i + ".sql", "SELECT user_id\nFROM staging.v" + (i - 1));
    }
    assertThat(errors(files)).singleElement().asString()
        .startsWith("sql/staging/v16.sql:2:6: error: view nesting too deep: 17 levels of views (staging.v16 -> staging.v15");
    // a table in the chain ends it
    files.put("staging/v8.sql", "CREATE OR REPLACE TABLE staging.v8 AS SELECT user_id FROM staging.v7");
    CompileResult r = TestProjects.COMPILER.compile(TestProjects.project(dir, files));
    assertThat(r.ok()).as(r.report()).isTrue();
  }

  @Test
  void selfReferenceIsACycle() {
    assertThat(errors(Map.of("mart/self.sql", "CREATE OR REPLACE VIEW mart.self AS SELECT * FROM mart.self")))
        .singleElement().asString()
        .startsWith("sql/mart/self.sql:1:51: error: dependency cycle: mart.self -> mart.self");
  }

  @Test
  void statementsThatAreNotModels() {
    assertThat(errors(Map.of(
        "mart/mv.sql", "CREATE MATERIALIZED VIEW mart.mv AS SELECT 1 a",
        "mart/ins.sql", "INSERT INTO mart.x SELECT 1",
        "mart/trunc.sql", "CREATE OR REPLACE VIEW",
        "mart/semi.sql", ";\n",
        "mart/opt.sql", "CREATE VIEW mart.opt (a OPTIONS(description=1)) AS SELECT 1 a")))
        .containsExactly(
            "sql/mart/ins.sql:1:1: error: a model file holds one CREATE OR REPLACE VIEW|TABLE … AS <query>, or one query;"
                + " found 'INSERT' (hint: other statements (INSERT, MERGE, DROP, scripts…) are not models)",
            "sql/mart/mv.sql:1:8: error: materialized views are not supported"
                + " (hint: use CREATE OR REPLACE TABLE (rebuilt for every snapshot) or VIEW)",
            "sql/mart/opt.sql:1:45: error: description must be a string literal"
                + " (hint: write description=\"…\" (or a triple-quoted \"\"\"…\"\"\" string))",
            "sql/mart/semi.sql:1:1: error: empty file: expected CREATE OR REPLACE VIEW|TABLE mart.semi … AS <query>,"
                + " or a query (hint: write the model's SQL, or delete the file)",
            "sql/mart/trunc.sql:1:23: error: expected the object's name after CREATE … VIEW"
                + " (hint: write {{ params.dataset_name }}.{{ params.table_name }} or dataset.name)");
  }

  @Test
  void rawReadsThatCannotBePinned() {
    assertThat(errors(Map.of(
        "mart/tt.sql", "SELECT * FROM raw.app__users FOR SYSTEM_TIME AS OF CURRENT_TIMESTAMP()",
        "mart/marker.sql", "SELECT * FROM {{raw raw.app__users}}",
        "mart/arch.sql", "SELECT * FROM snaplake_archive.x")))
        .extracting(l -> l.substring(0, l.indexOf(" (hint")))
        .containsExactly(
            "sql/mart/arch.sql:1:15: error: unknown table 'snaplake_archive.x'",
            "sql/mart/marker.sql:1:15: error: unsupported template expression {{ raw raw.app__users }}",
            "sql/mart/tt.sql:1:30: error: FOR SYSTEM_TIME AS OF cannot be used on a raw table");
  }

  @Test
  void filesInTheWrongPlace() throws Exception {
    Path sql = TestProjects.project(dir, Map.of(
        "root.sql", "SELECT 1 AS x",
        "mart/sub/n.sql", "SELECT 1 AS x",
        "raw/r.sql", "SELECT 1 AS x",
        "mart/README.md", "not a model",
        ".git/x.sql", "ignored"));
    Files.write(sql.resolve("mart/binary.sql"), new byte[] {(byte) 0xff, (byte) 0xfe});
    CompileResult r = TestProjects.COMPILER.compile(sql);
    assertThat(r.diagnostics()).extracting(d -> d.file() + ":" + d.line() + ":" + d.column() + ": " + d.message())
        .containsExactly(
            "sql/mart/binary.sql:1:1: not valid UTF-8",
            "sql/mart/sub/n.sql:1:1: nested folders are not supported",
            "sql/raw/r.sql:1:1: the raw dataset raw holds exactly what the export holds: models cannot be defined in it",
            "sql/root.sql:1:1: a model file must be inside a dataset folder");
  }

  @Test
  void syntaxErrorsInHeaderAndQueryAreBothReported() {
    List<String> lines = errors(Map.of(
        "staging/users.sql", "SELECT id AS user_id FROM raw.app__users",
        "mart/hdr.sql", "CREATE OR REPLACE VIEW mart.hdr OPTIONS(description=\"x\" labels=[])\n"
            + "AS SELECT user_id FROM staging.users WHERE user_id = = 1",
        "mart/unclosed.sql", "SELECT 'abc FROM raw.app__users"));
    assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("sql/mart/hdr.sql:1:57: error: expected , or ) in OPTIONS(…)"));
    assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("sql/mart/unclosed.sql:1:8: error: syntax error: unclosed string literal"));
    if (TestProjects.zetaSqlAvailable()) {
      assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("sql/mart/hdr.sql:2:54: error: syntax error"));
    }
  }

  @Test
  void aColumnListThatRenamesIsAWarning() {
    CompileResult r = TestProjects.COMPILER.compile(TestProjects.project(dir, Map.of("mart/c.sql",
        "CREATE VIEW mart.c (user_id, mail OPTIONS(description='e-mail')) AS SELECT id AS user_id, email FROM raw.app__users")));
    assertThat(r.ok()).as(r.report()).isTrue();
    assertThat(r.warnings()).extracting(Diagnostic::format).singleElement().asString()
        .startsWith("sql/mart/c.sql:1:30: warning: column 2 of the column list is mail but the query calls it email");
    assertThat(r.manifest().objects().get(0).columnDescriptions()).isEqualTo(Map.of("mail", "e-mail"));
  }
}
