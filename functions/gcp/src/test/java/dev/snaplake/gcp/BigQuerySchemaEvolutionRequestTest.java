package dev.snaplake.gcp;

import static dev.snaplake.gcp.BigQueryWarehouseRequestTest.FILES;
import static dev.snaplake.gcp.BigQueryWarehouseRequestTest.JOB;
import static dev.snaplake.gcp.BigQueryWarehouseRequestTest.jobId;
import static dev.snaplake.gcp.BigQueryWarehouseRequestTest.load;
import static dev.snaplake.gcp.BigQueryWarehouseRequestTest.sql;
import static dev.snaplake.gcp.BigQueryWarehouseRequestTest.strings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import dev.snaplake.core.types.NaturalType;
import dev.snaplake.core.types.RawColumn;
import dev.snaplake.core.types.RawSchema;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * A snapshot loaded into an existing raw table whose schema differs, at the request level: the
 * exact DDL for a safe widening, the CAST for a column the table keeps wider, nothing at all for
 * an incompatible change.
 */
class BigQuerySchemaEvolutionRequestTest extends FakeBigQueryTest {
  static final RawColumn ID = new RawColumn("id", NaturalType.INT64, "bigint", "INT64", 0, 0);
  static final RawColumn EMAIL = new RawColumn("email", NaturalType.STRING, "varchar(255)", "BYTE_ARRAY (UTF8)", 0, 0);
  static final RawColumn BALANCE = new RawColumn("balance", NaturalType.NUMERIC, "decimal(12,2)", "DECIMAL(12,2)", 12, 2);

  /** The raw table as an earlier snapshot left it. */
  void stored(String... columns) {
    server.table("raw", "app__users", List.of(columns), Map.of("managed-by", "snaplake"));
  }

  static RawSchema schema(RawColumn... columns) {
    return new RawSchema(List.of(columns));
  }

  List<String> jobIds() {
    return server.jobInserts().stream().map(BigQueryWarehouseRequestTest::jobId).toList();
  }

  @Test
  void aWiderDecimalIsOneAlterTableBeforeTheLoad() {
    stored("id:INTEGER", "email:STRING", "balance:NUMERIC::12,2");
    RawColumn wider = new RawColumn("balance", NaturalType.NUMERIC, "decimal(20,4)", "DECIMAL(20,4)", 20, 4);

    warehouse.loadRaw(load(schema(ID, EMAIL, wider), FILES));

    JsonObject ddl = server.queryInserts().get(0);
    assertThat(sql(ddl)).isEqualTo(
        "ALTER TABLE `snaplake-test.raw.app__users`\n"
            + "  ALTER COLUMN `balance` SET DATA TYPE NUMERIC(20, 4)");
    assertThat(jobId(ddl)).isEqualTo(JOB + "_widen");
    JsonObject q = ddl.getAsJsonObject("configuration").getAsJsonObject("query");
    assertThat(q.get("useLegacySql").getAsBoolean()).isFalse();
    assertThat(q.has("destinationTable")).isFalse();
    assertThat(ddl.getAsJsonObject("configuration").getAsJsonObject("labels").get("kind").getAsString())
        .isEqualTo("raw-widen");
    // The widening runs first; then the plain Parquet load into the partition.
    assertThat(jobIds().subList(0, 2)).containsExactly(JOB + "_widen", JOB);
    JsonObject l = server.loadInserts().get(0).getAsJsonObject("configuration").getAsJsonObject("load");
    assertThat(l.getAsJsonObject("destinationTable").get("tableId").getAsString()).isEqualTo("app__users$20261124");
  }

  @Test
  void wideningToBigNumericAndRelaxingADroppedRequiredColumnAreOneStatement() {
    stored("id:INTEGER", "email:STRING", "balance:NUMERIC::12,2", "legacy_code:STRING:REQUIRED");
    RawColumn big = new RawColumn("balance", NaturalType.BIGNUMERIC, "decimal(38,2)", "DECIMAL(38,2)", 38, 2);

    warehouse.loadRaw(load(schema(ID, EMAIL, big), FILES));

    List<JsonObject> ddls = server.queryInserts().stream().filter(j -> sql(j).startsWith("ALTER TABLE")).toList();
    assertThat(ddls).hasSize(1);
    assertThat(sql(ddls.get(0))).isEqualTo(
        "ALTER TABLE `snaplake-test.raw.app__users`\n"
            + "  ALTER COLUMN `balance` SET DATA TYPE BIGNUMERIC(38, 2),\n"
            + "  ALTER COLUMN `legacy_code` DROP NOT NULL");
  }

