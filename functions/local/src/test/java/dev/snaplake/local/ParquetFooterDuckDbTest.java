package dev.snaplake.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snaplake.core.export.ParquetFooter;
import dev.snaplake.core.port.StoredObject;
import dev.snaplake.core.testing.CountingObjectStore;
import dev.snaplake.local.sample.SampleExport;
import dev.snaplake.local.sample.SampleExportSpec;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The core's footer reader against files DuckDB writes now, through the folder bucket: the row
 * counts must be the ones DuckDB counts, whatever the shape of the file.
 */
class ParquetFooterDuckDbTest {
  @TempDir Path dir;

  private long duckDbCount(Connection c, Path file) throws Exception {
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT count(*) FROM read_parquet('" + file.toString().replace("'", "''") + "')")) {
      r.next();
      return r.getLong(1);
    }
  }

  @Test
  void aFooterLongerThanTheFirstReadTakesExactlyOneMoreRead() throws Exception {
    FolderObjectStore folder = new FolderObjectStore(dir);
    // 300 columns × 3 row groups: a footer of well over 64 KiB, as a wide RDS table has.
    String columns = IntStream.range(0, 300).mapToObj(i -> "i + " + i + " AS c" + i).collect(Collectors.joining(", "));
    Path file = dir.resolve("wide/part-00000.gz.parquet");
    java.nio.file.Files.createDirectories(file.getParent());
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
      s.execute("COPY (SELECT " + columns + " FROM range(5000) t(i)) TO '" + file
          + "' (FORMAT parquet, COMPRESSION gzip, ROW_GROUP_SIZE 2048)");
      StoredObject listed = folder.stat("wide/part-00000.gz.parquet").orElseThrow();
      byte[] trailer = folder.readTail(listed.key(), 8);
      long footer = (trailer[0] & 0xFFL) | (trailer[1] & 0xFFL) << 8 | (trailer[2] & 0xFFL) << 16 | (trailer[3] & 0xFFL) << 24;
      assertThat(footer).as("footer length").isGreaterThan(ParquetFooter.FIRST_READ);

      CountingObjectStore counting = new CountingObjectStore(folder);
      assertThat(ParquetFooter.read(counting, listed).numRows()).isEqualTo(duckDbCount(c, file)).isEqualTo(5000);
      assertThat(counting.calls("readTail")).isEqualTo(2);
      assertThat(counting.calls("read")).isZero();
    }
  }

  @Test
  void everyPartOfASampleExportCountsWhatDuckDbCounts() throws Exception {
    Path bucket = dir.resolve("bucket");
    SampleExport.write(bucket, new SampleExportSpec("app", LocalDate.of(2026, 11, 24), 2000, 42, "rds/app-prod", 1));
    FolderObjectStore folder = new FolderObjectStore(bucket);
    CountingObjectStore counting = new CountingObjectStore(folder);
    List<StoredObject> parts = folder.list("rds/").stream().filter(o -> o.key().endsWith(".parquet")).toList();
    assertThat(parts).hasSizeGreaterThan(5);
    long total = 0;
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:")) {
      for (StoredObject part : parts) {
        long rows = ParquetFooter.read(counting, part).numRows();
        assertThat(rows).as(part.key()).isEqualTo(duckDbCount(c, Path.of(folder.uri(part.key()))));
        total += rows;
      }
    }
    assertThat(total).isPositive();
    assertThat(counting.calls("readTail")).as("one tail read per part").isEqualTo(parts.size());
  }
}
