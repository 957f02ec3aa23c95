package dev.snaplake.core.catalog;

import dev.snaplake.core.naming.ObjectId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The dependency graph of managed objects and the raw tables they read, as the compiler inferred
 * it. Immutable; dependents are indexed so readiness work per event is proportional to out-degree.
 */
public final class ModelGraph {
  private final Map<ObjectId, ManagedObject> objects;
  private final Map<ObjectId, List<ObjectId>> dependents;
  private final List<ObjectId> order;

  private ModelGraph(Map<ObjectId, ManagedObject> objects, Map<ObjectId, List<ObjectId>> dependents, List<ObjectId> order) {
    this.objects = objects;
    this.dependents = dependents;
    this.order = order;
  }

  public static ModelGraph of(List<ManagedObject> list) {
    Map<ObjectId, ManagedObject> objects = new LinkedHashMap<>();
    list.forEach(o -> objects.put(o.id(), o));
    Map<ObjectId, List<ObjectId>> dependents = new HashMap<>();
    for (ManagedObject o : list) {
      for (ObjectId input : o.inputs()) {
        dependents.computeIfAbsent(input, k -> new ArrayList<>()).add(o.id());
      }
    }
    Optional<List<ObjectId>> cycle = findCycle(objects);
    if (cycle.isPresent()) {
      throw new IllegalArgumentException("dependency cycle: " + String.join(" -> ", cycle.get().stream().map(ObjectId::toString).toList()));
    }
    Map<ObjectId, List<ObjectId>> frozen = new HashMap<>();
    dependents.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
    return new ModelGraph(Collections.unmodifiableMap(objects), frozen, topologicalOrder(objects));
  }

  public static ModelGraph of(Manifest manifest) {
    return of(manifest.objects());
  }

  public Optional<ManagedObject> object(ObjectId id) {
    return Optional.ofNullable(objects.get(id));
  }

  public boolean contains(ObjectId id) {
    return objects.containsKey(id);
  }

  /** Objects that read {@code id} directly (a raw table or a managed object). */
  public List<ObjectId> dependents(ObjectId id) {
    return dependents.getOrDefault(id, List.of());
  }

  /** Every managed object, inputs before the objects that read them. */
  public List<ObjectId> order() {
    return order;
  }

  /** Every object downstream of {@code roots}, in topological order. */
  public List<ObjectId> downstream(Set<ObjectId> roots) {
    Set<ObjectId> seen = new LinkedHashSet<>();
    Deque<ObjectId> queue = new ArrayDeque<>(roots);
    while (!queue.isEmpty()) {
      for (ObjectId d : dependents(queue.poll())) {
        if (seen.add(d)) {
          queue.add(d);
        }
      }
    }
    return order.stream().filter(seen::contains).toList();
  }

  /** The longest chain of views reading views (BigQuery allows 16 levels). */
  public int depth(ObjectId id) {
    return depth(id, new HashMap<>());
  }

  private int depth(ObjectId id, Map<ObjectId, Integer> memo) {
    Integer known = memo.get(id);
    if (known != null) {
      return known;
    }
    ManagedObject o = objects.get(id);
    int d = 0;
    if (o != null) {
      for (ObjectId i : o.inputs()) {
        if (objects.containsKey(i)) {
          d = Math.max(d, depth(i, memo) + 1);
        }
      }
    }
    memo.put(id, d);
    return d;
  }

  private static List<ObjectId> topologicalOrder(Map<ObjectId, ManagedObject> objects) {
    Map<ObjectId, Integer> indegree = new LinkedHashMap<>();
    Map<ObjectId, List<ObjectId>> out = new HashMap<>();
    for (ManagedObject o : objects.values()) {
      indegree.putIfAbsent(o.id(), 0);
      for (ObjectId i : o.inputs()) {
        if (objects.containsKey(i)) {
          indegree.merge(o.id(), 1, Integer::sum);
          out.computeIfAbsent(i, k -> new ArrayList<>()).add(o.id());
        }
      }
    }
    Deque<ObjectId> ready = new ArrayDeque<>();
    indegree.forEach((k, v) -> { if (v == 0) ready.add(k); });
    List<ObjectId> order = new ArrayList<>();
    while (!ready.isEmpty()) {
      ObjectId id = ready.poll();
      order.add(id);
      for (ObjectId d : out.getOrDefault(id, List.of())) {
        if (indegree.merge(d, -1, Integer::sum) == 0) {
          ready.add(d);
        }
      }
    }
    return List.copyOf(order);
  }

  /** A cycle among managed objects, listed from its first object back to it, if there is one. */
  public static Optional<List<ObjectId>> findCycle(Map<ObjectId, ManagedObject> objects) {
    Map<ObjectId, Integer> state = new HashMap<>(); // 1 = on stack, 2 = done
    for (ObjectId start : objects.keySet()) {
      List<ObjectId> path = new ArrayList<>();
      Optional<List<ObjectId>> c = visit(start, objects, state, path);
      if (c.isPresent()) {
        return c;
      }
    }
    return Optional.empty();
  }

  private static Optional<List<ObjectId>> visit(
      ObjectId id, Map<ObjectId, ManagedObject> objects, Map<ObjectId, Integer> state, List<ObjectId> path) {
    Integer s = state.get(id);
    if (s != null && s == 2) {
      return Optional.empty();
    }
    if (s != null && s == 1) {
      List<ObjectId> cycle = new ArrayList<>(path.subList(path.indexOf(id), path.size()));
      cycle.add(id);
      return Optional.of(cycle);
    }
    state.put(id, 1);
    path.add(id);
    for (ObjectId i : objects.get(id).inputs()) {
      if (objects.containsKey(i)) {
        Optional<List<ObjectId>> c = visit(i, objects, state, path);
        if (c.isPresent()) {
          return c;
        }
      }
    }
    path.remove(path.size() - 1);
    state.put(id, 2);
    return Optional.empty();
  }
}
