package dev.snaplake.bench;

import dev.snaplake.core.event.Event;
import dev.snaplake.core.ingest.ExportIngestion;
import dev.snaplake.core.ingest.IngestOutcome;
import dev.snaplake.core.port.EventBus;
import dev.snaplake.core.port.StoredObject;
import dev.snaplake.local.DuckDbWarehouse;
import dev.snaplake.local.FolderObjectStore;
import dev.snaplake.local.sample.SampleExport;
import dev.snaplake.local.sample.SampleExportResult;
import dev.snaplake.local.sample.SampleExportSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * End-to-end load throughput on the embedded default, side by side in one run with DuckDB's own
 * {@code CREATE TABLE … AS SELECT * FROM read_parquet(…)} over the same files.
 *
 * <pre>
 * ./mvnw -q -pl functions/bench -am package -DskipTests
 * java -cp "functions/bench/target/snaplake-bench-0.1.0-SNAPSHOT.jar:functions/bench/target/lib/*" \
 *     dev.snaplake.bench.LocalLoadBenchmark [rows] [work-dir]
 * </pre>
 */
public final class LocalLoadBenchmark {
  public static void main(String[] args) throws Exception {
    long rows = args.length > 0 ? Long.parseLong(args[0]) : 2_000_000;
    Path work = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("snaplake-bench");
    Path bucket = work.resolve("bucket");
    String exportId = "snaplake-app-2026-11-24";
    String exportRoot = "rds/app-prod/" + exportId;
    long t0 = System.nanoTime();
    if (Files.exists(bucket.resolve(exportRoot).resolve("snaplake_inventory_" + exportId + ".json"))) {
      // Generating a gigabyte takes minutes: a work folder from an earlier run is loaded again, fresh.
      deleteRecursively(bucket.resolve("_snaplake"));
      Files.deleteIfExists(work.resolve("snaplake.duckdb"));
      Files.deleteIfExists(work.resolve("plain.duckdb"));
      System.out.println("export: reusing " + bucket.resolve(exportRoot));
    } else {
      SampleExportResult generated = SampleExport.write(bucket, new SampleExportSpec("app", LocalDate.of(2026, 11, 24), rows, 1, "rds/app-prod", 1));
      exportId = generated.exportId();
      exportRoot = generated.exportRootKey();
    }
    double genSeconds = (System.nanoTime() - t0) / 1e9;
    long bytes;
    long files;
    try (var walk = Files.walk(bucket.resolve(exportRoot))) {
      List<Path> parts = walk.filter(p -> p.toString().endsWith(".parquet")).toList();
      files = parts.size();
      long sum = 0;
      for (Path p : parts) {
        sum += Files.size(p);
      }
      bytes = sum;
    }
    double mb = bytes / 1e6;
    System.out.printf(Locale.ROOT, "export: %,d rows of transactions, %d Parquet files, %.1f MB (ready in %.1f s)%n", rows, files, mb, genSeconds);

    // 1. snaplake: the loader use case, natural types restored, footers checked.
    FolderObjectStore store = new FolderObjectStore(bucket);
    double snaplakeSeconds;
    try (DuckDbWarehouse w = DuckDbWarehouse.open(work.resolve("snaplake.duckdb"))) {
      EventBus quiet = new EventBus() {
        @Override public void publish(Event event) {}
        @Override public void subscribe(Consumer<Event> handler) {}
      };
      ExportIngestion in = new ExportIngestion(store, w, quiet, new ExportIngestion.Settings("raw", Duration.ofMinutes(30), "bench"), Clock.systemUTC());
      long t = System.nanoTime();
      IngestOutcome o = in.ingest(exportRoot, exportId);
      snaplakeSeconds = (System.nanoTime() - t) / 1e9;
      if (!(o instanceof IngestOutcome.Loaded)) {
        throw new IllegalStateException("not loaded: " + o);
      }
    }

    // 2. DuckDB alone: CTAS per table over the same Parquet files, no type restoration.
    double duckSeconds;
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + work.resolve("plain.duckdb")); Statement s = c.createStatement()) {
      List<StoredObject> objects = store.list(exportRoot + "/");
      java.util.Map<String, List<String>> byTable = new java.util.TreeMap<>();
      for (StoredObject f : objects) {
        if (f.key().endsWith(".parquet")) {
          String[] parts = f.key().split("/");
          byTable.computeIfAbsent(parts[parts.length - 3], k -> new java.util.ArrayList<>()).add(store.uri(f.key()));
        }
      }
      long t = System.nanoTime();
      for (var e : byTable.entrySet()) {
        String list = e.getValue().stream().map(u -> "'" + u + "'").collect(java.util.stream.Collectors.joining(",", "[", "]"));
        s.execute("CREATE TABLE \"" + e.getKey().replace('.', '_') + "\" AS SELECT * FROM read_parquet(" + list + ")");
      }
      duckSeconds = (System.nanoTime() - t) / 1e9;
    }
    System.out.printf(Locale.ROOT, "snaplake load : %.2f s  %.1f MB/s%n", snaplakeSeconds, mb / snaplakeSeconds);
    System.out.printf(Locale.ROOT, "duckdb CTAS   : %.2f s  %.1f MB/s%n", duckSeconds, mb / duckSeconds);
    System.out.printf(Locale.ROOT, "ratio (snaplake / duckdb throughput): %.2f%n", duckSeconds / snaplakeSeconds);
  }

  private static void deleteRecursively(Path dir) throws java.io.IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var walk = Files.walk(dir)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
