package dev.snaplake.core.export;

import dev.snaplake.core.naming.SourceTable;
import dev.snaplake.core.port.StoredObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The objects of one export root, classified in one pass: O(objects), keyed by table. Built from
 * the objects its inventory vouches for, so it holds nothing that arrived unannounced.
 */
public record ExportListing(
    String exportRoot,
    String exportId,
    Optional<StoredObject> exportInfo,
    List<TablesInfoObject> tablesInfo,
    Map<SourceTable, List<DataFile>> dataFiles,
    List<String> ignored) {

  public record TablesInfoObject(StoredObject object, int fromIndex, int toIndex) {}

  public record DataFile(StoredObject object, int batch, int part) {}

  public static ExportListing of(String exportRoot, String exportId, Collection<StoredObject> objects) {
    StoredObject info = null;
    List<TablesInfoObject> tablesInfo = new ArrayList<>();
    Map<SourceTable, List<DataFile>> data = new LinkedHashMap<>();
    List<String> ignored = new ArrayList<>();
    for (StoredObject o : objects) {
      ExportObjectKey k = ExportObjectKey.parse(o.key());
      if (!k.isPartOfExport() || !exportRoot.equals(k.exportRoot())) {
        ignored.add(o.key());
        continue;
      }
      switch (k.kind()) {
        case EXPORT_INFO -> info = o;
        case TABLES_INFO -> tablesInfo.add(new TablesInfoObject(o, k.fromIndex(), k.toIndex()));
        case DATA -> data.computeIfAbsent(k.table(), t -> new ArrayList<>()).add(new DataFile(o, k.batch(), k.part()));
        case SUCCESS_MARKER, INVENTORY -> {
          // _SUCCESS markers carry nothing the inventory does not say; the inventory is read apart.
        }
        default -> ignored.add(o.key());
      }
    }
    tablesInfo.sort(java.util.Comparator.comparingInt(TablesInfoObject::fromIndex));
    return new ExportListing(exportRoot, exportId, Optional.ofNullable(info), List.copyOf(tablesInfo), data, ignored);
  }

  /**
   * Gaps or overlaps in the {@code from_N_to_M} ranges; empty when they cover 0..max contiguously.
   * Every part the inventory lists is in the bucket by then, so a gap is RDS metadata that does
   * not add up, not a part still on its way.
   */
  public List<String> tablesInfoGaps() {
    List<String> problems = new ArrayList<>();
    if (tablesInfo.isEmpty()) {
      problems.add("the export has no export_tables_info file");
      return problems;
    }
    // Exports seen in the wild number tables from 1 (from_1_to_96); accept 0 or 1 as the start.
    int expected = Math.min(1, tablesInfo.get(0).fromIndex());
    for (TablesInfoObject t : tablesInfo) {
      if (t.fromIndex() > t.toIndex()) {
        problems.add(t.object().key() + ": range from " + t.fromIndex() + " to " + t.toIndex() + " is reversed");
      } else if (t.fromIndex() > expected) {
        problems.add("no export_tables_info file covers tables " + expected + " to " + (t.fromIndex() - 1));
      } else if (t.fromIndex() < expected) {
        problems.add(t.object().key() + ": overlaps the previous export_tables_info range");
      }
      expected = Math.max(expected, t.toIndex() + 1);
    }
    return problems;
  }
}
