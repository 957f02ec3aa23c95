package dev.snaplake.bench;

import dev.snaplake.core.build.BuildOutcome;
import dev.snaplake.core.build.ModelRebuild;
import dev.snaplake.core.catalog.ManagedObject;
import dev.snaplake.core.catalog.Manifest;
import dev.snaplake.core.catalog.Materialization;
import dev.snaplake.core.catalog.ModelGraph;
import dev.snaplake.core.event.Event;
import dev.snaplake.core.event.EventType;
import dev.snaplake.core.event.Events;
import dev.snaplake.core.naming.ObjectId;
import dev.snaplake.core.port.EventBus;
import dev.snaplake.core.port.LoadRecord;
import dev.snaplake.core.port.ModelBuild;
import dev.snaplake.core.port.RawLoad;
import dev.snaplake.core.port.Warehouse;
import dev.snaplake.core.port.WarehouseObject;
import dev.snaplake.core.snapshot.Snapshot;
import com.google.gson.JsonObject;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How close the builder comes to the best possible makespan on a 2,000-object graph, against a
 * simulated warehouse whose jobs take a known time (sleeps; no CPU), side by side in one run:
 *
 * <ul>
 *   <li>unlimited slots: makespan over the critical path (the longest chain of job times), the
 *       lower bound no scheduler can beat;
 *   <li>50 slots: makespan over an ideal list schedule of the same graph and times (discrete-event
 *       simulation, zero overhead, same longest-chain-first rule), and over max(critical path,
 *       total work / 50);
 *   <li>event-driven readiness (how the deployed builder works, one event per finished object):
 *       warehouse lookups per event over the finished object's out-degree.
 * </ul>
 *
 * <pre>
 * ./mvnw -q -pl functions/bench -am package -DskipTests
 * java -cp "functions/bench/target/snaplake-bench-0.1.0-SNAPSHOT.jar:functions/bench/target/lib/*" \
 *     dev.snaplake.bench.SchedulingBenchmark [objects] [depth] [slots] [minMs] [maxMs] [seed]
 * </pre>
 */
public final class SchedulingBenchmark {
  static final Snapshot DAY = Snapshot.parse("2026-11-25");

  public static void main(String[] args) {
    int objects = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    int depth = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    int slots = args.length > 2 ? Integer.parseInt(args[2]) : 50;
    int minMs = args.length > 3 ? Integer.parseInt(args[3]) : 20;
    int maxMs = args.length > 4 ? Integer.parseInt(args[4]) : 400;
    long seed = args.length > 5 ? Long.parseLong(args[5]) : 7;

    Graph g = Graph.generate(objects, depth, 30, minMs, maxMs, new Random(seed));
    long work = g.latency.values().stream().mapToLong(Long::longValue).sum();
    long critical = g.criticalPath();
    System.out.printf(Locale.ROOT, "graph: %d objects over 30 raw tables, %d levels, %d edges; job times %d-%d ms%n",
        objects, depth, g.edges(), minMs, maxMs);
    System.out.printf(Locale.ROOT, "total work %.1f s, critical path %.2f s%n", work / 1e3, critical / 1e3);

    // Warm-up on a small graph so JIT and thread start-up are not measured.
    run(Graph.generate(200, 5, 10, 1, 5, new Random(1)), 200);

    long unlimited = run(g, objects);
    System.out.printf(Locale.ROOT, "unlimited slots: makespan %.2f s, over critical path %.3f (goal <= 1.05)%n",
        unlimited / 1e3, (double) unlimited / critical);

    long ideal = g.listSchedule(slots);
    long bound = Math.max(critical, (work + slots - 1) / slots);
    long limited = run(g, slots);
    System.out.printf(Locale.ROOT,
        "%d slots: makespan %.2f s, ideal list schedule %.2f s (ratio %.3f, goal <= 1.05), max(cp, work/slots) %.2f s (ratio %.3f)%n",
        slots, limited / 1e3, ideal / 1e3, (double) limited / ideal, bound / 1e3, (double) limited / bound);

    eventDriven(g);
  }

  /** Wall-clock makespan of {@link ModelRebuild#rebuildAll} on the simulated warehouse, in ms. */
  static long run(Graph g, int slots) {
    SimulatedWarehouse w = new SimulatedWarehouse(g.latency, true);
    ModelRebuild rebuild = new ModelRebuild(g.manifest, w, bus(e -> {}), Clock.systemUTC());
    long t0 = System.nanoTime();
    List<BuildOutcome> out = rebuild.rebuildAll(DAY, slots);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    // Scheduling delay: from an object's last input finishing (or the start) to its job starting.
    long totalDelay = 0;
    long maxDelay = 0;
    for (ManagedObject o : g.manifest.objects()) {
      long ready = t0;
      for (ObjectId in : o.inputs()) {
        long[] t = w.times.get(in);
        if (t != null) {
          ready = Math.max(ready, t[1]);
        }
      }
      long delay = w.times.get(o.id())[0] - ready;
      totalDelay += delay;
      maxDelay = Math.max(maxDelay, delay);
    }
    System.out.printf(Locale.ROOT, "  (%d slots) start delay after ready: mean %.2f ms, max %.2f ms%n", slots,
        totalDelay / 1e6 / g.manifest.objects().size(), maxDelay / 1e6);
    long rebuilt = out.stream().filter(o -> o.status() == BuildOutcome.Status.REBUILT).count();
    if (rebuilt != g.manifest.objects().size()) {
      throw new IllegalStateException("only " + rebuilt + " of " + g.manifest.objects().size() + " rebuilt");
    }
    return ms;
  }

