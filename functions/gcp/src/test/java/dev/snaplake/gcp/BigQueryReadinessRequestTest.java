package dev.snaplake.gcp;

import static dev.snaplake.gcp.BigQueryWarehouseRequestTest.DIRECT;
import static dev.snaplake.gcp.BigQueryWarehouseRequestTest.FILES;
import static dev.snaplake.gcp.BigQueryWarehouseRequestTest.JOB;
import static dev.snaplake.gcp.BigQueryWarehouseRequestTest.S;
import static dev.snaplake.gcp.BigQueryWarehouseRequestTest.USERS;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.snaplake.core.port.LoadRecord;
import dev.snaplake.core.port.RawLoad;
import dev.snaplake.core.snapshot.Snapshot;
import dev.snaplake.gcp.RecordingHttpServer.Request;
import dev.snaplake.gcp.RecordingHttpServer.Response;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * {@link BigQueryWarehouse#rawLoad}, the builder's readiness check, at the request level: it must
 * cost free metadata calls (tables.get, jobs.get), never a query job.
 */
class BigQueryReadinessRequestTest extends FakeBigQueryTest {

  static RawLoad loadAt(Snapshot s) {
    String job = "snaplake_load_app__users_" + s.partitionId() + "_0123456789abcdef";
    return new RawLoad(USERS, s, DIRECT, FILES, job, "exp-" + s.partitionId(), "app.users");
  }

  void assertNoQueryAndNoJob() {
    assertThat(server.requests("POST", "/queries")).as("no jobs.query").isEmpty();
    assertThat(server.jobInserts()).as("no jobs.insert").isEmpty();
    assertThat(server.requests().stream().filter(r -> !r.method().equals("GET")).toList()).as("reads only").isEmpty();
  }

  @Test
  void aLoadedSnapshotIsReadFromTheTableLabelAndTheRecordJobWithoutAQuery() {
    LoadRecord loaded = warehouse.loadRaw(BigQueryWarehouseRequestTest.load(DIRECT, FILES));
    server.clearRequests();

    assertThat(warehouse.rawLoad(USERS, S)).contains(loaded);

    assertNoQueryAndNoJob();
    List<Request> reads = server.requests();
    assertThat(reads).hasSize(2);
    assertThat(reads.get(0).rawPath()).endsWith("/datasets/raw/tables/app__users");
    assertThat(reads.get(0).param("fields")).contains("labels"); // only the labels are fetched
    assertThat(reads.get(1).rawPath()).endsWith("/jobs/" + BigQueryWarehouseRequestTest.RECORD_JOB);
  }

  @Test
  void theLabelPatchSendsOnlyLabelsSoItCannotUndoASchemaChange() {
    warehouse.loadRaw(BigQueryWarehouseRequestTest.load(DIRECT, FILES));
    List<Request> patches = server.patches();
    assertThat(patches).hasSize(1);
    assertThat(patches.get(0).rawPath()).endsWith("/datasets/raw/tables/app__users");
    JsonObject body = patches.get(0).json();
    assertThat(body.keySet()).containsExactlyInAnyOrder("tableReference", "labels");
    assertThat(body.getAsJsonObject("labels").keySet()).containsExactly("snaplake-load-20261124");
  }

  @Test
  void aSnapshotNotLoadedYetCostsOneTablesGet() {
    warehouse.loadRaw(loadAt(Snapshot.parse("2026-11-23")));
    server.clearRequests();

    assertThat(warehouse.rawLoad(USERS, S)).isEmpty();

    assertNoQueryAndNoJob();
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void aMissingRawTableMeansNoLoad() {
    assertThat(warehouse.rawLoad(USERS, S)).isEmpty();
    assertNoQueryAndNoJob();
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void aSnapshotOlderThanTheLabelledOnesIsLookedUpInTheHistory() {
    server.table("raw", "app__users", List.of("id:INTEGER"), Map.of("snaplake-load-20261130", "abc"));
    server.onQuery(r -> FakeBigQueryServer.queryResponse(
        List.of("row_count:INTEGER", "byte_count:INTEGER", "schema_hash", "job_id", "export_id"),
        List.of(List.of(10, 2048, "abc", JOB, "exp-1"))));

    assertThat(warehouse.rawLoad(USERS, S)).contains(new LoadRecord(USERS, S, 10, 2048, "abc", JOB, "exp-1"));

    Request q = server.requests("POST", "/queries").get(0);
    assertThat(FakeBigQueryServer.queryText(q)).contains("FROM `snaplake-test._snaplake_state.loads`")
        .contains("table_id = @table_id AND snapshot = @snapshot");
    assertThat(FakeBigQueryServer.parameterNames(q)).containsExactly("table_id", "snapshot");
  }

  @Test
  void noHistoryRowOrNoStateTableMeansNoLoad() {
    server.table("raw", "app__users", List.of("id:INTEGER"), Map.of("snaplake-load-20261130", "abc"));
    assertThat(warehouse.rawLoad(USERS, S)).isEmpty();
    server.onQuery(r -> Response.error(404, "notFound", "Not found: Table snaplake-test:_snaplake_state.loads"));
    assertThat(warehouse.rawLoad(USERS, S)).isEmpty();
  }

  @Test
  void aRecordJobBigQueryNoLongerKeepsFallsBackToTheHistory() {
    warehouse.loadRaw(BigQueryWarehouseRequestTest.load(DIRECT, FILES));
    server.jobs.clear(); // job metadata is kept about six months
    server.onQuery(r -> FakeBigQueryServer.queryResponse(
        List.of("row_count:INTEGER", "byte_count:INTEGER", "schema_hash", "job_id", "export_id"),
        List.of(List.of(1234, 56789, DIRECT.hash(), JOB, "exp-20261124"))));
    server.clearRequests();

    assertThat(warehouse.rawLoad(USERS, S)).contains(new LoadRecord(USERS, S, 1234, 56789, DIRECT.hash(), JOB, "exp-20261124"));
    assertThat(server.requests("POST", "/queries")).hasSize(1);
  }

  @Test
  void onlyTheNewestLoadsKeepALabelAndOlderOnesAreRemovedInTheSamePatch() {
    warehouse = new BigQueryWarehouse(server.bigquery(),
        BigQueryWarehouse.Settings.defaults().withLoadLabelWindow(2), d -> { });
    for (String day : List.of("2026-11-22", "2026-11-23", "2026-11-24")) {
      warehouse.loadRaw(loadAt(Snapshot.parse(day)));
    }

    assertThat(server.labels("raw", "app__users").keySet())
        .containsExactly("managed-by", "snaplake-load-20261123", "snaplake-load-20261124");
    JsonObject last = server.patches().get(2).json().getAsJsonObject("labels");
    assertThat(last.get("snaplake-load-20261122").isJsonNull()).isTrue(); // null removes a label
    assertThat(last.get("snaplake-load-20261124").getAsString()).matches("[0-9a-f]{24}");

    // The newest still answer from the labels; the removed one from the history.
    server.clearRequests();
    assertThat(warehouse.rawLoad(USERS, Snapshot.parse("2026-11-23"))).isPresent();
    assertNoQueryAndNoJob();
    warehouse.rawLoad(USERS, Snapshot.parse("2026-11-22"));
    assertThat(server.requests("POST", "/queries")).hasSize(1);
  }
}
