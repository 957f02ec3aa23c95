package dev.snaplake.bench;

import dev.snaplake.core.export.ExportObjectKey;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The in-process cost of classifying one object event's key, the first thing the loader does for
 * every object (a data file before the metadata costs this plus one stat).
 *
 * <pre>
 * java -cp "functions/bench/target/snaplake-bench-0.1.0-SNAPSHOT.jar:functions/bench/target/lib/*" \
 *     org.openjdk.jmh.Main ObjectKeyBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class ObjectKeyBenchmark {
  String dataKey = "rds/app-prod/snaplake-app-2026-11-24/app/app.transactions/2/part-00003-5f1c2a9e-8a4b-3c1d-9e2f-0a1b2c3d4e5f.gz.parquet";
  String infoKey = "rds/app-prod/snaplake-app-2026-11-24/export_tables_info_snaplake-app-2026-11-24_from_0_to_3.json";

  @Benchmark
  public ExportObjectKey parseDataFile() {
    return ExportObjectKey.parse(dataKey);
  }

  @Benchmark
  public ExportObjectKey parseTablesInfo() {
    return ExportObjectKey.parse(infoKey);
  }
}
