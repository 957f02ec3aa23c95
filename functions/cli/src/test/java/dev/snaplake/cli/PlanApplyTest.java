package dev.snaplake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snaplake.local.DuckDbWarehouse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** plan shows what apply would do and changes nothing; apply does it, pruning only when asked. */
class PlanApplyTest {
  @TempDir Path dir;

  @Test
  void planThenApplyAfterAModelChangesIsRenamedAndAViewIsMadeByHand() throws IOException {
    Path bucket = dir.resolve("bucket");
    Path w = dir.resolve("w.duckdb");
    Path sql = copyOfSampleSql();
    assertThat(CliTest.run("sample-export", "--out", bucket.toString(), "--database", "app", "--snapshot", "2026-11-24", "--rows", "300").code()).isZero();
    CliTest.Run loaded = CliTest.run("run", "--bucket", bucket.toString(), "--warehouse", w.toString(), "--sql", sql.toString());
    assertThat(loaded.code()).as(loaded.out() + loaded.err()).isZero();

    CliTest.Run clean = CliTest.run("plan", "--warehouse", w.toString(), "--sql", sql.toString());
    assertThat(clean.code()).as(clean.out() + clean.err()).isZero();
    assertThat(clean.out()).contains("at snapshot 2026-11-24").contains("No changes");

    // The next commit: a description changes, a model is renamed; someone adds a view by hand.
    Path cardSpend = sql.resolve("mart/card_spend.sql");
    Files.writeString(cardSpend, Files.readString(cardSpend).replace("Settled spend per card", "Settled spend per payment card"));
    Files.move(sql.resolve("mart/user_spend.sql"), sql.resolve("mart/customer_spend.sql"));
    Path renamed = sql.resolve("mart/customer_spend.sql");
    Files.writeString(renamed, Files.readString(renamed).replace("mart.user_spend", "mart.customer_spend"));
    Path countrySpend = sql.resolve("mart/country_spend.sql");
    Files.writeString(countrySpend, Files.readString(countrySpend).replace("mart.user_spend", "mart.customer_spend"));
    try (DuckDbWarehouse dw = DuckDbWarehouse.open(w)) {
      dw.execute("CREATE VIEW mart.adhoc_check AS SELECT 1 AS one");
    }

    CliTest.Run plan = CliTest.run("plan", "--warehouse", w.toString(), "--sql", sql.toString());
    assertThat(plan.code()).as(plan.err()).isEqualTo(4);
    assertThat(plan.out())
        .containsPattern("~ mart\\.card_spend +replace +definition or metadata changed in .*card_spend\\.sql")
        .containsPattern("\\+ mart\\.customer_spend +create +new in ")
        .containsPattern("- mart\\.user_spend +prune")
        .containsPattern("- mart\\.adhoc_check +prune +not defined in sql/ \\(made by hand\\?\\)")
        .containsPattern("! mart\\.user_audit_summary +blocked +raw\\.app__audit_log has no load for 2026-11-24")
        .containsPattern("~ mart\\.country_spend +replace")
        .contains("Plan: 1 to create, 2 to replace,")
        .contains("2 to prune")
        .doesNotContain("= staging.users");
    assertThat(CliTest.run("plan", "--warehouse", w.toString(), "--sql", sql.toString(), "--all").out())
        .containsPattern("= staging\\.users +unchanged +at 2026-11-24");

    CliTest.Run apply = CliTest.run("apply", "--warehouse", w.toString(), "--sql", sql.toString());
    assertThat(apply.code()).as(apply.out() + apply.err()).isZero();
    assertThat(apply.out()).containsPattern("rebuilt mart\\.card_spend").containsPattern("rebuilt mart\\.customer_spend")
        .doesNotContain("rebuilt staging.users")
        .contains("2 unreviewed object(s) left in place; rerun with --prune");
    assertThat(objects(w)).contains("mart.user_spend", "mart.adhoc_check", "mart.customer_spend");

    CliTest.Run pruned = CliTest.run("apply", "--warehouse", w.toString(), "--sql", sql.toString(), "--prune");
    assertThat(pruned.code()).as(pruned.out() + pruned.err()).isZero();
    assertThat(pruned.out()).containsPattern("pruned +mart\\.adhoc_check +archived as snaplake_archive\\.mart__adhoc_check__")
        .containsPattern("pruned +mart\\.user_spend");
    assertThat(objects(w)).doesNotContain("mart.user_spend", "mart.adhoc_check").contains("mart.customer_spend");

    CliTest.Run after = CliTest.run("plan", "--warehouse", w.toString(), "--sql", sql.toString());
    assertThat(after.code()).isZero();
    assertThat(after.out()).contains("Plan: 0 to create, 0 to replace").contains("No changes");
  }

  @Test
  void badInputIsRefusedWithAHint() {
    CliTest.Run noFile = CliTest.run("plan", "--warehouse", dir.resolve("nope.duckdb").toString());
    assertThat(noFile.code()).isEqualTo(2);
    assertThat(noFile.err()).contains("warehouse file").contains("does not exist").contains("hint: load an export");
    CliTest.Run badSnapshot = CliTest.run("plan", "--warehouse", dir.resolve("nope.duckdb").toString(), "--snapshot", "2026-13-01");
    assertThat(badSnapshot.code()).isNotZero();
    CliTest.Run slots = CliTest.run("apply", "--warehouse", dir.resolve("nope.duckdb").toString(), "--slots", "0");
    assertThat(slots.code()).isEqualTo(2);
    assertThat(slots.err()).contains("--slots must be at least 1");
  }

  private static String objects(Path w) {
    try (DuckDbWarehouse dw = DuckDbWarehouse.open(w)) {
      return dw.objects("mart").stream().map(o -> o.id().toString()).toList().toString();
    }
  }

  private Path copyOfSampleSql() throws IOException {
    Path from = Path.of("../../sql").toAbsolutePath().normalize();
    Path to = dir.resolve("sql");
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    }
    return to;
  }
}
