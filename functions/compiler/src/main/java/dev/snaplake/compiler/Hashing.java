package dev.snaplake.compiler;

import dev.snaplake.core.catalog.ManagedObject;
import dev.snaplake.core.catalog.Materialization;
import dev.snaplake.core.naming.ObjectId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Content hashes: SHA-256, hex, first 16 characters, over length-prefixed fields. */
final class Hashing {
  static final int LENGTH = 16;

  private Hashing() {}

  /** Covers the id, materialization, SQL template, description, labels and column descriptions. */
  static String contentHash(ObjectId id, Materialization materialization, String template, String description,
      Map<String, String> labels, Map<String, String> columnDescriptions) {
    Fields f = new Fields();
    f.add("id", id.toString());
    f.add("materialization", materialization.name());
    f.add("sql", template);
    f.add("description", description);
    new TreeMap<>(labels).forEach((k, v) -> f.add("label", k + "=" + v));
    new TreeMap<>(columnDescriptions).forEach((k, v) -> f.add("column", k + "=" + v));
    return f.hash();
  }

  /** Covers the datasets and every object's content hash, in id order. */
  static String manifestHash(String rawDataset, List<String> managedDatasets, String archiveDataset,
      List<ManagedObject> objects) {
    Fields f = new Fields();
    f.add("raw", rawDataset);
    managedDatasets.stream().sorted().forEach(d -> f.add("managed", d));
    f.add("archive", archiveDataset);
    objects.stream().sorted((a, b) -> a.id().compareTo(b.id()))
        .forEach(o -> f.add("object", o.id() + "=" + o.contentHash()));
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
