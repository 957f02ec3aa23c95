package dev.snaplake.bench;

import dev.snaplake.core.testing.InMemoryObjectStore;

import dev.snaplake.core.event.Event;
import dev.snaplake.core.ingest.ExportIngestion;
import dev.snaplake.core.ingest.IngestOutcome;
import dev.snaplake.core.port.EventBus;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The loader's in-process cost for one object event that is not the inventory, from the key to the
 * outcome (an in-memory bucket; the handler does no I/O for these anyway): a data file before any
 * metadata has arrived, and the export_info file. SampleTime mode gives p50 and p99.
 *
 * <pre>
 * java -cp "functions/bench/target/snaplake-bench-0.1.0-SNAPSHOT.jar:functions/bench/target/lib/*" \
 *     org.openjdk.jmh.Main EventOverheadBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class EventOverheadBenchmark {
  ExportIngestion ingestion;
  String dataKey;
  String infoKey;

  @Setup
  public void setUp() {
    SyntheticExport export = SyntheticExport.of(50, 100);
    InMemoryObjectStore bucket = new InMemoryObjectStore();
    // Only data files so far: the metadata has not arrived.
    export.objects().forEach((k, v) -> {
      if (k.endsWith(".parquet")) {
        bucket.write(k, v);
      }
    });
    List<String> data = export.objects().keySet().stream().filter(k -> k.endsWith(".parquet")).toList();
    dataKey = data.get(data.size() / 2);
    infoKey = export.root() + "/export_info_" + export.exportId() + ".json";
    EventBus quiet = new EventBus() {
      @Override public void publish(Event event) {}
      @Override public void subscribe(Consumer<Event> handler) {}
    };
    ingestion = new ExportIngestion(bucket, new CountingWarehouse(), quiet,
        new ExportIngestion.Settings("raw", Duration.ofMinutes(10), "bench"), Clock.systemUTC());
  }

  @Benchmark
  public IngestOutcome dataFileBeforeMetadata() {
    return ingestion.onObject(dataKey);
  }

  @Benchmark
  public IngestOutcome exportInfo() {
    return ingestion.onObject(infoKey);
  }
}
