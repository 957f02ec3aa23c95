package dev.snaplake.bench;

import dev.snaplake.core.testing.CountingObjectStore;
import dev.snaplake.core.testing.InMemoryObjectStore;

import dev.snaplake.core.event.Event;
import dev.snaplake.core.ingest.ExportIngestion;
import dev.snaplake.core.ingest.IngestOutcome;
import dev.snaplake.core.port.EventBus;
import dev.snaplake.core.port.TransientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Calls per export against the object store and the warehouse, by export size, with every event
 * of the export delivered as the platform would: objects land at random moments over a copy
 * window (10 minutes), each object's event is delivered when it lands (one in ten twice), and an
 * inventory event that fails because objects are missing is redelivered with Eventarc's backoff
 * (10 s doubling, at most 600 s). Simulated time, so a run takes seconds.
 *
 * <pre>
 * ./mvnw -q -pl functions/bench -am package -DskipTests
 * java -cp "functions/bench/target/snaplake-bench-0.1.0-SNAPSHOT.jar:functions/bench/target/lib/*" \
 *     dev.snaplake.bench.ExportCallsBenchmark [seeds]
 * </pre>
 */
public final class ExportCallsBenchmark {
  static final int[][] SIZES = {{10, 10}, {50, 100}, {200, 1000}, {200, 20_000}};
  static final long COPY_WINDOW_SECONDS = 600;

  /** One delivery at a simulated moment; {@code write} marks the object landing instead. */
  record Step(double at, long seq, String key, boolean write, int attempt) {}

  /** What one export cost. */
  record Cost(int objects, long events, long inventoryAttempts, long lists, long listed, long pages, long reads,
      long footerReads, long otherStoreCalls, long warehouseLookups, long loadJobs, int tablesLoaded, int loadedOutcomes) {}

  public static void main(String[] args) {
    int seeds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    System.out.println("| tables | files | objects | events | inventory attempts | list calls | listed entries | GCS pages"
        + " | reads | footer reads | other store calls | warehouse lookups | load jobs |");
    System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
    for (int[] size : SIZES) {
      SyntheticExport export = SyntheticExport.of(size[0], size[1]);
      List<Cost> costs = new ArrayList<>();
      for (int seed = 1; seed <= seeds; seed++) {
        Cost c = run(export, seed);
        if (c.loadJobs() != size[0] || c.tablesLoaded() != size[0] || c.loadedOutcomes() != 1) {
          throw new IllegalStateException("seed " + seed + ": expected one load job per table and one load: " + c);
        }
        costs.add(c);
      }
      System.out.printf(Locale.ROOT, "| %d | %,d | %,d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
          size[0], size[1], costs.get(0).objects(),
          range(costs, Cost::events), range(costs, Cost::inventoryAttempts), range(costs, Cost::lists),
          range(costs, Cost::listed), range(costs, Cost::pages), range(costs, Cost::reads),
          range(costs, Cost::footerReads), range(costs, Cost::otherStoreCalls), range(costs, Cost::warehouseLookups), range(costs, Cost::loadJobs));
    }
  }

  static Cost run(SyntheticExport export, long seed) {
    Random random = new Random(seed);
    CountingObjectStore bucket = new CountingObjectStore(new InMemoryObjectStore());
    CountingWarehouse warehouse = new CountingWarehouse();
    EventBus quiet = new EventBus() {
      @Override public void publish(Event event) {}
      @Override public void subscribe(Consumer<Event> handler) {}
    };
    Clock clock = Clock.fixed(Instant.parse("2026-11-24T04:05:00Z"), ZoneOffset.UTC);
    ExportIngestion in = new ExportIngestion(bucket, warehouse, quiet,
        new ExportIngestion.Settings("raw", Duration.ofMinutes(10), "bench"), clock);
    PriorityQueue<Step> steps = new PriorityQueue<>(Comparator.comparingDouble(Step::at).thenComparingLong(Step::seq));
    long seq = 0;
    for (String key : export.objects().keySet()) {
      double at = random.nextDouble() * COPY_WINDOW_SECONDS;
      steps.add(new Step(at, seq++, key, true, 0));
      steps.add(new Step(at, seq++, key, false, 1));
      if (random.nextInt(10) == 0) {
        steps.add(new Step(at + random.nextDouble() * 5, seq++, key, false, 1)); // a duplicate delivery
      }
    }
    long events = 0;
    long inventoryAttempts = 0;
    int loaded = 0;
    while (!steps.isEmpty()) {
      Step s = steps.poll();
      if (s.write()) {
        bucket.write(s.key(), export.objects().get(s.key()));
        continue;
      }
      events++;
      boolean inventory = s.key().equals(export.inventoryKey());
      inventoryAttempts += inventory ? 1 : 0;
      boolean retry;
      try {
        IngestOutcome o = in.onObject(s.key());
        loaded += o instanceof IngestOutcome.Loaded ? 1 : 0;
        retry = o instanceof IngestOutcome.ClaimedElsewhere;
      } catch (TransientException e) {
        retry = true;
      }
      if (retry) {
        double backoff = Math.min(600, 10 * Math.pow(2, s.attempt() - 1));
        steps.add(new Step(s.at() + backoff, seq++, s.key(), false, s.attempt() + 1));
      }
    }
    long writes = export.objects().size(); // the objects landing, not the loader's
    // uri and describe do no I/O: not calls against the store.
    long other = bucket.total() - bucket.calls("list") - bucket.calls("read") - bucket.calls("readTail") - bucket.calls("uri")
        - bucket.calls("describe") - writes;
    return new Cost(export.objects().size(), events, inventoryAttempts, bucket.calls("list"), bucket.listedEntries(),
        bucket.listPages(), bucket.calls("read"), bucket.calls("readTail"), other, warehouse.lookups, warehouse.loadCalls, warehouse.tablesLoaded(),
        loaded);
  }

  private static String range(List<Cost> costs, java.util.function.ToLongFunction<Cost> f) {
    long min = costs.stream().mapToLong(f).min().orElse(0);
    long max = costs.stream().mapToLong(f).max().orElse(0);
    return min == max ? String.format(Locale.ROOT, "%,d", min) : String.format(Locale.ROOT, "%,d–%,d", min, max);
  }

  private ExportCallsBenchmark() {}

}
