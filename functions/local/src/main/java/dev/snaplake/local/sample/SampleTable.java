package dev.snaplake.local.sample;

/**
 * One table of a generated export, as reported in {@code export_tables_info}.
 *
 * @param target {@code <database>.<table>}, e.g. {@code app.users}
 * @param status {@code COMPLETE}, {@code FAILED} or {@code SKIPPED}
 * @param rows rows written (0 for an empty or skipped table)
 * @param batches batch folders written (0 when no file was written)
 * @param files Parquet part files written
 */
public record SampleTable(String target, String status, long rows, int batches, int files) {

  public static final String COMPLETE = "COMPLETE";
  public static final String FAILED = "FAILED";
  public static final String SKIPPED = "SKIPPED";

  /** The table name without the database, e.g. {@code users}. */
  public String table() {
    int dot = target.lastIndexOf('.');
    return dot < 0 ? target : target.substring(dot + 1);
  }
}
