package dev.snaplake.compiler;

import dev.snaplake.core.catalog.ManagedObject;
import dev.snaplake.core.catalog.Materialization;
import dev.snaplake.core.catalog.Partitioning;
import dev.snaplake.core.naming.ObjectId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Content hashes: SHA-256, hex, first 16 characters, over length-prefixed fields. */
final class Hashing {
  static final int LENGTH = 16;

  private Hashing() {}

  /**
   * Covers what the warehouse object is built from: id, materialization, SQL template,
   * description, labels, column descriptions, partitioning and clustering. Partitioning and
   * clustering are only added when present, so that objects without them keep the hashes of
   * earlier manifests (and are not rebuilt for nothing).
   */
  static String contentHash(ObjectId id, Materialization materialization, String template, String description,
      Map<String, String> labels, Map<String, String> columnDescriptions, Optional<Partitioning> partitioning,
      List<String> clustering) {
    Fields f = new Fields();
    f.add("id", id.toString());
    f.add("materialization", materialization.name());
    f.add("sql", template);
    f.add("description", description);
    new TreeMap<>(labels).forEach((k, v) -> f.add("label", k + "=" + v));
    new TreeMap<>(columnDescriptions).forEach((k, v) -> f.add("column", k + "=" + v));
    partitioning.ifPresent(p -> f.add("partition", p.expression()));
    clustering.forEach(c -> f.add("cluster", c));
    return f.hash();
  }

  /** An object's own hash with {@code id=hash} of each managed object it reads, in id order. */
  static String withInputs(String own, List<String> inputs) {
    Fields f = new Fields();
    f.add("own", own);
    inputs.forEach(i -> f.add("input", i));
    return f.hash();
  }

  /**
   * Covers the datasets and, in id order, every object's content hash, owner and output schema
   * (the last two only when present, as above).
   */
  static String manifestHash(String rawDataset, List<String> managedDatasets, String archiveDataset,
      List<ManagedObject> objects) {
    Fields f = new Fields();
    f.add("raw", rawDataset);
    managedDatasets.stream().sorted().forEach(d -> f.add("managed", d));
    f.add("archive", archiveDataset);
    objects.stream().sorted((a, b) -> a.id().compareTo(b.id())).forEach(o -> {
      f.add("object", o.id() + "=" + o.contentHash());
      if (!o.owner().isEmpty()) {
        f.add("owner", o.owner());
      }
      o.schema().forEach(c -> f.add("schema", c.name() + " " + c.type()));
    });
    return f.hash();
  }

  private static final class Fields {
    private final StringBuilder sb = new StringBuilder();

    void add(String name, String value) {
      sb.append(name).append(':').append(value.length()).append(':').append(value).append('\n');
    }

    String hash() {
      try {
        byte[] d = MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(d).substring(0, LENGTH);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
