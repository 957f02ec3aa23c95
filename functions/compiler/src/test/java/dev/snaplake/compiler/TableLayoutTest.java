package dev.snaplake.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snaplake.core.catalog.ManagedObject;
import dev.snaplake.core.catalog.Partitioning;
import dev.snaplake.core.naming.ObjectId;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PARTITION BY, CLUSTER BY and the owner comment: read from the header, checked, carried into the manifest. */
class TableLayoutTest {
  @TempDir Path dir;

  private static String table(String name, String layout, String query) {
    return "CREATE OR REPLACE TABLE mart." + name + "\n" + layout + "\nAS " + query;
  }

  private static List<String> lines(CompileResult r) {
    return r.diagnostics().stream().map(Diagnostic::format).toList();
  }

  @Test
  void everyPartitioningFormBigQueryAcceptsReachesTheManifest() {
    Assumptions.assumeTrue(TestProjects.zetaSqlAvailable(), "ZetaSQL unavailable");
    Map<String, String> files = new LinkedHashMap<>();
    files.put("mart/by_date.sql", table("by_date", "PARTITION BY birth_date CLUSTER BY country, id",
        "SELECT id, country, birth_date FROM raw.app__users"));
    files.put("mart/by_day.sql", table("by_day", "PARTITION BY DATE(created_at)", "SELECT id, created_at FROM raw.app__users"));
    files.put("mart/by_hour.sql", table("by_hour", "PARTITION BY timestamp_trunc(updated_at, hour)",
        "SELECT id, updated_at FROM raw.app__users"));
    files.put("mart/by_month.sql", table("by_month", "PARTITION BY DATETIME_TRUNC(created_at, MONTH)",
        "SELECT id, created_at FROM raw.app__users"));
    files.put("mart/by_year.sql", table("by_year", "PARTITION BY DATE_TRUNC(expires_on, YEAR)",
        "SELECT id, expires_on FROM raw.app__cards"));
    files.put("mart/by_range.sql", table("by_range", "PARTITION BY RANGE_BUCKET(id, GENERATE_ARRAY(-1000, 1000000, 1000))",
        "SELECT id FROM raw.app__cards"));
    files.put("mart/renamed.sql",
        "CREATE TABLE mart.renamed (card INT64, day DATE) PARTITION BY day AS SELECT id, expires_on FROM raw.app__cards");
    CompileResult r = TestProjects.COMPILER.compile(TestProjects.project(dir, files), SchemaCheckTest.bucket());
    assertThat(r.ok()).as(r.report()).isTrue();
    assertThat(r.warnings()).extracting(Diagnostic::message).allSatisfy(m -> assertThat(m).contains("the list renames it"));
    Map<String, Optional<Partitioning>> partitions = new LinkedHashMap<>();
    r.manifest().objects().forEach(o -> partitions.put(o.id().name(), o.partitioning()));
    assertThat(partitions).containsExactlyInAnyOrderEntriesOf(Map.of(
        "by_date", Optional.of(new Partitioning("birth_date", "DAY", "birth_date")),
        "by_day", Optional.of(new Partitioning("created_at", "DAY", "DATE(created_at)")),
        "by_hour", Optional.of(new Partitioning("updated_at", "HOUR", "TIMESTAMP_TRUNC(updated_at, HOUR)")),
        "by_month", Optional.of(new Partitioning("created_at", "MONTH", "DATETIME_TRUNC(created_at, MONTH)")),
        "by_year", Optional.of(new Partitioning("expires_on", "YEAR", "DATE_TRUNC(expires_on, YEAR)")),
        "by_range", Optional.of(new Partitioning("id", "RANGE", "RANGE_BUCKET(id, GENERATE_ARRAY(-1000, 1000000, 1000))")),
        "renamed", Optional.of(new Partitioning("day", "DAY", "day"))));
    assertThat(r.manifest().object(ObjectId.parse("mart.by_date")).orElseThrow().clustering()).containsExactly("country", "id");
  }

