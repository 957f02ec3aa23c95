package dev.snaplake.core.testing;

import dev.snaplake.core.naming.ObjectId;
import dev.snaplake.core.port.LoadRecord;
import dev.snaplake.core.port.ModelBuild;
import dev.snaplake.core.port.RawLoad;
import dev.snaplake.core.port.Warehouse;
import dev.snaplake.core.port.WarehouseObject;
import dev.snaplake.core.snapshot.Snapshot;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A warehouse that records what it is asked to do. Rows per load come from a function of the
 * load (tests compute them from their fixture). A hook can make a load fail. It passes
 * {@link WarehouseContract} (FakeWarehouseContractTest) but runs no SQL: {@link #query} returns no
 * rows, and a model's definition is its SQL template as given.
 */
public final class FakeWarehouse implements Warehouse {
  public final List<RawLoad> loads = Collections.synchronizedList(new ArrayList<>());
  public final List<ModelBuild> builds = Collections.synchronizedList(new ArrayList<>());
  /** Views moved to a snapshot without DDL ({@link #repin}): kept apart from {@link #builds}. */
  public final List<ModelBuild> repins = Collections.synchronizedList(new ArrayList<>());
  public final List<ObjectId> dropped = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, LoadRecord> records = new ConcurrentHashMap<>();
  private final Map<ObjectId, WarehouseObject> objects = new ConcurrentHashMap<>();
  /** Archived name → the definition archiveAndDrop kept. */
  private final Map<ObjectId, String> archived = new ConcurrentHashMap<>();
  private volatile Function<RawLoad, Long> rows = l -> (long) l.fileUris().size() * 10;
  private volatile java.util.function.Consumer<RawLoad> beforeLoad = l -> {};
  private volatile java.util.function.Consumer<ModelBuild> beforeRebuild = b -> {};

  public FakeWarehouse rows(Function<RawLoad, Long> rows) {
    this.rows = rows;
    return this;
  }

  public FakeWarehouse beforeLoad(java.util.function.Consumer<RawLoad> hook) {
    this.beforeLoad = hook;
    return this;
  }

  public FakeWarehouse beforeRebuild(java.util.function.Consumer<ModelBuild> hook) {
    this.beforeRebuild = hook;
    return this;
  }

  @Override
  public LoadRecord loadRaw(RawLoad load) {
    beforeLoad.accept(load);
    loads.add(load);
    LoadRecord r = new LoadRecord(load.table(), load.snapshot(), rows.apply(load), 0, load.schema().hash(), load.jobId(), load.exportId());
    records.put(load.table() + "@" + load.snapshot(), r);
    // the raw table exists from its first load on, a table snaplake did not build as a model
    objects.putIfAbsent(load.table(), new WarehouseObject(load.table(), WarehouseObject.Kind.TABLE, Optional.empty(), Optional.empty(), ""));
    return r;
  }

  @Override
  public Optional<LoadRecord> rawLoad(ObjectId table, Snapshot snapshot) {
    return Optional.ofNullable(records.get(table + "@" + snapshot));
  }

  @Override
  public void rebuild(ModelBuild build) {
    beforeRebuild.accept(build);
    builds.add(build);
    objects.put(build.object().id(), new WarehouseObject(build.object().id(),
        build.object().materialization() == dev.snaplake.core.catalog.Materialization.VIEW ? WarehouseObject.Kind.VIEW : WarehouseObject.Kind.TABLE,
        Optional.of(build.snapshot()), Optional.of(build.object().contentHash()), build.object().sql()));
  }

  /** A view that is gone, or not snaplake's any more (made again by hand), is rebuilt instead, as the real warehouses do. */
  @Override
  public void repin(ModelBuild build) {
    WarehouseObject current = objects.get(build.object().id());
    if (current == null || !current.builtBySnaplake()) {
      rebuild(build);
      return;
    }
    repins.add(build);
    objects.computeIfPresent(build.object().id(), (id, o) ->
        new WarehouseObject(id, o.kind(), Optional.of(build.snapshot()), o.contentHash(), o.definition()));
  }

  /** Puts an object there that snaplake did not build (made by hand). */
  public void putUnmanaged(ObjectId id, WarehouseObject.Kind kind, String definition) {
    objects.put(id, new WarehouseObject(id, kind, Optional.empty(), Optional.empty(), definition));
  }

  @Override
  public List<WarehouseObject> objects(String dataset) {
    return objects.values().stream().filter(o -> o.id().dataset().equals(dataset)).sorted((a, b) -> a.id().compareTo(b.id())).toList();
  }

  @Override
  public Optional<WarehouseObject> object(ObjectId id) {
    return Optional.ofNullable(objects.get(id));
  }

  @Override
  public void archiveAndDrop(ObjectId id, ObjectId archiveAs) {
    WarehouseObject o = objects.get(id);
    if (o == null) {
      return; // already gone: nothing to archive
    }
    archived.put(archiveAs, o.definition());
    if (o.kind() == WarehouseObject.Kind.TABLE) {
      // a table's data is copied; the copy is not a model
      objects.put(archiveAs, new WarehouseObject(archiveAs, WarehouseObject.Kind.TABLE, Optional.empty(), Optional.empty(), o.definition()));
    }
    dropped.add(id);
    objects.remove(id);
  }

  /** The definition kept of the object archived as {@code archivedAs}. */
  public Optional<String> archivedDefinition(ObjectId archivedAs) {
    return Optional.ofNullable(archived.get(archivedAs));
  }

  @Override
  public List<Map<String, Object>> query(String sql) {
    return List.of();
  }
}
