package dev.snaplake.local.sample;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What {@link SampleExport#write} wrote.
 *
 * @param exportId export task identifier, e.g. {@code snaplake-app-2026-11-24}
 * @param exportRootKey object key of the export root, e.g. {@code rds/app-prod/snaplake-app-2026-11-24}
 * @param exportRoot the export root folder on disk ({@code bucketRoot/<exportRootKey>})
 * @param tables every table of the export in {@code export_tables_info} order, skipped ones included
 * @param totalBytes bytes of every object written (Parquet, {@code _SUCCESS}, JSON)
 * @param fileCount objects written (Parquet parts + {@code _SUCCESS} markers + JSON metadata files + the
 *     inventory)
 */
public record SampleExportResult(
    String exportId,
    String exportRootKey,
    Path exportRoot,
    List<SampleTable> tables,
    long totalBytes,
    int fileCount) {

  public SampleExportResult {
    tables = List.copyOf(tables);
  }

  /** The table with that name ({@code users}) or target ({@code app.users}). */
  public Optional<SampleTable> table(String nameOrTarget) {
    return tables.stream()
        .filter(t -> t.target().equals(nameOrTarget) || t.table().equals(nameOrTarget))
        .findFirst();
  }
}
