package dev.snaplake.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snaplake.core.catalog.ManagedObject;
import dev.snaplake.core.catalog.Manifest;
import dev.snaplake.core.catalog.ManifestCodec;
import dev.snaplake.core.catalog.OutputColumn;
import dev.snaplake.core.naming.ObjectId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Column and type checks with ZetaSQL's analyzer against raw schemas from an RDS export
 * (src/test/resources/exports/bucket: two real-shaped exports of the sample database, the second
 * with users.referral_code added) or from a schema file, in dependency order.
 */
class SchemaCheckTest {
  @TempDir Path dir;

  static Path bucket() {
    return TestProjects.resource("../exports/bucket");
  }

  @BeforeEach
  void needsZetaSql() {
    Assumptions.assumeTrue(TestProjects.zetaSqlAvailable(), "ZetaSQL unavailable");
  }

  private static List<String> lines(CompileResult r) {
    return r.diagnostics().stream().map(Diagnostic::format).toList();
  }

  private static List<String> schema(Manifest m, String id) {
    return m.object(ObjectId.parse(id)).orElseThrow().schema().stream().map(c -> c.name() + " " + c.type()).toList();
  }

  @Test
  void theSampleProjectChecksAgainstAnExportAndRecordsOutputSchemas() {
    CompileResult r = TestProjects.COMPILER.compile(TestProjects.sampleProject(), bucket());
    assertThat(r.ok()).as(r.report()).isTrue();
    assertThat(r.skippedChecks()).isEmpty();
    // audit_log was skipped by the export: the view reading it is said to be unchecked, not passed
    assertThat(lines(r)).containsExactly("sql/mart/user_audit_summary.sql:11:6: warning: not checked: raw.app__audit_log has"
        + " no schema: the export has it SKIPPED (Table was skipped: column name contains a space (`event type`))"
        + " (hint: its columns and types are checked once every input has a schema)");
    Manifest m = r.manifest();
    // natural types as the loader restores them: BIGINT UNSIGNED as NUMERIC, DATETIME as DATETIME
    assertThat(schema(m, "staging.users")).containsExactly("user_id NUMERIC", "email STRING", "full_name STRING",
        "country STRING", "birth_date DATE", "status STRING", "signup_date DATE", "created_at DATETIME");
    // a model's output feeds its dependents: user_spend reads card_spend, which reads two staging views
    assertThat(schema(m, "mart.user_spend")).containsExactly("user_id NUMERIC", "email STRING", "country STRING",
        "card_count INT64", "transaction_count INT64", "spend_eur NUMERIC");
    assertThat(schema(m, "mart.user_balances")).contains("ledger_amount BIGNUMERIC", "year_opened INT64");
    assertThat(schema(m, "mart.user_audit_summary")).isEmpty();
    // the content hash does not depend on whether schemas were given; the manifest hash does
    Manifest without = TestProjects.COMPILER.compile(TestProjects.sampleProject()).manifest();
    assertThat(m.objects()).extracting(ManagedObject::contentHash)
        .containsExactlyElementsOf(without.objects().stream().map(ManagedObject::contentHash).toList());
    assertThat(m.hash()).isNotEqualTo(without.hash());
    assertThat(ManifestCodec.fromJson(ManifestCodec.toJson(m))).isEqualTo(m);
  }

  @Test
  void everyRawTypeOfTheExportIsMappedAsTheLoaderMapsIt() {
    Path sql = TestProjects.project(dir, Map.of(
        "staging/u.sql", "SELECT * FROM raw.app__users",
        "staging/c.sql", "SELECT * FROM raw.app__cards",
        "staging/t.sql", "SELECT * FROM raw.app__transactions"));
    CompileResult r = TestProjects.COMPILER.compile(sql, bucket());
    assertThat(r.ok()).as(r.report()).isTrue();
    assertThat(schema(r.manifest(), "staging.u")).containsExactly("id NUMERIC", "email STRING", "full_name STRING",
        "country STRING", "birth_date DATE", "is_active BOOL", "status STRING", "settings JSON", "created_at DATETIME",
        "updated_at TIMESTAMP", "referral_code STRING");
    assertThat(schema(r.manifest(), "staging.c")).contains("id INT64", "daily_limit NUMERIC", "flags BYTES");
    assertThat(schema(r.manifest(), "staging.t")).contains("local_time TIME", "fingerprint BYTES", "fx_rate NUMERIC");
  }

  @Test
  void theLatestExportOfATableWins() {
    Path sql = TestProjects.project(dir, Map.of("mart/r.sql", "SELECT id, referral_code FROM raw.app__users"));
    assertThat(TestProjects.COMPILER.compile(sql, bucket()).ok()).isTrue();
    CompileResult older = TestProjects.COMPILER.compile(sql, bucket().resolve("rds/app-prod/snaplake-app-2026-11-24"));
    assertThat(lines(older)).singleElement().asString()
        .startsWith("sql/mart/r.sql:1:12: error: Unrecognized name: referral_code (hint: the inputs' columns: raw.app__users(id,");
  }

