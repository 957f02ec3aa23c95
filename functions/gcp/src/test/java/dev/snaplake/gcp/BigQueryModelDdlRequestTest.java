package dev.snaplake.gcp;

import static dev.snaplake.gcp.FakeBigQueryServer.PROJECT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.snaplake.core.catalog.ManagedObject;
import dev.snaplake.core.catalog.Materialization;
import dev.snaplake.core.catalog.OutputColumn;
import dev.snaplake.core.catalog.Partitioning;
import dev.snaplake.core.naming.ObjectId;
import dev.snaplake.core.port.ModelBuild;
import dev.snaplake.core.snapshot.Snapshot;
import dev.snaplake.gcp.RecordingHttpServer.Response;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/**
 * A model's DDL carries everything its manifest entry says — column list with descriptions,
 * partitioning, clustering, owner — and the column descriptions it cannot carry come in one
 * tables.patch: the JSON the real client sends to {@link FakeBigQueryServer}.
 */
class BigQueryModelDdlRequestTest extends FakeBigQueryTest {
  static final Snapshot S = Snapshot.parse("2026-11-24");
  static final ObjectId SPEND = new ObjectId("mart", "card_spend");
  static final ObjectId USERS = new ObjectId("mart", "users");
  static final String LABELS = "labels=[(\"content-hash\", \"c0ffee1234\"), (\"git\", \"true\"),"
      + " (\"managed-by\", \"snaplake\"), (\"manifest\", \"abcdef0123456789\"), (\"owner\", \"data-team_acme_com\"),"
      + " (\"snapshot\", \"20261124\")]";

  static ManagedObject object(ObjectId id, Materialization m, String sql, Map<String, String> columnDescriptions,
      Optional<Partitioning> partitioning, List<String> clustering, List<OutputColumn> schema) {
    return new ManagedObject(id, m, sql, List.of(new ObjectId("staging", "transactions")), "Settled spend per card.",
        Map.of(), columnDescriptions, "sql/" + id.dataset() + "/" + id.name() + ".sql", "c0ffee1234",
        "Data-Team@acme.com", partitioning, clustering, schema);
  }

  static final String SPEND_SQL = "SELECT card_id, SUM(amount_eur) AS spend_eur, MIN(day) AS first_day\n"
      + "FROM {{ref staging.transactions}}\nGROUP BY card_id\n";
  static final List<OutputColumn> SPEND_SCHEMA = List.of(new OutputColumn("card_id", "INT64"),
      new OutputColumn("spend_eur", "NUMERIC"), new OutputColumn("first_day", "DATE"),
      new OutputColumn("merchants", "ARRAY<STRUCT<id INT64, name STRING>>"));

  static ManagedObject spend(Map<String, String> descriptions, List<OutputColumn> schema) {
    return object(SPEND, Materialization.TABLE, SPEND_SQL, descriptions,
        Optional.of(new Partitioning("first_day", "MONTH", "DATE_TRUNC(first_day, MONTH)")),
        List.of("card_id", "first_day"), schema);
  }

  static final String VIEW_SQL = "SELECT id, plan\nFROM {{ref staging.transactions}}\n";

  static ManagedObject usersView(Map<String, String> descriptions, List<OutputColumn> schema) {
    return object(USERS, Materialization.VIEW, VIEW_SQL, descriptions, Optional.empty(), List.of(), schema);
  }

  static ModelBuild build(ManagedObject o) {
    return new ModelBuild(o, S, "abcdef0123456789abcdef0123456789", Map.of("managed-by", "snaplake", "git", "true",
        "snapshot", "20261124", "manifest", "abcdef0123456789", "content-hash", o.contentHash()));
  }

  static String sql(JsonObject insert) {
    return insert.getAsJsonObject("configuration").getAsJsonObject("query").get("query").getAsString();
  }

  static String jobId(JsonObject insert) {
    return insert.getAsJsonObject("jobReference").get("jobId").getAsString();
  }

  /** Each request as {@code METHOD path}, a patch shown as PATCH whatever the transport sent. */
  List<String> calls() {
    return server.requests().stream()
        .map(r -> (FakeBigQueryServer.isPatch(r) ? "PATCH" : r.method()) + " "
            + r.rawPath().replace("/bigquery/v2/projects/" + PROJECT, ""))
        .toList();
  }

