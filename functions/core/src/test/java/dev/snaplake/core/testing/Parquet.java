package dev.snaplake.core.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Real Parquet files written by DuckDB 1.5.6 ({@code COPY … TO … (FORMAT parquet, COMPRESSION
 * gzip)}, as the sample export writes them), kept under {@code src/test/resources/parquet/}; the
 * README there has the statements. Tests corrupt copies of them.
 */
public final class Parquet {
  /** 10 rows, one row group: id BIGINT, email VARCHAR, amount DECIMAL(12,2), created_at TIMESTAMP. */
  public static final String TEN_ROWS = "ten-rows.gz.parquet";
  /** 5,000 rows (id BIGINT) in 3 row groups. */
  public static final String ROW_GROUPS = "row-groups.gz.parquet";
  /** The columns of {@link #TEN_ROWS}, no rows and no row group. */
  public static final String NO_ROWS = "no-rows.gz.parquet";

  public static byte[] bytes(String name) {
    try (InputStream in = Parquet.class.getResourceAsStream("/parquet/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource parquet/" + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Parquet() {}
}
