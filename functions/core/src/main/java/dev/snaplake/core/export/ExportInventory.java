package dev.snaplake.core.export;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * {@code snaplake_inventory_<id>.json} at an export's root: every object of the export (path
 * relative to the root, size in bytes), written by snaplake's exporter on AWS once RDS reports
 * the export COMPLETE. RDS writes no list of its files, and the copy to GCS has no order, so
 * without it a late part file is indistinguishable from a finished table.
 */
public record ExportInventory(String exportId, Instant writtenAt, List<Entry> objects) {
  public static final int VERSION = 1;

  /** One object of the export, its path relative to the export root. */
  public record Entry(String path, long size) {}

  public ExportInventory {
    objects = objects.stream().sorted(Comparator.comparing(Entry::path)).toList();
  }

  public static String key(String exportRoot, String exportId) {
    return exportRoot + "/" + fileName(exportId);
  }

  public static String fileName(String exportId) {
    return "snaplake_inventory_" + exportId + ".json";
  }

  public static ExportInventory parse(byte[] content, String key) {
    JsonObject o = Json.object(content, key);
    String version = Json.string(o, "version", key);
    if (!version.equals(String.valueOf(VERSION))) {
      throw new ExportMetadataException(
          key + ": inventory version " + version + " is not understood by this loader (it reads version " + VERSION
              + "). Deploy the loader and the exporter from the same snaplake release.");
    }
    String exportId = Json.string(o, "exportId", key);
    Instant writtenAt;
    try {
      writtenAt = Instant.parse(Json.string(o, "writtenAt", key));
    } catch (DateTimeParseException e) {
      throw new ExportMetadataException(key + ": field 'writtenAt' is not an ISO-8601 instant. " + Json.REDO, e);
    }
    JsonElement list = o.get("objects");
    if (list == null || !list.isJsonArray()) {
      throw new ExportMetadataException(key + ": field 'objects' is missing or not a list. " + Json.REDO);
    }
    List<Entry> entries = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    int i = 0;
    for (JsonElement e : list.getAsJsonArray()) {
      String where = key + ": objects[" + i++ + "]";
      if (!e.isJsonObject()) {
        throw new ExportMetadataException(where + " is not an object. " + Json.REDO);
      }
      String path = Json.string(e.getAsJsonObject(), "path", where);
      long size;
      try {
        size = e.getAsJsonObject().get("size").getAsLong();
      } catch (RuntimeException ex) {
        throw new ExportMetadataException(where + ": field 'size' is missing or not a whole number. " + Json.REDO, ex);
      }
      if (path.isEmpty() || path.startsWith("/") || path.contains("//") || List.of(path.split("/")).contains("..")) {
        throw new ExportMetadataException(where + ": path '" + path + "' is not a relative object path. " + Json.REDO);
      }
      if (size < 0) {
        throw new ExportMetadataException(where + ": size " + size + " is negative. " + Json.REDO);
      }
      if (!seen.add(path)) {
        throw new ExportMetadataException(where + ": path '" + path + "' is listed twice. " + Json.REDO);
      }
      entries.add(new Entry(path, size));
    }
    return new ExportInventory(exportId, writtenAt, entries);
  }

  /** Builds the inventory of an export from a listing of its root, leaving the inventory itself out. */
  public static ExportInventory of(String exportId, Instant writtenAt, Collection<Entry> objects) {
    String self = fileName(exportId);
    return new ExportInventory(exportId, writtenAt, objects.stream().filter(e -> !e.path().equals(self)).toList());
  }

  public byte[] toJson() {
    JsonObject o = new JsonObject();
    o.addProperty("version", VERSION);
    o.addProperty("exportId", exportId);
    o.addProperty("writtenAt", writtenAt.toString());
    JsonArray list = new JsonArray();
    for (Entry e : objects) {
      JsonObject entry = new JsonObject();
      entry.addProperty("path", e.path());
      entry.addProperty("size", e.size());
      list.add(entry);
    }
    o.add("objects", list);
    return o.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * A short hash of paths and sizes: the identity of the export's content. An export id that
   * comes back with another hash is a reused id, never loaded over the first.
   */
  public String contentHash() {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (Entry e : objects) {
        digest.update((e.path() + "\n" + e.size() + "\n").getBytes(StandardCharsets.UTF_8));
      }
      return HexFormat.of().formatHex(digest.digest(), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public long totalBytes() {
    return objects.stream().mapToLong(Entry::size).sum();
  }
}