  @Test
  void columnAndTypeErrorsAreLocatedAllInOneRun() {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("staging/users.sql", """
        -- users
        CREATE OR REPLACE VIEW {{ params.dataset_name }}.{{ params.table_name }} AS
        SELECT id AS user_id, emial FROM raw.app__users""");
    files.put("mart/reads_broken.sql", "SELECT user_id FROM staging.users");
    files.put("mart/type_error.sql", "SELECT id,\n  email + 1 AS e\nFROM raw.app__users");
    files.put("mart/unnamed.sql", "SELECT id, UPPER(email)\nFROM raw.app__users");
    files.put("mart/duplicate.sql", "SELECT id, email, email AS EMAIL FROM raw.app__users");
    files.put("mart/nowhere.sql", "SELECT id FROM raw.app__userz");
    files.put("mart/star_list.sql", "CREATE VIEW mart.star_list (a, b) AS SELECT * FROM raw.app__cards");
    files.put("mart/fine.sql", "SELECT id, email FROM raw.app__users\nQUALIFY ROW_NUMBER() OVER (PARTITION BY email ORDER BY id) = 1");
    files.put("mart/reads_fine.sql", "SELECT f.email, COUNT(*) AS n FROM mart.fine AS f GROUP BY f.email");
    CompileResult r = TestProjects.COMPILER.compile(TestProjects.project(dir, files), bucket());
    assertThat(r.ok()).isFalse();
    assertThat(r.manifest()).isNull();
    assertThat(lines(r)).containsExactly(
        "sql/mart/duplicate.sql:1:19: error: duplicate column name EMAIL in the query's output (hint: BigQuery refuses"
            + " duplicate column names (they are case-insensitive): rename one with AS)",
        "sql/mart/nowhere.sql:1:16: error: unknown table 'raw.app__userz': the raw schemas (" + bucket()
            + ") have no such table (hint: did you mean raw.app__users? raw tables are <database>__<table> as the loader names them)",
        "sql/mart/reads_broken.sql:1:21: warning: not checked: upstream staging.users has errors (hint: fix staging.users"
            + " first; this model's columns and types are checked then)",
        "sql/mart/star_list.sql:1:28: error: the column list names 2 columns but the query returns 8 (hint: a column list is"
            + " positional: list every column of the query, in order (id, user_id, last4, brand, expires_on, daily_limit,"
            + " issued_at, flags))",
        "sql/mart/type_error.sql:2:3: error: No matching signature for operator + for argument types STRING, INT64 (hint: it"
            + " takes INT64 + INT64 or FLOAT64 + FLOAT64 or NUMERIC + NUMERIC or BIGNUMERIC + BIGNUMERIC or …; cast the argument)",
        "sql/mart/unnamed.sql:1:12: error: column 2 of the query has no name (hint: BigQuery needs every column of a view"
            + " named: add AS <name>)",
        "sql/staging/users.sql:3:23: error: Unrecognized name: emial; Did you mean email? (hint: the inputs' columns:"
            + " raw.app__users(id, email, full_name, country, birth_date, is_active, status, settings, created_at,"
            + " updated_at, referral_code))");
  }

  @Test
  void aSchemaFileDescribesNestedAndRepeatedColumns() throws Exception {
    Path schemas = dir.resolve("schemas.json");
    Files.writeString(schemas, """
        {"tables": {
          "raw.app__users": [
            {"name": "id", "type": "INTEGER", "mode": "REQUIRED", "description": "as bq show --schema writes it"},
            {"name": "score", "type": "FLOAT"},
            {"name": "name", "type": "STRING(100)"},
            {"name": "tags", "type": "ARRAY<STRING>"},
            {"name": "addresses", "type": "RECORD", "mode": "REPEATED",
             "fields": [{"name": "city", "type": "STRING"}, {"name": "zip", "type": "STRING"}]},
            {"name": "balance", "type": "NUMERIC(20, 2)"},
            {"name": "meta", "type": "STRUCT<source STRING, seen ARRAY<TIMESTAMP>>"}
          ]
        }}
        """);
    Path sql = TestProjects.project(dir, Map.of("staging/u.sql", """
        SELECT u.id, u.score, u.tags, u.addresses, a.city, u.meta.seen, u.balance * 2 AS doubled
        FROM raw.app__users AS u, UNNEST(u.addresses) AS a"""));
    CompileResult r = TestProjects.COMPILER.compile(sql, schemas);
    assertThat(r.ok()).as(r.report()).isTrue();
    assertThat(r.manifest().objects().get(0).schema()).containsExactly(
        new OutputColumn("id", "INT64"), new OutputColumn("score", "FLOAT64"), new OutputColumn("tags", "ARRAY<STRING>"),
        new OutputColumn("addresses", "ARRAY<STRUCT<city STRING, zip STRING>>"), new OutputColumn("city", "STRING"),
        new OutputColumn("seen", "ARRAY<TIMESTAMP>"), new OutputColumn("doubled", "NUMERIC"));
    // a schema file lists every raw table: one missing from it exists nowhere
    Path other = TestProjects.project(dir.resolve("other"), Map.of("staging/c.sql", "SELECT id FROM raw.app__cards"));
    assertThat(lines(TestProjects.COMPILER.compile(other, schemas))).singleElement().asString()
        .startsWith("sql/staging/c.sql:1:16: error: unknown table 'raw.app__cards': the raw schemas (" + schemas + ") have no such table");
  }

