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
