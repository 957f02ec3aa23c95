package dev.snaplake.local.sample;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.snaplake.core.export.ExportInventory;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.duckdb.DuckDBConnection;

/**
 * Writes one sample RDS snapshot export into a folder that stands for a bucket, laid out as RDS
 * writes it (AWS RDS User Guide, "Exporting DB snapshot data to Amazon S3"):
 *
 * <pre>
 * &lt;bucketRoot&gt;/&lt;s3Prefix&gt;/&lt;exportId&gt;/
 *   export_info_&lt;exportId&gt;.json
 *   export_tables_info_&lt;exportId&gt;_from_&lt;N&gt;_to_&lt;M&gt;.json     (several, table indexes 0-based)
 *   &lt;db&gt;/&lt;db&gt;.&lt;table&gt;/&lt;batch&gt;/part-&lt;nnnnn&gt;-&lt;uuid&gt;.gz.parquet
 *   &lt;db&gt;/&lt;db&gt;.&lt;table&gt;/&lt;batch&gt;/_SUCCESS
 *   snaplake_inventory_&lt;exportId&gt;.json                       (snaplake's exporter, not RDS)
 * </pre>
 *
 * <p>Parquet files are written by DuckDB ({@code COPY ... (FORMAT parquet, COMPRESSION gzip)}) from
 * rows generated inside DuckDB, so a 50M-row export streams without holding rows in Java. Each
 * object is first written under {@code <bucketRoot>/.snaplake-tmp/} and then moved into place,
 * so an object appears whole under its final name (as an S3 object does); Parquet files come first,
 * then {@code _SUCCESS} per batch, then the {@code export_tables_info} files, then
 * {@code export_info}; and last the inventory snaplake's exporter on AWS writes once RDS reports
 * the export COMPLETE (every object's path and size), so the sample stands for RDS and snaplake's
 * exporter together.
 */
public final class SampleExport {

  /**
   * Largest estimated size of a part file: a batch is cut into as few parts as keep each under it,
   * so parts of big exports are ~62-124 MB (RDS/Spark write files of that order).
   */
  static final long TARGET_PART_BYTES = 124L * 1024 * 1024;
  /** Tables per {@code export_tables_info} file: 7 tables give two files. */
  static final int TABLES_PER_INFO_FILE = 4;

  static final String REGION = "eu-west-1";
  static final String ACCOUNT = "123456789012";
  static final String BUCKET = "acme-rds-exports";
  /** The bucket folder's temporary area ({@code FolderObjectStore} leaves it out of listings). */
  static final String STAGING_DIR = ".snaplake-tmp";
  /** Part files written at once, one DuckDB connection each: one per CPU, 2 to 8. */
  static final int WORKERS = Math.max(2, Math.min(8, Runtime.getRuntime().availableProcessors()));

  private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

  private SampleExport() {}

  /**
   * Writes the export described by {@code spec} under {@code bucketRoot}.
   *
   * @throws IllegalStateException if the export folder already exists with content (as RDS
   *     answers {@code ExportTaskAlreadyExistsFault} for a reused export identifier)
   */
  public static SampleExportResult write(Path bucketRoot, SampleExportSpec spec) throws IOException {
    Path root = bucketRoot.toAbsolutePath().normalize();
    String exportId = spec.exportId();
    String rootKey = spec.exportRootKey();
    Path exportRoot = resolveKey(root, rootKey);
    if (Files.exists(exportRoot)) {
      if (!Files.isDirectory(exportRoot)) {
        throw new IllegalStateException("Export " + exportId + " cannot be written: " + exportRoot + " is a file");
      }
      try (Stream<Path> s = Files.list(exportRoot)) {
        if (s.findAny().isPresent()) {
          throw new IllegalStateException("Export " + exportId + " already exists at " + exportRoot
              + " (RDS: ExportTaskAlreadyExistsFault); an export id is written once: delete that folder or use"
              + " another snapshot date");
        }
      }
    }
    Files.createDirectories(root);
    Path staging = Files.createDirectories(root.resolve(STAGING_DIR))
        .resolve("sample-" + exportId + "-" + UUID.randomUUID());
    Files.createDirectory(staging);
    Writer w = new Writer(root, exportRoot, staging, spec);
    boolean ok = false;
    try {
      SampleExportResult r = w.run();
      ok = true;
      return r;
    } catch (SQLException e) {
      throw new IOException("DuckDB failed writing sample export " + exportId + ": " + e.getMessage(), e);
    } finally {
      deleteTree(staging);
      if (!ok) {
        w.rollback();
      }
    }
  }

