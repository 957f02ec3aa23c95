package dev.snaplake.bench;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.snaplake.core.export.ExportInventory;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An RDS export of any shape without Parquet: metadata as RDS writes it, part files as
 * placeholder bytes, a {@code _SUCCESS} per batch folder (at most 50 parts a batch), tables-info
 * split every 100 tables, and snaplake's inventory last. For counting calls, not for loading.
 */
record SyntheticExport(String root, String exportId, Map<String, byte[]> objects) {
  static final String PREFIX = "rds/app-prod";
  private static final byte[] PART = dev.snaplake.core.testing.Parquet.bytes(dev.snaplake.core.testing.Parquet.TEN_ROWS);
  static final long ROWS_PER_PART = 10;

  static SyntheticExport of(int tables, int files) {
    String id = "snaplake-app-2026-11-24-t" + tables + "-f" + files;
    String root = PREFIX + "/" + id;
    Map<String, byte[]> objects = new LinkedHashMap<>();
    List<JsonObject> statuses = new ArrayList<>();
    for (int t = 0; t < tables; t++) {
      String name = String.format("t%04d", t);
      int parts = files / tables + (t < files % tables ? 1 : 0);
      int batches = Math.max(1, (parts + 49) / 50);
      for (int p = 0; p < parts; p++) {
        int batch = 1 + p / 50;
        // A real 10-row Parquet file: the loader reads every part's footer before loading.
        objects.put(root + "/app/app." + name + "/" + batch + "/part-" + String.format("%05d", p % 50) + "-0f0e.gz.parquet",
            PART);
      }
      for (int b = 1; b <= batches && parts > 0; b++) {
        objects.put(root + "/app/app." + name + "/" + b + "/_SUCCESS", new byte[0]);
      }
      statuses.add(status("app." + name, batches));
    }
    for (int from = 0; from < tables; from += 100) {
      int to = Math.min(tables, from + 100) - 1;
      JsonArray per = new JsonArray();
      statuses.subList(from, to + 1).forEach(per::add);
      JsonObject doc = new JsonObject();
      doc.add("perTableStatus", per);
      objects.put(root + "/export_tables_info_" + id + "_from_" + from + "_to_" + to + ".json", bytes(doc));
    }
    JsonObject info = new JsonObject();
    info.addProperty("exportTaskIdentifier", id);
    info.addProperty("snapshotTime", "2026-11-24T03:00:00Z");
    info.addProperty("status", "COMPLETE");
    objects.put(root + "/export_info_" + id + ".json", bytes(info));
    List<ExportInventory.Entry> entries = new ArrayList<>();
    objects.forEach((k, v) -> entries.add(new ExportInventory.Entry(k.substring(root.length() + 1), v.length)));
    objects.put(ExportInventory.key(root, id), ExportInventory.of(id, Instant.parse("2026-11-24T04:00:00Z"), entries).toJson());
    return new SyntheticExport(root, id, objects);
  }

  String inventoryKey() {
    return ExportInventory.key(root, exportId);
  }

  private static JsonObject status(String target, int batches) {
    JsonObject o = new JsonObject();
    o.addProperty("target", target);
    o.addProperty("status", "COMPLETE");
    JsonArray mappings = new JsonArray();
    for (String[] c : new String[][] {{"id", "bigint"}, {"name", "varchar"}}) {
      JsonObject m = new JsonObject();
      m.addProperty("columnName", c[0]);
      m.addProperty("originalType", c[1]);
      m.addProperty("expectedExportedType", c[1].equals("bigint") ? "int64" : "binary (UTF8)");
      mappings.add(m);
    }
    JsonObject schema = new JsonObject();
    schema.add("originalTypeMappings", mappings);
    o.add("schemaMetadata", schema);
    JsonObject partitioning = new JsonObject();
    partitioning.addProperty("numberOfPartitions", batches);
    JsonObject stats = new JsonObject();
    stats.add("partitioningInfo", partitioning);
    o.add("tableStatistics", stats);
    return o;
  }

  private static byte[] bytes(JsonObject o) {
    return o.toString().getBytes(StandardCharsets.UTF_8);
  }
}
