package dev.snaplake.local.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks a generated export against the RDS layout and type mapping, reading it back only with
 * DuckDB's Parquet functions and a JSON parser (independent of the generator's own code).
 */
class SampleExportTest {

  static final LocalDate DAY = LocalDate.of(2026, 11, 24);
  static final String ID = "snaplake-app-2026-11-24";
  static final List<String> ALL_TABLES =
      List.of("audit_log", "balances", "cards", "merchants", "referrals", "transactions", "users");

  static final Pattern DATA_FILE =
      Pattern.compile("app/app\\.([a-z_]+)/([1-9][0-9]*)/part-([0-9]{5})-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\.gz\\.parquet");
  static final Pattern SUCCESS_FILE = Pattern.compile("app/app\\.([a-z_]+)/([1-9][0-9]*)/_SUCCESS");
  static final Pattern TABLES_INFO =
      Pattern.compile("export_tables_info_" + Pattern.quote(ID) + "_from_([0-9]+)_to_([0-9]+)\\.json");

  @TempDir static Path tmp;
  static Path bucket;
  static SampleExportSpec spec;
  static SampleExportResult result;
  static Path root;
  static Connection db;

  @BeforeAll
  static void generate() throws Exception {
    bucket = tmp.resolve("bucket");
    spec = new SampleExportSpec("app", DAY, 1000, 42, "rds/app-prod", 1);
    result = SampleExport.write(bucket, spec);
    root = bucket.resolve("rds/app-prod").resolve(ID);
    db = DriverManager.getConnection("jdbc:duckdb:");
  }

  @AfterAll
  static void close() throws SQLException {
    db.close();
  }

  // ---- layout --------------------------------------------------------------------------------

  @Test
  void resultDescribesTheExport() throws IOException {
    assertThat(result.exportId()).isEqualTo(ID);
    assertThat(result.exportRootKey()).isEqualTo("rds/app-prod/" + ID);
    assertThat(result.exportRoot()).isEqualTo(root.toAbsolutePath());
    assertThat(result.tables()).extracting(SampleTable::target)
        .containsExactlyElementsOf(ALL_TABLES.stream().map(t -> "app." + t).toList());
    List<Path> files = files(root);
    assertThat(result.fileCount()).isEqualTo(files.size());
    long bytes = 0;
    for (Path f : files) {
      bytes += Files.size(f);
    }
    assertThat(result.totalBytes()).isEqualTo(bytes);
    // nothing but the export (and the bucket's empty temporary area) in the bucket
    try (Stream<Path> s = Files.walk(bucket)) {
      assertThat(s.filter(Files::isRegularFile).count()).isEqualTo(files.size());
    }
  }

  @Test
  void everyObjectFollowsTheRdsLayout() throws IOException {
    for (Path f : files(root)) {
      String key = rel(f);
      boolean known = DATA_FILE.matcher(key).matches()
          || SUCCESS_FILE.matcher(key).matches()
          || TABLES_INFO.matcher(key).matches()
          || key.equals("export_info_" + ID + ".json")
          || key.equals("snaplake_inventory_" + ID + ".json");
      assertThat(known).as("unexpected object %s", key).isTrue();
    }
    assertThat(dataFiles()).isNotEmpty();
  }

  @Test
  void theInventoryListsEveryOtherObjectWithItsSizeAndIsWrittenLast() throws IOException {
    Path inventory = root.resolve("snaplake_inventory_" + ID + ".json");
    JsonObject o = json(inventory);
    assertThat(o.get("version").getAsInt()).isEqualTo(1);
    assertThat(o.get("exportId").getAsString()).isEqualTo(ID);
    Map<String, Long> listed = new TreeMap<>();
    for (JsonElement e : o.getAsJsonArray("objects")) {
      listed.put(e.getAsJsonObject().get("path").getAsString(), e.getAsJsonObject().get("size").getAsLong());
    }
    Map<String, Long> onDisk = new TreeMap<>();
    for (Path f : files(root)) {
      if (!f.equals(inventory)) {
        onDisk.put(rel(f), Files.size(f));
      }
    }
    assertThat(listed).isEqualTo(onDisk);
    // Written after everything it lists, as snaplake's exporter does once RDS says COMPLETE.
    long newest = 0;
    for (Path f : files(root)) {
      if (!f.equals(inventory)) {
        newest = Math.max(newest, Files.getLastModifiedTime(f).toMillis());
      }
    }
    assertThat(Files.getLastModifiedTime(inventory).toMillis()).isGreaterThanOrEqualTo(newest);
    assertThat(Instant.parse(o.get("writtenAt").getAsString()))
        .isAfter(Instant.parse(json(root.resolve("export_info_" + ID + ".json")).get("taskEndTime").getAsString()));
  }

