package dev.snaplake.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snaplake.core.catalog.Manifest;
import dev.snaplake.core.naming.ObjectId;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A content hash covers the model and everything upstream of it, and nothing else. */
class ContentHashTest {
  @TempDir Path dir;

  private Manifest compile(String name, String usersSql, String spendSql) {
    Path sql = TestProjects.project(dir.resolve(name), Map.of(
        "staging/users.sql", usersSql,
        "mart/spend.sql", spendSql,
        "mart/other.sql", "SELECT id FROM raw.app__cards"));
    CompileResult r = TestProjects.COMPILER.compile(sql);
    assertThat(r.ok()).as(r.report()).isTrue();
    return r.manifest();
  }

  private static String hash(Manifest m, String id) {
    return m.object(ObjectId.parse(id)).orElseThrow().contentHash();
  }

  @Test
  void anUpstreamChangeChangesEveryHashDownstreamAndNoOther() {
    String spend = "SELECT country, COUNT(*) AS n FROM staging.users GROUP BY country";
    Manifest before = compile("a", "SELECT id, country FROM raw.app__users", spend);
    Manifest after = compile("b", "SELECT id, UPPER(country) AS country FROM raw.app__users", spend);

    assertThat(hash(after, "staging.users")).isNotEqualTo(hash(before, "staging.users"));
    assertThat(hash(after, "mart.spend")).as("its own SQL is unchanged, its input is not").isNotEqualTo(hash(before, "mart.spend"));
    assertThat(hash(after, "mart.other")).isEqualTo(hash(before, "mart.other"));

    Manifest again = compile("c", "SELECT id, UPPER(country) AS country FROM raw.app__users", spend);
    assertThat(hash(again, "mart.spend")).isEqualTo(hash(after, "mart.spend"));
  }
}
