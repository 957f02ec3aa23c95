package dev.snaplake.cli;

import dev.snaplake.core.snapshot.Snapshot;
import dev.snaplake.local.sample.SampleExport;
import dev.snaplake.local.sample.SampleExportResult;
import dev.snaplake.local.sample.SampleExportSpec;
import dev.snaplake.local.sample.SampleTable;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "sample-export",
    mixinStandardHelpOptions = true,
    description = {
      "Writes one RDS snapshot export of a sample fintech database (users, cards, merchants,",
      "transactions, balances, ...) into a folder bucket, exactly as RDS writes it to S3: Parquet",
      "with RDS's MySQL type mapping, several batch folders, gaps in part numbers, _SUCCESS markers,",
      "export_info and a split export_tables_info, an empty table and a skipped one."
    },
    footer = {
      "",
      "Examples:",
      "  snaplake sample-export --out bucket --database app --snapshot 2026-11-24",
      "  snaplake sample-export --out bucket --database app --snapshot 2026-11-25 --schema-version 2",
      "  snaplake sample-export --out big --database app --snapshot 2026-11-24 --rows 20000000   (≈ GBs, for benchmarks)"
    })
final class SampleExportCommand implements Callable<Integer> {
  @Option(names = "--out", required = true, paramLabel = "DIR", description = "The folder bucket to write into.")
  Path out;

  @Option(names = "--database", required = true, paramLabel = "NAME", description = "The MySQL database name, e.g. app.")
  String database;

  @Option(names = "--snapshot", required = true, paramLabel = "DATE", description = "The snapshot date, e.g. 2026-11-24.")
  String snapshot;

  @Option(names = "--rows", defaultValue = "20000", paramLabel = "N", description = "Rows of the largest table (transactions). Default: ${DEFAULT-VALUE}.")
  long rows;

  @Option(names = "--seed", defaultValue = "42", paramLabel = "S", description = "Random seed; the same seed writes the same rows. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--prefix", paramLabel = "PREFIX", description = "The S3 prefix the export keeps in the bucket. Default: rds/<database>-prod.")
  String prefix;

  @Option(names = "--schema-version", defaultValue = "1", paramLabel = "V", description = "1: the base schema; 2: the later one (users.referral_code added, merchants changed). Default: ${DEFAULT-VALUE}.")
  int schemaVersion;

  @Override
  public Integer call() throws Exception {
    Snapshot s;
    try {
      s = Snapshot.parse(snapshot);
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage(), "pass --snapshot as YYYY-MM-DD");
    }
    if (!database.matches("[A-Za-z_][A-Za-z0-9_]{0,63}")) {
      throw new UserError("database name '" + database + "' is not a plain identifier", "use letters, digits and underscores, e.g. --database app");
    }
    if (rows < 0) {
      throw new UserError("--rows must be zero or more", "e.g. --rows 20000");
    }
    long start = System.nanoTime();
    SampleExportResult r = SampleExport.write(out, new SampleExportSpec(database, s.date(), rows, seed, prefix != null ? prefix : "rds/" + database + "-prod", schemaVersion));
    System.out.printf("Wrote export %s to %s (%d files, %,d bytes) in %s%n", r.exportId(), r.exportRoot(), r.fileCount(), r.totalBytes(),
        RunSummary.seconds((System.nanoTime() - start) / 1_000_000));
    for (SampleTable t : r.tables()) {
      System.out.printf("  %-22s %-9s %,10d rows  %d batches  %d files%n", t.target(), t.status(), t.rows(), t.batches(), t.files());
    }
    return 0;
  }
}
