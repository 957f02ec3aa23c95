package dev.snaplake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      System.setProperty("snaplake.home", Path.of("../..").toAbsolutePath().normalize().toString());
      int code = SnaplakeCommand.execute(args);
      return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  @Test
  void everyCommandHasHelp() {
    for (String c : new String[] {"demo", "sample-export", "run", "query", "compile"}) {
      Run r = run(c, "--help");
      assertThat(r.code()).as(c).isZero();
      assertThat(r.out()).as(c).contains("Usage: snaplake " + c);
    }
    assertThat(run("--help").out()).contains("demo").contains("sample-export").contains("run").contains("query");
  }

  @Test
  void sampleExportRunAndQueryWorkTogetherAndAreIdempotent(@TempDir Path dir) {
    Path bucket = dir.resolve("bucket");
    Path w = dir.resolve("w.duckdb");
    assertThat(run("sample-export", "--out", bucket.toString(), "--database", "app", "--snapshot", "2026-11-24", "--rows", "500").code()).isZero();
    Run first = run("run", "--bucket", bucket.toString(), "--warehouse", w.toString(), "--json");
    assertThat(first.code()).as(first.err()).isZero();
    assertThat(first.out()).contains("\"outcome\": \"Loaded\"");
    Run second = run("run", "--bucket", bucket.toString(), "--warehouse", w.toString());
    assertThat(second.out()).contains("already loaded earlier; not loaded again");
    Run q = run("query", "--warehouse", w.toString(), "--format", "json", "SELECT count(*) AS n FROM staging.users");
    assertThat(q.code()).isZero();
    assertThat(q.out()).contains("\"n\":");
    Run csv = run("query", "--warehouse", w.toString(), "--format", "csv", "SELECT 1 AS a, 'x,y' AS b");
    assertThat(csv.out()).isEqualTo("a,b\n1,\"x,y\"\n");
  }

  @Test
  void aFolderCopiedByHandGetsItsInventoryFromItsListingWithANote(@TempDir Path dir) throws Exception {
    Path bucket = dir.resolve("bucket");
    Path w = dir.resolve("w.duckdb");
    assertThat(run("sample-export", "--out", bucket.toString(), "--database", "app", "--snapshot", "2026-11-24", "--rows", "300").code()).isZero();
    Path root = bucket.resolve("rds/app-prod/snaplake-app-2026-11-24");
    Path inventory = root.resolve("snaplake_inventory_snaplake-app-2026-11-24.json");
    long objects;
    try (var files = java.nio.file.Files.walk(root)) {
      objects = files.filter(java.nio.file.Files::isRegularFile).count() - 1;
    }
    java.nio.file.Files.delete(inventory); // as `aws s3 sync` of the RDS export alone leaves it

    Run first = run("run", "--bucket", bucket.toString(), "--warehouse", w.toString());
    assertThat(first.code()).as(first.out() + first.err()).isZero();
    assertThat(first.out()).contains("Note: export snaplake-app-2026-11-24: no snaplake_inventory_snaplake-app-2026-11-24.json:"
        + " a local folder is complete as it is, so one was written from its " + objects + " objects");
    assertThat(first.out()).contains("loaded in");
    assertThat(inventory).exists();
    Run second = run("run", "--bucket", bucket.toString(), "--warehouse", w.toString());
    assertThat(second.out()).doesNotContain("Note:").contains("already loaded earlier; not loaded again");
  }

  @Test
  void aFolderThatLacksAnObjectOfItsInventorySaysWhichAndExitsNonZero(@TempDir Path dir) throws Exception {
    Path bucket = dir.resolve("bucket");
    assertThat(run("sample-export", "--out", bucket.toString(), "--database", "app", "--snapshot", "2026-11-24", "--rows", "300").code()).isZero();
    Path info = bucket.resolve("rds/app-prod/snaplake-app-2026-11-24/export_tables_info_snaplake-app-2026-11-24_from_4_to_6.json");
    java.nio.file.Files.delete(info);
    Run r = run("run", "--bucket", bucket.toString(), "--warehouse", dir.resolve("w.duckdb").toString());
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.out()).contains("not complete yet").contains("of its inventory are in the bucket; missing 1: rds/app-prod/snaplake-app-2026-11-24/export_tables_info_snaplake-app-2026-11-24_from_4_to_6.json");
  }

  @Test
  void failuresAreOneLineWithAHint(@TempDir Path dir) {
    Run missing = run("query", "--warehouse", dir.resolve("nope.duckdb").toString(), "SELECT 1");
    assertThat(missing.code()).isNotZero();
    assertThat(missing.err()).contains("error: warehouse file").contains("hint:");
    Run badDate = run("sample-export", "--out", dir.toString(), "--database", "app", "--snapshot", "yesterday");
    assertThat(badDate.code()).isNotZero();
    assertThat(badDate.err()).contains("'yesterday' is not a date").contains("hint:");
    Run badDb = run("sample-export", "--out", dir.toString(), "--database", "app; DROP", "--snapshot", "2026-11-24");
    assertThat(badDb.code()).isNotZero();
    Run noBucket = run("run", "--bucket", dir.resolve("none").toString(), "--warehouse", dir.resolve("w").toString());
    assertThat(noBucket.err()).contains("does not exist").contains("hint:");
  }
}