  @Test
  void aPartitionedClusteredTableDeclaresItsColumnsWithTheirDescriptions() {
    warehouse.rebuild(build(spend(
        Map.of("spend_eur", "Sum of amount_eur, \"settled\" only", "FIRST_DAY", "First day with spend"),
        SPEND_SCHEMA)));

    assertThat(server.queryInserts()).hasSize(1);
    assertThat(sql(server.queryInserts().get(0))).isEqualTo(
        "CREATE OR REPLACE TABLE `snaplake-test.mart.card_spend` (\n"
            + "  `card_id` INT64,\n"
            + "  `spend_eur` NUMERIC OPTIONS(description=\"Sum of amount_eur, \\\"settled\\\" only\"),\n"
            + "  `first_day` DATE OPTIONS(description=\"First day with spend\"),\n"
            + "  `merchants` ARRAY<STRUCT<`id` INT64, `name` STRING>>\n"
            + ")\n"
            + "PARTITION BY DATE_TRUNC(`first_day`, MONTH)\n"
            + "CLUSTER BY `card_id`, `first_day`\n"
            + "OPTIONS(\n"
            + "  description=\"Settled spend per card.\",\n"
            + "  " + LABELS + "\n"
            + ")\n"
            + "AS\n"
            + "SELECT card_id, SUM(amount_eur) AS spend_eur, MIN(day) AS first_day\n"
            + "FROM `snaplake-test.staging.transactions`\n"
            + "GROUP BY card_id");
    assertThat(calls()).containsExactly("POST /jobs"); // one metadata update, nothing after it
  }

  @Test
  void aViewNamesEveryColumnInOrderWithTheDescriptions() {
    warehouse.rebuild(build(usersView(Map.of("plan", "The plan\nat the snapshot"),
        List.of(new OutputColumn("id", "INT64"), new OutputColumn("plan", "STRING")))));

    assertThat(sql(server.queryInserts().get(0))).isEqualTo(
        "CREATE OR REPLACE VIEW `snaplake-test.mart.users` (\n"
            + "  `id`,\n"
            + "  `plan` OPTIONS(description=\"The plan\\nat the snapshot\")\n"
            + ")\n"
            + "OPTIONS(\n"
            + "  description=\"Settled spend per card.\",\n"
            + "  " + LABELS + "\n"
            + ")\n"
            + "AS\n"
            + "SELECT id, plan\n"
            + "FROM `snaplake-test.staging.transactions`");
    assertThat(calls()).containsExactly("POST /jobs");
  }

  /** As BigQuery creates the view: its schema from the query, no descriptions, the DDL's labels. */
  void viewAppearsOnInsert() {
    server.onJobInsert(r -> {
      if (server.jobs.containsKey(jobId(r.json()))) {
        return null; // a duplicate: BigQuery answers "already exists" and changes nothing
      }
      JsonObject t = new JsonObject();
      JsonObject ref = new JsonObject();
      ref.addProperty("projectId", PROJECT);
      ref.addProperty("datasetId", "mart");
      ref.addProperty("tableId", "users");
      t.add("tableReference", ref);
      t.addProperty("type", "VIEW");
      JsonObject view = new JsonObject();
      view.addProperty("query", "SELECT id, plan FROM `snaplake-test.staging.transactions`");
      view.addProperty("useLegacySql", false);
      t.add("view", view);
      JsonArray fields = new JsonArray();
      for (String[] f : new String[][] {{"id", "INTEGER"}, {"plan", "STRING"}}) {
        JsonObject field = new JsonObject();
        field.addProperty("name", f[0]);
        field.addProperty("type", f[1]);
        field.addProperty("mode", "NULLABLE");
        fields.add(field);
      }
      JsonObject schema = new JsonObject();
      schema.add("fields", fields);
      t.add("schema", schema);
      JsonObject labels = new JsonObject();
      labels.addProperty("snapshot", "20261124");
      labels.addProperty("managed-by", "snaplake");
      t.add("labels", labels);
      server.tables.put("mart.users", t);
      return null;
    });
  }

