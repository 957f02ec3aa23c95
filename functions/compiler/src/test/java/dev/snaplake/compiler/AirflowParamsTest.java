package dev.snaplake.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snaplake.core.catalog.ManagedObject;
import dev.snaplake.core.naming.ObjectId;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AirflowParamsTest {
  @Test
  void rendersParamsFromThePathAndTheConfig() {
    CompileResult r = TestProjects.COMPILER.compile(TestProjects.resource("airflow"));
    assertThat(r.ok()).as(r.report()).isTrue();
    assertThat(r.diagnostics()).isEmpty();
    ManagedObject users = r.manifest().object(ObjectId.parse("staging.users")).orElseThrow();
    assertThat(users.description()).isEqualTo("Users of DE");
    assertThat(users.labels()).isEqualTo(Map.of("git", "true"));
    assertThat(users.sql()).isEqualTo(
        "SELECT id AS user_id, email FROM {{raw raw.app__users as app__users}} WHERE country = 'DE'");
    assertThat(users.file()).isEqualTo("airflow/staging/users.sql");

    ManagedObject big = r.manifest().object(ObjectId.parse("mart.big_spenders")).orElseThrow();
    assertThat(big.description()).isEqualTo("Users with a transaction of at least 10");
    assertThat(big.sql()).endsWith("WHERE t.amount >= 10");
    assertThat(big.inputs()).extracting(ObjectId::toString)
        .containsExactly("raw.app__cards", "raw.app__transactions", "staging.users");

    ManagedObject plain = r.manifest().object(ObjectId.parse("mart.plain")).orElseThrow();
    assertThat(plain.description()).isEmpty();
    assertThat(plain.sql()).isEqualTo("SELECT user_id FROM {{ref staging.users}}");
  }

  @Test
  void errorsAfterAParamPointAtTheOriginalFile(@TempDir Path dir) {
    // The rendered dataset name is shorter than its placeholder: positions after it still map back.
    Path sql = TestProjects.project(dir, Map.of("mart/m.sql",
        "CREATE OR REPLACE VIEW {{ params.dataset_name }}.{{ params.table_name }} AS SELECT id FROM raw.app__users\n"
            + "WHERE id = = 1"));
    CompileResult r = TestProjects.COMPILER.compile(sql);
    org.junit.jupiter.api.Assumptions.assumeTrue(r.analyzer().equals("zetasql"));
    assertThat(r.errors()).extracting(Diagnostic::format)
        .singleElement().asString().startsWith("sql/mart/m.sql:2:12: error: syntax error");
    Path sql2 = TestProjects.project(dir, Map.of("mart/m.sql",
        "CREATE OR REPLACE VIEW {{ params.dataset_name }}.{{ params.table_name }} AS SELECT id FROM raw.app__users u"
            + " JOIN mart.nope n ON n.id = u.id"));
    CompileResult r2 = TestProjects.COMPILER.compile(sql2);
    assertThat(r2.errors()).extracting(Diagnostic::format)
        .singleElement().asString().startsWith("sql/mart/m.sql:1:114: error: unknown table 'mart.nope'");
  }

  @Test
  void aLiteralNameMustMatchThePath(@TempDir Path dir) {
    Path sql = TestProjects.project(dir, Map.of("mart/m.sql",
        "CREATE OR REPLACE VIEW mart.other AS SELECT id FROM raw.app__users"));
    CompileResult r = TestProjects.COMPILER.compile(sql);
    assertThat(r.errors()).extracting(Diagnostic::format).containsExactly(
        "sql/mart/m.sql:1:24: error: the DDL names 'mart.other' but the file's path says mart.m"
            + " (hint: rename the file to sql/mart/other.sql, or write {{ params.dataset_name }}.{{ params.table_name }})");
  }
}
