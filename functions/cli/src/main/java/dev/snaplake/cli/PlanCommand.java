package dev.snaplake.cli;

import dev.snaplake.core.build.DeployPlan;
import dev.snaplake.core.catalog.Manifest;
import dev.snaplake.local.DuckDbWarehouse;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    description = {
      "Shows what `snaplake apply` would do to the warehouse, like `terraform plan`, and changes",
      "nothing: each model of sql/ created (+), replaced (~) with the reason — definition or",
      "metadata changed, or re-pinned to a newer snapshot — left unchanged (=), or blocked (!)",
      "because an input has no load for the snapshot; then each object in a managed dataset that",
      "sql/ does not define, which apply --prune would archive and drop (-).",
      "Exit code: 0 when nothing would change, 2 on a usage error, 4 when there are changes."
    },
    footer = {
      "",
      "Examples:",
      "  snaplake plan --warehouse .snaplake/demo/warehouse.duckdb",
      "  snaplake plan --warehouse w.duckdb --sql sql --snapshot 2026-11-24 --all"
    })
final class PlanCommand implements Callable<Integer> {
  @Mixin DeployTarget target;

  @Override
  public Integer call() {
    Manifest manifest = target.manifest();
    try (DuckDbWarehouse w = target.open()) {
      DeployPlan plan = DeployPlan.of(manifest, w, target.snapshot(w));
      target.print(plan, manifest, System.out);
      if (!plan.changes(true)) {
        System.out.println("No changes: the warehouse matches sql/.");
        return 0;
      }
      System.out.println("Apply with: snaplake apply --warehouse " + target.warehouse
          + (plan.steps(DeployPlan.Action.PRUNE).isEmpty() ? "" : " [--prune]"));
      return 4;
    }
  }
}
