package dev.snaplake.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snaplake.core.naming.ObjectId;
import dev.snaplake.core.snapshot.Snapshot;
import dev.snaplake.core.types.RawSchema;
import dev.snaplake.local.RdsParts.Column;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reload of snapshot 2026-11-25 where one part of two is bad: the error names the object and
 * says what to do, and both snapshots already loaded stay exactly as they were.
 */
class BadPartsTest {
  private static final String TARGET = "app.payments";
  private static final ObjectId TABLE = new ObjectId("raw", "app__payments");
  private static final RawSchema SCHEMA = RdsParts.schema(TARGET,
      Column.of("id", "bigint", "int64").precision(19, 0),
      Column.of("amount", "decimal", "decimal(12,2)").precision(12, 2),
      Column.of("note", "varchar", "binary (UTF8)").length(64));
  private static final String ROWS = "SELECT CAST(range AS BIGINT) AS id, CAST(range * 1.5 AS DECIMAL(12,2)) AS amount,"
      + " 'note ' || range AS note FROM range(%d, %d)";

  @TempDir Path dir;
  private RdsParts parts;
  private DuckDbWarehouse warehouse;
  private List<Map<String, Object>> before;
  private Path good;

  @BeforeEach
  void loadTwoSnapshots() throws Exception {
    parts = new RdsParts(dir);
    warehouse = DuckDbWarehouse.inMemory();
    warehouse.loadRaw(RdsParts.load(TARGET, "2026-11-24", SCHEMA,
        List.of(parts.part("e1", TARGET, 0, String.format(ROWS, 0, 5))), "job-24"));
    good = parts.part("e2", TARGET, 0, String.format(ROWS, 0, 3000));
    warehouse.loadRaw(RdsParts.load(TARGET, "2026-11-25", SCHEMA, List.of(good), "job-25"));
    before = everything();
  }

  @AfterEach
  void tearDown() throws Exception {
    warehouse.close();
    parts.close();
  }

  private List<Map<String, Object>> everything() {
    return warehouse.query("SELECT * FROM raw.app__payments ORDER BY _snapshot, id");
  }

  /** Reloads 2026-11-25 from the good part and {@code bad}; the load must fail and change nothing. */
  private AbstractThrowableAssert<?, ? extends Throwable> reloadingWith(Path bad) {
    var failure = assertThatThrownBy(() -> warehouse.loadRaw(RdsParts.load(TARGET, "2026-11-25", SCHEMA, List.of(good, bad), "job-25-again")))
        .isInstanceOf(WarehouseException.class)
        .hasMessageStartingWith("raw.app__payments (app.payments, snapshot 2026-11-25): ")
        .hasMessageContaining(bad.toString())
        .hasMessageContaining("nothing was loaded and the table is unchanged");
    assertThat(everything()).isEqualTo(before);
    assertThat(warehouse.rawLoad(TABLE, Snapshot.parse("2026-11-25")).orElseThrow().jobId()).isEqualTo("job-25");
    return failure;
  }

  /** A second part beside the good one, RDS-named. */
  private Path secondPart(String select) throws Exception {
    return parts.part("e2", TARGET, 1, select);
  }

  @Test
  void randomBytesAreNotAParquetFile() throws Exception {
    Path bad = secondPart(String.format(ROWS, 3000, 3001));
    byte[] noise = new byte[4096];
    new Random(7).nextBytes(noise);
    Files.write(bad, noise);

    reloadingWith(bad)
        .hasMessageContaining("is not a readable Parquet file (No magic bytes found at end of file)")
        .hasMessageContaining("copy the object again from the S3 export")
        .hasMessageContaining("or re-export the snapshot");
  }

  @Test
  void anEmptyPartIsACutCopy() throws Exception {
    Path bad = secondPart(String.format(ROWS, 3000, 3001));
    Files.write(bad, new byte[0]);

    reloadingWith(bad)
        .hasMessageContaining("is empty (0 bytes), not a Parquet file")
        .hasMessageContaining("copy the object again from the S3 export");
  }

  @Test
  void aTruncatedPartHasNoFooter() throws Exception {
    Path bad = secondPart(String.format(ROWS, 3000, 6000));
    byte[] whole = Files.readAllBytes(bad);
    Files.write(bad, java.util.Arrays.copyOf(whole, whole.length / 2));

    reloadingWith(bad).hasMessageContaining("is not a readable Parquet file").hasMessageContaining("copy the object again");
  }

  @Test
  void aCorruptDataPageIsNamedThoughDuckDbDoesNot() throws Exception {
    Path bad = secondPart(String.format(ROWS, 3000, 6000));
    byte[] bytes = Files.readAllBytes(bad);
    for (int i = 64; i < 96; i++) {
      bytes[i] = (byte) 0xFF; // inside the first column chunk; the footer stays intact
    }
    Files.write(bad, bytes);
    assertThat(parts.footerRows(bad)).isEqualTo(3000);

    reloadingWith(bad).hasMessageContaining("is not a readable Parquet file").hasMessageContaining("copy the object again");
  }

  @Test
  void aPartWithAnExtraColumnDoesNotBelong() throws Exception {
    Path bad = secondPart(String.format(ROWS, 3000, 3001).replace(" FROM", ", 'x' AS extra FROM"));

    reloadingWith(bad)
        .hasMessageContaining(bad + " has column extra (BYTE_ARRAY UTF8) that " + good + " does not have")
        .hasMessageContaining("must share one schema")
        .hasMessageContaining("delete it if it is stray, or re-export the snapshot");
  }

  @Test
  void aPartWithAnotherColumnTypeDoesNotBelong() throws Exception {
    Path bad = secondPart("SELECT CAST(range AS BIGINT) AS id, CAST(range AS VARCHAR) AS amount, 'n' AS note FROM range(3000, 3001)");

    reloadingWith(bad)
        .hasMessageContaining(bad + " has column amount as BYTE_ARRAY UTF8 but " + good + " has it as INT64 DECIMAL(12,2)")
        .hasMessageContaining("must share one schema");
  }

  @Test
  void aFooterPromisingMoreRowsThanThePartHoldsIsRefused() throws Exception {
    Path bad = secondPart(String.format(ROWS, 3000, 3003));
    RdsParts.promiseOneRowMore(bad, 3);
    assertThat(parts.footerRows(bad)).isEqualTo(4);

    reloadingWith(bad)
        .hasMessageContaining("loaded 3003 rows but the Parquet footers of 2 files say 3004")
        .hasMessageContaining(bad + " holds 3 rows but its footer says 4")
        .hasMessageContaining("copy the object again");
  }
}
