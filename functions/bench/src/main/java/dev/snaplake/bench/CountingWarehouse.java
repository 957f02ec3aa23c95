package dev.snaplake.bench;

import dev.snaplake.core.naming.ObjectId;
import dev.snaplake.core.port.LoadRecord;
import dev.snaplake.core.port.ModelBuild;
import dev.snaplake.core.port.RawLoad;
import dev.snaplake.core.port.Warehouse;
import dev.snaplake.core.port.WarehouseObject;
import dev.snaplake.core.snapshot.Snapshot;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A warehouse that records raw loads in memory and counts the loader's calls. */
final class CountingWarehouse implements Warehouse {
  private final Map<String, LoadRecord> loads = new HashMap<>();
  long loadCalls;
  long lookups;

  @Override
  public synchronized LoadRecord loadRaw(RawLoad load) {
    loadCalls++;
    LoadRecord r = new LoadRecord(load.table(), load.snapshot(), load.fileUris().size() * SyntheticExport.ROWS_PER_PART, 0,
        load.schema().hash(),
        load.jobId(), load.exportId());
    loads.put(load.table() + "@" + load.snapshot(), r);
    return r;
  }

  @Override
  public synchronized Optional<LoadRecord> rawLoad(ObjectId table, Snapshot snapshot) {
    lookups++;
    return Optional.ofNullable(loads.get(table + "@" + snapshot));
  }

  synchronized int tablesLoaded() {
    return loads.size();
  }

  @Override
  public void rebuild(ModelBuild build) {
    throw new UnsupportedOperationException("the loader rebuilds nothing");
  }

  @Override
  public List<WarehouseObject> objects(String dataset) {
    return List.of();
  }

  @Override
  public Optional<WarehouseObject> object(ObjectId id) {
    return Optional.empty();
  }

  @Override
  public void archiveAndDrop(ObjectId id, ObjectId archiveAs) {
    throw new UnsupportedOperationException("the loader drops nothing");
  }

  @Override
  public List<Map<String, Object>> query(String sql) {
    return List.of();
  }
}
