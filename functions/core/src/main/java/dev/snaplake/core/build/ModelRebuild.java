package dev.snaplake.core.build;

import com.google.gson.JsonObject;
import dev.snaplake.core.catalog.ManagedObject;
import dev.snaplake.core.catalog.Manifest;
import dev.snaplake.core.catalog.Materialization;
import dev.snaplake.core.catalog.ModelGraph;
import dev.snaplake.core.event.Event;
import dev.snaplake.core.event.EventType;
import dev.snaplake.core.event.Events;
import dev.snaplake.core.lease.Lease;
import dev.snaplake.core.naming.ObjectId;
import dev.snaplake.core.port.EventBus;
import dev.snaplake.core.port.ModelBuild;
import dev.snaplake.core.port.TransientException;
import dev.snaplake.core.port.Warehouse;
import dev.snaplake.core.port.WarehouseObject;
import dev.snaplake.core.snapshot.Snapshot;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The builder's use case: on {@code table.loaded} or {@code object.rebuilt} for snapshot S,
 * rebuild every direct dependent whose inputs are all at S, pinned to S, and publish
 * {@code object.rebuilt}; those events carry the wave downstream. On {@code export.loaded}, the
 * dependents of tables that were not loaded are held at their previous snapshot and reported.
 * Work per event is proportional to the subject's out-degree.
 */
public final class ModelRebuild {
  private final Manifest manifest;
  private final ModelGraph graph;
  private final Warehouse warehouse;
  private final EventBus bus;
  private final Clock clock;
  private final Map<ObjectId, Object> locks = new ConcurrentHashMap<>();
  private final Lease claims;

  /** In one process: a lock per object makes each rebuild happen once. */
  public ModelRebuild(Manifest manifest, Warehouse warehouse, EventBus bus, Clock clock) {
    this(manifest, warehouse, bus, clock, null);
  }

  /**
   * Across function instances, which share nothing but the bucket: each rebuild of (object,
   * snapshot, definition) is first claimed there with {@code claims}; an instance that finds it
   * claimed by a live other lets the event be redelivered, and the redelivery finds it done.
   */
  public ModelRebuild(Manifest manifest, Warehouse warehouse, EventBus bus, Clock clock, Lease claims) {
    this.manifest = manifest;
    this.graph = ModelGraph.of(manifest);
    this.warehouse = warehouse;
    this.bus = bus;
    this.clock = clock;
    this.claims = claims;
  }

  /** Handles an event; {@link dev.snaplake.core.event.InvalidEventException} when its data is unusable. */
  public List<BuildOutcome> onEvent(Event event) {
    return BuildTrigger.of(event).map(this::onTrigger).orElse(List.of());
  }

  public List<BuildOutcome> onTrigger(BuildTrigger trigger) {
    if (trigger instanceof BuildTrigger.InputReady ready) {
      return buildDependents(ready.input(), ready.snapshot());
    }
    BuildTrigger.ExportLoaded done = (BuildTrigger.ExportLoaded) trigger;
    return hold(done.notLoaded(), done.snapshot());
  }

  /**
   * Rebuilds every object of the manifest that can be at {@code snapshot} on {@code slots}
   * concurrent warehouse jobs, each as soon as its inputs are done; outcomes in finishing order.
   */
  public List<BuildOutcome> rebuildAll(Snapshot snapshot, int slots) {
    return new RebuildSchedule(graph, this::build, slots).run(snapshot);
  }

  /** {@link #rebuildAll(Snapshot, int)} one object at a time. */
  public List<BuildOutcome> rebuildAll(Snapshot snapshot) {
    return rebuildAll(snapshot, 1);
  }

  /**
   * Every dependent is tried; a temporary failure of one (or its claim held elsewhere) does not
   * keep the others from building, and is rethrown at the end so the event is redelivered.
   */
  public List<BuildOutcome> buildDependents(ObjectId input, Snapshot snapshot) {
    List<BuildOutcome> out = new ArrayList<>();
    TransientException retry = null;
    for (ObjectId id : graph.dependents(input)) {
      try {
        out.add(build(graph.object(id).orElseThrow(), snapshot));
      } catch (TransientException e) {
        if (retry == null) {
          retry = e;
        } else {
          retry.addSuppressed(e);
        }
      }
    }
    if (retry != null) {
      throw retry;
    }
    return out;
  }

