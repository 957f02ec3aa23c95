package dev.snaplake.core.build;

import dev.snaplake.core.catalog.Manifest;
import dev.snaplake.core.port.EventBus;
import dev.snaplake.core.port.Warehouse;
import dev.snaplake.core.snapshot.Snapshot;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Makes the warehouse match a manifest at a snapshot: the plan, then every rebuild it calls for
 * (each object as soon as its inputs are done), then — only when asked — the pruning. Rebuilding
 * first means a renamed model's new object exists before the old one is archived and dropped.
 * {@code snaplake apply} runs it locally; the builder runs it for an {@code apply} command.
 */
public final class ManifestApply {
  public record Result(DeployPlan plan, List<BuildOutcome> builds, List<Pruning.Pruned> pruned) {
    public long count(BuildOutcome.Status status) {
      return builds.stream().filter(b -> b.status() == status).count();
    }
  }

  private final Manifest manifest;
  private final Warehouse warehouse;
  private final ModelRebuild rebuild;
  private final Pruning pruning;

  public ManifestApply(Manifest manifest, Warehouse warehouse, EventBus bus, Clock clock, ModelRebuild rebuild) {
    this.manifest = Objects.requireNonNull(manifest);
    this.warehouse = Objects.requireNonNull(warehouse);
    this.rebuild = Objects.requireNonNull(rebuild);
    this.pruning = new Pruning(manifest, warehouse, bus, clock);
  }

  /** The newest snapshot any object in a managed dataset was built at: where the warehouse is. */
  public Optional<Snapshot> newestSnapshot() {
    return manifest.managedDatasets().stream()
        .flatMap(d -> warehouse.objects(d).stream())
        .flatMap(o -> o.snapshot().stream())
        .max(Snapshot::compareTo);
  }

  public DeployPlan plan(Snapshot snapshot) {
    return DeployPlan.of(manifest, warehouse, snapshot);
  }

  /** Carries out {@code plan} (made by {@link #plan}; planning reads every object, so it is done once). */
  public Result apply(DeployPlan plan, boolean prune, int slots) {
    List<BuildOutcome> builds = plan.changes(false) ? rebuild.rebuildAll(plan.snapshot(), slots) : List.of();
    List<Pruning.Pruned> pruned = prune ? pruning.apply() : List.of();
    return new Result(plan, builds, pruned);
  }
}
