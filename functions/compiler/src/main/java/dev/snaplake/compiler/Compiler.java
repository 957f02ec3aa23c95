package dev.snaplake.compiler;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Compiles {@code sql/} into a {@link dev.snaplake.core.catalog.Manifest}: every managed object,
 * its SQL as a {@link dev.snaplake.core.catalog.SqlTemplate}, the inputs inferred from that SQL,
 * its metadata and content hashes.
 *
 * <h2>Model files</h2>
 *
 * <p>{@code sql/snaplake.json} is the project configuration ({@link ProjectConfig}). Every other
 * object is one file, {@code sql/<dataset>/<name>.sql}: dataset and name come from the path (valid
 * BigQuery identifiers; the dataset must be one of {@code managedDatasets}). The file is plain
 * BigQuery DDL that runs pasted into the console:
 *
 * <pre>
 * CREATE OR REPLACE VIEW mart.user_spend
 *   (spend_eur OPTIONS(description = "Settled spend in EUR"))      -- optional column descriptions
 *   OPTIONS(description = "Spend per user", labels = [("team", "data")])
 * AS
 * SELECT … FROM raw.app__users JOIN staging.cards USING (…)
 * </pre>
 *
 * <ul>
 *   <li>{@code VIEW} or {@code TABLE} gives the materialization; {@code CREATE VIEW}/{@code CREATE
 *       TABLE} without {@code OR REPLACE} are accepted. A table may have {@code PARTITION BY} /
 *       {@code CLUSTER BY} ({@link TableLayout}).
 *   <li>A comment line {@code -- owner: team@acme.com} before the statement names its owner.
 *   <li>The name is a literal {@code dataset.name} that must match the path, or Airflow-style
 *       {@code {{ params.dataset_name }}.{{ params.table_name }}}. {@code {{ params.X }}} is
 *       rendered anywhere in the file from the path ({@code dataset_name}, {@code table_name}) and
 *       then {@code params} of snaplake.json; nothing else of Jinja is supported.
 *   <li>OPTIONS: {@code description} (≤ 16,384 characters), {@code labels} (keys and values:
 *       lowercase letters, digits, {@code _}, {@code -}, ≤ 63 characters; a key starts with a
 *       letter), {@code friendly_name} (ignored); anything else is ignored with a warning.
 *   <li>A file that is only a query ({@code SELECT …}/{@code WITH …}) is a view without metadata.
 *   <li>The query reads raw tables as {@code <rawDataset>.<table>} and other models as
 *       {@code <dataset>.<name>}, never with a project id (the compiler qualifies references per
 *       environment). Inputs are inferred from the SQL.
 * </ul>
 *
 * <p>Every problem is reported with its file, line and column in one run. SQL is checked with
 * ZetaSQL (started once per JVM, ≈ 1–2 s); when its native library cannot load, a pure-Java
 * extractor infers the inputs and {@link CompileResult#skippedChecks()} says that syntax
 * validation was skipped. Given the raw schemas ({@link #compile(Path, Path)}), ZetaSQL's analyzer
 * checks every model's columns and types in dependency order and records its output schema;
 * without them, or without ZetaSQL, the skipped checks say so. docs/MODELS.md is the reference.
 */
public final class Compiler {
  private final boolean useZetaSql;

  /** A compiler that uses ZetaSQL (started lazily, on the first compile) when it can load. */
  public Compiler() {
    this(true);
  }

  private Compiler(boolean useZetaSql) {
    this.useZetaSql = useZetaSql;
  }

  /** A compiler that never starts ZetaSQL and uses the pure-Java extractor. */
  public static Compiler fallbackOnly() {
    return new Compiler(false);
  }

  /** How long ZetaSQL took to start in this JVM, if it has been started and is available. */
  public static Optional<Duration> zetaSqlStartupTime() {
    return ZetaSql.startupTime();
  }

  /**
   * Reads {@code sqlDir/snaplake.json} and every {@code sqlDir/<dataset>/<name>.sql}. Columns and
   * types are not checked: {@link CompileResult#skippedChecks()} says so.
   */
  public CompileResult compile(Path sqlDir) {
    return new Compilation(sqlDir, null, this::analyzer).run();
  }

  /**
   * Compiles and checks every model's columns and types against the raw schemas in
   * {@code schemas}: a schema file (JSON, docs/MODELS.md) or a folder holding RDS exports.
   */
  public CompileResult compile(Path sqlDir, Path schemas) {
    return new Compilation(sqlDir, java.util.Objects.requireNonNull(schemas, "schemas"), this::analyzer).run();
  }

  /**
   * The analyzer of a run: ZetaSQL's extractor and (started on first use) its type checker, or
   * the pure-Java extractor with the reason ZetaSQL is not used.
   */
  record Analyzer(TableNameExtractor extractor, String name, String zetaSqlFailure,
      Supplier<ZetaSql.Checker> typeChecker) {
    List<String> skippedChecks() {
      return zetaSqlFailure == null ? List.of() : List.of("syntax validation (ZetaSQL unavailable: " + zetaSqlFailure + ")");
    }
  }

  private Analyzer analyzer() {
    if (!useZetaSql) {
      return new Analyzer(new TokenExtractor(), CompileResult.FALLBACK, "not requested", () -> null);
    }
    ZetaSql.Startup s = ZetaSql.startup();
    if (s.available()) {
      return new Analyzer(s.extractor(), CompileResult.ZETASQL, null, ZetaSql::typeChecker);
    }
    return new Analyzer(new TokenExtractor(), CompileResult.FALLBACK, s.failure(), () -> null);
  }
}