  /** Dependents of tables the export did not load stay where they are, each reported once. */
  private List<BuildOutcome> hold(Map<ObjectId, String> notLoaded, Snapshot snapshot) {
    Map<ObjectId, Set<ObjectId>> reachedFrom = new LinkedHashMap<>();
    for (ObjectId table : notLoaded.keySet()) {
      for (ObjectId id : graph.downstream(Set.of(table))) {
        reachedFrom.computeIfAbsent(id, k -> new LinkedHashSet<>()).add(table);
      }
    }
    List<BuildOutcome> out = new ArrayList<>();
    for (ObjectId id : graph.order()) {
      Set<ObjectId> upstream = reachedFrom.get(id);
      if (upstream == null) {
        continue;
      }
      Optional<WarehouseObject> current = warehouse.object(id);
      if (current.flatMap(WarehouseObject::snapshot).filter(s -> s.compareTo(snapshot) >= 0).isPresent()) {
        continue;
      }
      String reason = String.join("; ",
          upstream.stream().map(t -> t + " was not loaded (" + notLoaded.get(t) + ")").toList());
      out.add(new BuildOutcome(id, snapshot, BuildOutcome.Status.HELD, reason, 0));
      JsonObject data = new JsonObject();
      data.addProperty("object", id.toString());
      data.addProperty("snapshot", snapshot.toString());
      data.addProperty("keptAt", current.flatMap(WarehouseObject::snapshot).map(Snapshot::toString).orElse(null));
      data.addProperty("reason", reason);
      bus.publish(Events.of(EventType.OBJECT_HELD, Events.SOURCE_BUILDER, id.toString(), id + ":" + snapshot, clock.instant(), data));
    }
    return out;
  }

  /** Rebuilds one object for a snapshot if, and only if, it is ready and not already current. */
  public BuildOutcome build(ManagedObject o, Snapshot snapshot) {
    synchronized (locks.computeIfAbsent(o.id(), k -> new Object())) {
      Optional<WarehouseObject> current = warehouse.object(o.id());
      Optional<Snapshot> at = current.flatMap(WarehouseObject::snapshot);
      if (at.isPresent() && at.get().compareTo(snapshot) > 0) {
        return new BuildOutcome(o.id(), snapshot, BuildOutcome.Status.NEWER, "already at " + at.get(), 0);
      }
      if (at.isPresent() && at.get().equals(snapshot)
          && current.get().contentHash().filter(o.contentHash()::equals).isPresent()) {
        return new BuildOutcome(o.id(), snapshot, BuildOutcome.Status.CURRENT, "already at " + snapshot, 0);
      }
      Optional<String> notReady = notReady(o, snapshot);
      if (notReady.isPresent()) {
        return new BuildOutcome(o.id(), snapshot, BuildOutcome.Status.WAITING, notReady.get(), 0);
      }
      // No needless DDL: a view over views with the same definition (its hash covers everything
      // upstream) reads its re-pinned inputs by name; only its recorded snapshot moves.
      boolean repinOnly = o.materialization() == Materialization.VIEW
          && o.inputs().stream().noneMatch(manifest::isRaw)
          && current.flatMap(WarehouseObject::contentHash).filter(o.contentHash()::equals).isPresent();
      String claim = claim(o, snapshot);
      long start = System.nanoTime();
      try {
        ModelBuild build = new ModelBuild(o, snapshot, manifest.hash(), labels(o, snapshot));
        if (repinOnly) {
          warehouse.repin(build);
        } else {
          warehouse.rebuild(build);
        }
      } catch (TransientException e) {
        release(claim);
        throw e; // the event is redelivered; the rebuild is tried again then
      } catch (RuntimeException e) {
        release(claim);
        // Retrying will not fix the SQL: report once, keep the object at its previous snapshot.
        return failed(o, snapshot, e);
      }
      long millis = (System.nanoTime() - start) / 1_000_000;
      JsonObject data = new JsonObject();
      data.addProperty("object", o.id().toString());
      data.addProperty("snapshot", snapshot.toString());
      data.addProperty("materialization", o.materialization().name().toLowerCase(java.util.Locale.ROOT));
      data.addProperty("contentHash", o.contentHash());
      data.addProperty("manifestHash", manifest.hash());
      data.addProperty("millis", millis);
      bus.publish(
          Events.of(EventType.OBJECT_REBUILT, Events.SOURCE_BUILDER, o.id().toString(),
              o.id() + ":" + snapshot + ":" + o.contentHash(), clock.instant(), data));
      return new BuildOutcome(o.id(), snapshot, BuildOutcome.Status.REBUILT,
          o.materialization().name().toLowerCase(java.util.Locale.ROOT) + (repinOnly ? ", re-pinned (no DDL)" : ""), millis);
    }
  }

