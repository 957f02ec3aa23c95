package dev.snaplake.core.export;

import dev.snaplake.core.naming.SourceTable;
import dev.snaplake.core.snapshot.Snapshot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * An export read whole: its info, every table's status and schema, and the data files found.
 * Says whether the export is complete, and which tables can be loaded.
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

  /** What is still missing before the export can be loaded; empty when it is complete. */
  public List<String> missing() {
    List<String> missing = new ArrayList<>();
    if (!info.isComplete()) {
      missing.add("export_info status is " + info.status() + ", not COMPLETE");
    }
    missing.addAll(listing.tablesInfoGaps());
    for (TableExportStatus t : tables) {
      if (!t.isComplete()) {
        continue;
      }
      SourceTable table;
      try {
        table = SourceTable.parseTarget(t.target());
      } catch (IllegalArgumentException e) {
        continue; // reported as unloadable, not awaited
      }
      List<ExportListing.DataFile> files = listing.dataFiles().getOrDefault(table, List.of());
      Set<Integer> batchesWithData = new TreeSet<>();
      files.forEach(f -> batchesWithData.add(f.batch()));
      Set<Integer> markers = listing.successMarkers().getOrDefault(table, new TreeSet<>());
      // A table with rows is written in numberOfPartitions batch folders, each closed by _SUCCESS.
      int expectedBatches = t.numberOfPartitions();
      for (int b = 1; b <= expectedBatches; b++) {
        if (!markers.contains(b)) {
          missing.add(t.target() + ": batch " + b + " has no _SUCCESS marker yet");
        }
      }
      for (Integer b : markers) {
        if (!batchesWithData.contains(b) && expectedBatches > 0) {
          missing.add(t.target() + ": batch " + b + " has no data file yet");
        }
      }
    }
    return missing;
  }

  public boolean isComplete() {
    return missing().isEmpty();
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
