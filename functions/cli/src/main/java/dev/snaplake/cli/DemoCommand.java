package dev.snaplake.cli;

import dev.snaplake.core.catalog.Manifest;
import dev.snaplake.core.ingest.IngestOutcome;
import dev.snaplake.local.DuckDbWarehouse;
import dev.snaplake.local.FolderObjectStore;
import dev.snaplake.local.sample.SampleExport;
import dev.snaplake.local.sample.SampleExportResult;
import dev.snaplake.local.sample.SampleExportSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the whole pipeline on the embedded default, with no cloud account:",
      "  1. writes a sample RDS snapshot export of a fintech database into a folder bucket,",
      "  2. loads every table into the raw dataset of a DuckDB warehouse with its natural types,",
      "  3. rebuilds the SQL models of sql/ in dependency order, pinned to that snapshot,",
      "  4. prunes an unreviewed view someone made by hand, archiving its definition first,",
      "  5. then does it again with the next day's export (a column added, a table changed).",
      "Running it again is safe: loaded exports are reported, not loaded twice."
    },
    footer = {"", "Then explore with: snaplake query --warehouse <dir>/warehouse.duckdb \"SELECT ...\""})
final class DemoCommand implements Callable<Integer> {
  static final LocalDate DAY_ONE = LocalDate.of(2026, 11, 24);
  static final LocalDate DAY_TWO = LocalDate.of(2026, 11, 25);
  static final String UNREVIEWED = "mart.adhoc_revenue_check";

  @Option(names = "--dir", paramLabel = "DIR", description = "Where the demo keeps its bucket and warehouse. Default: .snaplake/demo")
  Path dir;

  @Option(names = "--fresh", description = "Delete the demo folder first and start over.")
  boolean fresh;

  @Option(names = "--rows", defaultValue = "20000", paramLabel = "N", description = "Rows of the transactions table. Default: ${DEFAULT-VALUE}.")
  long rows;

  @Override
  public Integer call() throws IOException {
    long start = System.nanoTime();
    Path root = (dir != null ? dir : Path.of(".snaplake", "demo")).toAbsolutePath().normalize();
    if (fresh) {
      deleteTree(root);
    }
    Path bucketDir = root.resolve("bucket");
    Path warehouseFile = root.resolve("warehouse.duckdb");
    Files.createDirectories(bucketDir);
    boolean newWarehouse = !Files.exists(warehouseFile);

    step("Compiling the models in " + SnaplakeCommand.home().resolve("sql"));
    Manifest manifest = ManifestSource.manifest(SnaplakeCommand.home().resolve("sql"), System.err);
    System.err.printf("    %d models, manifest %s%n", manifest.objects().size(), manifest.hash());

    try (DuckDbWarehouse warehouse = DuckDbWarehouse.open(warehouseFile)) {
      if (newWarehouse) {
        // Someone made a view by hand in a managed dataset: nobody reviewed it, so it will go.
        warehouse.execute("CREATE SCHEMA IF NOT EXISTS mart");
        warehouse.execute("CREATE VIEW " + UNREVIEWED + " AS SELECT 42 AS answer, 'made by hand in the console' AS note");
      }
      LocalPipeline pipeline = new LocalPipeline(new FolderObjectStore(bucketDir), warehouse, manifest, Clock.systemUTC());

      System.out.println();
      System.out.println("=== Day 1: the snapshot of " + DAY_ONE + " ===");
      String first = writeExport(bucketDir, DAY_ONE, 1);
      runOne(pipeline, first);

      System.out.println();
      System.out.println("=== Day 2: the snapshot of " + DAY_TWO + " (users.referral_code added, merchants changed) ===");
      String second = writeExport(bucketDir, DAY_TWO, 2);
      runOne(pipeline, second);

      System.out.println();
      System.out.println("=== What is in the warehouse now ===");
      show(warehouse, "Raw snapshots kept per table (one partition per snapshot)",
          "SELECT table_id AS raw_table, string_agg(CAST(snapshot AS VARCHAR) || ': ' || rows || ' rows', ', ' ORDER BY snapshot) AS snapshots FROM _snaplake.raw_loads GROUP BY 1 ORDER BY 1");
      show(warehouse, "Natural types of raw.app__users (CHAR as text, DATE as date, DATETIME as timestamp, unsigned BIGINT exact)",
          "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'raw' AND table_name = 'app__users' ORDER BY ordinal_position");
      show(warehouse, "Managed objects and the snapshot each is pinned to",
          "SELECT object_id, lower(kind) AS kind, snapshot, content_hash FROM _snaplake.objects ORDER BY object_id");
      show(warehouse, "Archived definitions of pruned objects",
          "SELECT object_id, archived_as, kind, definition FROM snaplake_archive._definitions ORDER BY dropped_at");
      long millis = (System.nanoTime() - start) / 1_000_000;
      System.out.println();
      System.out.printf("Demo finished in %s.%n", RunSummary.seconds(millis));
      System.out.println("Warehouse: " + warehouseFile);
      System.out.println("Query it:  ./snaplake query --warehouse " + warehouseFile + " \"SELECT * FROM mart.user_spend ORDER BY 1 LIMIT 10\"");
      System.out.println("Run again: ./snaplake demo            (already-loaded exports are reported, not reloaded; --fresh starts over)");
      return pipeline.failures().isEmpty() ? 0 : 1;
    }
  }

  private String writeExport(Path bucketDir, LocalDate day, int version) throws IOException {
    String prefix = "rds/app-prod";
    String exportId = "snaplake-app-" + day;
    Path exportRoot = bucketDir.resolve(prefix).resolve(exportId);
    if (Files.isDirectory(exportRoot)) {
      step("Export " + exportId + " is already in the bucket");
      return prefix + "/" + exportId;
    }
    step("Writing the RDS export " + exportId + " (" + String.format("%,d", rows) + " transactions) into " + bucketDir);
    long t = System.nanoTime();
    SampleExportResult r = SampleExport.write(bucketDir, new SampleExportSpec("app", day, rows, 42, prefix, version));
    System.err.printf("    %d files, %,d bytes in %s%n", r.fileCount(), r.totalBytes(), RunSummary.seconds((System.nanoTime() - t) / 1_000_000));
    return r.exportRootKey();
  }

  private void runOne(LocalPipeline pipeline, String exportRoot) {
    step("Delivering every object of " + exportRoot + " to the loader, as the bucket's events would");
    List<String> keys = pipeline.exports().get(exportRoot);
    LocalPipeline.ExportRun run = pipeline.runExport(exportRoot, keys, true, l -> {});
    RunSummary.print(run, System.out);
    if (run.outcome() instanceof IngestOutcome.Waiting w) {
      throw new UserError("export " + exportRoot + " is incomplete: " + w.missing(), "start over with: snaplake demo --fresh");
    }
  }

  private static void show(DuckDbWarehouse w, String title, String sql) {
    System.out.println("-- " + title);
    List<Map<String, Object>> rows;
    try {
      rows = w.query(sql);
    } catch (RuntimeException e) {
      System.out.println("   (none)");
      return;
    }
    for (Map<String, Object> row : rows) {
      StringBuilder b = new StringBuilder("   ");
      row.forEach((k, v) -> b.append(k).append('=').append(QueryCommand.text(v)).append("  "));
      System.out.println(b.toString().stripTrailing());
    }
  }

  private static void step(String s) {
    System.err.println(">>> " + s);
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
