package dev.snaplake.gcp;

import static dev.snaplake.gcp.FakeBigQueryServer.PROJECT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.snaplake.core.catalog.ManagedObject;
import dev.snaplake.core.catalog.Materialization;
import dev.snaplake.core.naming.ObjectId;
import dev.snaplake.core.port.LoadRecord;
import dev.snaplake.core.port.ModelBuild;
import dev.snaplake.core.port.RawLoad;
import dev.snaplake.core.port.WarehouseObject;
import dev.snaplake.core.snapshot.Snapshot;
import dev.snaplake.core.types.NaturalType;
import dev.snaplake.core.types.RawColumn;
import dev.snaplake.core.types.RawSchema;
import dev.snaplake.gcp.RecordingHttpServer.Request;
import dev.snaplake.gcp.RecordingHttpServer.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * {@link BigQueryWarehouse} at the request level: the real BigQuery client talks to
 * {@link FakeBigQueryServer}, and the tests read the JSON it sends.
 */
class BigQueryWarehouseRequestTest extends FakeBigQueryTest {
  static final Snapshot S = Snapshot.parse("2026-11-24");
  static final ObjectId USERS = new ObjectId("raw", "app__users");
  static final String JOB = "snaplake_load_app__users_20261124_0123456789abcdef";
  static final List<String> FILES =
      List.of(
          "gs://landing/exp-20261124/app/app.users/1/part-00000-a1.gz.parquet",
          "gs://landing/exp-20261124/app/app.users/2/part-00000-b2.gz.parquet");
  static final RawSchema DIRECT =
      new RawSchema(
          List.of(
              new RawColumn("id", NaturalType.INT64, "bigint", "INT64", 0, 0),
              new RawColumn("email", NaturalType.STRING, "varchar(255)", "BYTE_ARRAY (UTF8)", 0, 0),
              new RawColumn("balance", NaturalType.NUMERIC, "decimal(12,2)", "DECIMAL(12,2)", 12, 2),
              new RawColumn("external_id", NaturalType.NUMERIC, "bigint unsigned", "FIXED_LEN_BYTE_ARRAY(9)", 20, 0),
              new RawColumn("updated_at", NaturalType.TIMESTAMP, "timestamp", "INT64 TIMESTAMP_MICROS", 0, 0)));
  static final RawSchema CONVERTED =
      new RawSchema(
          List.of(
              new RawColumn("id", NaturalType.INT64, "bigint", "INT64", 0, 0),
              new RawColumn("country", NaturalType.STRING, "char(2)", "BYTE_ARRAY", 0, 0),
              new RawColumn("birthday", NaturalType.DATE, "date", "BYTE_ARRAY (UTF8)", 0, 0),
              new RawColumn("created_at", NaturalType.DATETIME, "datetime(6)", "INT64 TIMESTAMP_MICROS", 0, 0),
              new RawColumn("prefs", NaturalType.JSON, "json", "BYTE_ARRAY (UTF8)", 0, 0),
              new RawColumn("active", NaturalType.BOOL, "tinyint(1)", "INT32", 1, 0)));

  static RawLoad load(RawSchema schema, List<String> files) {
    return new RawLoad(USERS, S, schema, files, JOB, "exp-20261124", "app.users");
  }

  static List<String> strings(JsonElement array) {
    List<String> out = new ArrayList<>();
    array.getAsJsonArray().forEach(e -> out.add(e.getAsString()));
    return out;
  }

  static String jobId(JsonObject insert) {
    return insert.getAsJsonObject("jobReference").get("jobId").getAsString();
  }

  List<JsonObject> loadInserts() {
    return server.loadInserts();
  }

  List<JsonObject> queryInserts() {
    return server.queryInserts();
  }

  static final String RECORD_JOB = RawLoadLabels.recordJobId(USERS, S, JOB);

  static String sql(JsonObject insert) {
    return insert.getAsJsonObject("configuration").getAsJsonObject("query").get("query").getAsString();
  }

  /** Fails the load jobs (not the others) with these reasons in turn; then accepts. */
  void failLoadsWith(String... reasons) {
    failLoadsWith(server, reasons);
  }

  static void failLoadsWith(FakeBigQueryServer server, String... reasons) {
    AtomicInteger n = new AtomicInteger();
    server.onJobInsert(r -> {
      if (!r.json().getAsJsonObject("configuration").has("load")) {
        return null;
      }
      int i = n.getAndIncrement();
      if (i >= reasons.length) {
        return null;
      }
      JsonObject job = FakeBigQueryServer.doneJob(r.json(), new String[] {reasons[i], "Simulated " + reasons[i]});
      server.jobs.put(jobId(r.json()), job);
      return Response.json(200, job);
    });
  }

