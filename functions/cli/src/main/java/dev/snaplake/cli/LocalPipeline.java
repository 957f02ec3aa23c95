package dev.snaplake.cli;

import dev.snaplake.core.build.BuildOutcome;
import dev.snaplake.core.build.ModelRebuild;
import dev.snaplake.core.build.Pruning;
import dev.snaplake.core.catalog.Manifest;
import dev.snaplake.core.event.Event;
import dev.snaplake.core.export.ExportInventory;
import dev.snaplake.core.export.ExportObjectKey;
import dev.snaplake.core.ingest.ExportIncompleteException;
import dev.snaplake.core.ingest.ExportIngestion;
import dev.snaplake.core.ingest.IngestOutcome;
import dev.snaplake.core.port.StoredObject;
import dev.snaplake.local.DuckDbWarehouse;
import dev.snaplake.local.FolderObjectStore;
import dev.snaplake.local.InProcessEventBus;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The pipeline on the embedded default: a folder bucket, a DuckDB warehouse and the in-process
 * bus, wired to the same core use cases the Cloud Functions run. Every object of every export is
 * delivered as if it had just arrived; the builder reacts to the loader's events.
 *
 * <p>An export folder someone copied by hand ({@code aws s3 sync}) has no inventory, since
 * snaplake's exporter did not write one. A local folder is complete as it stands, so its listing
 * becomes the inventory, with a note saying so.
 */
public final class LocalPipeline {
  private final FolderObjectStore bucket;
  private final InProcessEventBus bus = new InProcessEventBus();
  private final ExportIngestion ingestion;
  private final ModelRebuild builder;
  private final Pruning pruning;
  private final List<BuildOutcome> builds = Collections.synchronizedList(new ArrayList<>());
  private final Clock clock;

  public LocalPipeline(FolderObjectStore bucket, DuckDbWarehouse warehouse, Manifest manifest, Clock clock) {
    this.bucket = bucket;
    this.clock = clock;
    this.ingestion =
        new ExportIngestion(
            bucket, warehouse, bus,
            new ExportIngestion.Settings(manifest.rawDataset(), Duration.ofMinutes(15), "snaplake-cli-" + ProcessHandle.current().pid()),
            clock);
    this.builder = new ModelRebuild(manifest, warehouse, bus, clock);
    this.pruning = new Pruning(manifest, warehouse, bus, clock);
    bus.subscribe(e -> builds.addAll(builder.onEvent(e)));
  }

  /** The export roots found anywhere under the bucket, each with its objects' keys. */
  public Map<String, List<String>> exports() {
    Map<String, List<String>> byRoot = new LinkedHashMap<>();
    for (StoredObject o : bucket.list("")) {
      ExportObjectKey k = ExportObjectKey.parse(o.key());
      if (k.isPartOfExport()) {
        byRoot.computeIfAbsent(k.exportRoot(), r -> new ArrayList<>()).add(o.key());
      }
    }
    return byRoot;
  }

  public record ExportRun(String exportRoot, IngestOutcome outcome, List<BuildOutcome> builds, List<Pruning.Pruned> pruned,
      List<Event> events, List<String> notes, long millis) {}

  /** Processes every export, oldest first; {@code progress} hears a line per step. */
  public List<ExportRun> runAll(boolean prune, Consumer<String> progress) {
    List<ExportRun> runs = new ArrayList<>();
    Map<String, List<String>> exports = exports();
    List<String> roots = new ArrayList<>(exports.keySet());
    for (String root : roots) {
      runs.add(runExport(root, exports.get(root), prune, progress));
    }
    return runs;
  }

  public ExportRun runExport(String root, List<String> keys, boolean prune, Consumer<String> progress) {
    long start = System.nanoTime();
    int eventsBefore = bus.published().size();
    int buildsBefore = builds.size();
    progress.accept("export " + root + ": " + keys.size() + " objects");
    List<String> notes = new ArrayList<>();
    List<String> deliveries = new ArrayList<>(keys);
    String exportId = ExportObjectKey.parse(keys.get(0)).exportId();
    String inventoryKey = ExportInventory.key(root, exportId);
    if (!keys.contains(inventoryKey)) {
      int listed = writeInventory(root, exportId);
      notes.add("no " + ExportInventory.fileName(exportId) + ": a local folder is complete as it is, so one was written"
          + " from its " + listed + " objects");
      deliveries.add(inventoryKey);
    }
    // What the run reports: the load if one of the objects completed the export, else the last outcome.
    IngestOutcome last = null;
    for (String key : deliveries) {
      IngestOutcome outcome;
      try {
        outcome = ingestion.onObject(key);
      } catch (ExportIncompleteException e) {
        // The folder does not hold what its inventory lists; nothing will copy it here.
        outcome = new IngestOutcome.Waiting(e.exportId(), List.of(e.getMessage()));
      }
      if (!(last instanceof IngestOutcome.Loaded)) {
        last = outcome;
      }
    }
    List<Pruning.Pruned> pruned = prune && !(last instanceof IngestOutcome.Waiting) ? pruning.apply() : List.of();
    List<Event> events = bus.published().subList(eventsBefore, bus.published().size());
    List<BuildOutcome> newBuilds;
    synchronized (builds) {
      newBuilds = List.copyOf(builds.subList(buildsBefore, builds.size()));
    }
    return new ExportRun(root, last, newBuilds, pruned, List.copyOf(events), notes, (System.nanoTime() - start) / 1_000_000);
  }

  /** Writes the inventory of an export folder from its listing; returns how many objects it lists. */
  private int writeInventory(String root, String exportId) {
    List<ExportInventory.Entry> entries = new ArrayList<>();
    for (StoredObject o : bucket.list(root + "/")) {
      entries.add(new ExportInventory.Entry(o.key().substring(root.length() + 1), o.size()));
    }
    ExportInventory inventory = ExportInventory.of(exportId, clock.instant(), entries);
    bucket.write(ExportInventory.key(root, exportId), inventory.toJson());
    return inventory.objects().size();
  }

  public InProcessEventBus bus() {
    return bus;
  }

  public List<InProcessEventBus.Failure> failures() {
    return bus.failures();
  }
}
