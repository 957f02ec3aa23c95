package dev.snaplake.core.build;

import dev.snaplake.core.catalog.ManagedObject;
import dev.snaplake.core.catalog.ModelGraph;
import dev.snaplake.core.naming.ObjectId;
import dev.snaplake.core.snapshot.Snapshot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiFunction;

/**
 * Rebuilds every model for one snapshot on a fixed number of warehouse job slots (BigQuery's
 * concurrent query limit, or what a team wants to spend). An object starts the moment its last
 * input has finished and a slot is free; among ready objects the one with the longest chain
 * still below it goes first, so the critical path is never left waiting behind leaves.
 *
 * <p>Finishing an object costs work proportional to its out-degree: each dependent's count of
 * unfinished inputs goes down by one. An object that fails or waits still counts as finished
 * here; its dependents then find it not at the snapshot and report WAITING, never a mixed build.
 */
public final class RebuildSchedule {
  private final ModelGraph graph;
  private final BiFunction<ManagedObject, Snapshot, BuildOutcome> build;
  private final int slots;

  /** @param build rebuilds one object for a snapshot, e.g. {@link ModelRebuild#build} */
  public RebuildSchedule(ModelGraph graph, BiFunction<ManagedObject, Snapshot, BuildOutcome> build, int slots) {
    if (slots < 1) {
      throw new IllegalArgumentException("slots must be at least 1, was " + slots);
    }
    this.graph = graph;
    this.build = build;
    this.slots = slots;
  }

  /** The outcomes in the order objects finished. */
  public List<BuildOutcome> run(Snapshot snapshot) {
    List<ObjectId> order = graph.order();
    if (order.isEmpty()) {
      return List.of();
    }
    Map<ObjectId, Integer> height = heights(order);
    Map<ObjectId, Integer> unfinishedInputs = new HashMap<>();
    PriorityQueue<ObjectId> ready =
        new PriorityQueue<>(Comparator.comparing((ObjectId id) -> -height.get(id)).thenComparing(ObjectId::toString));
    for (ObjectId id : order) {
      int n = (int) managed(id).stream().distinct().count();
      unfinishedInputs.put(id, n);
      if (n == 0) {
        ready.add(id);
      }
    }
    // A cached pool reuses idle threads (a fixed pool starts a new one per task until full, which
    // costs the critical path at every level); at most `slots` tasks are ever in flight.
    ExecutorService pool = Executors.newCachedThreadPool(runnable -> {
      Thread t = new Thread(runnable, "snaplake-rebuild");
      t.setDaemon(true);
      return t;
    });
    CompletionService<BuildOutcome> running = new ExecutorCompletionService<>(pool);
    List<BuildOutcome> outcomes = new ArrayList<>(order.size());
    int inFlight = 0;
    try {
      while (outcomes.size() < order.size()) {
        while (inFlight < slots && !ready.isEmpty()) {
          ManagedObject o = graph.object(ready.poll()).orElseThrow();
          running.submit(() -> buildOne(o, snapshot));
          inFlight++;
        }
        BuildOutcome done = take(running);
        inFlight--;
        outcomes.add(done);
        for (ObjectId d : graph.dependents(done.object())) {
          if (unfinishedInputs.merge(d, -1, Integer::sum) == 0) {
            ready.add(d);
          }
        }
      }
    } finally {
      pool.shutdownNow();
    }
    return outcomes;
  }

  private BuildOutcome buildOne(ManagedObject o, Snapshot snapshot) {
    try {
      return build.apply(o, snapshot);
    } catch (RuntimeException e) {
      // A temporary warehouse error: reported, and the next run (or event) tries again.
      return new BuildOutcome(o.id(), snapshot, BuildOutcome.Status.FAILED, String.valueOf(e.getMessage()), 0);
    }
  }

  private static BuildOutcome take(CompletionService<BuildOutcome> running) {
    try {
      Future<BuildOutcome> f = running.take();
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while rebuilding models", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  private List<ObjectId> managed(ObjectId id) {
    return graph.object(id).orElseThrow().inputs().stream().filter(graph::contains).toList();
  }

  /** Longest chain of objects from each object to a sink, itself included. */
  private Map<ObjectId, Integer> heights(List<ObjectId> order) {
    Map<ObjectId, Integer> height = new HashMap<>();
    for (int i = order.size() - 1; i >= 0; i--) {
      ObjectId id = order.get(i);
      int h = 1;
      for (ObjectId d : graph.dependents(id)) {
        h = Math.max(h, height.getOrDefault(d, 0) + 1);
      }
      height.put(id, h);
    }
    return height;
  }
}