  /** The layout of one table's data: batches, parts per batch, partition indexes. */
  record Plan(int batch, long firstRow, long endRow, int partIndex) {}

  /** Splits a table's rows into batch folders and part files (partition indexes with gaps). */
  static List<Plan> plan(SampleTables.Table t, SampleExportSpec spec) {
    List<Plan> out = new ArrayList<>();
    if (t.skipped() || t.rows() == 0) {
      return out;
    }
    long rowsPerPart = Math.max(1, TARGET_PART_BYTES / Math.max(1, t.bytesPerRowEstimate()));
    int batches = Math.max(1, t.batches());
    for (int b = 0; b < batches; b++) {
      long bLo = 1 + t.rows() * b / batches;
      long bHi = 1 + t.rows() * (b + 1) / batches;
      long n = bHi - bLo;
      if (n <= 0) {
        continue;
      }
      long parts = Math.max((n + rowsPerPart - 1) / rowsPerPart, Math.min(t.minPartsPerBatch(), n));
      int index = 0;
      for (long k = 0; k < parts; k++) {
        if (k > 0 && skipIndex(spec, t, b + 1, k)) {
          index++; // an empty partition range: RDS writes no file for it
        }
        out.add(new Plan(b + 1, bLo + n * k / parts, bLo + n * (k + 1) / parts, index));
        index++;
      }
    }
    return out;
  }

