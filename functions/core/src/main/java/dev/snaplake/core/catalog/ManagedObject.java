package dev.snaplake.core.catalog;

import dev.snaplake.core.naming.ObjectId;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One reviewed SQL model: its id (from its path), its query as a {@link SqlTemplate}, the inputs
 * the compiler inferred from that query, and its metadata. {@code contentHash} covers all of it.
 */
public record ManagedObject(
    ObjectId id,
    Materialization materialization,
    String sql,
    List<ObjectId> inputs,
    String description,
    Map<String, String> labels,
    Map<String, String> columnDescriptions,
    String file,
    String contentHash) {
  public ManagedObject {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(materialization, "materialization");
    Objects.requireNonNull(sql, "sql");
    inputs = List.copyOf(inputs);
    description = description == null ? "" : description;
    labels = Map.copyOf(labels);
    columnDescriptions = Map.copyOf(columnDescriptions);
    file = file == null ? "" : file;
    contentHash = contentHash == null ? "" : contentHash;
  }
}