  @Test
  void aColumnTheTableKeepsWiderIsCastToTheTablesTypeThroughStaging() {
    // NUMERIC(25,0) holds every INT64: the new snapshot fits, but a Parquet INT64 column cannot be
    // loaded into a NUMERIC column ("Field id has changed type"), so it is cast on the way in.
    stored("id:NUMERIC::25,0", "email:STRING", "balance:NUMERIC::12,2");

    warehouse.loadRaw(load(schema(ID, EMAIL, BALANCE), FILES));

    assertThat(server.queryInserts()).noneMatch(j -> sql(j).startsWith("ALTER TABLE"));
    JsonObject stage = server.loadInserts().get(0);
    assertThat(jobId(stage)).isEqualTo(JOB + "_stage");
    JsonObject convert = server.queryInserts().stream().filter(j -> jobId(j).equals(JOB)).findFirst().orElseThrow();
    assertThat(sql(convert)).isEqualTo(
        "SELECT\n"
            + "  CAST(`id` AS NUMERIC) AS `id`,\n"
            + "  `email`,\n"
            + "  `balance`\n"
            + "FROM `snaplake-test.raw._staging_app__users_20261124`");
    assertThat(convert.getAsJsonObject("configuration").getAsJsonObject("query").getAsJsonObject("destinationTable")
        .get("tableId").getAsString()).isEqualTo("app__users$20261124");
  }

  @Test
  void anIncompatibleChangeSendsNothingAndNamesTableSnapshotAndColumn() {
    stored("id:INTEGER", "email:STRING", "balance:NUMERIC::12,2");
    RawColumn text = new RawColumn("balance", NaturalType.STRING, "varchar(20)", "BYTE_ARRAY (UTF8)", 0, 0);

    assertThatThrownBy(() -> warehouse.loadRaw(load(schema(ID, EMAIL, text), FILES)))
        .isInstanceOfSatisfying(IncompatibleRawSchemaException.class, e -> {
          assertThat(e.table()).isEqualTo(BigQueryWarehouseRequestTest.USERS);
          assertThat(e.snapshot()).isEqualTo(BigQueryWarehouseRequestTest.S);
        })
        .hasMessageContaining("raw.app__users cannot take snapshot 2026-11-24")
        .hasMessageContaining("column balance changed from NUMERIC(12,2) to STRING (varchar(20))")
        .hasMessageContaining("What to do");

    assertThat(server.jobInserts()).isEmpty();
    assertThat(server.requests()).extracting(RecordingHttpServer.Request::method).containsOnly("GET").hasSize(1);
  }

  @Test
  void aStoredTypeSnaplakeNeverWritesIsIncompatible() {
    stored("id:INTEGER", "email:GEOGRAPHY", "balance:NUMERIC::12,2");
    assertThatThrownBy(() -> warehouse.loadRaw(load(schema(ID, EMAIL, BALANCE), FILES)))
        .isInstanceOf(IncompatibleRawSchemaException.class)
        .hasMessageContaining("column email is stored as GEOGRAPHY");
    assertThat(server.jobInserts()).isEmpty();
  }

  @Test
  void anAddedColumnIsAddedByTheLoadWithoutDdl() {
    stored("id:INTEGER", "email:STRING");

    warehouse.loadRaw(load(schema(ID, EMAIL, BALANCE), FILES));

    assertThat(server.queryInserts()).noneMatch(j -> sql(j).startsWith("ALTER TABLE"));
    JsonObject l = server.loadInserts().get(0).getAsJsonObject("configuration").getAsJsonObject("load");
    assertThat(strings(l.get("schemaUpdateOptions"))).contains("ALLOW_FIELD_ADDITION");
    assertThat(l.getAsJsonObject("destinationTable").get("tableId").getAsString()).isEqualTo("app__users$20261124");
  }

  @Test
  void aDroppedNullableColumnStaysWithoutDdl() {
    stored("id:INTEGER", "email:STRING", "balance:NUMERIC::12,2", "nickname:STRING");

    warehouse.loadRaw(load(schema(ID, EMAIL, BALANCE), FILES));

    assertThat(server.queryInserts()).noneMatch(j -> sql(j).startsWith("ALTER TABLE"));
    assertThat(server.loadInserts()).hasSize(1);
    JsonObject l = server.loadInserts().get(0).getAsJsonObject("configuration").getAsJsonObject("load");
    assertThat(strings(l.get("schemaUpdateOptions"))).contains("ALLOW_FIELD_RELAXATION");
  }

  @Test
  void columnNamesMatchCaseInsensitivelyAsInBigQuery() {
    stored("ID:INTEGER", "Email:STRING", "BALANCE:NUMERIC::12,2");
    warehouse.loadRaw(load(schema(ID, EMAIL, BALANCE), FILES));
    List<String> sqls = new ArrayList<>();
    server.queryInserts().forEach(j -> sqls.add(sql(j)));
    assertThat(sqls).noneMatch(s -> s.startsWith("ALTER TABLE"));
    assertThat(server.loadInserts()).hasSize(1);
  }
}
