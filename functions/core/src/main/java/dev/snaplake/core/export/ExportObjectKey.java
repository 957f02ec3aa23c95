package dev.snaplake.core.export;

import dev.snaplake.core.naming.SourceTable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An object key of an RDS snapshot export, parsed. Layout (RDS User Guide):
 * {@code <prefix>/<export-id>/<database>/<schema>.<table>/<batch>/part-<n>-<uuid>.gz.parquet},
 * with {@code export_info_<id>.json} and {@code export_tables_info_<id>_from_<N>_to_<M>.json}
 * at the export root.
 */
public record ExportObjectKey(
    String key,
    ExportObjectKind kind,
    String exportRoot,
    String exportId,
    SourceTable table,
    int batch,
    int part,
    int fromIndex,
    int toIndex) {

  private static final Pattern EXPORT_INFO =
      Pattern.compile("^(?<root>(?:.*/)?(?<id>[^/]+))/export_info_(?<fid>[^/]+)\\.json$");
  private static final Pattern TABLES_INFO =
      Pattern.compile(
          "^(?<root>(?:.*/)?(?<id>[^/]+))/export_tables_info_(?<fid>[^/]+)_from_(?<from>\\d{1,9})_to_(?<to>\\d{1,9})\\.json$");
  private static final Pattern INVENTORY =
      Pattern.compile("^(?<root>(?:.*/)?(?<id>[^/]+))/snaplake_inventory_(?<fid>[^/]+)\\.json$");
  private static final Pattern DATA =
      Pattern.compile(
          "^(?<root>(?:.*/)?(?<id>[^/]+))/(?<db>[^/]+)/(?<schema>[^/.]+)\\.(?<table>[^/]+)/(?<batch>\\d{1,9})/(?<file>[^/]+)$");
  private static final Pattern PART = Pattern.compile("^part-(?<part>\\d{1,9})-[^/]*\\.parquet$");

  /** Parses any key; keys that are not part of an export come back as {@link ExportObjectKind#OTHER}. */
  public static ExportObjectKey parse(String key) {
    if (key == null || key.isEmpty() || key.startsWith("_snaplake/")) {
      return other(key);
    }
    Matcher m = EXPORT_INFO.matcher(key);
    if (m.matches() && m.group("id").equals(m.group("fid"))) {
      return new ExportObjectKey(key, ExportObjectKind.EXPORT_INFO, m.group("root"), m.group("id"), null, 0, 0, 0, 0);
    }
    m = TABLES_INFO.matcher(key);
    if (m.matches() && m.group("id").equals(m.group("fid"))) {
      return new ExportObjectKey(
          key,
          ExportObjectKind.TABLES_INFO,
          m.group("root"),
          m.group("id"),
          null,
          0,
          0,
          Integer.parseInt(m.group("from")),
          Integer.parseInt(m.group("to")));
    }
    m = INVENTORY.matcher(key);
    if (m.matches() && m.group("id").equals(m.group("fid"))) {
      return new ExportObjectKey(key, ExportObjectKind.INVENTORY, m.group("root"), m.group("id"), null, 0, 0, 0, 0);
    }
    m = DATA.matcher(key);
    if (m.matches()) {
      String db = m.group("db");
      SourceTable table = new SourceTable(db, m.group("schema"), m.group("table"));
      int batch = Integer.parseInt(m.group("batch"));
      String file = m.group("file");
      if (file.equals("_SUCCESS")) {
        return new ExportObjectKey(key, ExportObjectKind.SUCCESS_MARKER, m.group("root"), m.group("id"), table, batch, 0, 0, 0);
      }
      Matcher p = PART.matcher(file);
      if (p.matches()) {
        return new ExportObjectKey(
            key, ExportObjectKind.DATA, m.group("root"), m.group("id"), table, batch, Integer.parseInt(p.group("part")), 0, 0);
      }
    }
    return other(key);
  }

  private static ExportObjectKey other(String key) {
    return new ExportObjectKey(key, ExportObjectKind.OTHER, null, null, null, 0, 0, 0, 0);
  }

  public boolean isPartOfExport() {
    return kind != ExportObjectKind.OTHER;
  }

  /** The key of the export's {@code export_info} file. */
  public String exportInfoKey() {
    return exportInfoKey(exportRoot, exportId);
  }

  /** The key of the export's {@code snaplake_inventory} file. */
  public String inventoryKey() {
    return ExportInventory.key(exportRoot, exportId);
  }

  public static String exportInfoKey(String exportRoot, String exportId) {
    return exportRoot + "/export_info_" + exportId + ".json";
  }
}
