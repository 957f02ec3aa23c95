package dev.snaplake.core.build;

import dev.snaplake.core.catalog.ManagedObject;
import dev.snaplake.core.catalog.Manifest;
import dev.snaplake.core.catalog.ModelGraph;
import dev.snaplake.core.naming.ObjectId;
import dev.snaplake.core.port.Warehouse;
import dev.snaplake.core.port.WarehouseObject;
import dev.snaplake.core.snapshot.Snapshot;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What deploying a manifest at a snapshot would change in the warehouse, like {@code terraform
 * plan}: each model created, replaced (and why), left unchanged, or not buildable yet, then each
 * unreviewed object pruned. Computing it changes nothing. Applying it rebuilds before it prunes,
 * so a renamed model's new object exists before the old one is archived and dropped.
 */
public record DeployPlan(Snapshot snapshot, List<Step> steps) {
  public enum Action {
    CREATE,
    REPLACE,
    UNCHANGED,
    /** An input is not at the snapshot: the object stays as it is until it is. */
    BLOCKED,
    PRUNE
  }

  public record Step(ObjectId object, Action action, String reason) {}

  public DeployPlan {
    steps = List.copyOf(steps);
  }

  public static DeployPlan of(Manifest manifest, Warehouse warehouse, Snapshot snapshot) {
    ModelGraph graph = ModelGraph.of(manifest);
    List<Step> steps = new ArrayList<>();
    Map<ObjectId, Action> planned = new java.util.HashMap<>();
    for (ObjectId id : graph.order()) {
      ManagedObject o = graph.object(id).orElseThrow();
      Step step = step(manifest, warehouse, snapshot, o, planned);
      planned.put(id, step.action());
      steps.add(step);
    }
    for (WarehouseObject o : Pruning.unreviewed(manifest, warehouse)) {
      steps.add(new Step(o.id(), Action.PRUNE, o.builtBySnaplake()
          ? "no longer defined in sql/; its definition is archived first"
          : "not defined in sql/ (made by hand?); its definition is archived first"));
    }
    return new DeployPlan(snapshot, steps);
  }

  private static Step step(Manifest manifest, Warehouse warehouse, Snapshot snapshot, ManagedObject o,
      Map<ObjectId, Action> planned) {
    Optional<String> blocked = blocked(manifest, warehouse, snapshot, o, planned);
    Optional<WarehouseObject> current = warehouse.object(o.id());
    if (blocked.isPresent()) {
      return new Step(o.id(), Action.BLOCKED, blocked.get()
          + current.flatMap(WarehouseObject::snapshot).map(s -> "; stays at " + s).orElse("; not created yet"));
    }
    if (current.isEmpty()) {
      return new Step(o.id(), Action.CREATE, "new in " + (o.file().isEmpty() ? "sql/" : o.file()));
    }
    WarehouseObject w = current.get();
    if (!w.builtBySnaplake()) {
      return new Step(o.id(), Action.REPLACE, "exists but was not built by snaplake; the reviewed definition replaces it");
    }
    if (!w.contentHash().orElseThrow().equals(o.contentHash())) {
      return new Step(o.id(), Action.REPLACE, "definition or metadata changed in " + o.file());
    }
    Snapshot at = w.snapshot().orElse(null);
    if (at == null || at.compareTo(snapshot) < 0) {
      return new Step(o.id(), Action.REPLACE, "re-pinned from " + (at == null ? "no snapshot" : at) + " to " + snapshot);
    }
    return new Step(o.id(), Action.UNCHANGED, at.equals(snapshot) ? "at " + snapshot : "already at newer " + at);
  }

  /** Why the object cannot be at {@code snapshot} after applying, if it cannot. */
  private static Optional<String> blocked(Manifest manifest, Warehouse warehouse, Snapshot snapshot, ManagedObject o,
      Map<ObjectId, Action> planned) {
    for (ObjectId input : o.inputs()) {
      if (manifest.isRaw(input)) {
        if (warehouse.rawLoad(input, snapshot).isEmpty()) {
          return Optional.of(input + " has no load for " + snapshot);
        }
      } else if (planned.get(input) == Action.BLOCKED) {
        return Optional.of("input " + input + " is blocked");
      }
    }
    return Optional.empty();
  }

  public List<Step> steps(Action action) {
    return steps.stream().filter(s -> s.action() == action).toList();
  }

  /** Counts per action, in the order of {@link Action}. */
  public Map<Action, Integer> counts() {
    Map<Action, Integer> counts = new EnumMap<>(Action.class);
    for (Action a : Action.values()) {
      counts.put(a, 0);
    }
    steps.forEach(s -> counts.merge(s.action(), 1, Integer::sum));
    return counts;
  }

  /** True when applying would change something (pruning counts only when asked for). */
  public boolean changes(boolean prune) {
    return steps.stream().anyMatch(s -> s.action() == Action.CREATE || s.action() == Action.REPLACE
        || (prune && s.action() == Action.PRUNE));
  }
}
