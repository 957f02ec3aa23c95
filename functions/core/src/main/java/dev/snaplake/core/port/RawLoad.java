package dev.snaplake.core.port;

import dev.snaplake.core.naming.ObjectId;
import dev.snaplake.core.snapshot.Snapshot;
import dev.snaplake.core.types.RawSchema;
import java.util.List;

/**
 * Load these files as snapshot {@code snapshot} of a raw table, replacing that snapshot's
 * partition and nothing else. An empty file list makes an empty partition with the schema.
 */
public record RawLoad(
    ObjectId table,
    Snapshot snapshot,
    RawSchema schema,
    List<String> fileUris,
    String jobId,
    String exportId,
    String sourceTarget) {
  public RawLoad {
    fileUris = List.copyOf(fileUris);
  }
}
