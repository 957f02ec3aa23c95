package dev.snaplake.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Compile and fully validate a generated catalog ({@link ModelCatalogGenerator}: 1,000 models,
 * depth 10, 20 raw tables with a schema file) with {@code snaplake compile} as a fresh JVM per
 * run, so the wall time includes JVM and ZetaSQL start-up. A run counts only if it exits 0, used
 * ZetaSQL and skipped no check. Goal (issue 4): ≤ 10 s on 2 cores.
 *
 * <pre>
 * ./mvnw -q -pl functions/bench -am package -DskipTests
 * ./mvnw -q -pl functions/cli -am package -DskipTests
 * java -cp "functions/bench/target/snaplake-bench-0.1.0-SNAPSHOT.jar:functions/bench/target/lib/*" \
 *     dev.snaplake.bench.CompileBenchmark [work-dir] [models] [runs] [-- command…]
 * </pre>
 *
 * <p>The default command is {@code java -jar functions/cli/target/snaplake-cli.jar compile --sql
 * WORK/sql --schemas WORK/schemas.json}; after {@code --}, any other command is timed instead
 * (with {@code {sql}} and {@code {schemas}} replaced).
 */
public final class CompileBenchmark {
  public static void main(String[] args) throws Exception {
    int dash = Arrays.asList(args).indexOf("--");
    List<String> own = Arrays.asList(args).subList(0, dash < 0 ? args.length : dash);
    Path work = own.size() > 0 ? Path.of(own.get(0)) : Files.createTempDirectory("snaplake-compile-bench");
    int models = own.size() > 1 ? Integer.parseInt(own.get(1)) : 1000;
    int runs = own.size() > 2 ? Integer.parseInt(own.get(2)) : 5;
    Path sql = work.resolve("sql");
    Path schemas = work.resolve("schemas.json");
    long t0 = System.nanoTime();
    long lines = ModelCatalogGenerator.write(work, models, 10, 42);
    System.out.printf(Locale.ROOT, "catalog: %d models, %,d lines of SQL, depth 10, 20 raw tables (written in %.1f s) in %s%n",
        models, lines, (System.nanoTime() - t0) / 1e9, work);

    List<String> command = new ArrayList<>();
    if (dash < 0) {
      Path home = Path.of(System.getProperty("snaplake.home", ".")).toAbsolutePath().normalize();
      command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
          home.resolve("functions/cli/target/snaplake-cli.jar").toString(), "compile", "--sql", "{sql}", "--schemas", "{schemas}"));
    } else {
      command.addAll(Arrays.asList(args).subList(dash + 1, args.length));
    }
    List<String> resolved = command.stream()
        .map(a -> a.replace("{sql}", sql.toString()).replace("{schemas}", schemas.toString())).toList();
    System.out.println("command: " + String.join(" ", resolved));
    List<Double> seconds = new ArrayList<>();
    for (int run = 1; run <= runs; run++) {
      Path stdout = work.resolve("run-" + run + ".out");
      Path stderr = work.resolve("run-" + run + ".err");
      long start = System.nanoTime();
      int exit = new ProcessBuilder(resolved).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start().waitFor();
      double s = (System.nanoTime() - start) / 1e9;
      String out = Files.readString(stdout, StandardCharsets.UTF_8);
      String err = Files.readString(stderr, StandardCharsets.UTF_8);
      check(exit, out, err, models, stderr);
      seconds.add(s);
      System.out.printf(Locale.ROOT, "run %d: %.2f s%n", run, s);
    }
    List<Double> sorted = seconds.stream().sorted().toList();
    System.out.printf(Locale.ROOT, "compile + full validation of %d models, fresh JVM: median %.2f s, min %.2f s, max %.2f s"
            + " (%d cores)%n", models, sorted.get(sorted.size() / 2), sorted.get(0), sorted.get(sorted.size() - 1),
        Runtime.getRuntime().availableProcessors());
  }

  /** A run only counts if everything was checked: exit 0, ZetaSQL, no skipped check, every model compiled. */
  private static void check(int exit, String out, String err, int models, Path stderr) throws IOException {
    if (exit != 0) {
      throw new IllegalStateException("compile failed (exit " + exit + "); see " + stderr + ":\n"
          + err.lines().limit(20).reduce("", (a, b) -> a + b + "\n"));
    }
    if (err.contains("skipped:")) {
      throw new IllegalStateException("compile skipped checks, so it did not fully validate:\n" + err);
    }
    if (!out.contains(models + " objects") || !out.contains("analyzer: zetasql")) {
      throw new IllegalStateException("unexpected compile output (expected " + models + " objects, analyzer zetasql):\n"
          + out.lines().skip(Math.max(0, out.lines().count() - 3)).reduce("", (a, b) -> a + b + "\n"));
    }
  }
}
