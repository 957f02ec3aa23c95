package dev.snaplake.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snaplake.core.catalog.ManagedObject;
import dev.snaplake.core.naming.ObjectId;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a query becomes a template: which paths are table references, and which alias they get. */
class TemplateTest {
  @TempDir Path dir;

  private ManagedObject compileOne(String query) {
    Path sql = TestProjects.project(dir, Map.of(
        "staging/users.sql", "SELECT id AS user_id FROM raw.app__users",
        "mart/m.sql", query));
    CompileResult r = TestProjects.COMPILER.compile(sql);
    assertThat(r.ok()).as(r.report()).isTrue();
    return r.manifest().object(ObjectId.parse("mart.m")).orElseThrow();
  }

  @Test
  void columnReferencesAreNotTables() {
    ManagedObject m = compileOne("SELECT u.id FROM raw.app__users u");
    assertThat(m.sql()).isEqualTo("SELECT u.id FROM {{raw raw.app__users}} u");
    assertThat(m.inputs()).containsExactly(ObjectId.parse("raw.app__users"));
  }

  @Test
  void aColumnPathStartingWithTheRawDatasetNameIsKept() {
    ManagedObject m = compileOne("SELECT raw.id FROM raw.app__users AS raw");
    assertThat(m.sql()).isEqualTo("SELECT raw.id FROM {{raw raw.app__users}} AS raw");
  }

  @Test
  void addsTheTableNameAsAliasWhenTheQueryGivesNone() {
    ManagedObject m = compileOne("SELECT app__users.id FROM raw.app__users WHERE app__users.id > 1");
    assertThat(m.sql()).isEqualTo("SELECT app__users.id FROM {{raw raw.app__users as app__users}} WHERE app__users.id > 1");
  }

  @Test
  void aliasRulesAtJoinsAndListEnds() {
    ManagedObject m = compileOne("""
        SELECT app__cards.id, m.name
        FROM raw.app__users
        JOIN raw.app__cards ON app__cards.user_id = app__users.id
        LEFT JOIN raw.app__merchants m ON TRUE,
        raw.app__balances
        """);
    assertThat(m.sql()).isEqualTo("""
        SELECT app__cards.id, m.name
        FROM {{raw raw.app__users as app__users}}
        JOIN {{raw raw.app__cards as app__cards}} ON app__cards.user_id = app__users.id
        LEFT JOIN {{raw raw.app__merchants}} m ON TRUE,
        {{raw raw.app__balances as app__balances}}""");
  }

  @Test
  void quotedPathsAreRecognised() {
    ManagedObject m = compileOne(
        "SELECT a.id FROM `raw.app__users` AS a JOIN `raw`.`app__cards` c ON c.user_id = a.id JOIN raw . app__merchants ON TRUE");
    assertThat(m.sql()).isEqualTo(
        "SELECT a.id FROM {{raw raw.app__users}} AS a JOIN {{raw raw.app__cards}} c ON c.user_id = a.id"
            + " JOIN {{raw raw.app__merchants as app__merchants}} ON TRUE");
  }

  @Test
  void stringsAndCommentsAreLeftAlone() {
    ManagedObject m = compileOne("""
        SELECT /* FROM raw.app__cards */ 'FROM raw.app__cards' AS s, -- FROM raw.app__cards
          "raw.app__cards" AS t, r'raw.app__cards' AS u
        FROM raw.app__users AS x""");
    assertThat(m.inputs()).containsExactly(ObjectId.parse("raw.app__users"));
    assertThat(m.sql()).contains("/* FROM raw.app__cards */ 'FROM raw.app__cards' AS s, -- FROM raw.app__cards")
        .contains("\"raw.app__cards\" AS t, r'raw.app__cards' AS u")
        .endsWith("FROM {{raw raw.app__users}} AS x");
  }

  @Test
  void cteNamesAreNotInputs() {
    ManagedObject m = compileOne("""
        WITH app__users AS (SELECT * FROM raw.app__users WHERE is_active),
             staged AS (SELECT * FROM staging.users)
        SELECT * FROM app__users JOIN staged ON staged.user_id = app__users.id""");
    assertThat(m.inputs()).containsExactly(ObjectId.parse("raw.app__users"), ObjectId.parse("staging.users"));
    assertThat(m.sql()).contains("FROM {{raw raw.app__users as app__users}} WHERE")
        .contains("FROM {{ref staging.users}})")
        .endsWith("SELECT * FROM app__users JOIN staged ON staged.user_id = app__users.id");
  }

  @Test
  void subqueriesCommaJoinsAndUnnest() {
    ManagedObject m = compileOne("""
        SELECT c.id, x
        FROM raw.app__cards c, UNNEST([1, 2]) AS x
        WHERE c.id IN (SELECT card_id FROM raw.app__transactions WHERE EXTRACT(YEAR FROM created_at) = 2026)
          AND c.user_id IS DISTINCT FROM (SELECT MAX(user_id) FROM staging.users)""");
    assertThat(m.inputs()).extracting(ObjectId::toString)
        .containsExactly("raw.app__cards", "raw.app__transactions", "staging.users");
    assertThat(m.sql()).contains("FROM {{raw raw.app__transactions as app__transactions}} WHERE EXTRACT(YEAR FROM created_at)")
        .contains("FROM {{ref staging.users}})");
  }