  @Test
  void transactionsHasSeveralBatchFoldersEachWithSuccessAndSeveralParts() throws IOException {
    Map<Integer, List<Integer>> byBatch = partIndexes("transactions");
    assertThat(byBatch.keySet()).hasSizeGreaterThanOrEqualTo(2);
    assertThat(byBatch.keySet()).containsExactlyElementsOf(
        java.util.stream.IntStream.rangeClosed(1, byBatch.size()).boxed().toList());
    assertThat(byBatch.values().stream().mapToInt(List::size).sum()).isGreaterThanOrEqualTo(2);
    assertThat(result.table("transactions").orElseThrow().batches()).isEqualTo(byBatch.size());
  }

  @Test
  void partitionIndexesHaveAGap() throws IOException {
    boolean gap = false;
    for (String table : List.of("users", "merchants", "cards", "transactions", "balances")) {
      for (List<Integer> indexes : partIndexes(table).values()) {
        assertThat(indexes).doesNotHaveDuplicates();
        for (int k = 0; k < indexes.size(); k++) {
          if (indexes.get(k) != k) {
            gap = true;
          }
        }
      }
    }
    assertThat(gap).as("some batch folder skips a partition index").isTrue();
  }

  @Test
  void everyBatchFolderHasAnEmptySuccessObject() throws IOException {
    List<Path> batchDirs = new ArrayList<>();
    try (Stream<Path> s = Files.walk(root.resolve("app"), 2)) {
      s.filter(p -> root.resolve("app").relativize(p).getNameCount() == 2).forEach(batchDirs::add);
    }
    assertThat(batchDirs).isNotEmpty();
    for (Path dir : batchDirs) {
      Path success = dir.resolve("_SUCCESS");
      assertThat(success).as("_SUCCESS in %s", rel(dir)).exists();
      assertThat(Files.size(success)).isZero();
      try (Stream<Path> s = Files.list(dir)) {
        assertThat(s.filter(p -> p.getFileName().toString().endsWith(".gz.parquet")).count()).isPositive();
      }
    }
  }

  // ---- metadata ------------------------------------------------------------------------------

  @Test
  void exportInfoHasTheFieldsRdsWrites() throws IOException {
    JsonObject info = json(root.resolve("export_info_" + ID + ".json"));
    assertThat(info.keySet()).contains("exportTaskIdentifier", "sourceArn", "exportOnly", "snapshotTime",
        "taskStartTime", "taskEndTime", "s3Bucket", "s3Prefix", "exportedFilesPath", "iamRoleArn", "kmsKeyId",
        "status", "percentProgress", "totalExportedDataInGB");
    assertThat(info.get("exportTaskIdentifier").getAsString()).isEqualTo(ID);
    assertThat(info.get("sourceArn").getAsString())
        .isEqualTo("arn:aws:rds:eu-west-1:123456789012:snapshot:rds:app-prod-2026-11-24");
    assertThat(info.getAsJsonArray("exportOnly")).isEmpty();
    assertThat(info.get("snapshotTime").getAsString()).isEqualTo("2026-11-24T03:00:00Z");
    assertThat(info.get("taskStartTime").getAsString()).isGreaterThan("2026-11-24T03:00:00Z");
    assertThat(info.get("taskEndTime").getAsString()).isGreaterThan(info.get("taskStartTime").getAsString());
    assertThat(info.get("s3Bucket").getAsString()).isEqualTo("acme-rds-exports");
    assertThat(info.get("s3Prefix").getAsString()).isEqualTo("rds/app-prod");
    assertThat(info.get("status").getAsString()).isEqualTo("COMPLETE");
    assertThat(info.get("percentProgress").getAsInt()).isEqualTo(100);
    assertThat(info.get("totalExportedDataInGB").getAsDouble()).isPositive();
  }

