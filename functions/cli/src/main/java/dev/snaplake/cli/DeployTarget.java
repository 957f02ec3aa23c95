package dev.snaplake.cli;

import dev.snaplake.core.build.DeployPlan;
import dev.snaplake.core.catalog.Manifest;
import dev.snaplake.core.snapshot.Snapshot;
import dev.snaplake.local.DuckDbWarehouse;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options {@code plan} and {@code apply} share: which models, which warehouse, which snapshot. */
final class DeployTarget {
  @Option(names = "--warehouse", required = true, paramLabel = "FILE", description = "The DuckDB warehouse file, e.g. .snaplake/demo/warehouse.duckdb.")
  Path warehouse;

  @Option(names = "--sql", paramLabel = "DIR", description = "The SQL models folder (with snaplake.json). Default: sql/ of this snaplake.")
  Path sql;

  @Option(names = "--snapshot", paramLabel = "YYYY-MM-DD", description = "The snapshot to pin the models to. Default: the newest snapshot loaded into the raw dataset.")
  String snapshot;

  @Option(names = "--all", description = "List unchanged objects too (by default only their count is shown).")
  boolean all;

  Manifest manifest() {
    return ManifestSource.manifest(sql != null ? sql : SnaplakeCommand.home().resolve("sql"), System.err);
  }

  DuckDbWarehouse open() {
    if (!Files.isRegularFile(warehouse)) {
      throw new UserError("warehouse file " + warehouse + " does not exist",
          "load an export into it first: snaplake run --bucket DIR --warehouse " + warehouse + " (or snaplake demo)");
    }
    return DuckDbWarehouse.open(warehouse);
  }

  Snapshot snapshot(DuckDbWarehouse w) {
    if (snapshot != null) {
      try {
        return Snapshot.parse(snapshot);
      } catch (DateTimeParseException | IllegalArgumentException e) {
        throw new UserError("--snapshot '" + snapshot + "' is not a date", "give it as YYYY-MM-DD, e.g. --snapshot 2026-11-25");
      }
    }
    List<Map<String, Object>> newest = w.query("SELECT CAST(max(snapshot) AS VARCHAR) AS s FROM _snaplake.raw_loads");
    Object s = newest.isEmpty() ? null : newest.get(0).get("s");
    if (s == null) {
      throw new UserError("nothing is loaded in " + warehouse + " yet, so there is no snapshot to deploy at",
          "load an export first (snaplake run --bucket DIR --warehouse " + warehouse + "), or pass --snapshot");
    }
    return Snapshot.parse(s.toString());
  }

  /** Prints the plan like {@code terraform plan}: one line per change, then the counts. */
  void print(DeployPlan plan, Manifest manifest, PrintStream out) {
    out.printf("Plan for %s (manifest %s) at snapshot %s:%n%n", warehouse, manifest.hash(), plan.snapshot());
    for (DeployPlan.Step s : plan.steps()) {
      if (s.action() == DeployPlan.Action.UNCHANGED && !all) {
        continue;
      }
      out.printf("  %s %-36s %-9s %s%n", symbol(s.action()), s.object(), s.action().name().toLowerCase(Locale.ROOT), s.reason());
    }
    Map<DeployPlan.Action, Integer> n = plan.counts();
    out.printf("%nPlan: %d to create, %d to replace, %d unchanged, %d blocked, %d to prune.%n",
        n.get(DeployPlan.Action.CREATE), n.get(DeployPlan.Action.REPLACE), n.get(DeployPlan.Action.UNCHANGED),
        n.get(DeployPlan.Action.BLOCKED), n.get(DeployPlan.Action.PRUNE));
  }

  private static char symbol(DeployPlan.Action a) {
    return switch (a) {
      case CREATE -> '+';
      case REPLACE -> '~';
      case UNCHANGED -> '=';
      case BLOCKED -> '!';
      case PRUNE -> '-';
    };
  }
}
