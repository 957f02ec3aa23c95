package dev.snaplake.core.port;

import dev.snaplake.core.naming.ObjectId;
import dev.snaplake.core.snapshot.Snapshot;
import java.util.List;
import java.util.Optional;

/**
 * The analytics warehouse: BigQuery, or DuckDB for the embedded default. Implementations pass
 * {@code WarehouseContract}.
 */
public interface Warehouse {
  /**
   * Loads the files as one snapshot of a raw table (creating or widening the table), replacing
   * that snapshot's partition atomically, and records the load. Idempotent per job id.
   */
  LoadRecord loadRaw(RawLoad load);

  /** The recorded load of a raw table for a snapshot, if any. */
  Optional<LoadRecord> rawLoad(ObjectId table, Snapshot snapshot);

  /** Recreates a managed object pinned to a snapshot and records its state. */
  void rebuild(ModelBuild build);

  /**
   * Records that an unchanged view reading only other managed objects now reflects the build's
   * snapshot: it pins nothing itself (its inputs were re-pinned in place), so no DDL is needed,
   * only its recorded snapshot and labels move. Warehouses where that is cheaper than a rebuild
   * override it; recreating it is always correct.
   */
  default void repin(ModelBuild build) {
    rebuild(build);
  }

  /** Every table and view in a dataset (none when the dataset does not exist). */
  List<WarehouseObject> objects(String dataset);

  Optional<WarehouseObject> object(ObjectId id);

  /**
   * Copies the object's definition (and, for a table, its data) into the archive dataset under
   * {@code archiveName}, then drops the object. Never called on the raw dataset.
   */
  void archiveAndDrop(ObjectId id, ObjectId archiveAs);

  /** Runs a read-only query and returns rows as ordered column → value maps. */
  List<java.util.Map<String, Object>> query(String sql);
}