  @Test
  void tablesInfoIsSplitIntoContiguousRangesCoveringEveryTable() throws IOException {
    TreeMap<Integer, Integer> ranges = new TreeMap<>();
    List<String> targets = new ArrayList<>();
    for (Path f : files(root)) {
      Matcher m = TABLES_INFO.matcher(rel(f));
      if (m.matches()) {
        int from = Integer.parseInt(m.group(1));
        int to = Integer.parseInt(m.group(2));
        assertThat(ranges.put(from, to)).isNull();
        JsonArray entries = json(f).getAsJsonArray("perTableStatus");
        assertThat(entries).hasSize(to - from + 1);
      }
    }
    assertThat(ranges).hasSizeGreaterThanOrEqualTo(2);
    int next = 0;
    for (Map.Entry<Integer, Integer> r : ranges.entrySet()) {
      assertThat(r.getKey()).as("ranges are contiguous").isEqualTo(next);
      assertThat(r.getValue()).isGreaterThanOrEqualTo(r.getKey());
      next = r.getValue() + 1;
    }
    for (Map.Entry<Integer, Integer> r : ranges.entrySet()) {
      Path f = root.resolve("export_tables_info_" + ID + "_from_" + r.getKey() + "_to_" + r.getValue() + ".json");
      for (JsonElement e : json(f).getAsJsonArray("perTableStatus")) {
        targets.add(e.getAsJsonObject().get("target").getAsString());
      }
    }
    assertThat(next).isEqualTo(ALL_TABLES.size());
    assertThat(targets).containsExactlyElementsOf(ALL_TABLES.stream().map(t -> "app." + t).toList());
  }

  @Test
  void completeTablesReportTheirBatchesSizeAndTypeMappings() throws IOException {
    Map<String, JsonObject> entries = tableEntries(root, ID);
    for (SampleTable t : result.tables()) {
      JsonObject e = entries.get(t.target());
      assertThat(e.get("status").getAsString()).isEqualTo(t.status());
      if (!t.status().equals("COMPLETE")) {
        continue;
      }
      JsonObject partitioning = e.getAsJsonObject("tableStatistics").getAsJsonObject("partitioningInfo");
      assertThat(partitioning.get("numberOfPartitions").getAsInt()).isEqualTo(t.batches());
      assertThat(partitioning.get("numberOfCompletedPartitions").getAsInt()).isEqualTo(t.batches());
      assertThat(e.getAsJsonObject("tableStatistics").get("extractionStartTime").getAsString()).endsWith("Z");
      assertThat(e.get("sizeGB").getAsDouble()).isGreaterThanOrEqualTo(0);
      assertThat(e.getAsJsonObject("schemaMetadata").getAsJsonArray("originalTypeMappings")).isNotEmpty();
    }
    Map<String, JsonObject> users = mappings(entries.get("app.users"));
    assertThat(users.keySet()).containsExactly("id", "email", "full_name", "country", "birth_date", "is_active",
        "status", "settings", "created_at", "updated_at");
    assertMapping(users.get("id"), "bigint unsigned", "fixed_len_byte_array(9)", 0, 20, 0);
    assertMapping(users.get("email"), "varchar", "binary (UTF8)", 255, 0, 0);
    assertMapping(users.get("country"), "char", "binary", 2, 0, 0);
    assertMapping(users.get("is_active"), "tinyint", "int32", 0, 1, 0);
    assertMapping(users.get("status"), "enum", "binary (UTF8)", 6, 0, 0);
    assertMapping(users.get("settings"), "json", "binary (UTF8)", 0, 0, 0);
    assertMapping(users.get("birth_date"), "date", "binary (UTF8)", 0, 0, 0);
    assertMapping(users.get("created_at"), "datetime", "int64 (TIMESTAMP_MICRO)", 0, 0, 6);
    assertMapping(users.get("updated_at"), "timestamp", "int64 (TIMESTAMP_MICRO)", 0, 0, 0);
    Map<String, JsonObject> tx = mappings(entries.get("app.transactions"));
    assertMapping(tx.get("amount"), "decimal", "decimal(12,2)", 0, 12, 0);
    assertThat(tx.get("amount").get("originalNumScale").getAsInt()).isEqualTo(2);
    assertMapping(tx.get("fingerprint"), "binary", "binary", 16, 0, 0);
    assertMapping(tx.get("local_time"), "time", "binary (UTF8)", 0, 0, 0);
    assertMapping(tx.get("merchant_id"), "int", "int32", 0, 10, 0);
    Map<String, JsonObject> balances = mappings(entries.get("app.balances"));
    assertMapping(balances.get("ledger_amount"), "decimal", "string", 0, 40, 0);
    assertThat(balances.get("ledger_amount").get("originalNumScale").getAsInt()).isEqualTo(10);
    assertMapping(balances.get("year_opened"), "year", "int32", 0, 0, 0);
    assertMapping(mappings(entries.get("app.cards")).get("flags"), "bit", "binary", 0, 8, 0);
    assertMapping(mappings(entries.get("app.merchants")).get("mcc"), "smallint", "int32", 0, 5, 0);
  }

