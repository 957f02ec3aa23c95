package dev.snaplake.gcp;

import static dev.snaplake.gcp.BigQueryWarehouseRequestTest.DIRECT;
import static dev.snaplake.gcp.BigQueryWarehouseRequestTest.FILES;
import static dev.snaplake.gcp.BigQueryWarehouseRequestTest.JOB;
import static dev.snaplake.gcp.BigQueryWarehouseRequestTest.USERS;
import static dev.snaplake.gcp.BigQueryWarehouseRequestTest.jobId;
import static dev.snaplake.gcp.BigQueryWarehouseRequestTest.load;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import dev.snaplake.core.port.LoadRecord;
import dev.snaplake.core.port.TransientException;
import dev.snaplake.gcp.RecordingHttpServer.Response;
import java.time.Duration;
import java.util.LinkedHashMap;

import java.util.Map;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/**
 * Retryable versus permanent BigQuery errors at the request level: what is retried in-process
 * (and under which job id), what becomes a {@link TransientException} (the event is redelivered)
 * and what a permanent failure says. The warehouse runs with the default settings (3 tries, 1 s
 * → 8 s) and a {@link Sleeper} that records the waits instead of sleeping.
 */
class BigQueryRetryRequestTest extends FakeBigQueryTest {
  static final String TABLE_RATE_LIMIT = "Exceeded rate limits: too many table update operations for this table";
  static final String DAILY_TABLE_QUOTA =
      "Quota exceeded: Your table exceeded quota for imports or query appends per table";

  /** Load jobs finish failed, in turn, with these (reason, message) pairs; then succeed. */
  void failLoads(String... reasonsAndMessages) {
    AtomicInteger n = new AtomicInteger();
    server.onJobInsert(r -> {
      if (!r.json().getAsJsonObject("configuration").has("load")) {
        return null;
      }
      int i = n.getAndIncrement();
      if (2 * i >= reasonsAndMessages.length) {
        return null;
      }
      JsonObject job = FakeBigQueryServer.doneJob(r.json(),
          new String[] {reasonsAndMessages[2 * i], reasonsAndMessages[2 * i + 1]});
      server.jobs.put(jobId(r.json()), job);
      return Response.json(200, job); // HTTP 200: the failure is only in status.errorResult
    });
  }