  @Nested
  class RawLoads {
    @Test
    void loadJobConfigurationIsExplicitAndDeterministic() {
      LoadRecord record = warehouse.loadRaw(load(DIRECT, FILES));

      List<JsonObject> loads = loadInserts();
      assertThat(loads).hasSize(1);
      JsonObject insert = loads.get(0);
      assertThat(jobId(insert)).isEqualTo(JOB);
      JsonObject l = insert.getAsJsonObject("configuration").getAsJsonObject("load");
      assertThat(strings(l.get("sourceUris"))).containsExactlyElementsOf(FILES).noneMatch(u -> u.contains("*"));
      assertThat(l.get("sourceFormat").getAsString()).isEqualTo("PARQUET");
      assertThat(l.getAsJsonObject("parquetOptions").get("enableListInference").getAsBoolean()).isTrue();
      assertThat(strings(l.get("decimalTargetTypes"))).containsExactly("NUMERIC", "BIGNUMERIC", "STRING");
      JsonObject dest = l.getAsJsonObject("destinationTable");
      assertThat(dest.get("projectId").getAsString()).isEqualTo(PROJECT);
      assertThat(dest.get("datasetId").getAsString()).isEqualTo("raw");
      assertThat(dest.get("tableId").getAsString()).isEqualTo("app__users$20261124");
      assertThat(l.get("writeDisposition").getAsString()).isEqualTo("WRITE_TRUNCATE");
      assertThat(l.get("createDisposition").getAsString()).isEqualTo("CREATE_IF_NEEDED");
      assertThat(strings(l.get("schemaUpdateOptions"))).containsExactly("ALLOW_FIELD_ADDITION", "ALLOW_FIELD_RELAXATION");
      assertThat(l.getAsJsonObject("timePartitioning").get("type").getAsString()).isEqualTo("DAY");
      assertThat(l.has("autodetect") && l.get("autodetect").getAsBoolean()).isFalse();
      JsonObject labels = insert.getAsJsonObject("configuration").getAsJsonObject("labels");
      assertThat(labels.get("managed-by").getAsString()).isEqualTo("snaplake");
      assertThat(labels.get("snapshot").getAsString()).isEqualTo("20261124");
      assertThat(labels.get("kind").getAsString()).isEqualTo("raw-load");

      assertThat(record).isEqualTo(new LoadRecord(USERS, S, 1234, 56789, DIRECT.hash(), JOB, "exp-20261124"));
    }

    @Test
    void aMissingRawTableIsCreatedDayPartitionedWithNaturalTypes() {
      warehouse.loadRaw(load(DIRECT, FILES));
      List<Request> creates = server.requests("POST", "/datasets/raw/tables");
      assertThat(creates).hasSize(1);
      JsonObject t = creates.get(0).json();
      assertThat(t.getAsJsonObject("tableReference").get("tableId").getAsString()).isEqualTo("app__users");
      assertThat(t.getAsJsonObject("timePartitioning").get("type").getAsString()).isEqualTo("DAY");
      assertThat(t.getAsJsonObject("timePartitioning").has("field")).isFalse(); // ingestion time
      assertThat(t.get("requirePartitionFilter").getAsBoolean()).isFalse();
      JsonArray fields = t.getAsJsonObject("schema").getAsJsonArray("fields");
      List<String> types = new ArrayList<>();
      fields.forEach(f -> types.add(f.getAsJsonObject().get("name").getAsString() + ":" + f.getAsJsonObject().get("type").getAsString()));
      assertThat(types).containsExactly("id:INTEGER", "email:STRING", "balance:NUMERIC", "external_id:NUMERIC", "updated_at:TIMESTAMP");
      assertThat(t.getAsJsonObject("labels").get("managed-by").getAsString()).isEqualTo("snaplake");
    }

    @Test
    void anExistingRawTableIsNotRecreated() {
      server.table("raw", "app__users");
      warehouse.loadRaw(load(DIRECT, FILES));
      assertThat(server.requests("POST", "/datasets/raw/tables")).isEmpty();
    }

    @Test
    void theLoadIsRecordedInTheStateTableUnderADeterministicJob() {
      warehouse.loadRaw(load(DIRECT, FILES));
      assertThat(RECORD_JOB).matches("snaplake_record_20261124_[0-9a-f]{24}");
      JsonObject record = queryInserts().stream().filter(j -> jobId(j).equals(RECORD_JOB)).findFirst().orElseThrow();
      assertThat(sql(record)).startsWith("INSERT INTO `snaplake-test._snaplake_state.loads`");
      JsonObject q = record.getAsJsonObject("configuration").getAsJsonObject("query");
      assertThat(q.get("useLegacySql").getAsBoolean()).isFalse();
      List<String> params = new ArrayList<>();
      q.getAsJsonArray("queryParameters").forEach(p -> params.add(p.getAsJsonObject().get("name").getAsString() + "="
          + p.getAsJsonObject().getAsJsonObject("parameterValue").get("value").getAsString()));
      assertThat(params).contains("table_id=raw.app__users", "snapshot=2026-11-24", "job_id=" + JOB, "row_count=1234",
          "export_id=exp-20261124", "file_count=2");
      // …and the raw table is labelled with that record job: the free readiness check reads both.
      assertThat(server.labels("raw", "app__users"))
          .containsEntry("snaplake-load-20261124", RECORD_JOB.substring("snaplake_record_20261124_".length()))
          .containsEntry("managed-by", "snaplake");
    }

    @Test
    void anErrorResultIsAnExceptionNamingTableAndFiles() {
      failLoadsWith("invalid");
      assertThatThrownBy(() -> warehouse.loadRaw(load(DIRECT, FILES)))
          .isInstanceOfSatisfying(BigQueryJobException.class, e -> {
            assertThat(e.reason()).isEqualTo("invalid");
            assertThat(e.jobId()).isEqualTo(JOB);
          })
          .hasMessageContaining("raw.app__users")
          .hasMessageContaining("2026-11-24")
          .hasMessageContaining(FILES.get(0))
          .hasMessageContaining("Simulated invalid")
          .hasMessageContaining("What to do");
      assertThat(loadInserts()).hasSize(1); // invalid is not retried
      assertThat(sleeps).isEmpty();
      assertThat(queryInserts()).isEmpty(); // and nothing is recorded
      assertThat(server.patches()).isEmpty(); // nor labelled
    }

