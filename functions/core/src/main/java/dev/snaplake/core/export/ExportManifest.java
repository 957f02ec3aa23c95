package dev.snaplake.core.export;

import dev.snaplake.core.naming.SourceTable;
import dev.snaplake.core.snapshot.Snapshot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * An export read whole: its info, every table's status and schema, and its data files. Says
 * whether its metadata allows loading it, and which tables can be loaded. Completeness is the
 * inventory's business ({@link InventoryCheck}), not this record's.
 */
public record ExportManifest(ExportListing listing, ExportInfo info, List<TableExportStatus> tables, List<String> warnings) {
  public ExportManifest {
    tables = List.copyOf(tables);
    warnings = List.copyOf(warnings);
  }

  public String exportId() {
    return listing.exportId();
  }

  public Snapshot snapshot() {
    return info.snapshot();
  }

  /**
   * Why the export's own metadata forbids loading it; empty when it may be loaded. Asked once
   * every object of the inventory is in the bucket, so nothing here can still change: export_info
   * not COMPLETE, or {@code export_tables_info} ranges that do not add up.
   */
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (!info.isComplete()) {
      problems.add("export_info status is " + info.status() + ", not COMPLETE");
    }
    problems.addAll(listing.tablesInfoGaps());
    return problems;
  }

  /** The data files of a table, ordered by batch then part. */
  public List<ExportListing.DataFile> dataFiles(SourceTable table) {
    List<ExportListing.DataFile> files = new ArrayList<>(listing.dataFiles().getOrDefault(table, List.of()));
    files.sort(Comparator.comparingInt(ExportListing.DataFile::batch).thenComparingInt(ExportListing.DataFile::part));
    return files;
  }

  /** Data files found for tables the metadata does not list: never loaded, always reported. */
  public List<SourceTable> unlistedTables() {
    Set<String> listed = new TreeSet<>();
    tables.forEach(t -> listed.add(t.target()));
    List<SourceTable> unlisted = new ArrayList<>();
    for (SourceTable t : listing.dataFiles().keySet()) {
      if (!listed.contains(t.target())) {
        unlisted.add(t);
      }
    }
    return unlisted;
  }
}