  @Test
  void aRateLimitedJobIsRetriedOnceUnderTheRetryIdAfterAJitteredWait() {
    failLoads("rateLimitExceeded", TABLE_RATE_LIMIT);

    LoadRecord r = warehouse.loadRaw(load(DIRECT, FILES));

    // The failed job holds its id: the second insert must use the next deterministic one.
    assertThat(server.loadInserts()).extracting(BigQueryWarehouseRequestTest::jobId).containsExactly(JOB, JOB + "_r1");
    assertThat(sleeps).hasSize(1);
    assertThat(sleeps.get(0)).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1)); // 1 s, equal jitter
    assertThat(r.jobId()).isEqualTo(JOB);
    assertThat(r.rows()).isEqualTo(1234);
  }

  @Test
  void anHttp429OnInsertIsRetriedUnderTheSameIdBecauseTheJobMayExist() {
    AtomicInteger n = new AtomicInteger();
    server.onJobInsert(r -> r.json().getAsJsonObject("configuration").has("load") && n.getAndIncrement() == 0
        ? Response.error(429, "rateLimitExceeded", "Exceeded rate limits: too many concurrent api requests")
        : null);

    warehouse.loadRaw(load(DIRECT, FILES));

    assertThat(server.loadInserts()).extracting(BigQueryWarehouseRequestTest::jobId).containsExactly(JOB, JOB);
    assertThat(sleeps).hasSize(1);
  }

  @Test
  void aRateLimitReportedAsQuotaExceededThatPersistsBecomesTransientAfterThreeTries() {
    failLoads("quotaExceeded", TABLE_RATE_LIMIT, "quotaExceeded", TABLE_RATE_LIMIT, "quotaExceeded", TABLE_RATE_LIMIT,
        "quotaExceeded", TABLE_RATE_LIMIT);

    assertThatThrownBy(() -> warehouse.loadRaw(load(DIRECT, FILES)))
        .isInstanceOfSatisfying(BigQueryTransientException.class, e -> {
          assertThat(e).isInstanceOf(TransientException.class); // so ExportIngestion redelivers, not quarantines
          assertThat(e.reason()).isEqualTo("quotaExceeded");
          assertThat(e.jobId()).isEqualTo(JOB + "_r2");
        })
        .hasMessageContaining("raw.app__users")
        .hasMessageContaining("2026-11-24")
        .hasMessageContaining("after 3 tries")
        .hasMessageContaining("too many table update operations")
        .hasMessageContaining("redelivered");
    assertThat(server.loadInserts()).extracting(BigQueryWarehouseRequestTest::jobId)
        .containsExactly(JOB, JOB + "_r1", JOB + "_r2");
    // Exponential: ~1 s then ~2 s, each between half and all of its step.
    assertThat(sleeps).hasSize(2);
    assertThat(sleeps.get(0)).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));
    assertThat(sleeps.get(1)).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2));
    assertThat(server.queryInserts()).isEmpty(); // nothing recorded
    assertThat(server.patches()).isEmpty();
  }

  @Test
  void theDailyTableQuotaIsNotRetriedInProcessButRedelivered() {
    // Retrying within seconds cannot help (it refills over 24 h) and every failed load counts against it.
    failLoads("quotaExceeded", DAILY_TABLE_QUOTA);

    assertThatThrownBy(() -> warehouse.loadRaw(load(DIRECT, FILES)))
        .isInstanceOf(BigQueryTransientException.class)
        .hasMessageContaining("raw.app__users")
        .hasMessageContaining(JOB)
        .hasMessageContaining("exceeded quota for imports")
        .hasMessageContaining("24 h");
    assertThat(server.loadInserts()).hasSize(1);
    assertThat(sleeps).isEmpty();

    // The redelivered event skips the failed job (it costs no try) and loads under the next id.
    server.onJobInsert(r -> null);
    server.clearRequests();
    warehouse.loadRaw(load(DIRECT, FILES));
    assertThat(server.loadInserts()).extracting(BigQueryWarehouseRequestTest::jobId).containsExactly(JOB, JOB + "_r1");
  }

  @Test
  void anInvalidParquetFileIsPermanentAndTheMessageNamesTheFileAndWhatToDo() {
    server.onJobInsert(r -> {
      if (!r.json().getAsJsonObject("configuration").has("load")) {
        return null;
      }
      Map<String, String> fileErrors = new LinkedHashMap<>();
      fileErrors.put(FILES.get(1), "Error while reading data, error message: Parquet file is corrupt: bad magic number");
      JsonObject job = FakeBigQueryServer.failedJob(r.json(), "invalid",
          "Error while reading data, error message: Failed to read Parquet file. Please check the file.", fileErrors);
      server.jobs.put(jobId(r.json()), job);
      return Response.json(200, job);
    });

    assertThatThrownBy(() -> warehouse.loadRaw(load(DIRECT, FILES)))
        .isInstanceOfSatisfying(BigQueryJobException.class, e -> {
          assertThat(e).isNotInstanceOf(TransientException.class);
          assertThat(e.reason()).isEqualTo("invalid");
          assertThat(e.jobId()).isEqualTo(JOB);
        })
        .hasMessageContaining("load of raw.app__users for snapshot 2026-11-24")
        .hasMessageContaining("job " + JOB)
        .hasMessageContaining("at " + FILES.get(1) + ": Error while reading data, error message: Parquet file is corrupt")
        .hasMessageContaining("What to do")
        .hasMessageContaining("bq show -j " + JOB);
    assertThat(server.loadInserts()).hasSize(1);
    assertThat(sleeps).isEmpty();
    assertThat(server.queryInserts()).isEmpty();
    assertThat(server.patches()).isEmpty(); // the table is not marked loaded
  }

  @Test
  void accessDeniedIsPermanentAndSaysWhichRoleIsMissing() {
    failLoads("accessDenied", "Access Denied: File gs://landing/exp-20261124/app/app.users/1/part-00000-a1.gz.parquet");
    assertThatThrownBy(() -> warehouse.loadRaw(load(DIRECT, FILES)))
        .isInstanceOf(BigQueryJobException.class)
        .hasMessageContaining("roles/storage.objectViewer");
    assertThat(server.loadInserts()).hasSize(1);
  }

  @Test
  void aJobStartedByACrashedHandlerIsAttachedToAndWaitedForNotLoadedTwice() {
    // A predecessor inserted the load and died; its job is still running.
    JsonObject running = FakeBigQueryServer.doneJob(loadInsertBody(), null);
    running.getAsJsonObject("status").addProperty("state", "RUNNING");
    server.jobs.put(JOB, running);
    AtomicInteger polls = new AtomicInteger();
    server.intercept(r -> {
      if (r.method().equals("GET") && r.rawPath().endsWith("/jobs/" + JOB) && polls.incrementAndGet() == 3) {
        server.jobs.put(JOB, FakeBigQueryServer.doneJob(loadInsertBody(), null)); // it finishes while we wait
      }
      return null;
    });

    LoadRecord r = warehouse.loadRaw(load(DIRECT, FILES));

    assertThat(server.loadInserts()).extracting(BigQueryWarehouseRequestTest::jobId)
        .containsExactly(JOB); // the one insert got "already exists"; no _r1, no second load
    assertThat(polls.get()).isGreaterThanOrEqualTo(3); // it read the job until it was done
    assertThat(r.rows()).isEqualTo(1234); // the predecessor's job's statistics
    assertThat(server.queryInserts()).hasSize(1); // then the load was recorded, once
  }

  @Test
  void aServerErrorOnTablesGetIsRetriedThenSucceeds() {
    AtomicInteger n = new AtomicInteger();
    server.intercept(r -> r.method().equals("GET") && r.rawPath().endsWith("/tables/app__users") && n.getAndIncrement() < 2
        ? Response.error(503, "backendError", "The service is currently unavailable")
        : null);
    warehouse.loadRaw(load(DIRECT, FILES));
    assertThat(n.get()).isGreaterThanOrEqualTo(3);
    assertThat(sleeps).hasSize(2);
    assertThat(server.loadInserts()).hasSize(1);
  }

  @Test
  void aServerErrorOnTablesGetThatPersistsBecomesTransientBeforeAnyJob() {
    server.intercept(r -> r.method().equals("GET") && r.rawPath().endsWith("/tables/app__users")
        ? Response.error(500, "internalError", "An internal error occurred")
        : null);
    assertThatThrownBy(() -> warehouse.loadRaw(load(DIRECT, FILES)))
        .isInstanceOf(BigQueryTransientException.class)
        .hasMessageContaining("reading raw table " + USERS)
        .hasMessageContaining("3 times");
    assertThat(server.jobInserts()).isEmpty();
  }

  @Test
  void aNotFoundOnTablesGetOfTheRawTableMeansCreateIt() {
    // 404 is an answer, not a failure: the table is created (no retry, no sleep).
    warehouse.loadRaw(load(DIRECT, FILES));
    assertThat(sleeps).isEmpty();
    assertThat(server.requests("POST", "/datasets/raw/tables")).hasSize(1);
  }

  static JsonObject loadInsertBody() {
    JsonObject insert = new JsonObject();
    JsonObject ref = new JsonObject();
    ref.addProperty("projectId", FakeBigQueryServer.PROJECT);
    ref.addProperty("jobId", JOB);
    insert.add("jobReference", ref);
    JsonObject load = new JsonObject();
    JsonObject dest = new JsonObject();
    dest.addProperty("projectId", FakeBigQueryServer.PROJECT);
    dest.addProperty("datasetId", "raw");
    dest.addProperty("tableId", "app__users$20261124");
    load.add("destinationTable", dest);
    com.google.gson.JsonArray uris = new com.google.gson.JsonArray();
    FILES.forEach(uris::add);
    load.add("sourceUris", uris);
    JsonObject config = new JsonObject();
    config.add("load", load);
    insert.add("configuration", config);
    return insert;
  }
}
