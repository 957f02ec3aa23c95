package dev.snaplake.cli;

import dev.snaplake.core.catalog.Manifest;
import dev.snaplake.core.ingest.IngestOutcome;
import dev.snaplake.local.DuckDbWarehouse;
import dev.snaplake.local.FolderObjectStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the pipeline over a folder bucket: every export found anywhere under it (exports keep",
      "their S3 prefix, e.g. rds/app-prod/<export-id>/...) is processed as if each of its objects had",
      "just arrived. Complete exports are loaded into the raw dataset of the DuckDB warehouse, the",
      "models of sql/ are rebuilt pinned to each snapshot, and objects in the managed datasets that",
      "sql/ does not define are archived and dropped. Exports already loaded are not loaded again."
    },
    footer = {
      "",
      "Example:",
      "  snaplake sample-export --out bucket --database app --snapshot 2026-11-24",
      "  snaplake run --bucket bucket --warehouse w.duckdb --sql sql"
    })
final class RunCommand implements Callable<Integer> {
  @Option(names = "--bucket", required = true, paramLabel = "DIR", description = "The folder standing for the GCS landing bucket.")
  Path bucket;

  @Option(names = "--warehouse", required = true, paramLabel = "FILE", description = "The DuckDB warehouse file (created if absent).")
  Path warehouse;

  @Option(names = "--sql", paramLabel = "DIR", description = "The SQL models folder (with snaplake.json). Default: sql/ of this snaplake.")
  Path sql;

  @Option(names = "--json", description = "Print a machine-readable report on stdout instead of the summary.")
  boolean json;

  @Option(names = "--no-prune", negatable = false, description = "Do not drop unreviewed objects in the managed datasets.")
  boolean noPrune;

  @Override
  public Integer call() {
    long start = System.nanoTime();
    if (!Files.isDirectory(bucket)) {
      throw new UserError("bucket folder " + bucket + " does not exist", "write an export into it first: snaplake sample-export --out " + bucket + " --database app --snapshot 2026-11-24");
    }
    Path sqlDir = sql != null ? sql : SnaplakeCommand.home().resolve("sql");
    Manifest manifest = ManifestSource.manifest(sqlDir, System.err);
    try (DuckDbWarehouse w = DuckDbWarehouse.open(warehouse)) {
      LocalPipeline pipeline = new LocalPipeline(new FolderObjectStore(bucket), w, manifest, Clock.systemUTC());
      List<LocalPipeline.ExportRun> runs = pipeline.runAll(!noPrune, line -> { if (!json) System.err.println("... " + line); });
      long millis = (System.nanoTime() - start) / 1_000_000;
      if (json) {
        System.out.println(RunSummary.json(runs, millis, w.location()));
      } else {
        if (runs.isEmpty()) {
          System.out.println("No RDS export found under " + bucket + " (looked for export_info_*.json, export_tables_info_*.json and part-*.parquet)");
        }
        for (LocalPipeline.ExportRun run : runs) {
          RunSummary.print(run, System.out);
        }
        pipeline.failures().forEach(f -> System.out.println("  handler failed on " + f.event().type() + ": " + f.error().getMessage()));
        System.out.printf("Done in %s. Warehouse: %s%n", RunSummary.seconds(millis), w.location());
      }
      boolean anyWaiting = runs.stream().anyMatch(r -> r.outcome() instanceof IngestOutcome.Waiting);
      return anyWaiting || !pipeline.failures().isEmpty() ? 3 : 0;
    }
  }
}
