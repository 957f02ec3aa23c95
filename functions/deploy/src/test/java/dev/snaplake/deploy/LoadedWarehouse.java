package dev.snaplake.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snaplake.core.event.Event;
import dev.snaplake.core.event.EventType;
import dev.snaplake.core.ingest.ExportIngestion;
import dev.snaplake.core.ingest.IngestOutcome;
import dev.snaplake.local.DuckDbWarehouse;
import dev.snaplake.local.FolderObjectStore;
import dev.snaplake.local.InProcessEventBus;
import dev.snaplake.local.sample.SampleExport;
import dev.snaplake.local.sample.SampleExportResult;
import dev.snaplake.local.sample.SampleExportSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

/**
 * The loader's part of the builder's end-to-end tests, done in the test's process: a sample
 * export in a folder bucket, loaded into a DuckDB file, with a stray view left in {@code mart}
 * for the builder to prune; the loader's events are kept for delivery to the builder.
 */
record LoadedWarehouse(Path bucket, Path duckdb, SampleExportResult export, List<Event> loaderEvents) {
  static LoadedWarehouse prepare(Path dir, LocalDate day, long rows, long seed) throws Exception {
    Path bucket = Files.createDirectories(dir.resolve("bucket"));
    Path duckdb = dir.resolve("warehouse.duckdb");
    SampleExportResult export = SampleExport.write(bucket, new SampleExportSpec("app", day, rows, seed, "rds/app-prod", 1));
    InProcessEventBus loaderBus = new InProcessEventBus();
    try (DuckDbWarehouse w = DuckDbWarehouse.open(duckdb)) {
      ExportIngestion ingestion = new ExportIngestion(new FolderObjectStore(bucket), w, loaderBus,
          new ExportIngestion.Settings("raw", Duration.ofMinutes(10), "test-loader"), Clock.systemUTC());
      assertThat(ingestion.ingest(export.exportRootKey(), export.exportId())).isInstanceOf(IngestOutcome.Loaded.class);
      w.execute("CREATE SCHEMA IF NOT EXISTS mart");
      w.execute("CREATE VIEW mart.stray AS SELECT 42 AS answer");
    }
    List<Event> events = loaderBus.published();
    assertThat(events).extracting(Event::type).contains(EventType.TABLE_LOADED, EventType.EXPORT_LOADED);
    return new LoadedWarehouse(bucket, duckdb, export, events);
  }
}