  @Test
  void schemaFileMistakesAreLocatedInTheSchemaFile() throws Exception {
    Path schemas = dir.resolve("schemas.json");
    Files.writeString(schemas, """
        {"tables": {
          "raw.app__users": [
            {"name": "id", "type": "VARCHAR"},
            {"name": "ID", "type": "INT64"},
            {"name": "tags", "type": "STRING", "mode": "LIST"}
          ],
          "app.users": [{"name": "id", "type": "INT64"}],
          "raw.app__cards": []
        }}
        """);
    Path sql = TestProjects.project(dir, Map.of("staging/u.sql", "SELECT id FROM raw.app__users"));
    CompileResult r = TestProjects.COMPILER.compile(sql, schemas);
    String s = schemas.toString();
    assertThat(lines(r)).containsExactly(
        s + ":3:26: error: 'VARCHAR' is not a BigQuery type: unknown type VARCHAR (hint: e.g. INT64, STRING, NUMERIC,"
            + " TIMESTAMP, ARRAY<STRING>, STRUCT<a INT64, b STRING>)",
        s + ":4:12: error: column ID is listed twice (hint: column names are case-insensitive: list each once)",
        s + ":5:46: error: mode 'LIST' is not NULLABLE, REQUIRED or REPEATED (hint: drop it or use one of those)",
        s + ":7:14: error: table 'app.users' is not named raw.<table> (hint: name raw tables as models read them, e.g. raw.app__users)",
        s + ":8:19: error: the columns of raw.app__cards must be a non-empty list"
            + " (hint: [{\"name\": \"id\", \"type\": \"INT64\"}, …])");
    assertThat(r.skippedChecks()).singleElement().asString().endsWith("(the raw schemas could not be read)");
    Files.writeString(schemas, "{\"tables\": {\n  \"raw.app__users\": [\n}");
    assertThat(lines(TestProjects.COMPILER.compile(sql, schemas))).singleElement().asString()
        .isEqualTo(s + ":3:1: error: the schema file is not valid JSON: Expected value (hint: fix the JSON syntax)");
  }

  @Test
  void anExportCoversOnlyItsOwnDatabases() throws Exception {
    Path sql = TestProjects.project(dir, Map.of(
        "staging/invoices.sql", "SELECT id FROM raw.billing__invoices",
        "staging/nope.sql", "SELECT id FROM raw.app__nope"));
    CompileResult r = TestProjects.COMPILER.compile(sql, bucket());
    assertThat(lines(r)).containsExactly(
        "sql/staging/invoices.sql:1:16: warning: raw table raw.billing__invoices does not belong to any source in"
            + " snaplake.json (hint: raw tables are named <database>__<table> (MySQL) or <database>__<schema>__<table>"
            + " (PostgreSQL); databases: app)",
        "sql/staging/invoices.sql:1:16: warning: not checked: the raw schemas (" + bucket() + ") do not cover"
            + " raw.billing__invoices (hint: its columns and types are checked once every input has a schema)",
        "sql/staging/nope.sql:1:16: error: unknown table 'raw.app__nope': the raw schemas (" + bucket()
            + ") have no such table (hint: raw tables are <database>__<table> as the loader names them)");
    Path empty = Files.createDirectories(dir.resolve("empty"));
    assertThat(lines(TestProjects.COMPILER.compile(sql, empty))).first().asString()
        .startsWith(empty + ":1:1: error: no export_tables_info_*.json under " + empty);
  }

  @Test
  void withoutSchemasOrWithoutZetaSqlTheChecksAreSkippedNotPassed() {
    CompileResult noSchemas = TestProjects.COMPILER.compile(TestProjects.sampleProject());
    assertThat(noSchemas.skippedChecks()).containsExactly(
        "column and type checks, and partition and clustering column types (no raw schemas: pass --schemas FILE|EXPORT_DIR)");
    assertThat(noSchemas.manifest().objects()).allSatisfy(o -> assertThat(o.schema()).isEmpty());
    CompileResult fallback = TestProjects.FALLBACK.compile(TestProjects.sampleProject(), bucket());
    assertThat(fallback.ok()).isTrue();
    assertThat(fallback.skippedChecks()).contains(
        "column and type checks, and partition and clustering column types (ZetaSQL unavailable: not requested)");
    assertThat(fallback.manifest().objects()).allSatisfy(o -> assertThat(o.schema()).isEmpty());
  }
}