  /** The claim's key when claims are used (null otherwise); throws when a live other holds it. */
  private String claim(ManagedObject o, Snapshot snapshot) {
    if (claims == null) {
      return null;
    }
    String key = "_snaplake/builds/" + o.id() + "/" + snapshot + "-" + o.contentHash() + ".json";
    Optional<Lease.Holder> other = claims.acquire(key);
    if (other.isPresent()) {
      throw new TransientException(o.id() + " at " + snapshot + " is being rebuilt by " + other.get().owner()
          + " (lease until " + other.get().until() + "); the redelivered event will find it done", null);
    }
    return key;
  }

  private void release(String claim) {
    if (claim != null) {
      claims.release(claim);
    }
  }

  private BuildOutcome failed(ManagedObject o, Snapshot snapshot, RuntimeException e) {
    String error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    JsonObject data = new JsonObject();
    data.addProperty("object", o.id().toString());
    data.addProperty("snapshot", snapshot.toString());
    data.addProperty("file", o.file());
    data.addProperty("contentHash", o.contentHash());
    data.addProperty("error", error);
    bus.publish(
        Events.of(EventType.OBJECT_FAILED, Events.SOURCE_BUILDER, o.id().toString(),
            o.id() + ":" + snapshot + ":" + o.contentHash() + ":failed", clock.instant(), data));
    return new BuildOutcome(o.id(), snapshot, BuildOutcome.Status.FAILED, error, 0);
  }

  private Optional<String> notReady(ManagedObject o, Snapshot snapshot) {
    for (ObjectId input : o.inputs()) {
      if (manifest.isRaw(input)) {
        if (warehouse.rawLoad(input, snapshot).isEmpty()) {
          return Optional.of(input + " has no load for " + snapshot);
        }
      } else {
        ManagedObject upstream = graph.object(input).orElseThrow(); // a map lookup: readiness stays O(in-degree)
        Optional<WarehouseObject> w = warehouse.object(input);
        boolean atSnapshot = w.flatMap(WarehouseObject::snapshot).filter(snapshot::equals).isPresent()
            && w.get().contentHash().filter(upstream.contentHash()::equals).isPresent();
        if (!atSnapshot) {
          return Optional.of(input + " is not at " + snapshot + " yet");
        }
      }
    }
    return Optional.empty();
  }

  /** The object's own labels plus snaplake's: managed-by, git, snapshot and manifest hash. */
  public Map<String, String> labels(ManagedObject o, Snapshot snapshot) {
    Map<String, String> labels = new LinkedHashMap<>(o.labels());
    labels.put("managed-by", "snaplake");
    labels.put("git", "true");
    labels.put("snapshot", snapshot.partitionId());
    labels.put("manifest", manifest.hash().length() > 16 ? manifest.hash().substring(0, 16) : manifest.hash());
    labels.put("content-hash", o.contentHash());
    return labels;
  }
}