  @Test
  void tablesMaterializeAndBareQueriesAreViews() {
    Path sql = TestProjects.project(dir, Map.of(
        "staging/users.sql", "-- just a query\nSELECT id AS user_id FROM raw.app__users;\n",
        "mart/t.sql", """
            CREATE TABLE mart.t
            OPTIONS(description=\"\"\"A "table",
            on two lines\"\"\", labels=[("git","true")], friendly_name="T")
            AS SELECT user_id FROM staging.users;"""));
    CompileResult r = TestProjects.COMPILER.compile(sql);
    assertThat(r.ok()).as(r.report()).isTrue();
    ManagedObject users = r.manifest().object(ObjectId.parse("staging.users")).orElseThrow();
    assertThat(users.materialization()).isEqualTo(dev.snaplake.core.catalog.Materialization.VIEW);
    assertThat(users.description()).isEmpty();
    assertThat(users.labels()).isEmpty();
    assertThat(users.sql()).isEqualTo("SELECT id AS user_id FROM {{raw raw.app__users as app__users}}");
    ManagedObject t = r.manifest().object(ObjectId.parse("mart.t")).orElseThrow();
    assertThat(t.materialization()).isEqualTo(dev.snaplake.core.catalog.Materialization.TABLE);
    assertThat(t.description()).isEqualTo("A \"table\",\non two lines");
    assertThat(t.labels()).isEqualTo(Map.of("git", "true"));
    assertThat(t.sql()).isEqualTo("SELECT user_id FROM {{ref staging.users}}");
  }

  @Test
  void contentHashFollowsTheDefinition() {
    ManagedObject a = compileOne("SELECT u.id FROM raw.app__users u");
    ManagedObject b = compileOne("SELECT u.id FROM raw.app__users u");
    ManagedObject c = compileOne("SELECT u.id, 1 AS one FROM raw.app__users u");
    ManagedObject d = compileOne("CREATE VIEW mart.m OPTIONS(description='x') AS SELECT u.id FROM raw.app__users u");
    assertThat(a.contentHash()).isEqualTo(b.contentHash()).isNotEqualTo(c.contentHash()).isNotEqualTo(d.contentHash());
  }

  @Test
  void partitioningAndClusteringReachTheManifestAndUnknownOptionsAreWarnings() {
    Path sql = TestProjects.project(dir, Map.of("mart/t.sql", """
        CREATE OR REPLACE TABLE mart.t
        PARTITION BY d
        CLUSTER BY id
        OPTIONS(description="t", expiration_timestamp=TIMESTAMP "2030-01-01 00:00:00 UTC")
        AS SELECT id, CAST(created_at AS DATE) AS d FROM raw.app__users"""));
    CompileResult r = TestProjects.COMPILER.compile(sql);
    assertThat(r.ok()).as(r.report()).isTrue();
    assertThat(r.warnings()).extracting(Diagnostic::format).containsExactly(
        "sql/mart/t.sql:4:26: warning: option expiration_timestamp is not carried into the manifest: ignored"
            + " (hint: snaplake reads description, labels and friendly_name)");
    ManagedObject t = r.manifest().objects().get(0);
    assertThat(t.partitioning()).contains(new dev.snaplake.core.catalog.Partitioning("d", "DAY", "d"));
    assertThat(t.clustering()).containsExactly("id");
  }

  @Test
  void qualifyWithoutWhereIsAccepted() {
    ManagedObject m = compileOne("""
        SELECT id, email FROM raw.app__users
        QUALIFY ROW_NUMBER() OVER (PARTITION BY email ORDER BY id) = 1""");
    assertThat(m.sql()).startsWith("SELECT id, email FROM {{raw raw.app__users as app__users}}\nQUALIFY");
  }

  @Test
  void fallbackAndZetaSqlAgreeOnTrickyQueries() {
    org.junit.jupiter.api.Assumptions.assumeTrue(TestProjects.zetaSqlAvailable(), "ZetaSQL unavailable");
    TableNameExtractor zeta = ZetaSql.startup().extractor();
    TableNameExtractor fallback = new TokenExtractor();
    List<String> queries = List.of(
        "SELECT u.id FROM raw.app__users u",
        "SELECT * FROM raw.t t, t.arr, UNNEST(t.arr2) AS e WITH OFFSET o",
        "WITH a AS (SELECT * FROM raw.x), b AS (SELECT * FROM a) SELECT * FROM b JOIN raw.y USING (k)",
        "SELECT EXTRACT(YEAR FROM d), a IS DISTINCT FROM b FROM raw.t",
        "SELECT (SELECT COUNT(*) FROM raw.t2) AS n FROM raw.t WHERE EXISTS (SELECT 1 FROM staging.z)",
        "SELECT * FROM (raw.a JOIN raw.b USING (x)) LEFT OUTER JOIN raw.c ON TRUE",
        "SELECT * FROM `raw.a` CROSS JOIN `raw`.b, raw.c AS c",
        "SELECT * FROM raw.a UNION ALL SELECT * FROM raw.b ORDER BY 1 LIMIT 5",
        "CREATE OR REPLACE TABLE mart.t PARTITION BY d OPTIONS(description='FROM raw.nope') AS SELECT * FROM raw.t");
    for (String q : queries) {
      assertThat(names(fallback.extract(q))).as(q).isEqualTo(names(zeta.extract(q)));
    }
  }

  private static List<String> names(TableNameExtractor.Extraction x) {
    assertThat(x.error()).isNull();
    return x.names().stream().map(n -> String.join(".", n)).sorted().distinct().toList();
  }
}
