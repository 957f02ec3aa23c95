package dev.snaplake.core.ingest;

import dev.snaplake.core.export.ExportListing;
import dev.snaplake.core.export.ParquetFooter;
import dev.snaplake.core.export.ParquetFooterException;
import dev.snaplake.core.port.LoadRecord;
import dev.snaplake.core.port.ObjectNotFoundException;
import dev.snaplake.core.port.ObjectStore;
import java.util.List;
import java.util.Optional;

/**
 * How many rows a table's data files hold by their Parquet footers, read before the table is
 * loaded (one tail read per file) and held against the rows the warehouse reports after: a load
 * that did not take exactly those rows must not be announced. Only the DuckDB warehouse checks
 * this itself; a BigQuery load job reports whatever it read.
 */
final class FooterRowCount {
  private final long rows;
  private final int files;

  private FooterRowCount(long rows, int files) {
    this.rows = rows;
    this.files = files;
  }

  /**
   * @throws ParquetFooterException naming the first file whose footer cannot be read (or that
   *     is gone since the listing)
   */
  static FooterRowCount read(ObjectStore store, List<ExportListing.DataFile> files) {
    long rows = 0;
    for (ExportListing.DataFile f : files) {
      long n;
      try {
        n = ParquetFooter.read(store, f.object()).numRows();
      } catch (ObjectNotFoundException e) {
        throw new ParquetFooterException(
            f.object().key() + " was listed with the export but is gone now: copy it again from the S3 export, or"
                + " re-export the snapshot.");
      }
      if (n > Long.MAX_VALUE - rows) {
        throw new ParquetFooterException(f.object().key() + " says " + n + " rows, more than can be counted with the"
            + " files before it: its footer is corrupt. Copy it again from the S3 export, or re-export the snapshot.");
      }
      rows += n;
    }
    return new FooterRowCount(rows, files.size());
  }

  long rows() {
    return rows;
  }

  /** Why the load cannot be announced, or empty when it took exactly the footers' rows. */
  Optional<String> mismatch(String rawTable, LoadRecord loaded) {
    if (loaded.rows() == rows) {
      return Optional.empty();
    }
    return Optional.of(
        rawTable + ": the warehouse reports " + loaded.rows() + " rows loaded for snapshot " + loaded.snapshot()
            + " (job " + loaded.jobId() + ") but the Parquet footers of its " + files + " data file(s) say " + rows
            + ", so table.loaded was not published and no model reads that snapshot. Compare the load job with the"
            + " files (one replaced or cut during the load?), then re-export the snapshot to load it again.");
  }
}