  @Test
  void withoutASchemaTheDescriptionsComeInOnePatchAfterTheDdl() {
    viewAppearsOnInsert();
    ManagedObject view = usersView(Map.of("PLAN", "The plan at the snapshot"), List.of());

    warehouse.rebuild(build(view));

    assertThat(calls()).containsExactly("POST /jobs", "GET /datasets/mart/tables/users",
        "PATCH /datasets/mart/tables/users");
    // The DDL has no column list and no content hash: the patch sets both, so a failure between
    // them leaves an object the next event rebuilds.
    assertThat(sql(server.queryInserts().get(0))).isEqualTo(
        "CREATE OR REPLACE VIEW `snaplake-test.mart.users`\n"
            + "OPTIONS(\n"
            + "  description=\"Settled spend per card.\",\n"
            + "  " + LABELS.replace("(\"content-hash\", \"c0ffee1234\"), ", "") + "\n"
            + ")\n"
            + "AS\n"
            + "SELECT id, plan\n"
            + "FROM `snaplake-test.staging.transactions`");
    JsonObject patch = server.patches().get(0).json();
    assertThat(patch.keySet()).containsExactlyInAnyOrder("tableReference", "view", "schema", "labels");
    assertThat(patch.getAsJsonObject("schema").getAsJsonArray("fields").toString()).isEqualTo(
        "[{\"mode\":\"NULLABLE\",\"name\":\"id\",\"type\":\"INTEGER\"},"
            + "{\"description\":\"The plan at the snapshot\",\"mode\":\"NULLABLE\",\"name\":\"plan\",\"type\":\"STRING\"}]");
    assertThat(patch.getAsJsonObject("labels").toString()).isEqualTo("{\"content-hash\":\"c0ffee1234\"}");
    // The view's own query and dialect, as BigQuery reported them: only the schema changes.
    assertThat(patch.getAsJsonObject("view").toString())
        .isEqualTo("{\"query\":\"SELECT id, plan FROM `snaplake-test.staging.transactions`\",\"useLegacySql\":false}");
    assertThat(server.labels("mart", "users")).containsEntry("content-hash", "c0ffee1234")
        .containsEntry("snapshot", "20261124");

    // A duplicate event: the DDL job exists, the view carries it all — no update at all.
    server.clearRequests();
    warehouse.rebuild(build(view));
    assertThat(server.patches()).isEmpty();
    assertThat(server.queryInserts()).extracting(BigQueryModelDdlRequestTest::jobId).hasSize(1);
  }

  @Test
  void aTableWithoutASchemaGetsItsDescriptionsByOnePatchOfItsSchemaOnly() {
    server.onJobInsert(r -> {
      server.table("mart", "card_spend", List.of("card_id:INTEGER", "spend_eur:NUMERIC", "first_day:DATE"),
          Map.of("snapshot", "20261124"));
      return null;
    });
    warehouse.rebuild(build(spend(Map.of("spend_eur", "Sum of amount_eur"), List.of())));

    assertThat(calls()).containsExactly("POST /jobs", "GET /datasets/mart/tables/card_spend",
        "PATCH /datasets/mart/tables/card_spend");
    assertThat(sql(server.queryInserts().get(0)))
        .startsWith("CREATE OR REPLACE TABLE `snaplake-test.mart.card_spend`\nPARTITION BY DATE_TRUNC(`first_day`, MONTH)\n");
    JsonObject patch = server.patches().get(0).json();
    // No partitioning, clustering or options in the body: a patch changes only what it sends.
    assertThat(patch.keySet()).containsExactlyInAnyOrder("tableReference", "schema", "labels");
    assertThat(patch.getAsJsonObject("schema").getAsJsonArray("fields").toString()).isEqualTo(
        "[{\"mode\":\"NULLABLE\",\"name\":\"card_id\",\"type\":\"INTEGER\"},"
            + "{\"description\":\"Sum of amount_eur\",\"mode\":\"NULLABLE\",\"name\":\"spend_eur\",\"type\":\"NUMERIC\"},"
            + "{\"mode\":\"NULLABLE\",\"name\":\"first_day\",\"type\":\"DATE\"}]");
    assertThat(patch.getAsJsonObject("labels").toString()).isEqualTo("{\"content-hash\":\"c0ffee1234\"}");
  }