  @Test
  void emptyTableIsCompleteWithoutAnyFile() throws IOException {
    SampleTable referrals = result.table("app.referrals").orElseThrow();
    assertThat(referrals).isEqualTo(new SampleTable("app.referrals", "COMPLETE", 0, 0, 0));
    assertThat(root.resolve("app/app.referrals")).doesNotExist();
    JsonObject e = tableEntries(root, ID).get("app.referrals");
    assertThat(e.get("status").getAsString()).isEqualTo("COMPLETE");
    assertThat(mappings(e).keySet()).containsExactly("id", "referrer_id", "referred_email", "created_at");
  }

  @Test
  void skippedTableIsReportedWithAWarningAndHasNoFile() throws IOException {
    assertThat(result.table("audit_log").orElseThrow().status()).isEqualTo("SKIPPED");
    assertThat(root.resolve("app/app.audit_log")).doesNotExist();
    JsonObject e = tableEntries(root, ID).get("app.audit_log");
    assertThat(e.get("status").getAsString()).isEqualTo("SKIPPED");
    assertThat(e.get("warningMessage").getAsString()).contains("skipped").contains("space");
  }

  // ---- Parquet types -------------------------------------------------------------------------

  /** physical type, converted type (null = none), precision, scale. */
  record Pq(String type, String converted, Integer precision, Integer scale) {}

  static Pq pq(String type, String converted) {
    return new Pq(type, converted, null, null);
  }

  static final Pq U64 = new Pq("FIXED_LEN_BYTE_ARRAY", "DECIMAL", 20, 0);
  static final Pq I64 = pq("INT64", "INT_64");
  static final Pq I32 = pq("INT32", "INT_32");
  static final Pq UTF8 = pq("BYTE_ARRAY", "UTF8");
  static final Pq BYTES = pq("BYTE_ARRAY", null);
  static final Pq TS = pq("INT64", "TIMESTAMP_MICROS");

  static Map<String, Map<String, Pq>> expectedTypes() {
    Map<String, Map<String, Pq>> m = new LinkedHashMap<>();
    m.put("users", ordered("id", U64, "email", UTF8, "full_name", UTF8, "country", BYTES, "birth_date", UTF8,
        "is_active", I32, "status", UTF8, "settings", UTF8, "created_at", TS, "updated_at", TS));
    m.put("merchants", ordered("id", I32, "name", UTF8, "mcc", I32, "country", BYTES, "created_at", TS));
    m.put("cards", ordered("id", I64, "user_id", U64, "last4", BYTES, "brand", UTF8, "expires_on", UTF8,
        "daily_limit", new Pq(null, "DECIMAL", 12, 2), "issued_at", TS, "flags", BYTES));
    m.put("transactions", ordered("id", I64, "card_id", I64, "merchant_id", I32,
        "amount", new Pq(null, "DECIMAL", 12, 2), "currency", BYTES, "status", UTF8, "created_at", TS,
        "local_time", UTF8, "fingerprint", BYTES, "fx_rate", new Pq(null, "DECIMAL", 18, 8)));
    m.put("balances", ordered("user_id", U64, "currency", BYTES, "ledger_amount", UTF8, "as_of", UTF8,
        "year_opened", I32));
    return m;
  }

