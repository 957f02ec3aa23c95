package dev.snaplake.cli;

import dev.snaplake.core.build.BuildOutcome;
import dev.snaplake.core.build.DeployPlan;
import dev.snaplake.core.build.ManifestApply;
import dev.snaplake.core.build.ModelRebuild;
import dev.snaplake.core.build.Pruning;
import dev.snaplake.core.catalog.Manifest;
import dev.snaplake.core.snapshot.Snapshot;
import dev.snaplake.local.DuckDbWarehouse;
import dev.snaplake.local.InProcessEventBus;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "apply",
    mixinStandardHelpOptions = true,
    description = {
      "Makes the warehouse match sql/: prints the plan (see `snaplake plan`), rebuilds every model",
      "that needs it pinned to the snapshot — each as soon as its inputs are done, on --slots",
      "concurrent jobs — and, with --prune only, archives then drops the objects in the managed",
      "datasets that sql/ does not define. New objects are created before old ones are pruned, so",
      "a renamed model never leaves a gap. Exit code 1 when a model failed."
    },
    footer = {
      "",
      "Examples:",
      "  snaplake apply --warehouse .snaplake/demo/warehouse.duckdb",
      "  snaplake apply --warehouse w.duckdb --prune --slots 8"
    })
final class ApplyCommand implements Callable<Integer> {
  @Mixin DeployTarget target;

  @Option(names = "--prune", description = "Archive and drop unreviewed objects in the managed datasets (otherwise they are only listed).")
  boolean prune;

  @Option(names = "--slots", defaultValue = "4", paramLabel = "N", description = "Concurrent warehouse jobs. Default: ${DEFAULT-VALUE}.")
  int slots;

  @Override
  public Integer call() {
    if (slots < 1) {
      throw new UserError("--slots must be at least 1, was " + slots, "e.g. --slots 4");
    }
    Manifest manifest = target.manifest();
    long start = System.nanoTime();
    try (DuckDbWarehouse w = target.open()) {
      Snapshot snapshot = target.snapshot(w);
      InProcessEventBus bus = new InProcessEventBus();
      ManifestApply apply = new ManifestApply(manifest, w, bus, Clock.systemUTC(), new ModelRebuild(manifest, w, bus, Clock.systemUTC()));
      DeployPlan plan = apply.plan(snapshot);
      target.print(plan, manifest, System.out);
      if (!plan.changes(prune)) {
        System.out.println("No changes: the warehouse matches sql/.");
        printPruneHint(plan);
        return 0;
      }
      System.out.println();
      ManifestApply.Result result = apply.apply(plan, prune, slots);
      List<BuildOutcome> outcomes = result.builds();
      int failed = 0;
      for (BuildOutcome o : outcomes) {
        if (o.status() == BuildOutcome.Status.REBUILT) {
          System.out.printf("  rebuilt %-36s %s, %d ms%n", o.object(), o.detail(), o.millis());
        } else if (o.status() == BuildOutcome.Status.FAILED) {
          failed++;
          System.out.printf("  FAILED  %-36s %s%n", o.object(), o.detail());
        }
      }
      for (Pruning.Pruned p : result.pruned()) {
        System.out.printf("  pruned  %-36s archived as %s%n", p.object().id(), p.archivedAs());
      }
      if (!prune) {
        printPruneHint(plan);
      }
      long rebuilt = outcomes.stream().filter(o -> o.status() == BuildOutcome.Status.REBUILT).count();
      System.out.printf(Locale.ROOT, "%nApplied at %s: %d rebuilt, %d failed, %s in %.1f s.%n", snapshot, rebuilt, failed,
          result.pruned().size() + " pruned", (System.nanoTime() - start) / 1e9);
      return failed > 0 ? 1 : 0;
    }
  }

  private void printPruneHint(DeployPlan plan) {
    int unreviewed = plan.steps(DeployPlan.Action.PRUNE).size();
    if (!prune && unreviewed > 0) {
      System.out.println(unreviewed + " unreviewed object(s) left in place; rerun with --prune to archive and drop them.");
    }
  }
}
