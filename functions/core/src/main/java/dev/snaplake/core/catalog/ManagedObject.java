package dev.snaplake.core.catalog;

import dev.snaplake.core.naming.ObjectId;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One reviewed SQL model: its id (from its path), its query as a {@link SqlTemplate}, the inputs
 * the compiler inferred from that query, and its metadata.
 *
 * <p>{@code contentHash} covers what the warehouse object is built from: materialization, SQL,
 * description, labels, column descriptions, partitioning and clustering. It leaves out the
 * {@code owner} (changing it must not rebuild a table) and the inferred {@code schema} (so the
 * hash is the same whether or not the compiler had the raw schemas). {@code schema} is empty
 * when the compiler did not check columns and types; {@code partitioning} and {@code clustering}
 * only appear on tables.
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
    String contentHash,
    String owner,
    Optional<Partitioning> partitioning,
    List<String> clustering,
    List<OutputColumn> schema) {
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
    owner = owner == null ? "" : owner;
    partitioning = partitioning == null ? Optional.empty() : partitioning;
    clustering = List.copyOf(clustering);
    schema = List.copyOf(schema);
  }

  /** An object without owner, partitioning, clustering or known schema (format version 1). */
  public ManagedObject(
      ObjectId id,
      Materialization materialization,
      String sql,
      List<ObjectId> inputs,
      String description,
      Map<String, String> labels,
      Map<String, String> columnDescriptions,
      String file,
      String contentHash) {
    this(id, materialization, sql, inputs, description, labels, columnDescriptions, file, contentHash, "",
        Optional.empty(), List.of(), List.of());
  }
}