  @Test
  void aDescriptionPatchHitByTheTableUpdateRateLimitIsRetried() {
    viewAppearsOnInsert();
    AtomicInteger patches = new AtomicInteger();
    server.intercept(r -> FakeBigQueryServer.isPatch(r) && patches.getAndIncrement() == 0
        ? Response.error(403, "rateLimitExceeded",
            "Exceeded rate limits: too many table update operations for this table.")
        : null);

    warehouse.rebuild(build(usersView(Map.of("plan", "The plan"), List.of())));

    assertThat(server.patches()).hasSize(2);
    assertThat(sleeps).hasSize(1);
    assertThat(server.labels("mart", "users")).containsEntry("content-hash", "c0ffee1234");
  }

  @Test
  void aRefusedDescriptionPatchSaysTheObjectIsRebuiltWithoutThem() {
    viewAppearsOnInsert();
    server.intercept(r -> FakeBigQueryServer.isPatch(r)
        ? Response.error(400, "invalid", "Provided Schema does not match Table snaplake-test:mart.users.")
        : null);
    assertThatThrownBy(() -> warehouse.rebuild(build(usersView(Map.of("plan", "The plan"), List.of()))))
        .isInstanceOf(BigQueryJobException.class)
        .hasMessageContaining("mart.users was rebuilt but its column descriptions could not be set")
        .hasMessageContaining("Provided Schema does not match")
        .hasMessageContaining("What to do");
    assertThat(server.labels("mart", "users")).doesNotContainKey("content-hash");
  }