  @Test
  void parquetPhysicalAndLogicalTypesFollowTheRdsMySqlMapping() throws Exception {
    for (Map.Entry<String, Map<String, Pq>> t : expectedTypes().entrySet()) {
      List<String> fileList = filesOf(t.getKey());
      assertThat(fileList).as(t.getKey()).isNotEmpty();
      for (String file : fileList) {
        Map<String, Pq> actual = new LinkedHashMap<>();
        Map<String, Integer> typeLength = new LinkedHashMap<>();
        try (Statement st = db.createStatement();
            ResultSet rs = st.executeQuery("SELECT name, type, converted_type, precision, scale, type_length"
                + " FROM parquet_schema('" + file + "') WHERE num_children IS NULL OR num_children = 0")) {
          while (rs.next()) {
            String conv = rs.getString(3);
            boolean dec = "DECIMAL".equals(conv);
            actual.put(rs.getString(1), new Pq(rs.getString(2), conv,
                dec ? Integer.valueOf(rs.getInt(4)) : null, dec ? Integer.valueOf(rs.getInt(5)) : null));
            typeLength.put(rs.getString(1), rs.getString(6) == null ? null : Integer.valueOf(rs.getString(6)));
          }
        }
        assertThat(actual.keySet()).as("columns of %s", file).containsExactlyElementsOf(t.getValue().keySet());
        for (Map.Entry<String, Pq> c : t.getValue().entrySet()) {
          Pq want = c.getValue();
          Pq got = actual.get(c.getKey());
          String what = t.getKey() + "." + c.getKey();
          if (want.type() != null) {
            assertThat(got.type()).as(what).isEqualTo(want.type());
          } else {
            assertThat(got.type()).as(what).isIn("INT32", "INT64", "FIXED_LEN_BYTE_ARRAY", "BYTE_ARRAY");
          }
          assertThat(got.converted()).as(what).isEqualTo(want.converted());
          assertThat(got.precision()).as(what).isEqualTo(want.precision());
          assertThat(got.scale()).as(what).isEqualTo(want.scale());
          if (want == U64) {
            // RDS writes 9 bytes (the minimum for 20 digits); DuckDB writes 16. Both hold DECIMAL(20,0).
            assertThat(typeLength.get(c.getKey())).as(what).isGreaterThanOrEqualTo(9);
          }
        }
      }
    }
  }

  @Test
  void timestampsAreMicrosAndTextTypesReadBackAsText() throws Exception {
    String tx = glob("transactions");
    try (Statement st = db.createStatement();
        ResultSet rs = st.executeQuery("SELECT logical_type FROM parquet_schema(" + tx + ") WHERE name = 'created_at' LIMIT 1")) {
      rs.next();
      assertThat(rs.getString(1)).contains("MICROS");
    }
    assertThat(scalar("SELECT count(*) FROM read_parquet(" + tx + ") WHERE NOT regexp_full_match(local_time, '[0-2][0-9]:[0-5][0-9]:[0-5][0-9]')")).isEqualTo("0");
    assertThat(scalar("SELECT count(*) FROM read_parquet(" + tx + ") WHERE octet_length(fingerprint) <> 16")).isEqualTo("0");
    assertThat(scalar("SELECT count(*) FROM read_parquet(" + tx + ") WHERE microsecond(created_at) % 1000000 <> 0")).isNotEqualTo("0");
    String users = glob("users");
    assertThat(scalar("SELECT count(*) FROM read_parquet(" + users + ") WHERE birth_date IS NOT NULL AND NOT regexp_full_match(birth_date, '[0-9]{4}-[0-9]{2}-[0-9]{2}')")).isEqualTo("0");
    assertThat(scalar("SELECT count(*) FROM read_parquet(" + users + ") WHERE birth_date IS NULL")).isNotEqualTo("0");
    assertThat(scalar("SELECT count(*) FROM read_parquet(" + users + ") WHERE settings IS NULL")).isNotEqualTo("0");
    assertThat(scalar("SELECT count(*) FROM read_parquet(" + users + ") WHERE updated_at <> date_trunc('second', updated_at)")).isEqualTo("0");
    assertThat(scalar("SELECT count(*) FROM read_parquet(" + users + ") WHERE octet_length(country) <> 2")).isEqualTo("0");
    assertThat(scalar("SELECT min(is_active) || '-' || max(is_active) FROM read_parquet(" + users + ")")).isEqualTo("0-1");
    assertThat(scalar("SELECT count(*) FROM read_parquet(" + glob("balances") + ") WHERE NOT regexp_full_match(ledger_amount, '-?[0-9]+\\.[0-9]{10}')")).isEqualTo("0");
    assertThat(scalar("SELECT count(*) FROM read_parquet(" + glob("cards") + ") WHERE octet_length(flags) <> 1")).isEqualTo("0");
  }