    @Test
    void rateLimitExceededIsRetriedUnderANewIdOnceTheJobFinished() {
      failLoadsWith("rateLimitExceeded", "backendError");
      LoadRecord r = warehouse.loadRaw(load(DIRECT, FILES));
      assertThat(loadInserts()).extracting(BigQueryWarehouseRequestTest::jobId)
          .containsExactly(JOB, JOB + "_r1", JOB + "_r2");
      assertThat(r.jobId()).isEqualTo(JOB); // the caller's id, which it compares with later
      JsonObject record = queryInserts().get(0);
      assertThat(record.toString()).contains(JOB + "_r2"); // the job that actually wrote the partition
      assertThat(sleeps).hasSize(2);
    }

    @Test
    void aRejectedSubmissionIsRetriedUnderTheSameId() {
      // Whether a rejected insert created the job is unknown: the same id either creates it or attaches.
      AtomicInteger n = new AtomicInteger();
      server.onJobInsert(r -> r.json().getAsJsonObject("configuration").has("load") && n.getAndIncrement() < 2
          ? Response.error(403, "rateLimitExceeded", "Exceeded rate limits: too many api requests per user per method")
          : null);
      warehouse.loadRaw(load(DIRECT, FILES));
      assertThat(loadInserts()).extracting(BigQueryWarehouseRequestTest::jobId).containsExactly(JOB, JOB, JOB);
    }

    @Test
    void anInvalidSubmissionIsNotRetried() {
      server.onJobInsert(r -> Response.error(400, "invalid", "Invalid table name"));
      assertThatThrownBy(() -> warehouse.loadRaw(load(DIRECT, FILES)))
          .isInstanceOf(BigQueryJobException.class)
          .hasMessageContaining("raw.app__users")
          .hasMessageContaining("Invalid table name");
      assertThat(loadInserts()).hasSize(1);
    }

    @Test
    void alreadyExistsMeansTheEarlierJobIsUsed() {
      warehouse.loadRaw(load(DIRECT, FILES));
      server.clearRequests();

      LoadRecord again = warehouse.loadRaw(load(DIRECT, FILES)); // a duplicate event: 409 on insert
      assertThat(again).isEqualTo(new LoadRecord(USERS, S, 1234, 56789, DIRECT.hash(), JOB, "exp-20261124"));
      assertThat(loadInserts()).hasSize(1); // the one that got 409, not retried under another id
      assertThat(server.requests("GET", "/jobs/" + JOB)).isNotEmpty(); // the earlier job was read
      assertThat(queryInserts()).extracting(BigQueryWarehouseRequestTest::jobId).containsExactly(RECORD_JOB);
    }

    @Test
    void alreadyExistsForAJobOlderThanADayToo() {
      // Past 24 h the client no longer re-reads the job itself and throws the 409.
      FakeBigQueryServer.jobCreationTime = System.currentTimeMillis() - Duration.ofDays(3).toMillis();
      warehouse.loadRaw(load(DIRECT, FILES));
      server.clearRequests();
      LoadRecord again = warehouse.loadRaw(load(DIRECT, FILES));
      assertThat(again.rows()).isEqualTo(1234);
      assertThat(loadInserts()).hasSize(1);
      assertThat(server.requests().stream().filter(r -> r.method().equals("POST")).toList())
          .as("no new job under another id").hasSize(2); // the load and the record, both 409
    }

    @Test
    void anEarlierJobThatFailedForGoodIsReported() {
      failLoadsWith("invalid");
      assertThatThrownBy(() -> warehouse.loadRaw(load(DIRECT, FILES))).isInstanceOf(BigQueryJobException.class);
      server.onJobInsert(r -> null);
      server.clearRequests();
      assertThatThrownBy(() -> warehouse.loadRaw(load(DIRECT, FILES))) // the same inputs fail the same way
          .isInstanceOf(BigQueryJobException.class)
          .hasMessageContaining("Simulated invalid");
      assertThat(loadInserts()).hasSize(1);
    }

    @Test
    void anEarlierJobThatFailedTransientlyIsRetriedUnderTheNextId() {
      failLoadsWith("rateLimitExceeded", "rateLimitExceeded", "rateLimitExceeded");
      assertThatThrownBy(() -> warehouse.loadRaw(load(DIRECT, FILES)))
          .isInstanceOf(dev.snaplake.core.port.TransientException.class)
          .hasMessageContaining("rateLimitExceeded");
      server.onJobInsert(r -> null);
      server.clearRequests();
      // A later event: the three failed jobs exist; they cost no try, the fourth id is submitted.
      warehouse.loadRaw(load(DIRECT, FILES));
      assertThat(loadInserts()).extracting(BigQueryWarehouseRequestTest::jobId)
          .containsExactly(JOB, JOB + "_r1", JOB + "_r2", JOB + "_r3");
    }