  /** The deployed path: each finished object's event triggers readiness checks of its dependents. */
  static void eventDriven(Graph g) {
    SimulatedWarehouse w = new SimulatedWarehouse(g.latency, false);
    Deque<Event> queue = new ArrayDeque<>();
    EventBus bus = bus(queue::add);
    ModelRebuild rebuild = new ModelRebuild(g.manifest, w, bus, Clock.systemUTC());
    ModelGraph graph = ModelGraph.of(g.manifest);
    long events = 0;
    long outDegrees = 0;
    long lookupsBefore = w.lookups.get();
    for (ObjectId raw : g.raw) {
      JsonObject d = new JsonObject();
      d.addProperty("table", raw.toString());
      d.addProperty("snapshot", DAY.toString());
      queue.add(Events.of(EventType.TABLE_LOADED, Events.SOURCE_LOADER, raw.toString(), raw + ":" + DAY, java.time.Instant.now(), d));
    }
    int maxPerEvent = 0;
    double maxRatio = 0;
    while (!queue.isEmpty()) {
      Event e = queue.poll();
      ObjectId subject = ObjectId.parse(e.subject());
      int out = graph.dependents(subject).size();
      long before = w.lookups.get();
      rebuild.onEvent(e);
      int lookups = (int) (w.lookups.get() - before);
      events++;
      outDegrees += out;
      maxPerEvent = Math.max(maxPerEvent, lookups);
      if (out > 0) {
        maxRatio = Math.max(maxRatio, (double) lookups / out);
      }
    }
    long lookups = w.lookups.get() - lookupsBefore;
    System.out.printf(Locale.ROOT,
        "event-driven: %d events, %d rebuilt, %d warehouse lookups = %.2f per unit of out-degree (max %.1f for one event; max %d lookups in one event)%n",
        events, w.rebuilt.size(), lookups, (double) lookups / outDegrees, maxRatio, maxPerEvent);
    if (w.rebuilt.size() != g.manifest.objects().size()) {
      throw new IllegalStateException("event-driven run rebuilt " + w.rebuilt.size());
    }
  }

  static EventBus bus(java.util.function.Consumer<Event> publish) {
    return new EventBus() {
      @Override
      public void publish(Event event) {
        publish.accept(event);
      }

      @Override
      public void subscribe(java.util.function.Consumer<Event> handler) {
        throw new UnsupportedOperationException();
      }
    };
  }

  /** A generated model graph with a job time per object. */
  record Graph(Manifest manifest, List<ObjectId> raw, Map<ObjectId, Long> latency) {
    static Graph generate(int n, int depth, int rawTables, int minMs, int maxMs, Random random) {
      List<ObjectId> raw = new ArrayList<>();
      for (int i = 0; i < rawTables; i++) {
        raw.add(ObjectId.parse("raw.app__t" + i));
      }
      List<List<ObjectId>> levels = new ArrayList<>();
      List<ManagedObject> objects = new ArrayList<>();
      Map<ObjectId, Long> latency = new HashMap<>();
      for (int i = 0; i < n; i++) {
        // The first `depth` objects form one full-depth chain; the rest spread over the levels.
        int level = i < depth ? i : random.nextInt(depth);
        while (levels.size() <= level) {
          levels.add(new ArrayList<>());
        }
        ObjectId id = ObjectId.parse("l" + level + ".m" + i);
        List<ObjectId> inputs = new ArrayList<>();
        if (level == 0) {
          inputs.add(raw.get(random.nextInt(rawTables)));
          if (random.nextBoolean()) {
            inputs.add(raw.get(random.nextInt(rawTables)));
          }
        } else {
          List<ObjectId> below = levels.get(level - 1);
          inputs.add(i < depth ? below.get(0) : below.get(random.nextInt(below.size())));
          int more = random.nextInt(3);
          for (int k = 0; k < more; k++) {
            List<ObjectId> any = levels.get(random.nextInt(level));
            ObjectId pick = any.get(random.nextInt(any.size()));
            if (!inputs.contains(pick)) {
              inputs.add(pick);
            }
          }
        }
        levels.get(level).add(id);
        objects.add(new ManagedObject(id, Materialization.VIEW, "SELECT 1", inputs, "", Map.of(), Map.of(), "", "h" + i));
        latency.put(id, (long) (minMs + random.nextInt(maxMs - minMs + 1)));
      }
      List<String> datasets = new ArrayList<>();
      for (int l = 0; l < levels.size(); l++) {
        datasets.add("l" + l);
      }
      return new Graph(new Manifest(1, "benchmanifest0001", "raw", datasets, "archive", objects), raw, latency);
    }

