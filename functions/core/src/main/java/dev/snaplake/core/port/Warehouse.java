package dev.snaplake.core.port;

import dev.snaplake.core.naming.ObjectId;
import dev.snaplake.core.snapshot.Snapshot;
import java.util.List;
import java.util.Optional;

/**
 * The analytics warehouse: BigQuery, or DuckDB for the embedded default. Implementations pass
 * {@code WarehouseContract} (core test-jar, {@code dev.snaplake.core.testing}); those that run SQL
 * also pass {@code SqlWarehouseContract}, which checks the rows models and queries read.
 */
public interface Warehouse {
  /**
   * Loads the files as one snapshot of a raw table (creating or widening the table), replacing
   * that snapshot's partition atomically, and records the load. Idempotent per job id.
   */
  LoadRecord loadRaw(RawLoad load);

  /** The recorded load of a raw table for a snapshot, if any: what {@link #loadRaw} returned. */
  Optional<LoadRecord> rawLoad(ObjectId table, Snapshot snapshot);

  /**
   * Recreates a managed object pinned to a snapshot and records its state, replacing whatever has
   * its id (a view by a table and the other way round). On failure the object is left as it was.
   */
  void rebuild(ModelBuild build);

  /**
   * Records that an unchanged view reading only other managed objects now reflects the build's
   * snapshot: it pins nothing itself (its inputs were re-pinned in place), so no DDL is needed,
   * only its recorded snapshot and labels move. Warehouses where that is cheaper than a rebuild
   * override it; recreating it is always correct, and is what they do when the view is gone or is
   * not the one snaplake built.
   */
  default void repin(ModelBuild build) {
    rebuild(build);
  }

  /**
   * Every table and view in a dataset (none when the dataset does not exist). Snapshot and content
   * hash describe the object snaplake built: an object made, or made again, by hand has neither.
   */
  List<WarehouseObject> objects(String dataset);

  /** One object, as {@link #objects} lists it (a table's definition may be shorter here). */
  Optional<WarehouseObject> object(ObjectId id);

  /**
   * Copies the object's definition (and, for a table, its data) into the archive dataset under
   * {@code archiveAs}, then drops the object; a view is not recreated there. Nothing else changes,
   * and nothing at all when the object is already gone (the warehouse may say so). Never called on
   * the raw dataset.
   */
  void archiveAndDrop(ObjectId id, ObjectId archiveAs);

  /** Runs a read-only query and returns rows as ordered column → value maps. */
  List<java.util.Map<String, Object>> query(String sql);
}
