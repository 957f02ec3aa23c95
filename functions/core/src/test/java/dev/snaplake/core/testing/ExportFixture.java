package dev.snaplake.core.testing;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.snaplake.core.export.ExportInventory;
import dev.snaplake.core.port.ObjectStore;
import dev.snaplake.core.port.StoredObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the objects of an RDS export (metadata exactly as RDS shapes it; every data file the
 * same small real Parquet file of {@link #PART_ROWS} rows, since the loader reads each footer)
 * and the inventory snaplake's exporter writes once RDS reports it COMPLETE. The data pages are
 * never read in core; real loads are tested in the adapters with the sample generator.
 */
public final class ExportFixture {
  /** Rows in each data file: FakeWarehouse reports 10 rows per file by default, so loads match. */
  public static final long PART_ROWS = 10;
  private static final byte[] PART = Parquet.bytes(Parquet.TEN_ROWS);

  public record Table(String target, String status, int batches, int partsPerBatch, List<String[]> columns, String warning) {}

  public final String root;
  public final String exportId;
  private final List<Table> tables = new ArrayList<>();
  private String snapshotTime = "2026-11-24T03:00:00Z";
  private String status = "COMPLETE";
  private int tablesInfoParts = 2;
  private Instant inventoryWrittenAt = Instant.parse("2026-11-24T04:50:00Z");

  public ExportFixture(String prefix, String exportId) {
    this.root = prefix + "/" + exportId;
    this.exportId = exportId;
  }

  public ExportFixture table(String target, int batches, int partsPerBatch, String... nameTypePairs) {
    List<String[]> cols = new ArrayList<>();
    for (int i = 0; i < nameTypePairs.length; i += 2) {
      cols.add(new String[] {nameTypePairs[i], nameTypePairs[i + 1]});
    }
    tables.add(new Table(target, "COMPLETE", batches, partsPerBatch, cols, null));
    return this;
  }

  public ExportFixture skipped(String target, String warning) {
    tables.add(new Table(target, "SKIPPED", 0, 0, List.of(), warning));
    return this;
  }

  public ExportFixture snapshotTime(String t) {
    this.snapshotTime = t;
    return this;
  }

  public ExportFixture status(String s) {
    this.status = s;
    return this;
  }

  public ExportFixture tablesInfoParts(int n) {
    this.tablesInfoParts = n;
    return this;
  }

  public ExportFixture inventoryWrittenAt(String t) {
    this.inventoryWrittenAt = Instant.parse(t);
    return this;
  }

  /** Every object of the export, key → content: what RDS writes, then the inventory last. */
  public Map<String, byte[]> objects() {
    Map<String, byte[]> out = rdsObjects();
    out.put(inventoryKey(), inventory(out));
    return out;
  }

  public String inventoryKey() {
    return ExportInventory.key(root, exportId);
  }

  /** The inventory of these objects, as snaplake's exporter would write it. */
  public byte[] inventory(Map<String, byte[]> objects) {
    List<ExportInventory.Entry> entries = new ArrayList<>();
    objects.forEach((k, v) -> entries.add(new ExportInventory.Entry(k.substring(root.length() + 1), v.length)));
    return ExportInventory.of(exportId, inventoryWrittenAt, entries).toJson();
  }

  /** Writes an inventory of whatever is under the export root now (after a test changed it). */
  public void writeInventoryOf(ObjectStore store) {
    Map<String, byte[]> now = new LinkedHashMap<>();
    for (StoredObject o : store.list(root + "/")) {
      if (!o.key().equals(inventoryKey())) {
        now.put(o.key(), store.read(o.key()));
      }
    }
    store.write(inventoryKey(), inventory(now));
  }

  /** The objects RDS writes (no inventory), key → content, metadata included. */
  public Map<String, byte[]> rdsObjects() {
    Map<String, byte[]> out = new LinkedHashMap<>();
    for (Table t : tables) {
      if (!t.status().equals("COMPLETE")) {
        continue;
      }
      String[] parts = t.target().split("\\.");
      String folder = parts.length == 2 ? parts[0] + "/" + t.target() : parts[0] + "/" + parts[1] + "." + parts[2];
      for (int b = 1; b <= t.batches(); b++) {
        int written = 0;
        for (int p = 0; written < t.partsPerBatch(); p++) {
          if (p == 2) {
            continue; // RDS leaves gaps in part numbers
          }
          out.put(root + "/" + folder + "/" + b + "/part-" + String.format("%05d", p) + "-0f0e.gz.parquet", PART.clone());
          written++;
        }
        out.put(root + "/" + folder + "/" + b + "/_SUCCESS", new byte[0]);
      }
    }
    out.put(root + "/export_info_" + exportId + ".json", exportInfo().getBytes(StandardCharsets.UTF_8));
    int per = Math.max(1, (int) Math.ceil(tables.size() / (double) tablesInfoParts));
    for (int from = 0; from < tables.size(); from += per) {
      int to = Math.min(tables.size(), from + per) - 1;
      out.put(root + "/export_tables_info_" + exportId + "_from_" + from + "_to_" + to + ".json",
          tablesInfo(tables.subList(from, to + 1)).getBytes(StandardCharsets.UTF_8));
    }
    return out;
  }

  public void writeTo(ObjectStore store) {
    objects().forEach(store::write);
  }

  public String exportInfo() {
    JsonObject o = new JsonObject();
    o.addProperty("exportTaskIdentifier", exportId);
    o.addProperty("sourceArn", "arn:aws:rds:eu-west-1:123456789012:snapshot:rds:app-prod-2026-11-24");
    o.addProperty("snapshotTime", snapshotTime);
    o.addProperty("status", status);
    o.addProperty("percentProgress", 100);
    o.addProperty("s3Bucket", "acme-rds-exports");
    o.addProperty("s3Prefix", root.substring(0, root.lastIndexOf('/')));
    return o.toString();
  }

  private static String tablesInfo(List<Table> tables) {
    JsonArray per = new JsonArray();
    for (Table t : tables) {
      JsonObject o = new JsonObject();
      o.addProperty("target", t.target());
      o.addProperty("status", t.status());
      if (t.warning() != null) {
        o.addProperty("warningMessage", t.warning());
      }
      JsonObject partitioning = new JsonObject();
      partitioning.addProperty("numberOfPartitions", t.batches());
      partitioning.addProperty("numberOfCompletedPartitions", t.batches());
      JsonObject stats = new JsonObject();
      stats.add("partitioningInfo", partitioning);
      o.add("tableStatistics", stats);
      JsonArray mappings = new JsonArray();
      for (String[] c : t.columns()) {
        JsonObject m = new JsonObject();
        m.addProperty("columnName", c[0]);
        String type = c[1];
        int precision = 0;
        int scale = 0;
        if (type.startsWith("decimal(")) {
          String[] ps = type.substring(8, type.length() - 1).split(",");
          precision = Integer.parseInt(ps[0]);
          scale = Integer.parseInt(ps[1]);
          type = "decimal";
        } else if (type.equals("tinyint(1)")) {
          precision = 1;
          type = "tinyint";
        } else if (type.equals("bigint unsigned")) {
          precision = 20;
        }
        m.addProperty("originalType", type);
        m.addProperty("expectedExportedType", "binary");
        m.addProperty("originalCharMaxLength", 0);
        m.addProperty("originalNumPrecision", precision);
        m.addProperty("originalNumScale", scale);
        m.addProperty("originalDateTimePrecision", 0);
        mappings.add(m);
      }
      JsonObject schema = new JsonObject();
      schema.add("originalTypeMappings", mappings);
      o.add("schemaMetadata", schema);
      per.add(o);
    }
    JsonObject root = new JsonObject();
    root.add("perTableStatus", per);
    return root.toString();
  }
}
