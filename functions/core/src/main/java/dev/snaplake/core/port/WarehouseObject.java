package dev.snaplake.core.port;

import dev.snaplake.core.naming.ObjectId;
import dev.snaplake.core.snapshot.Snapshot;
import java.util.Optional;

/**
 * A table or view found in a dataset. {@code snapshot} and {@code contentHash} are set when
 * snaplake built it (labels in BigQuery, a state table in DuckDB); an object nobody built has
 * neither.
 */
public record WarehouseObject(
    ObjectId id, Kind kind, Optional<Snapshot> snapshot, Optional<String> contentHash, String definition) {
  public enum Kind {
    VIEW,
    TABLE
  }

  public boolean builtBySnaplake() {
    return contentHash.isPresent();
  }
}
