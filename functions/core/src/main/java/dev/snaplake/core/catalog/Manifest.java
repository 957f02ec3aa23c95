package dev.snaplake.core.catalog;

import dev.snaplake.core.naming.ObjectId;
import java.util.List;
import java.util.Optional;

/**
 * What the compiler made of {@code sql/}: every managed object, its inferred inputs, and the
 * datasets snaplake owns. Functions read it; they never parse SQL. See docs/MODELS.md.
 */
public record Manifest(
    int formatVersion,
    String hash,
    String rawDataset,
    List<String> managedDatasets,
    String archiveDataset,
    List<ManagedObject> objects) {
  /**
   * 2 added each object's owner, partitioning, clustering and output schema; version 1 manifests
   * are still read (those fields empty).
   */
  public static final int FORMAT_VERSION = 2;
  /** The oldest format version this code reads. */
  public static final int OLDEST_READABLE_VERSION = 1;

  public Manifest {
    managedDatasets = List.copyOf(managedDatasets);
    objects = List.copyOf(objects);
  }

  public Optional<ManagedObject> object(ObjectId id) {
    return objects.stream().filter(o -> o.id().equals(id)).findFirst();
  }

  public boolean isRaw(ObjectId id) {
    return id.dataset().equals(rawDataset);
  }
}