  /** Whether the partition index before part {@code k} of a batch is left out (deterministic). */
  static boolean skipIndex(SampleExportSpec spec, SampleTables.Table t, int batch, long k) {
    if (t.minPartsPerBatch() >= 3 && batch == 1 && k == 2) {
      return true; // the largest table always shows a gap: 00000, 00001, 00003
    }
    long h = mix(spec.seed() ^ mix(t.name().hashCode() * 31L + batch) ^ mix(k * 0x9E3779B97F4A7C15L));
    return Math.floorMod(h, 5) == 0;
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  static UUID partUuid(SampleExportSpec spec, String table, int batch, int index) {
    String key = "snaplake-sample/" + spec.seed() + "/" + spec.exportId() + "/" + spec.version() + "/"
        + table + "/" + batch + "/" + index;
    return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8));
  }

  /** One run of the writer; remembers what it put under the export root so a failure can undo it. */
  private static final class Writer {
    final Path bucketRoot;
    final Path exportRoot;
    final Path staging;
    final SampleExportSpec spec;
    final Deque<Path> created = new ArrayDeque<>();
    /** Every object placed under the export root, for the inventory. */
    final List<ExportInventory.Entry> placed = new ArrayList<>();
    long totalBytes;
    int fileCount;
    int stagingSeq;

    Writer(Path bucketRoot, Path exportRoot, Path staging, SampleExportSpec spec) {
      this.bucketRoot = bucketRoot;
      this.exportRoot = exportRoot;
      this.staging = staging;
      this.spec = spec;
    }

    SampleExportResult run() throws IOException, SQLException {
      mkdirs(exportRoot);
      List<SampleTables.Table> tables = SampleTables.tables(spec);
      List<SampleTable> results = new ArrayList<>();
      List<Long> tableBytes = new ArrayList<>();
      try (Connection c = DriverManager.getConnection("jdbc:duckdb:")) {
        try (Statement st = c.createStatement()) {
          st.execute("SET threads=2");
          st.execute("SET preserve_insertion_order=false");
          for (String m : SampleTables.macros(spec)) {
            st.execute(m);
          }
        }
        writeData((DuckDBConnection) c, tables, results, tableBytes);
      }
      writeMetadata(tables, results, tableBytes);
      return new SampleExportResult(spec.exportId(), spec.exportRootKey(), exportRoot, results, totalBytes,
          fileCount);
    }

    /**
     * Writes every part file: each is one COPY, and {@link #WORKERS} of them run at once on their
     * own connections (one COPY runs its range() scan and gzip Parquet writer mostly on one thread).
     * Files are placed in plan order as they complete: a batch's parts, then its {@code _SUCCESS}.
     */
    private void writeData(DuckDBConnection c, List<SampleTables.Table> tables, List<SampleTable> results,
        List<Long> tableBytes) throws IOException, SQLException {
      ExecutorService pool = Executors.newFixedThreadPool(WORKERS, r -> {
        Thread th = new Thread(r, "sample-export-writer");
        th.setDaemon(true);
        return th;
      });
      BlockingQueue<Connection> connections = new ArrayBlockingQueue<>(WORKERS);
      List<Connection> opened = new ArrayList<>();
      try {
        for (int k = 0; k < WORKERS; k++) {
          Connection d = c.duplicate();
          opened.add(d);
          connections.add(d);
        }
        List<List<Future<Path>>> jobs = new ArrayList<>();
        for (SampleTables.Table t : tables) {
          List<Future<Path>> tableJobs = new ArrayList<>();
          for (Plan plan : plan(t, spec)) {
            Path tmp = staging.resolve("f" + (stagingSeq++) + ".parquet");
            String sql = "COPY (" + SampleTables.select(t, plan.firstRow(), plan.endRow()) + ") TO '"
                + tmp.toString().replace("'", "''") + "' (FORMAT parquet, COMPRESSION gzip)";
            tableJobs.add(pool.submit(() -> {
              Connection conn = connections.take();
              try (Statement st = conn.createStatement()) {
                st.execute(sql);
              } finally {
                connections.add(conn);
              }
              return tmp;
            }));
          }
          jobs.add(tableJobs);
        }
        for (int i = 0; i < tables.size(); i++) {
          SampleTables.Table t = tables.get(i);
          if (t.skipped()) {
            results.add(new SampleTable(target(t), SampleTable.SKIPPED, 0, 0, 0));
            tableBytes.add(0L);
            continue;
          }
          List<Plan> plans = plan(t, spec);
          Path tableDir = exportRoot.resolve(spec.database()).resolve(target(t));
          long bytes = 0;
          int batches = 0;
          for (int p = 0; p < plans.size(); p++) {
            Plan plan = plans.get(p);
            Path batchDir = tableDir.resolve(Integer.toString(plan.batch()));
            mkdirs(batchDir);
            String name = String.format(Locale.ROOT, "part-%05d-%s.gz.parquet", plan.partIndex(),
                partUuid(spec, t.name(), plan.batch(), plan.partIndex()));
            bytes += place(await(jobs.get(i).get(p)), batchDir.resolve(name));
            boolean batchDone = p + 1 == plans.size() || plans.get(p + 1).batch() != plan.batch();
            if (batchDone) {
              place(Files.createFile(staging.resolve("s" + (stagingSeq++))), batchDir.resolve("_SUCCESS"));
              batches++;
            }
          }
          results.add(new SampleTable(target(t), SampleTable.COMPLETE, t.rows(), batches, plans.size()));
          tableBytes.add(bytes);
        }
      } finally {
        pool.shutdownNow();
        try {
          pool.awaitTermination(10, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        for (Connection conn : opened) {
          try {
            conn.close();
          } catch (SQLException e) {
            // already failing or done: nothing to add
          }
        }
      }
    }

    String target(SampleTables.Table t) {
      return spec.database() + "." + t.name();
    }

    private static Path await(Future<Path> f) throws IOException, SQLException {
      try {
        return f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while writing the sample export");
      } catch (ExecutionException e) {
        Throwable c = e.getCause();
        if (c instanceof SQLException) {
          throw (SQLException) c;
        }
        if (c instanceof IOException) {
          throw (IOException) c;
        }
        if (c instanceof RuntimeException) {
          throw (RuntimeException) c;
        }
        throw new IOException(c);
      }
    }


    private void writeMetadata(List<SampleTables.Table> tables, List<SampleTable> results, List<Long> tableBytes)
        throws IOException {
      String id = spec.exportId();
      Instant snapshotTime = Instant.ofEpochSecond(SampleTables.snapshotMicros(spec.snapshot()) / 1_000_000L);
      Instant taskStart = snapshotTime.plusSeconds(17 * 60);
      Instant cursor = taskStart.plusSeconds(95);
      List<JsonObject> entries = new ArrayList<>();
      long dataBytes = 0;
      for (int i = 0; i < tables.size(); i++) {
        SampleTables.Table t = tables.get(i);
        SampleTable r = results.get(i);
        long bytes = tableBytes.get(i);
        dataBytes += bytes;
        JsonObject e = new JsonObject();
        e.addProperty("target", r.target());
        e.addProperty("status", r.status());
        if (t.skipped()) {
          e.addProperty("warningMessage", t.skipReason());
          entries.add(e);
          continue;
        }
        e.add("sizeGB", gb(bytes));
        // extraction takes 4 s plus 1 s per 40 MB, tables one after the other
        Instant start = cursor;
        Instant end = start.plusSeconds(4 + bytes / (40L * 1024 * 1024));
        cursor = end.plusSeconds(1);
        JsonObject stats = new JsonObject();
        stats.addProperty("extractionStartTime", start.toString());
        stats.addProperty("extractionEndTime", end.toString());
        JsonObject partitioning = new JsonObject();
        partitioning.addProperty("numberOfPartitions", r.batches());
        partitioning.addProperty("numberOfCompletedPartitions", r.batches());
        stats.add("partitioningInfo", partitioning);
        e.add("tableStatistics", stats);
        JsonArray mappings = new JsonArray();
        for (SampleTables.Col col : t.cols()) {
          MySqlType ty = col.type();
          JsonObject m = new JsonObject();
          m.addProperty("columnName", col.name());
          m.addProperty("originalType", ty.originalType());
          m.addProperty("expectedExportedType", ty.expectedExportedType());
          m.addProperty("originalCharMaxLength", ty.charMaxLength());
          m.addProperty("originalNumPrecision", ty.numPrecision());
          if (ty.isDecimal()) {
            m.addProperty("originalNumScale", ty.numScale());
          }
          m.addProperty("originalDateTimePrecision", ty.dateTimePrecision());
          mappings.add(m);
        }
        JsonObject schema = new JsonObject();
        schema.add("originalTypeMappings", mappings);
        e.add("schemaMetadata", schema);
        entries.add(e);
      }
      Instant taskEnd = cursor.plusSeconds(48);

      for (int from = 0; from < entries.size(); from += TABLES_PER_INFO_FILE) {
        int to = Math.min(entries.size(), from + TABLES_PER_INFO_FILE) - 1;
        JsonArray arr = new JsonArray();
        for (int k = from; k <= to; k++) {
          arr.add(entries.get(k));
        }
        JsonObject doc = new JsonObject();
        doc.add("perTableStatus", arr);
        writeJson(exportRoot.resolve("export_tables_info_" + id + "_from_" + from + "_to_" + to + ".json"), doc);
      }

      JsonObject info = new JsonObject();
      info.addProperty("exportTaskIdentifier", id);
      info.addProperty("sourceArn", "arn:aws:rds:" + REGION + ":" + ACCOUNT + ":snapshot:rds:" + spec.database()
          + "-prod-" + spec.snapshot());
      info.add("exportOnly", new JsonArray());
      info.addProperty("snapshotTime", snapshotTime.toString());
      info.addProperty("taskStartTime", taskStart.toString());
      info.addProperty("taskEndTime", taskEnd.toString());
      info.addProperty("s3Bucket", BUCKET);
      info.addProperty("s3Prefix", spec.s3Prefix());
      info.addProperty("exportedFilesPath", spec.exportRootKey());
      info.addProperty("iamRoleArn", "arn:aws:iam::" + ACCOUNT + ":role/rds-s3-export-" + spec.database());
      info.addProperty("kmsKeyId", "arn:aws:kms:" + REGION + ":" + ACCOUNT + ":key/"
          + UUID.nameUUIDFromBytes(("kms/" + spec.database()).getBytes(StandardCharsets.UTF_8)));
      info.addProperty("status", "COMPLETE");
      info.addProperty("percentProgress", 100);
      info.add("totalExportedDataInGB", gb(dataBytes));
      writeJson(exportRoot.resolve("export_info_" + id + ".json"), info);

      // snaplake's exporter sees the export COMPLETE a little after RDS ends it, and lists it all.
      ExportInventory inventory = ExportInventory.of(id, taskEnd.plusSeconds(30), placed);
      Path tmp = staging.resolve("i" + (stagingSeq++) + ".json");
      Files.write(tmp, inventory.toJson());
      place(tmp, exportRoot.resolve(ExportInventory.fileName(id)));
    }

    private void writeJson(Path target, JsonObject doc) throws IOException {
      Path tmp = staging.resolve("j" + (stagingSeq++) + ".json");
      Files.writeString(tmp, GSON.toJson(doc) + "\n", StandardCharsets.UTF_8);
      place(tmp, target);
    }

    /** Moves a finished staging file to its final key; returns its size. */
    private long place(Path tmp, Path target) throws IOException {
      long size = Files.size(tmp);
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target);
      }
      if (Files.size(target) != size) {
        throw new IOException("moving " + tmp + " to " + target + " changed its size");
      }
      created.push(target);
      placed.add(new ExportInventory.Entry(exportRoot.relativize(target).toString().replace('\\', '/'), size));
      totalBytes += size;
      fileCount++;
      return size;
    }

    private void mkdirs(Path dir) throws IOException {
      List<Path> missing = new ArrayList<>();
      for (Path p = dir; p != null && !p.equals(bucketRoot) && !Files.isDirectory(p); p = p.getParent()) {
        missing.add(0, p);
      }
      for (Path p : missing) {
        try {
          Files.createDirectory(p);
          created.push(p);
        } catch (FileAlreadyExistsException e) {
          if (!Files.isDirectory(p)) {
            throw e;
          }
        }
      }
    }

    /** Best-effort removal of everything this run created (newest first). */
    void rollback() {
      while (!created.isEmpty()) {
        try {
          Files.deleteIfExists(created.pop());
        } catch (DirectoryNotEmptyException e) {
          // someone else put something there: leave it
        } catch (IOException e) {
          // best effort
        }
      }
    }
  }

  private static Path resolveKey(Path root, String key) {
    Path p = root;
    for (String seg : key.split("/")) {
      p = p.resolve(seg);
    }
    Path n = p.normalize();
    if (!n.startsWith(root)) {
      throw new IllegalArgumentException("key escapes the bucket root: " + key);
    }
    return n;
  }

  /** A size in GB (2^30 bytes) as a plain JSON number with 9 decimals. */
  private static com.google.gson.JsonPrimitive gb(long bytes) {
    BigDecimal v = BigDecimal.valueOf(bytes).divide(BigDecimal.valueOf(1L << 30), 9, RoundingMode.HALF_UP);
    return new com.google.gson.JsonPrimitive(new PlainNumber(v));
  }

  /** A number Gson writes without exponent ({@code 0.000001234}, not {@code 1.234E-6}). */
  private static final class PlainNumber extends Number {
    private static final long serialVersionUID = 1L;
    private final BigDecimal value;

    PlainNumber(BigDecimal value) {
      this.value = value;
    }

    @Override
    public int intValue() {
      return value.intValue();
    }

    @Override
    public long longValue() {
      return value.longValue();
    }

    @Override
    public float floatValue() {
      return value.floatValue();
    }

    @Override
    public double doubleValue() {
      return value.doubleValue();
    }

    @Override
    public String toString() {
      return value.toPlainString();
    }
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException | UncheckedIOException e) {
      // best effort: a leftover staging folder is harmless
    }
  }
}