  @Test
  void footerRowCountsMatchTheReportedRows() throws Exception {
    Map<String, Long> expected = Map.of("users", 100L, "cards", 125L, "merchants", 20L, "transactions", 1000L,
        "balances", 200L);
    for (Map.Entry<String, Long> e : expected.entrySet()) {
      SampleTable t = result.table(e.getKey()).orElseThrow();
      assertThat(t.rows()).as(e.getKey()).isEqualTo(e.getValue());
      long footer = Long.parseLong(scalar("SELECT sum(num_rows) FROM parquet_file_metadata(" + glob(e.getKey()) + ")"));
      assertThat(footer).as(e.getKey()).isEqualTo(t.rows());
      assertThat(filesOf(e.getKey())).hasSize(t.files());
      assertThat(Long.parseLong(scalar("SELECT count(DISTINCT " + (e.getKey().equals("balances") ? "(user_id, currency)" : "id")
          + ") FROM read_parquet(" + glob(e.getKey()) + ")"))).as("primary key of %s", e.getKey()).isEqualTo(t.rows());
    }
  }

  // ---- determinism and versions --------------------------------------------------------------

  @Test
  void sameSeedGivesTheSameRowsAndAnotherSeedOtherRows() throws Exception {
    Path again = tmp.resolve("again");
    SampleExport.write(again, spec);
    Path other = tmp.resolve("other");
    SampleExport.write(other, spec.withSeed(43));
    for (String table : List.of("users", "merchants", "cards", "transactions", "balances")) {
      String a = checksum(bucket, table);
      assertThat(checksum(again, table)).as(table).isEqualTo(a);
      assertThat(checksum(other, table)).as(table).isNotEqualTo(a);
    }
    // the same object keys too
    assertThat(keys(again.resolve("rds/app-prod").resolve(ID))).isEqualTo(keys(root));
  }

  @Test
  void laterSnapshotAddsAColumnChangesMerchantsAndAddsTransactions() throws Exception {
    Path later = tmp.resolve("later");
    SampleExportResult v2 = SampleExport.write(later, new SampleExportSpec("app", DAY.plusDays(1), 1000, 42, null, 2));
    assertThat(v2.exportId()).isEqualTo("snaplake-app-2026-11-25");
    String u2 = globIn(later, "snaplake-app-2026-11-25", "users");
    List<String> cols = new ArrayList<>();
    try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("DESCRIBE SELECT * FROM read_parquet(" + u2 + ")")) {
      while (rs.next()) {
        cols.add(rs.getString(1));
      }
    }
    assertThat(cols).endsWith("updated_at", "referral_code");
    long filled = Long.parseLong(scalar("SELECT count(referral_code) FROM read_parquet(" + u2 + ")"));
    assertThat(filled).isBetween(20L, 80L);
    assertThat(scalar("SELECT type || '/' || converted_type FROM parquet_schema(" + u2 + ") WHERE name = 'referral_code' LIMIT 1"))
        .isEqualTo("BYTE_ARRAY/UTF8");
    assertThat(mappings(tableEntries(later.resolve("rds/app-prod/snaplake-app-2026-11-25"), "snaplake-app-2026-11-25")
        .get("app.users")).keySet()).endsWith("referral_code");

    String m1 = glob("merchants");
    String m2 = globIn(later, "snaplake-app-2026-11-25", "merchants");
    long changed = Long.parseLong(scalar("SELECT count(*) FROM (FROM read_parquet(" + m2 + ") EXCEPT FROM read_parquet(" + m1 + "))"));
    long renamed = Long.parseLong(scalar("SELECT count(*) FROM read_parquet(" + m1 + ") a JOIN read_parquet(" + m2
        + ") b USING (id) WHERE a.name <> b.name"));
    assertThat(renamed).isPositive();
    assertThat(changed).isGreaterThan(renamed);
    assertThat(v2.table("merchants").orElseThrow().rows()).isGreaterThan(result.table("merchants").orElseThrow().rows());

