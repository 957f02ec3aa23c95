package dev.snaplake.core.port;

import dev.snaplake.core.catalog.ManagedObject;
import dev.snaplake.core.snapshot.Snapshot;
import java.util.Map;

/**
 * Rebuild one managed object pinned to {@code snapshot}: its raw references read that snapshot's
 * partition only. {@code labels} are the object's own plus snaplake's.
 */
public record ModelBuild(ManagedObject object, Snapshot snapshot, String manifestHash, Map<String, String> labels) {
  public ModelBuild {
    labels = Map.copyOf(labels);
  }
}