    long edges() {
      return manifest.objects().stream().mapToLong(o -> o.inputs().size()).sum();
    }

    long criticalPath() {
      ModelGraph graph = ModelGraph.of(manifest);
      Map<ObjectId, Long> finish = new HashMap<>();
      long best = 0;
      for (ObjectId id : graph.order()) {
        long start = 0;
        for (ObjectId in : graph.object(id).orElseThrow().inputs()) {
          start = Math.max(start, finish.getOrDefault(in, 0L));
        }
        long f = start + latency.get(id);
        finish.put(id, f);
        best = Math.max(best, f);
      }
      return best;
    }

    /** Discrete-event list schedule on {@code slots} machines, longest chain (in objects) first. */
    long listSchedule(int slots) {
      ModelGraph graph = ModelGraph.of(manifest);
      List<ObjectId> order = graph.order();
      Map<ObjectId, Integer> height = new HashMap<>();
      for (int i = order.size() - 1; i >= 0; i--) {
        int h = 1;
        for (ObjectId d : graph.dependents(order.get(i))) {
          h = Math.max(h, height.getOrDefault(d, 0) + 1);
        }
        height.put(order.get(i), h);
      }
      Map<ObjectId, Integer> pending = new HashMap<>();
      PriorityQueue<ObjectId> ready =
          new PriorityQueue<>(Comparator.comparing((ObjectId id) -> -height.get(id)).thenComparing(ObjectId::toString));
      for (ObjectId id : order) {
        int p = (int) graph.object(id).orElseThrow().inputs().stream().filter(graph::contains).distinct().count();
        pending.put(id, p);
        if (p == 0) {
          ready.add(id);
        }
      }
      record Running(ObjectId id, long end) {}
      PriorityQueue<Running> running = new PriorityQueue<>(Comparator.comparingLong(Running::end));
      long now = 0;
      int done = 0;
      while (done < order.size()) {
        while (running.size() < slots && !ready.isEmpty()) {
          ObjectId id = ready.poll();
          running.add(new Running(id, now + latency.get(id)));
        }
        Running r = running.poll();
        now = r.end();
        done++;
        for (ObjectId d : graph.dependents(r.id())) {
          if (pending.merge(d, -1, Integer::sum) == 0) {
            ready.add(d);
          }
        }
      }
      return now;
    }
  }

  /** Every raw table loaded; rebuilds take their object's time (sleeping, so no CPU is used). */
  static final class SimulatedWarehouse implements Warehouse {
    final Map<ObjectId, Long> latency;
    final boolean sleep;
    final Map<ObjectId, WarehouseObject> rebuilt = new ConcurrentHashMap<>();
    final AtomicLong lookups = new AtomicLong();
    final Map<ObjectId, long[]> times = new ConcurrentHashMap<>(); // start, end in ns

    SimulatedWarehouse(Map<ObjectId, Long> latency, boolean sleep) {
      this.latency = latency;
      this.sleep = sleep;
    }

    @Override
    public LoadRecord loadRaw(RawLoad load) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Optional<LoadRecord> rawLoad(ObjectId table, Snapshot snapshot) {
      lookups.incrementAndGet();
      return Optional.of(new LoadRecord(table, snapshot, 1, 1, "s", "job", "export"));
    }

    @Override
    public void rebuild(ModelBuild build) {
      long start = System.nanoTime();
      if (sleep) {
        try {
          Thread.sleep(latency.get(build.object().id()));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
      ObjectId id = build.object().id();
      times.put(id, new long[] {start, System.nanoTime()});
      rebuilt.put(id, new WarehouseObject(id, WarehouseObject.Kind.VIEW, Optional.of(build.snapshot()),
          Optional.of(build.object().contentHash()), build.object().sql()));
    }

    @Override
    public List<WarehouseObject> objects(String dataset) {
      return rebuilt.values().stream().filter(o -> o.id().dataset().equals(dataset)).toList();
    }

    @Override
    public Optional<WarehouseObject> object(ObjectId id) {
      lookups.incrementAndGet();
      return Optional.ofNullable(rebuilt.get(id));
    }

    @Override
    public void archiveAndDrop(ObjectId id, ObjectId archiveAs) {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<Map<String, Object>> query(String sql) {
      throw new UnsupportedOperationException();
    }
  }
}