  @Test
  void layoutMistakesAreLocatedAllInOneRun() {
    Assumptions.assumeTrue(TestProjects.zetaSqlAvailable(), "ZetaSQL unavailable");
    Map<String, String> files = new LinkedHashMap<>();
    files.put("mart/missing.sql", table("missing", "PARTITION BY signup_day", "SELECT id, birth_date FROM raw.app__users"));
    files.put("mart/wrong_type.sql", table("wrong_type", "PARTITION BY created_at", "SELECT id, created_at FROM raw.app__users"));
    files.put("mart/too_many.sql", table("too_many", "CLUSTER BY id, email, country, status, full_name",
        "SELECT id, email, country, status, full_name FROM raw.app__users"));
    files.put("mart/json_cluster.sql", table("json_cluster", "CLUSTER BY settings", "SELECT id, settings FROM raw.app__users"));
    files.put("mart/ingestion.sql", table("ingestion", "PARTITION BY _PARTITIONDATE", "SELECT id FROM raw.app__users"));
    files.put("mart/odd_form.sql", table("odd_form", "PARTITION BY UPPER(email)", "SELECT id, email FROM raw.app__users"));
    files.put("mart/day_trunc.sql", table("day_trunc", "PARTITION BY DATE_TRUNC(birth_date, DAY)",
        "SELECT id, birth_date FROM raw.app__users"));
    files.put("mart/huge_range.sql", table("huge_range", "PARTITION BY RANGE_BUCKET(id, GENERATE_ARRAY(0, 100000000, 1))",
        "SELECT id FROM raw.app__cards"));
    files.put("mart/twice.sql", table("twice", "PARTITION BY d PARTITION BY d", "SELECT CURRENT_DATE() AS d"));
    CompileResult r = TestProjects.COMPILER.compile(TestProjects.project(dir, files), SchemaCheckTest.bucket());
    assertThat(r.manifest()).isNull();
    assertThat(lines(r)).containsExactly(
        "sql/mart/day_trunc.sql:2:37: error: DATE_TRUNC partitions by MONTH, YEAR, not DAY"
            + " (hint: for days, partition by the DATE column itself)",
        "sql/mart/huge_range.sql:2:31: error: the range makes 100000000 partitions; BigQuery allows 10000 (hint: use a larger step)",
        "sql/mart/ingestion.sql:2:14: error: ingestion-time partitioning (_PARTITIONDATE) cannot be used for a model table"
            + " (hint: a model table is rebuilt from its query: partition by a DATE column, DATE(timestamp_or_datetime),"
            + " TIMESTAMP_TRUNC(ts, DAY), DATETIME_TRUNC(dt, MONTH), DATE_TRUNC(date, YEAR) or RANGE_BUCKET(int64,"
            + " GENERATE_ARRAY(0, 1000000, 1000)))",
        "sql/mart/json_cluster.sql:2:12: error: cannot cluster by settings: it is JSON (hint: clustering columns are top-level"
            + " INT64, STRING, DATE, DATETIME, TIMESTAMP, BOOL, NUMERIC, BIGNUMERIC, GEOGRAPHY or RANGE columns)",
        "sql/mart/missing.sql:2:14: error: partition column signup_day is not a column of the table"
            + " (hint: the table's columns: id, birth_date)",
        "sql/mart/odd_form.sql:2:14: error: PARTITION BY UPPER(email) is not a partitioning BigQuery accepts"
            + " (hint: partition by a DATE column, DATE(timestamp_or_datetime), TIMESTAMP_TRUNC(ts, DAY),"
            + " DATETIME_TRUNC(dt, MONTH), DATE_TRUNC(date, YEAR) or RANGE_BUCKET(int64, GENERATE_ARRAY(0, 1000000, 1000)))",
        "sql/mart/too_many.sql:2:40: error: more than 4 clustering columns"
            + " (hint: BigQuery clusters by at most 4 columns: keep the most selective ones)",
        "sql/mart/twice.sql:2:16: error: PARTITION BY is given twice (hint: give it once)",
        "sql/mart/wrong_type.sql:2:14: error: PARTITION BY created_at needs a DATE column, but created_at is DATETIME"
            + " (hint: write PARTITION BY DATE(created_at) or DATETIME_TRUNC(created_at, DAY|HOUR|MONTH|YEAR))");
  }