    assertThat(v2.table("transactions").orElseThrow().rows()).isGreaterThan(1000);
    String t2 = globIn(later, "snaplake-app-2026-11-25", "transactions");
    assertThat(Long.parseLong(scalar("SELECT sum(num_rows) FROM parquet_file_metadata(" + t2 + ")")))
        .isEqualTo(v2.table("transactions").orElseThrow().rows());
    // new rows fall on the new day, after everything of the earlier history
    assertThat(scalar("SELECT max(created_at) > TIMESTAMP '2026-11-24 03:00:00' FROM read_parquet(" + t2 + ")")).isEqualTo("true");
    assertThat(scalar("SELECT max(created_at) < TIMESTAMP '2026-11-25 03:00:00' FROM read_parquet(" + t2 + ")")).isEqualTo("true");
    assertThat(scalar("SELECT max(created_at) < TIMESTAMP '2026-11-24 03:00:00' FROM read_parquet(" + glob("transactions") + ")")).isEqualTo("true");
  }

  @Test
  void versionTwoKeepsTheRowsOfTheDayBefore() throws Exception {
    // v2 at day D+1 = v1 at day D plus one new day: the earlier transactions are unchanged
    Path later = tmp.resolve("later-consistent");
    SampleExport.write(later, new SampleExportSpec("app", DAY.plusDays(1), 1000, 42, null, 2));
    String t2 = globIn(later, "snaplake-app-2026-11-25", "transactions");
    String diff = scalar("SELECT count(*) FROM ((FROM read_parquet(" + glob("transactions") + ")) EXCEPT"
        + " (FROM read_parquet(" + t2 + ") WHERE id <= 1000))");
    assertThat(diff).isEqualTo("0");
    assertThat(scalar("SELECT count(*) FROM ((SELECT id, email, created_at FROM read_parquet(" + glob("users") + ")) EXCEPT"
        + " (SELECT id, email, created_at FROM read_parquet(" + globIn(later, "snaplake-app-2026-11-25", "users") + ")))"))
        .isEqualTo("0");
  }

  @Test
  void writingTheSameExportTwiceFailsClearlyAndLeavesItIntact() throws IOException {
    List<String> before = keys(root);
    assertThatThrownBy(() -> SampleExport.write(bucket, spec))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(ID)
        .hasMessageContaining("already exists");
    assertThat(keys(root)).isEqualTo(before);
  }

  @Test
  void anEmptyExportFolderIsNotInTheWay() throws IOException {
    Path b = tmp.resolve("empty-folder");
    Files.createDirectories(b.resolve("rds/app-prod/snaplake-app-2026-01-02"));
    SampleExportResult r = SampleExport.write(b, SampleExportSpec.of("app", LocalDate.of(2026, 1, 2), 40, 7));
    assertThat(r.table("transactions").orElseThrow().batches()).isGreaterThanOrEqualTo(2);
    assertThat(r.exportRootKey()).isEqualTo("rds/app-prod/snaplake-app-2026-01-02");
  }

  @Test
  void specIsValidated() {
    assertThat(SampleExportSpec.of("app", DAY, 10, 1).s3Prefix()).isEqualTo("rds/app-prod");
    assertThat(new SampleExportSpec("shop", DAY, 10, 1, "/exports/shop/", 1).exportRootKey())
        .isEqualTo("exports/shop/snaplake-shop-2026-11-24");
    assertThatThrownBy(() -> new SampleExportSpec("App-DB", DAY, 10, 1, null, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SampleExportSpec("app", DAY, 0, 1, null, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SampleExportSpec("app", DAY, 10, 1, null, 3)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SampleExportSpec("app", DAY, 10, 1, "rds:prod", 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SampleExportSpec("app", DAY, 10, 1, "rds/../x", 1)).isInstanceOf(IllegalArgumentException.class);
  }

  // ---- helpers -------------------------------------------------------------------------------

  static String checksum(Path bucketRoot, String table) throws SQLException {
    return scalar("SELECT count(*) || ':' || sum(hash(t)::HUGEINT) FROM read_parquet("
        + globIn(bucketRoot, ID, table) + ") t");
  }

  static String scalar(String sql) throws SQLException {
    try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      assertThat(rs.next()).isTrue();
      return rs.getString(1);
    }
  }

  static String glob(String table) {
    return globIn(bucket, ID, table);
  }

  static String globIn(Path bucketRoot, String exportId, String table) {
    return "'" + bucketRoot.resolve("rds/app-prod").resolve(exportId).resolve("app/app." + table)
        .toAbsolutePath() + "/*/*.gz.parquet'";
  }

  static List<String> filesOf(String table) throws IOException {
    return dataFiles().stream()
        .filter(f -> rel(f).startsWith("app/app." + table + "/"))
        .map(f -> f.toAbsolutePath().toString())
        .collect(Collectors.toList());
  }

  static List<Path> dataFiles() throws IOException {
    return files(root).stream().filter(f -> f.getFileName().toString().endsWith(".gz.parquet")).toList();
  }

  /** batch -> sorted partition indexes of a table. */
  static Map<Integer, List<Integer>> partIndexes(String table) throws IOException {
    Map<Integer, TreeSet<Integer>> out = new TreeMap<>();
    for (Path f : dataFiles()) {
      Matcher m = DATA_FILE.matcher(rel(f));
      assertThat(m.matches()).isTrue();
      if (m.group(1).equals(table)) {
        out.computeIfAbsent(Integer.parseInt(m.group(2)), k -> new TreeSet<>()).add(Integer.parseInt(m.group(3)));
      }
    }
    Map<Integer, List<Integer>> r = new TreeMap<>();
    out.forEach((k, v) -> r.put(k, new ArrayList<>(v)));
    return r;
  }

  static List<Path> files(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).sorted().toList();
    }
  }

  static List<String> keys(Path dir) throws IOException {
    return files(dir).stream().map(f -> dir.relativize(f).toString().replace('\\', '/')).toList();
  }

  static String rel(Path p) {
    return root.relativize(p).toString().replace('\\', '/');
  }

  static JsonObject json(Path f) throws IOException {
    return JsonParser.parseString(Files.readString(f, StandardCharsets.UTF_8)).getAsJsonObject();
  }

  static Map<String, JsonObject> tableEntries(Path exportRoot, String exportId) throws IOException {
    Map<String, JsonObject> out = new LinkedHashMap<>();
    try (Stream<Path> s = Files.list(exportRoot)) {
      for (Path f : s.sorted().toList()) {
        if (f.getFileName().toString().startsWith("export_tables_info_" + exportId + "_from_")) {
          for (JsonElement e : json(f).getAsJsonArray("perTableStatus")) {
            out.put(e.getAsJsonObject().get("target").getAsString(), e.getAsJsonObject());
          }
        }
      }
    }
    return out;
  }

  static Map<String, JsonObject> mappings(JsonObject entry) {
    Map<String, JsonObject> out = new LinkedHashMap<>();
    for (JsonElement e : entry.getAsJsonObject("schemaMetadata").getAsJsonArray("originalTypeMappings")) {
      out.put(e.getAsJsonObject().get("columnName").getAsString(), e.getAsJsonObject());
    }
    return out;
  }

  static void assertMapping(JsonObject m, String originalType, String exportedType, int charMax, int precision,
      int dateTimePrecision) {
    String what = m.get("columnName").getAsString();
    assertThat(m.get("originalType").getAsString()).as(what).isEqualTo(originalType);
    assertThat(m.get("expectedExportedType").getAsString()).as(what).isEqualTo(exportedType);
    assertThat(m.get("originalCharMaxLength").getAsInt()).as(what).isEqualTo(charMax);
    assertThat(m.get("originalNumPrecision").getAsInt()).as(what).isEqualTo(precision);
    assertThat(m.get("originalDateTimePrecision").getAsInt()).as(what).isEqualTo(dateTimePrecision);
  }

  static <T> Map<String, T> ordered(Object... kv) {
    Map<String, T> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      @SuppressWarnings("unchecked")
      T v = (T) kv[i + 1];
      m.put((String) kv[i], v);
    }
    return m;
  }
}
