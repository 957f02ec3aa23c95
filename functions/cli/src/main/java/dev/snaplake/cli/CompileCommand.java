package dev.snaplake.cli;

import dev.snaplake.compiler.CompileResult;
import dev.snaplake.compiler.ManifestWriter;
import dev.snaplake.core.catalog.ManagedObject;
import dev.snaplake.core.catalog.ModelGraph;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "compile",
    mixinStandardHelpOptions = true,
    description = {
      "Compiles sql/ into manifest.json: every model with its inputs inferred from its SQL by",
      "ZetaSQL (BigQuery's own front end), its metadata and a content hash. Every error is",
      "reported with file:line:column, all in one run; the exit code is non-zero if there is any."
    },
    footer = {"", "Examples:", "  snaplake compile --sql sql --out target/manifest.json",
        "  snaplake compile --schemas .snaplake/demo/bucket/rds/app-prod   (check columns and types against an export)"})
final class CompileCommand implements Callable<Integer> {
  @Option(names = "--sql", paramLabel = "DIR", description = "The SQL models folder. Default: sql/ of this snaplake.")
  Path sql;

  @Option(names = "--schemas", paramLabel = "FILE|EXPORT_DIR", description = {
      "Raw schemas to check every column and type against: a schema file (BigQuery's JSON schema",
      "per raw table) or a folder holding an RDS export (its export_tables_info). Without it,",
      "column and type checks are skipped, and the output says so."})
  Path schemas;

  @Option(names = "--out", paramLabel = "FILE", description = "Where to write manifest.json. Default: print a summary only.")
  Path out;

  @Override
  public Integer call() throws Exception {
    Path sqlDir = sql != null ? sql : SnaplakeCommand.home().resolve("sql");
    CompileResult result = ManifestSource.compile(sqlDir, schemas, System.err);
    result.skippedChecks().forEach(s -> System.err.println("skipped: " + s));
    if (!result.ok()) {
      System.err.println("compile failed: " + result.diagnostics().size() + " problem(s); no manifest written");
      return 1;
    }
    ModelGraph graph = ModelGraph.of(result.manifest());
    for (var id : graph.order()) {
      ManagedObject o = result.manifest().object(id).orElseThrow();
      System.out.printf("  %-34s %-5s <- %s%n", id, o.materialization().name().toLowerCase(java.util.Locale.ROOT),
          String.join(", ", o.inputs().stream().map(Object::toString).toList()));
    }
    System.out.printf("%d objects, manifest %s (analyzer: %s)%n", result.manifest().objects().size(), result.manifest().hash(), result.analyzer());
    if (out != null) {
      ManifestWriter.write(result.manifest(), out);
      System.out.println("wrote " + out);
    }
    return 0;
  }
}
