package dev.snaplake.aws;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the exporter did about one export task. {@code key}, {@code objects}, {@code bytes} and
 * {@code contentHash} describe the inventory and are null or 0 when none was written or found.
 */
public record InventoryOutcome(
    String exportTaskIdentifier, Result result, String reason, String key, int objects, long bytes, String contentHash) {

  public enum Result {
    /** The inventory was written by this invocation. */
    WRITTEN,
    /** An identical inventory was already there (duplicate or concurrent delivery): nothing to do. */
    ALREADY_WRITTEN,
    /** The task is not one to inventory now (not snaplake's destination, or not COMPLETE); reason says why. */
    SKIPPED,
    /** The event is not an export completion; reason says what it was. */
    IGNORED
  }

  static InventoryOutcome skipped(String exportTaskIdentifier, String reason) {
    return new InventoryOutcome(exportTaskIdentifier, Result.SKIPPED, reason, null, 0, 0, null);
  }

  static InventoryOutcome ignored(String reason) {
    return new InventoryOutcome(null, Result.IGNORED, reason, null, 0, 0, null);
  }

  /** As the handler returns it (Lambda serialises a Map to JSON); null fields left out. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    put(m, "exportTaskIdentifier", exportTaskIdentifier);
    m.put("result", result.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
    put(m, "reason", reason);
    put(m, "key", key);
    if (key != null) {
      m.put("objects", objects);
      m.put("bytes", bytes);
      m.put("contentHash", contentHash);
    }
    return m;
  }

  private static void put(Map<String, Object> m, String k, Object v) {
    if (v != null) {
      m.put(k, v);
    }
  }
}