  @Test
  void withoutSchemasOnlyNamesAreChecked() {
    Path sql = TestProjects.project(dir, Map.of(
        "mart/t.sql", table("t", "PARTITION BY day CLUSTER BY id", "SELECT id, created_at FROM raw.app__users"),
        "mart/typed.sql", table("typed", "PARTITION BY created_at", "SELECT id, created_at FROM raw.app__users"),
        "mart/star.sql", table("star", "PARTITION BY anything", "SELECT * FROM raw.app__users")));
    for (Compiler compiler : List.of(TestProjects.COMPILER, TestProjects.FALLBACK)) {
      CompileResult r = compiler.compile(sql);
      // the SELECT list names id and created_at: day is missing; the type of created_at is not known
      assertThat(lines(r)).containsExactly("sql/mart/t.sql:2:14: error: partition column day is not a column of the table"
          + " (hint: the table's columns: id, created_at)");
      assertThat(r.skippedChecks()).anySatisfy(s -> assertThat(s).startsWith(
          "column and type checks, and partition and clustering column types ("));
    }
  }

  @Test
  void theOwnerComesFromACommentAndDoesNotChangeTheContentHash() {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("mart/a.sql", "-- Spend per user.\n-- owner: data-team@acme.com\nCREATE VIEW mart.a AS SELECT id FROM raw.app__users");
    files.put("mart/b.sql", "# Owner: alice@acme.com,bob@acme.com\nSELECT id FROM raw.app__users");
    files.put("mart/c.sql", "SELECT id FROM raw.app__users");
    CompileResult r = TestProjects.COMPILER.compile(TestProjects.project(dir, files));
    assertThat(r.ok()).as(r.report()).isTrue();
    Map<String, String> owners = new LinkedHashMap<>();
    r.manifest().objects().forEach(o -> owners.put(o.id().name(), o.owner()));
    assertThat(owners).containsExactly(Map.entry("a", "data-team@acme.com"), Map.entry("b", "alice@acme.com, bob@acme.com"),
        Map.entry("c", ""));
    // the same model without its owner: same content hash (no rebuild), another manifest hash
    files.put("mart/a.sql", "CREATE VIEW mart.a AS SELECT id FROM raw.app__users");
    CompileResult unowned = TestProjects.COMPILER.compile(TestProjects.project(dir.resolve("unowned"), files));
    ManagedObject a = r.manifest().object(ObjectId.parse("mart.a")).orElseThrow();
    ManagedObject a2 = unowned.manifest().object(ObjectId.parse("mart.a")).orElseThrow();
    assertThat(a2.owner()).isEmpty();
    assertThat(a.contentHash()).isEqualTo(a2.contentHash());
    assertThat(r.manifest().hash()).isNotEqualTo(unowned.manifest().hash());

    files.put("mart/c.sql", "-- owner: Data Team!\n-- owner: x@acme.com\nSELECT id FROM raw.app__users");
    assertThat(lines(TestProjects.COMPILER.compile(TestProjects.project(dir.resolve("bad"), files)))).containsExactly(
        "sql/mart/c.sql:1:11: error: owner 'Data Team!' is not an email or a name (hint: write e.g. -- owner:"
            + " data-team@acme.com (letters, digits, . _ % + @ -, comma separated, at most 256 characters))",
        "sql/mart/c.sql:2:1: error: owner is given twice (first: ) (hint: keep one -- owner: line)");
  }
}