  @Test
  void aDescriptionOfAColumnTheObjectLacksIsRefusedBeforeAnyRequest() {
    ManagedObject o = usersView(Map.of("plan", "The plan", "plna", "Typo"),
        List.of(new OutputColumn("id", "INT64"), new OutputColumn("plan", "STRING")));
    assertThatThrownBy(() -> warehouse.rebuild(build(o)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sql/mart/users.sql")
        .hasMessageContaining("'plna'")
        .hasMessageContaining("its columns: id, plan")
        .hasMessageContaining("Fix the column name");
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void withoutASchemaAnUnknownColumnIsFoundBeforeThePatch() {
    viewAppearsOnInsert();
    assertThatThrownBy(() -> warehouse.rebuild(build(usersView(Map.of("plna", "Typo"), List.of()))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("mart.users was rebuilt, but its column descriptions were not set")
        .hasMessageContaining("sql/mart/users.sql")
        .hasMessageContaining("'plna'");
    assertThat(server.patches()).isEmpty();
  }

  @Test
  void aColumnDescriptionOverBigQuerysLimitIsRefusedBeforeAnyRequest() {
    List<OutputColumn> schema = List.of(new OutputColumn("id", "INT64"), new OutputColumn("plan", "STRING"));
    assertThat(warehouse.ddl(build(usersView(Map.of("plan", "é".repeat(1_024)), schema)), Map.of()))
        .contains("OPTIONS(description=\"" + "é".repeat(1_024) + "\")");

    assertThatThrownBy(() -> warehouse.rebuild(build(usersView(Map.of("plan", "x".repeat(1_025)), schema))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sql/mart/users.sql")
        .hasMessageContaining("column 'plan' has 1025 characters; BigQuery allows 1024");
    assertThatThrownBy(() -> warehouse.rebuild(build(usersView(Map.of("plan", "x".repeat(1_025)), List.of()))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1025 characters");
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void aViewWithPartitioningOrClusteringIsRefusedBeforeAnyRequest() {
    ManagedObject partitioned = object(USERS, Materialization.VIEW, VIEW_SQL, Map.of(),
        Optional.of(new Partitioning("day", "DAY", "day")), List.of(), List.of());
    assertThatThrownBy(() -> warehouse.rebuild(build(partitioned)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("mart.users (sql/mart/users.sql) is a view but has PARTITION BY day")
        .hasMessageContaining("Make it a table");
    ManagedObject clustered = object(USERS, Materialization.VIEW, VIEW_SQL, Map.of(), Optional.empty(),
        List.of("id"), List.of());
    assertThatThrownBy(() -> warehouse.rebuild(build(clustered)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("CLUSTER BY id");
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void everyPartitioningFormIsWrittenWithTheColumnQuoted() {
    Map<String, String> forms = new LinkedHashMap<>();
    forms.put("day", "PARTITION BY `day`");
    forms.put("DATE(created_at)", "PARTITION BY DATE(`created_at`)");
    forms.put("timestamp_trunc(created_at, hour)", "PARTITION BY TIMESTAMP_TRUNC(`created_at`, HOUR)");
    forms.put("DATETIME_TRUNC(created_at, YEAR)", "PARTITION BY DATETIME_TRUNC(`created_at`, YEAR)");
    forms.put("RANGE_BUCKET(user_id, GENERATE_ARRAY(-10, 1000, 10))",
        "PARTITION BY RANGE_BUCKET(`user_id`, GENERATE_ARRAY(-10, 1000, 10))");
    forms.put("RANGE_BUCKET(user_id, GENERATE_ARRAY(0, 100))", "PARTITION BY RANGE_BUCKET(`user_id`, GENERATE_ARRAY(0, 100, 1))");
    List<String> written = new ArrayList<>();
    forms.forEach((expression, clause) -> {
      String column = expression.equals("day") ? "day" : expression.contains("user_id") ? "user_id" : "created_at";
      ManagedObject t = object(SPEND, Materialization.TABLE, SPEND_SQL, Map.of(),
          Optional.of(new Partitioning(column, expression.contains("RANGE") ? "RANGE" : "DAY", expression)), List.of(),
          List.of());
      String ddl = warehouse.ddl(build(t), Map.of());
      written.add(ddl.substring(ddl.indexOf("PARTITION BY"), ddl.indexOf("\nOPTIONS(")));
    });
    assertThat(written).containsExactlyElementsOf(forms.values());

    ManagedObject injected = object(SPEND, Materialization.TABLE, SPEND_SQL, Map.of(),
        Optional.of(new Partitioning("day", "DAY", "day) AS SELECT 1; DROP TABLE x --")), List.of(), List.of());
    assertThatThrownBy(() -> warehouse.rebuild(build(injected)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sql/mart/card_spend.sql")
        .hasMessageContaining("is not a partitioning snaplake writes");
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void aTableWithAnUnnamedStructFieldGetsItsDescriptionsByPatch() {
    // A CTAS column list must name every STRUCT field; BigQuery names unnamed ones itself.
    ManagedObject t = spend(Map.of("spend_eur", "Sum"), List.of(new OutputColumn("card_id", "INT64"),
        new OutputColumn("spend_eur", "NUMERIC"), new OutputColumn("pair", "STRUCT<INT64, STRING>")));
    String ddl = warehouse.ddl(build(t), Map.of());
    assertThat(ddl).startsWith("CREATE OR REPLACE TABLE `snaplake-test.mart.card_spend`\nPARTITION BY")
        .doesNotContain("description=\"Sum\"");
  }

  @Test
  void theOwnerIsALabelAndMustFitOne() {
    Map<String, String> labels = BigQueryWarehouse.labelsOf(build(usersView(Map.of(), List.of())));
    assertThat(labels).containsEntry("owner", "data-team_acme_com");

    ManagedObject many = new ManagedObject(USERS, Materialization.VIEW, VIEW_SQL, List.of(), "", Map.of(), Map.of(),
        "sql/mart/users.sql", "h", "Some.Person@example.com, another.person@example.com, third@example.com",
        Optional.empty(), List.of(), List.of());
    assertThatThrownBy(() -> warehouse.rebuild(build(many)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("mart.users (sql/mart/users.sql)")
        .hasMessageContaining("BigQuery allows 63")
        .hasMessageContaining("Shorten the -- owner: line");

    ManagedObject disagrees = new ManagedObject(USERS, Materialization.VIEW, VIEW_SQL, List.of(), "",
        Map.of("owner", "growth"), Map.of(), "sql/mart/users.sql", "h", "data@acme.com", Optional.empty(), List.of(),
        List.of());
    Map<String, String> withOwnLabel = new TreeMap<>(build(disagrees).labels());
    withOwnLabel.put("owner", "growth");
    assertThatThrownBy(() -> warehouse.rebuild(new ModelBuild(disagrees, S, "m", withOwnLabel)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has the label owner=growth and the owner line 'data@acme.com'");
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void aTableWhoseLayoutChangesIsDroppedThenCreatedAgain() {
    server.table("mart", "card_spend");
    AtomicInteger inserts = new AtomicInteger();
    server.onJobInsert(r -> {
      if (inserts.getAndIncrement() > 0) {
        return null;
      }
      // BigQuery's answer to CREATE OR REPLACE TABLE over a table partitioned otherwise.
      JsonObject job = FakeBigQueryServer.doneJob(r.json(), new String[] {"invalidQuery",
          "Cannot replace a table with a different partitioning spec. Instead, DROP the table, and then recreate it."
              + " New partitioning spec is interval(type:month,field:first_day) and existing spec is none"});
      server.jobs.put(jobId(r.json()), job);
      return Response.json(200, job);
    });

    warehouse.rebuild(build(spend(Map.of(), SPEND_SCHEMA)));

    List<JsonObject> jobs = server.queryInserts();
    assertThat(jobs).hasSize(2);
    assertThat(jobId(jobs.get(1))).isEqualTo(jobId(jobs.get(0)) + "_relayout");
    assertThat(sql(jobs.get(1))).isEqualTo(sql(jobs.get(0)));
    assertThat(calls()).containsExactly("POST /jobs", "DELETE /datasets/mart/tables/card_spend", "POST /jobs");
  }

  @Test
  void aModelThatBecomesAViewReplacesTheTableItWas() {
    server.table("mart", "users");
    AtomicInteger inserts = new AtomicInteger();
    server.onJobInsert(r -> {
      if (inserts.getAndIncrement() > 0) {
        return null;
      }
      JsonObject job = FakeBigQueryServer.doneJob(r.json(), new String[] {"invalidQuery",
          "Cannot replace a TABLE with a VIEW: snaplake-test:mart.users"});
      server.jobs.put(jobId(r.json()), job);
      return Response.json(200, job);
    });

    warehouse.rebuild(build(usersView(Map.of(), List.of())));

    List<JsonObject> jobs = server.queryInserts();
    assertThat(jobs).hasSize(2);
    assertThat(jobId(jobs.get(1))).isEqualTo(jobId(jobs.get(0)) + "_rekind");
    assertThat(calls()).containsExactly("POST /jobs", "GET /datasets/mart/tables/users", "DELETE /datasets/mart/tables/users",
        "POST /jobs");
  }

  @Test
  void aViewIsNeverDroppedOnAFailedDdl() {
    server.onJobInsert(r -> FakeBigQueryServer.doneJobResponse(r, "invalidQuery",
        "Cannot replace a table with a different partitioning spec."));
    assertThatThrownBy(() -> warehouse.rebuild(build(usersView(Map.of(), List.of()))))
        .isInstanceOf(BigQueryJobException.class);
    assertThat(server.requests("DELETE", "/users")).isEmpty();
  }

  @Test
  void columnTypesAreWrittenAgainWithStructFieldsQuoted() {
    assertThat(ColumnTypeSql.of("array<struct<id int64, `name` STRING, tags ARRAY<STRING>>>"))
        .contains("ARRAY<STRUCT<`id` INT64, `name` STRING, `tags` ARRAY<STRING>>>");
    assertThat(ColumnTypeSql.of("RANGE<DATE>")).contains("RANGE<DATE>");
    assertThat(ColumnTypeSql.of("STRUCT<INT64, b STRING>")).isEmpty();
    assertThatThrownBy(() -> ColumnTypeSql.of("INT64) AS SELECT 1 --")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ColumnTypeSql.of("VARCHAR")).isInstanceOf(IllegalArgumentException.class);
  }
}