    @Test
    void aRunningJobIsWaitedForAndItsOutcomeChecked() {
      AtomicInteger polls = new AtomicInteger();
      server.onJobInsert(r -> {
        if (!r.json().getAsJsonObject("configuration").has("load")) {
          return null;
        }
        JsonObject running = FakeBigQueryServer.doneJob(r.json(), null);
        running.getAsJsonObject("status").addProperty("state", "RUNNING");
        server.jobs.put(jobId(r.json()), running);
        return Response.json(200, running);
      });
      Thread finisher = new Thread(() -> {
        while (server.requests("GET", "/jobs/" + JOB).size() < 2) {
          try {
            Thread.sleep(5);
          } catch (InterruptedException e) {
            return;
          }
        }
        JsonObject done = server.jobs.get(JOB).deepCopy();
        done.getAsJsonObject("status").addProperty("state", "DONE");
        JsonObject err = new JsonObject();
        err.addProperty("reason", "invalid");
        err.addProperty("message", "Parquet column 'email' is BYTES; the table has STRING");
        done.getAsJsonObject("status").add("errorResult", err);
        server.jobs.put(JOB, done);
        polls.set(server.requests("GET", "/jobs/" + JOB).size());
      });
      finisher.setDaemon(true);
      finisher.start();
      assertThatThrownBy(() -> warehouse.loadRaw(load(DIRECT, FILES)))
          .isInstanceOf(BigQueryJobException.class)
          .hasMessageContaining("raw.app__users")
          .hasMessageContaining("the table has STRING");
      assertThat(polls.get()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aRunningJobThatSucceedsGivesItsStatistics() {
      server.onJobInsert(r -> {
        if (!r.json().getAsJsonObject("configuration").has("load")) {
          return null;
        }
        JsonObject running = FakeBigQueryServer.doneJob(r.json(), null);
        server.jobs.put(jobId(r.json()), running.deepCopy());
        running.getAsJsonObject("status").addProperty("state", "PENDING");
        running.remove("statistics");
        return Response.json(200, running);
      });
      assertThat(warehouse.loadRaw(load(DIRECT, FILES)).rows()).isEqualTo(1234);
    }

    @Test
    void columnsAParquetLoadCannotTypeGoThroughAStagingTable() {
      LoadRecord r = warehouse.loadRaw(load(CONVERTED, FILES));

      JsonObject stage = loadInserts().get(0);
      assertThat(jobId(stage)).isEqualTo(JOB + "_stage");
      JsonObject l = stage.getAsJsonObject("configuration").getAsJsonObject("load");
      assertThat(l.getAsJsonObject("destinationTable").get("tableId").getAsString()).isEqualTo("_staging_app__users_20261124");
      assertThat(strings(l.get("sourceUris"))).containsExactlyElementsOf(FILES);
      assertThat(l.get("writeDisposition").getAsString()).isEqualTo("WRITE_TRUNCATE");
      assertThat(l.has("schemaUpdateOptions")).isFalse(); // not allowed outside a partition

      JsonObject convert = queryInserts().stream().filter(j -> jobId(j).equals(JOB)).findFirst().orElseThrow();
      JsonObject q = convert.getAsJsonObject("configuration").getAsJsonObject("query");
      assertThat(q.getAsJsonObject("destinationTable").get("tableId").getAsString()).isEqualTo("app__users$20261124");
      assertThat(q.get("writeDisposition").getAsString()).isEqualTo("WRITE_TRUNCATE");
      assertThat(q.get("useLegacySql").getAsBoolean()).isFalse();
      // Values a conversion cannot convert are counted in the same query, which fails if there is
      // any (BigQueryUnconvertibleValuesRequestTest); a zero date is NULL on purpose.
      assertThat(sql(convert)).isEqualTo(
          "WITH unconvertible AS (\n"
              + "  SELECT\n"
              + "    COUNTIF(r0) AS n0, MIN(IF(r0, v0, NULL)) AS e0,\n"
              + "    COUNTIF(r1) AS n1, MIN(IF(r1, v1, NULL)) AS e1,\n"
              + "    COUNTIF(r2) AS n2, MIN(IF(r2, v2, NULL)) AS e2\n"
              + "  FROM (\n"
              + "    SELECT\n"
              + "      `country` AS v0, `country` IS NOT NULL AND SAFE_CAST(`country` AS STRING) IS NULL AS r0,\n"
              + "      `birthday` AS v1, `birthday` IS NOT NULL AND NOT (`birthday` = \"0000-00-00\")"
              + " AND SAFE_CAST(`birthday` AS DATE) IS NULL AS r1,\n"
              + "      `prefs` AS v2, `prefs` IS NOT NULL AND SAFE.PARSE_JSON(`prefs`) IS NULL AS r2\n"
              + "    FROM `snaplake-test.raw._staging_app__users_20261124`)\n"
              + ")\n"
              + "SELECT\n"
              + "  `id`,\n"
              + "  SAFE_CAST(`country` AS STRING) AS `country`,\n"
              + "  IF(`birthday` = \"0000-00-00\", NULL, SAFE_CAST(`birthday` AS DATE)) AS `birthday`,\n"
              + "  DATETIME(`created_at`, \"UTC\") AS `created_at`,\n"
              + "  SAFE.PARSE_JSON(`prefs`) AS `prefs`,\n"
              + "  CAST(`active` AS BOOL) AS `active`\n"
              + "FROM `snaplake-test.raw._staging_app__users_20261124`\n"
              + "WHERE (SELECT IF(n0 + n1 + n2 = 0, TRUE, ERROR(CONCAT("
              + "\"snaplake: values that cannot be converted, so nothing was loaded: \", ARRAY_TO_STRING(["
              + "IF(n0 = 0, NULL, CONCAT(\"column country (source type char(2)): \", IF(n0 = 1, \"1 row\","
              + " FORMAT(\"%d rows\", n0)), \" cannot be converted to STRING, e.g. \", FORMAT(\"%T\", LEFT(e0, 100)),"
              + " IF(LENGTH(e0) > 100, \"…\", \"\"))), "
              + "IF(n1 = 0, NULL, CONCAT(\"column birthday (source type date): \", IF(n1 = 1, \"1 row\","
              + " FORMAT(\"%d rows\", n1)), \" cannot be converted to DATE, e.g. \", FORMAT(\"%T\", LEFT(e1, 100)),"
              + " IF(LENGTH(e1) > 100, \"…\", \"\"))), "
              + "IF(n2 = 0, NULL, CONCAT(\"column prefs (source type json): \", IF(n2 = 1, \"1 row\","
              + " FORMAT(\"%d rows\", n2)), \" cannot be converted to JSON, e.g. \", FORMAT(\"%T\", LEFT(e2, 100)),"
              + " IF(LENGTH(e2) > 100, \"…\", \"\")))"
              + "], \"; \"), \". Correct these values in the source database, or leave the table out of the export,"
              + " then export the snapshot again: snaplake never stores a value it cannot convert as NULL\")))"
              + " FROM unconvertible)");
      assertThat(sql(convert)).doesNotContain("INSERT").doesNotContain("MERGE");

      // The staging table was made to expire, then dropped.
      JsonObject staging = server.requests("POST", "/datasets/raw/tables").stream().map(Request::json)
          .filter(t -> t.toString().contains("_staging_")).findFirst().orElseThrow();
      assertThat(staging.get("expirationTime").getAsLong()).isGreaterThan(System.currentTimeMillis());
      assertThat(server.requests("DELETE", "/tables/_staging_app__users_20261124")).hasSize(1);
      assertThat(r.rows()).isEqualTo(1234);
      assertThat(r.jobId()).isEqualTo(JOB);
    }

    @Test
    void aStagedLoadAlreadyDoneIsNotRedone() {
      warehouse.loadRaw(load(CONVERTED, FILES));
      server.clearRequests();
      warehouse.loadRaw(load(CONVERTED, FILES));
      assertThat(loadInserts()).isEmpty();
      assertThat(queryInserts()).extracting(BigQueryWarehouseRequestTest::jobId).containsExactly(RECORD_JOB);
    }

    @Test
    void noFilesMeansAnEmptyPartition() {
      LoadRecord r = warehouse.loadRaw(load(DIRECT, List.of()));
      assertThat(loadInserts()).isEmpty();
      JsonObject empty = queryInserts().get(0);
      assertThat(jobId(empty)).isEqualTo(JOB);
      assertThat(sql(empty)).isEqualTo("SELECT CAST(NULL AS INT64) AS `id`, CAST(NULL AS STRING) AS `email`, "
          + "CAST(NULL AS NUMERIC) AS `balance`, CAST(NULL AS NUMERIC) AS `external_id`, "
          + "CAST(NULL AS TIMESTAMP) AS `updated_at` LIMIT 0");
      assertThat(empty.getAsJsonObject("configuration").getAsJsonObject("query").getAsJsonObject("destinationTable")
          .get("tableId").getAsString()).isEqualTo("app__users$20261124");
      assertThat(r.rows()).isZero();
    }

    @Test
    void moreThan10000FilesAreStagedInPartsThenWrittenToThePartitionByOneJob() {
      // BigQuery takes at most 10,000 URIs per load job. Two loads into the partition would not be
      // atomic (a crash between them leaves half a snapshot), so the parts go to the staging table
      // and one SELECT replaces the partition.
      List<String> many = new ArrayList<>();
      for (int i = 0; i < BigQueryWarehouse.MAX_URIS_PER_LOAD + 1; i++) {
        many.add("gs://landing/exp-20261124/app/app.users/" + (i / 1000 + 1) + "/part-" + i + "-u.gz.parquet");
      }

      LoadRecord r = warehouse.loadRaw(load(DIRECT, many));

      List<JsonObject> loads = loadInserts();
      assertThat(loads).extracting(BigQueryWarehouseRequestTest::jobId).containsExactly(JOB + "_stage", JOB + "_stage_2");
      JsonObject first = loads.get(0).getAsJsonObject("configuration").getAsJsonObject("load");
      JsonObject second = loads.get(1).getAsJsonObject("configuration").getAsJsonObject("load");
      assertThat(strings(first.get("sourceUris"))).hasSize(10_000).containsExactlyElementsOf(many.subList(0, 10_000));
      assertThat(strings(second.get("sourceUris"))).containsExactly(many.get(10_000));
      assertThat(first.get("writeDisposition").getAsString()).isEqualTo("WRITE_TRUNCATE");
      assertThat(second.get("writeDisposition").getAsString()).isEqualTo("WRITE_APPEND");
      for (JsonObject l : List.of(first, second)) {
        assertThat(l.getAsJsonObject("destinationTable").get("tableId").getAsString())
            .isEqualTo("_staging_app__users_20261124");
      }
      JsonObject write = queryInserts().stream().filter(j -> jobId(j).equals(JOB)).findFirst().orElseThrow();
      JsonObject q = write.getAsJsonObject("configuration").getAsJsonObject("query");
      assertThat(q.getAsJsonObject("destinationTable").get("tableId").getAsString()).isEqualTo("app__users$20261124");
      assertThat(q.get("writeDisposition").getAsString()).isEqualTo("WRITE_TRUNCATE");
      assertThat(sql(write)).endsWith("FROM `snaplake-test.raw._staging_app__users_20261124`");
      assertThat(r.rows()).isEqualTo(2 * 1234); // both parts' rows
    }

    @Test
    void exactly10000FilesAreOneDirectLoad() {
      List<String> many = new ArrayList<>();
      for (int i = 0; i < BigQueryWarehouse.MAX_URIS_PER_LOAD; i++) {
        many.add("gs://landing/exp-20261124/app/app.users/1/part-" + i + "-u.gz.parquet");
      }
      warehouse.loadRaw(load(DIRECT, many));
      assertThat(loadInserts()).extracting(BigQueryWarehouseRequestTest::jobId).containsExactly(JOB);
    }

    @Test
    void aBadJobIdIsRefusedBeforeAnyRequest() {
      RawLoad bad = new RawLoad(USERS, S, DIRECT, FILES, "snaplake load; DROP", "e", "app.users");
      assertThatThrownBy(() -> warehouse.loadRaw(bad)).isInstanceOf(IllegalArgumentException.class);
      assertThat(server.requests()).isEmpty();
    }
  }

  @Nested
  class Rebuilds {
    final ManagedObject view =
        new ManagedObject(
            new ObjectId("mart", "users"),
            Materialization.VIEW,
            "SELECT u.id, a.plan\nFROM {{raw raw.app__users as u}}\nJOIN {{ref mart.accounts}} AS a USING (id)\n",
            List.of(USERS, new ObjectId("mart", "accounts")),
            "Active users, \"deduplicated\".\nOne row per user.",
            Map.of("team", "growth"),
            Map.of(),
            "sql/mart/users.sql",
            "c0ffee1234");

    ModelBuild build(ManagedObject o) {
      return new ModelBuild(o, S, "abcdef0123456789abcdef0123456789",
          Map.of("team", "growth", "managed-by", "snaplake", "git", "true", "snapshot", "20261124",
              "manifest", "abcdef0123456789", "content-hash", o.contentHash()));
    }

    @Test
    void aViewIsReplacedPinnedToTheSnapshotWithLabels() {
      warehouse.rebuild(build(view));
      JsonObject job = queryInserts().get(0);
      assertThat(sql(job)).isEqualTo(
          "CREATE OR REPLACE VIEW `snaplake-test.mart.users`\n"
              + "OPTIONS(\n"
              + "  description=\"Active users, \\\"deduplicated\\\".\\nOne row per user.\",\n"
              + "  labels=[(\"content-hash\", \"c0ffee1234\"), (\"git\", \"true\"), (\"managed-by\", \"snaplake\"),"
              + " (\"manifest\", \"abcdef0123456789\"), (\"snapshot\", \"20261124\"), (\"team\", \"growth\")]\n"
              + ")\n"
              + "AS\n"
              + "SELECT u.id, a.plan\n"
              + "FROM (SELECT * FROM `snaplake-test.raw.app__users` WHERE _PARTITIONDATE = DATE '2026-11-24') AS u\n"
              + "JOIN `snaplake-test.mart.accounts` AS a USING (id)");
      assertThat(jobId(job)).startsWith("snaplake_rebuild_mart__users_20261124_");
      JsonObject q = job.getAsJsonObject("configuration").getAsJsonObject("query");
      assertThat(q.get("useLegacySql").getAsBoolean()).isFalse();
      assertThat(q.has("destinationTable")).isFalse();
    }

    @Test
    void aTableIsCreatedOrReplacedAsSelect() {
      ManagedObject table = new ManagedObject(view.id(), Materialization.TABLE, view.sql(), view.inputs(), "",
          Map.of(), Map.of(), view.file(), view.contentHash());
      warehouse.rebuild(build(table));
      assertThat(sql(queryInserts().get(0)))
          .startsWith("CREATE OR REPLACE TABLE `snaplake-test.mart.users`\nOPTIONS(\n  labels=[")
          .doesNotContain("description");
    }

    @Test
    void aRepinMovesAViewByItsLabelsWithoutAJobAndRebuildsOneThatIsGone() {
      JsonObject t = new JsonObject();
      JsonObject ref = new JsonObject();
      ref.addProperty("projectId", PROJECT);
      ref.addProperty("datasetId", "mart");
      ref.addProperty("tableId", "users");
      t.add("tableReference", ref);
      t.addProperty("type", "VIEW");
      JsonObject definition = new JsonObject();
      definition.addProperty("query", "SELECT 1");
      t.add("view", definition);
      JsonObject labels = new JsonObject();
      labels.addProperty("snapshot", "20261123");
      labels.addProperty("content-hash", "c0ffee1234");
      t.add("labels", labels);
      server.tables.put("mart.users", t);

      warehouse.repin(build(view));

      assertThat(queryInserts()).isEmpty();
      assertThat(server.patches()).hasSize(1);
      JsonObject patched = com.google.gson.JsonParser.parseString(
          new String(server.patches().get(0).body(), java.nio.charset.StandardCharsets.UTF_8)).getAsJsonObject();
      assertThat(patched.getAsJsonObject("labels").get("snapshot").getAsString()).isEqualTo("20261124");
      assertThat(patched.getAsJsonObject("labels").get("content-hash").getAsString()).isEqualTo("c0ffee1234");

      server.tables.remove("mart.users"); // gone: the re-pin becomes a rebuild
      warehouse.repin(build(view));
      assertThat(queryInserts()).hasSize(1);
      assertThat(sql(queryInserts().get(0))).startsWith("CREATE OR REPLACE VIEW `snaplake-test.mart.users`");
    }

    @Test
    void theSameRebuildRunsOnceWhileTheObjectStillCarriesIt() {
      warehouse.rebuild(build(view));
      String first = jobId(queryInserts().get(0));
      JsonObject t = new JsonObject();
      JsonObject ref = new JsonObject();
      ref.addProperty("projectId", PROJECT);
      ref.addProperty("datasetId", "mart");
      ref.addProperty("tableId", "users");
      t.add("tableReference", ref);
      t.addProperty("type", "VIEW");
      JsonObject labels = new JsonObject();
      labels.addProperty("snapshot", "20261124");
      labels.addProperty("content-hash", "c0ffee1234");
      t.add("labels", labels);
      server.tables.put("mart.users", t);

      warehouse.rebuild(build(view)); // duplicate event: 409, the view carries the labels → done
      assertThat(queryInserts()).extracting(BigQueryWarehouseRequestTest::jobId).containsExactly(first, first);

      server.tables.remove("mart.users"); // someone dropped it: the same rebuild must run again
      warehouse.rebuild(build(view));
      assertThat(queryInserts()).extracting(BigQueryWarehouseRequestTest::jobId)
          .containsExactly(first, first, first, first + "_r1");
    }

    @Test
    void invalidLabelsAreRefusedBeforeAnyRequest() {
      ModelBuild bad = new ModelBuild(view, S, "m", Map.of("Team Name", "x"));
      assertThatThrownBy(() -> warehouse.rebuild(bad)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Team Name");
      ModelBuild badValue = new ModelBuild(view, S, "m", Map.of("team", "Growth\"); DROP"));
      assertThatThrownBy(() -> warehouse.rebuild(badValue)).isInstanceOf(IllegalArgumentException.class);
      assertThat(server.requests()).isEmpty();
    }
  }

  @Nested
  class Objects {
    @Test
    void objectsComeFromInformationSchemaWithTheirLabels() {
      server.onQuery(r -> FakeBigQueryServer.queryResponse(
          List.of("table_name", "table_type", "ddl", "labels"),
          Arrays.asList(
              List.of("accounts", "BASE TABLE", "CREATE TABLE `snaplake-test.mart.accounts` (id INT64)",
                  "[STRUCT(\"managed-by\", \"snaplake\"), STRUCT(\"snapshot\", \"20261124\"), STRUCT(\"content-hash\", \"abc\")]"),
              Arrays.asList("handmade", "VIEW", "CREATE VIEW `snaplake-test.mart.handmade` AS SELECT 1", null))));
      List<WarehouseObject> objects = warehouse.objects("mart");
      assertThat(objects).containsExactly(
          new WarehouseObject(new ObjectId("mart", "accounts"), WarehouseObject.Kind.TABLE, java.util.Optional.of(S),
              java.util.Optional.of("abc"), "CREATE TABLE `snaplake-test.mart.accounts` (id INT64)"),
          new WarehouseObject(new ObjectId("mart", "handmade"), WarehouseObject.Kind.VIEW, java.util.Optional.empty(),
              java.util.Optional.empty(), "CREATE VIEW `snaplake-test.mart.handmade` AS SELECT 1"));
      String sql = FakeBigQueryServer.queryText(server.requests("POST", "/queries").get(0));
      assertThat(sql).contains("`snaplake-test.mart.INFORMATION_SCHEMA.TABLES`")
          .contains("`snaplake-test.mart.INFORMATION_SCHEMA.TABLE_OPTIONS`")
          .contains("option_name = 'labels'");
    }

    @Test
    void aMissingDatasetHasNoObjects() {
      server.onQuery(r -> Response.error(404, "notFound", "Not found: Dataset snaplake-test:nope"));
      assertThat(warehouse.objects("nope")).isEmpty();
      assertThat(warehouse.object(new ObjectId("nope", "x"))).isEmpty();
    }

    @Test
    void oneObjectIsReadFromItsMetadataWithoutAQuery() {
      JsonObject t = new JsonObject();
      JsonObject ref = new JsonObject();
      ref.addProperty("projectId", PROJECT);
      ref.addProperty("datasetId", "mart");
      ref.addProperty("tableId", "users");
      t.add("tableReference", ref);
      t.addProperty("type", "VIEW");
      JsonObject view = new JsonObject();
      view.addProperty("query", "SELECT 1 AS id");
      view.addProperty("useLegacySql", false);
      t.add("view", view);
      JsonObject labels = new JsonObject();
      labels.addProperty("snapshot", "20261124");
      labels.addProperty("content-hash", "abc");
      labels.addProperty("managed-by", "snaplake");
      t.add("labels", labels);
      server.tables.put("mart.users", t);

      assertThat(warehouse.object(new ObjectId("mart", "users"))).contains(
          new WarehouseObject(new ObjectId("mart", "users"), WarehouseObject.Kind.VIEW, java.util.Optional.of(S),
              java.util.Optional.of("abc"), "SELECT 1 AS id"));
      assertThat(server.requests("POST", "/queries")).isEmpty();
      assertThat(warehouse.object(new ObjectId("mart", "nothing"))).isEmpty();
    }
  }

  @Nested
  class Pruning {
    void existing(String type) {
      server.table("mart", "old");
      server.tables.get("mart.old").addProperty("type", type);
      server.onQuery(r -> FakeBigQueryServer.queryResponse(
          List.of("table_name", "table_type", "ddl", "labels"),
          List.of(Arrays.asList("old", type.equals("VIEW") ? "VIEW" : "BASE TABLE", "CREATE VIEW `snaplake-test.mart.old` AS SELECT 1", null))));
    }

    @Test
    void aViewsDefinitionIsStoredNotRecreated() {
      existing("VIEW");
      ObjectId archive = new ObjectId("archive", "mart__old__20261124t101500z");
      warehouse.archiveAndDrop(new ObjectId("mart", "old"), archive);
      List<JsonObject> jobs = queryInserts();
      assertThat(jobs).hasSize(1);
      assertThat(sql(jobs.get(0))).startsWith("INSERT INTO `snaplake-test.archive._definitions`");
      assertThat(jobs.get(0).toString()).contains("CREATE VIEW `snaplake-test.mart.old` AS SELECT 1");
      assertThat(jobs.get(0).toString()).doesNotContain("CREATE OR REPLACE VIEW");
      Request ddlQuery = server.requests("POST", "/queries").get(0);
      assertThat(FakeBigQueryServer.queryText(ddlQuery)).contains("WHERE t.table_name = @name");
      assertThat(FakeBigQueryServer.parameterNames(ddlQuery)).containsExactly("name");
      assertThat(server.requests("DELETE", "/datasets/mart/tables/old")).hasSize(1);
      assertThat(server.tables).doesNotContainKey("mart.old");
    }

    @Test
    void aTablesDataIsCopiedWithAnExpirationThenDropped() {
      existing("TABLE");
      ObjectId archive = new ObjectId("archive", "mart__old__20261124t101500z");
      warehouse.archiveAndDrop(new ObjectId("mart", "old"), archive);
      List<String> sqls = queryInserts().stream().map(BigQueryWarehouseRequestTest::sql).toList();
      assertThat(sqls).hasSize(2);
      assertThat(sqls.get(1))
          .startsWith("CREATE OR REPLACE TABLE `snaplake-test.archive.mart__old__20261124t101500z`\n"
              + "COPY `snaplake-test.mart.old`")
          .contains("expiration_timestamp=TIMESTAMP_ADD(CURRENT_TIMESTAMP(), INTERVAL 90 DAY)");
      List<Request> all = server.requests();
      int copyAt = -1;
      int deleteAt = -1;
      for (int i = 0; i < all.size(); i++) {
        if (all.get(i).method().equals("POST") && all.get(i).bodyText().contains("COPY")) {
          copyAt = i;
        }
        if (all.get(i).method().equals("DELETE")) {
          deleteAt = i;
        }
      }
      assertThat(copyAt).isPositive().isLessThan(deleteAt); // archived before dropped
    }

    @Test
    void aFailedArchiveDropsNothing() {
      existing("TABLE");
      server.onJobInsert(r -> FakeBigQueryServer.doneJobResponse(r, "accessDenied", "Access Denied: archive"));
      assertThatThrownBy(() -> warehouse.archiveAndDrop(new ObjectId("mart", "old"), new ObjectId("archive", "x")))
          .isInstanceOf(BigQueryJobException.class);
      assertThat(server.requests("DELETE", "/tables/old")).isEmpty();
    }

    @Test
    void anObjectAlreadyGoneIsNothingToDo() {
      warehouse.archiveAndDrop(new ObjectId("mart", "gone"), new ObjectId("archive", "x"));
      assertThat(server.jobInserts()).isEmpty();
    }
  }

  @Test
  void queryReturnsTypedRows() {
    server.onQuery(r -> FakeBigQueryServer.queryResponse(
        List.of("n:INTEGER", "s", "b:BOOLEAN", "d:DATE", "x:NUMERIC", "f:FLOAT"),
        List.of(Arrays.asList(42, "a", true, "2026-11-24", "1.50", 2.5), Arrays.asList(null, null, null, null, null, null))));
    List<Map<String, Object>> rows = warehouse.query("SELECT 1");
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0)).containsExactly(
        Map.entry("n", 42L), Map.entry("s", "a"), Map.entry("b", true), Map.entry("d", java.time.LocalDate.of(2026, 11, 24)),
        Map.entry("x", new java.math.BigDecimal("1.50")), Map.entry("f", 2.5));
    assertThat(rows.get(1).values()).containsOnlyNulls();
    JsonObject body = server.requests("POST", "/queries").get(0).json();
    assertThat(body.get("useLegacySql").getAsBoolean()).isFalse();
  }
}
