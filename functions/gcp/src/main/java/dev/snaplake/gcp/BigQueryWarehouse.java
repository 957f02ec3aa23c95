package dev.snaplake.gcp;

import com.google.cloud.RetryOption;
import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryError;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.BigQueryOptions;
import com.google.cloud.bigquery.Clustering;
import com.google.cloud.bigquery.DatasetId;
import com.google.cloud.bigquery.DatasetInfo;
import com.google.cloud.bigquery.Field;
import com.google.cloud.bigquery.FieldList;
import com.google.cloud.bigquery.FieldValue;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.Job;
import com.google.cloud.bigquery.JobConfiguration;
import com.google.cloud.bigquery.JobId;
import com.google.cloud.bigquery.JobInfo;
import com.google.cloud.bigquery.JobStatistics;
import com.google.cloud.bigquery.JobStatus;
import com.google.cloud.bigquery.LegacySQLTypeName;
import com.google.cloud.bigquery.LoadJobConfiguration;
import com.google.cloud.bigquery.ParquetOptions;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.QueryParameterValue;
import com.google.cloud.bigquery.Schema;
import com.google.cloud.bigquery.StandardSQLTypeName;
import com.google.cloud.bigquery.StandardTableDefinition;
import com.google.cloud.bigquery.Table;
import com.google.cloud.bigquery.TableDefinition;
import com.google.cloud.bigquery.TableId;
import com.google.cloud.bigquery.TableInfo;
import com.google.cloud.bigquery.TableResult;
import com.google.cloud.bigquery.TimePartitioning;
import com.google.cloud.bigquery.ViewDefinition;
import dev.snaplake.core.catalog.ManagedObject;
import dev.snaplake.core.catalog.Materialization;
import dev.snaplake.core.catalog.SqlDialect;
import dev.snaplake.core.catalog.SqlTemplate;
import dev.snaplake.core.naming.Identifiers;
import dev.snaplake.core.naming.InvalidNameException;
import dev.snaplake.core.naming.ObjectId;
import dev.snaplake.core.naming.SourceTable;
import dev.snaplake.core.port.LoadRecord;
import dev.snaplake.core.port.ModelBuild;
import dev.snaplake.core.port.RawLoad;
import dev.snaplake.core.port.Warehouse;
import dev.snaplake.core.port.WarehouseObject;
import dev.snaplake.core.snapshot.Snapshot;
import dev.snaplake.core.types.RawColumn;
import dev.snaplake.core.types.RawSchema;
import dev.snaplake.core.types.SourceEngine;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * BigQuery as snaplake's warehouse.
 *
 * <p><b>Raw loads.</b> One load job per table and snapshot from the export's explicit file URIs
 * (never a wildcard: {@code _SUCCESS} and JSON files sit next to the Parquet), Parquet with list
 * inference and {@code decimalTargetTypes} NUMERIC, BIGNUMERIC, STRING, into the snapshot's
 * partition {@code raw.table$yyyyMMdd} of an ingestion-time DAY-partitioned table, WRITE_TRUNCATE
 * (atomic replacement of that partition only). Columns the load cannot type naturally (see
 * {@link RawColumnConversions}) are loaded into {@code raw._staging_<table>_<yyyyMMdd>} and
 * written into the partition by one SELECT; the staging table is dropped after (and expires after
 * a day in any case). Job ids are the caller's deterministic ids; "already exists" means the job
 * was submitted before and its outcome is used. A job's {@code status.errorResult} is always
 * checked; {@code rateLimitExceeded}, {@code quotaExceeded} and {@code backendError} are retried
 * with exponential backoff, a finished failed job under a {@code _r<n>} suffix of the id.
 *
 * <p><b>Load records</b> live in a small table, {@code _snaplake_state.loads}, written by an
 * INSERT under a deterministic job id (so recording is idempotent too). The port asks for the
 * load of (table, snapshot) without the job id, whose hash BigQuery cannot search by; the table
 * also keeps what a job does not (export id, schema hash, the caller's job id).
 *
 * <p><b>Models</b> are {@code CREATE OR REPLACE VIEW|TABLE … OPTIONS(description, labels) AS}
 * their SQL rendered with {@link BigQueryDialect}, every raw reference pinned to the snapshot's
 * partition. The labels ({@code snapshot}, {@code content-hash}) are what {@link #objects} reads
 * back through {@code INFORMATION_SCHEMA}.
 *
 * <p><b>Pruning</b> archives first: the DDL of every dropped object goes into
 * {@code <archive>._definitions}; a table's data is also copied ({@code CREATE TABLE … COPY})
 * with an expiration. A view is never recreated in the archive: it would keep running there.
 */
public final class BigQueryWarehouse implements Warehouse {
  private static final Logger LOG = Logger.getLogger(BigQueryWarehouse.class.getName());
  static final List<String> DECIMAL_TARGET_TYPES = List.of("NUMERIC", "BIGNUMERIC", "STRING");
  static final Set<String> RETRYABLE_REASONS = Set.of("rateLimitExceeded", "quotaExceeded", "backendError");
  static final String LOADS_TABLE = "loads";
  static final String DEFINITIONS_TABLE = "_definitions";
  private static final Pattern LABEL_STRUCT =
      Pattern.compile("STRUCT\\(\"((?:[^\"\\\\]|\\\\.)*)\", \"((?:[^\"\\\\]|\\\\.)*)\"\\)");

  /** How the warehouse behaves; {@link #defaults()} suits Cloud Functions (≤ 540 s per event). */
  public record Settings(
      String stateDataset,
      String location,
      int maxTries,
      Duration initialBackoff,
      Duration jobTimeout,
      int archiveExpirationDays,
      Duration stagingExpiration) {
    public Settings {
      BigQuerySql.dataset(stateDataset);
      if (maxTries < 1) {
        throw new IllegalArgumentException("maxTries must be ≥ 1");
      }
      Objects.requireNonNull(initialBackoff, "initialBackoff");
      Objects.requireNonNull(jobTimeout, "jobTimeout");
      Objects.requireNonNull(stagingExpiration, "stagingExpiration");
    }

    public static Settings defaults() {
      return new Settings("_snaplake_state", null, 5, Duration.ofSeconds(2), Duration.ofMinutes(8), 90, Duration.ofDays(1));
    }

    public Settings withLocation(String l) {
      return new Settings(stateDataset, l, maxTries, initialBackoff, jobTimeout, archiveExpirationDays, stagingExpiration);
    }

    public Settings withStateDataset(String d) {
      return new Settings(d, location, maxTries, initialBackoff, jobTimeout, archiveExpirationDays, stagingExpiration);
    }

    public Settings withBackoff(Duration initial, int tries) {
      return new Settings(stateDataset, location, tries, initial, jobTimeout, archiveExpirationDays, stagingExpiration);
    }

    public Settings withJobTimeout(Duration t) {
      return new Settings(stateDataset, location, maxTries, initialBackoff, t, archiveExpirationDays, stagingExpiration);
    }
  }

  private final BigQuery bigquery;
  private final String project;
  private final Settings settings;
  private final BigQueryDialect dialect;
  private volatile boolean stateTableReady;

  public BigQueryWarehouse(BigQuery bigquery, Settings settings) {
    this.bigquery = Objects.requireNonNull(bigquery, "bigquery");
    this.project = BigQuerySql.project(bigquery.getOptions().getProjectId());
    this.settings = Objects.requireNonNull(settings, "settings");
    this.dialect = new BigQueryDialect(project);
  }

  /** The project's BigQuery with application default credentials. */
  public static BigQueryWarehouse create(String projectId, String location) {
    BigQuery bq = BigQueryOptions.newBuilder().setProjectId(projectId).setLocation(location).build().getService();
    return new BigQueryWarehouse(bq, Settings.defaults().withLocation(location));
  }

  public SqlDialect dialect() {
    return dialect;
  }

  public String project() {
    return project;
  }

  // ---------------------------------------------------------------- raw loads

  @Override
  public LoadRecord loadRaw(RawLoad load) {
    BigQuerySql.jobId(load.jobId());
    ObjectId table = load.table();
    Snapshot snapshot = load.snapshot();
    SourceEngine engine = engineOf(load.sourceTarget());
    List<RawColumnConversions.Conversion> conversions = RawColumnConversions.of(engine, load.schema());
    TableId base = TableId.of(project, table.dataset(), table.name());
    TableId partition = TableId.of(project, table.dataset(), table.name() + "$" + snapshot.partitionId());
    String what = "load of " + table + " for snapshot " + snapshot + " from " + filesSummary(load.fileUris());

    ensureRawTable(base, load);
    long rows;
    long bytes;
    Job done;
    if (load.fileUris().isEmpty()) {
      // No file (a table with no rows): an empty partition with the schema.
      done = runJob(load.jobId(), convertQuery(RawColumnConversions.emptySelect(load.schema()), partition, snapshot, "raw-empty"),
          what, j -> true);
      rows = 0;
      bytes = 0;
    } else if (conversions.isEmpty()) {
      done = runJob(load.jobId(), loadConfig(partition, load.fileUris(), true, snapshot, "raw-load"), what, j -> true);
      JobStatistics.LoadStatistics stats = done.getStatistics();
      rows = orZero(stats == null ? null : stats.getOutputRows());
      bytes = orZero(stats == null ? null : stats.getOutputBytes());
    } else {
      String stagingId = load.jobId() + "_stage";
      Job finished = succeededJob(load.jobId());
      Job staged;
      if (finished != null) {
        done = finished;
        staged = succeededJob(stagingId);
      } else {
        TableId staging = TableId.of(project, table.dataset(), "_staging_" + table.name() + "_" + snapshot.partitionId());
        ensureStagingTable(staging);
        staged = runJob(stagingId, loadConfig(staging, load.fileUris(), false, snapshot, "raw-stage"),
            "staging " + what, j -> true);
        String select = RawColumnConversions.select(engine, load.schema(),
            BigQuerySql.table(project, new ObjectId(table.dataset(), staging.getTable())));
        done = runJob(load.jobId(), convertQuery(select, partition, snapshot, "raw-convert"),
            "conversion of " + table + " for snapshot " + snapshot + " (" + conversions.size()
                + " columns converted) from " + filesSummary(load.fileUris()),
            j -> true);
        try {
          bigquery.delete(staging);
        } catch (BigQueryException e) {
          LOG.warning("could not drop staging table " + staging + " (it expires by itself): " + e.getMessage());
        }
      }
      JobStatistics.LoadStatistics stats = staged == null ? null : staged.getStatistics();
      rows = orZero(stats == null ? null : stats.getOutputRows());
      bytes = orZero(stats == null ? null : stats.getOutputBytes());
    }
    LoadRecord record =
        new LoadRecord(table, snapshot, rows, bytes, load.schema().hash(), load.jobId(), load.exportId());
    recordLoad(record, done.getJobId().getJob(), load);
    return record;
  }

  private LoadJobConfiguration loadConfig(TableId destination, List<String> uris, boolean partition, Snapshot s, String kind) {
    LoadJobConfiguration.Builder b =
        LoadJobConfiguration.newBuilder(destination, uris)
            .setFormatOptions(ParquetOptions.newBuilder().setEnableListInference(true).build())
            .setDecimalTargetTypes(DECIMAL_TARGET_TYPES)
            .setWriteDisposition(JobInfo.WriteDisposition.WRITE_TRUNCATE)
            .setCreateDisposition(JobInfo.CreateDisposition.CREATE_IF_NEEDED)
            .setLabels(jobLabels(s, kind));
    if (partition) {
      // Schema update options are only allowed on a partition with WRITE_TRUNCATE (or appends).
      b.setTimePartitioning(dayPartitioning())
          .setSchemaUpdateOptions(List.of(
              JobInfo.SchemaUpdateOption.ALLOW_FIELD_ADDITION, JobInfo.SchemaUpdateOption.ALLOW_FIELD_RELAXATION));
    }
    return b.build();
  }

  private QueryJobConfiguration convertQuery(String sql, TableId partition, Snapshot s, String kind) {
    return QueryJobConfiguration.newBuilder(sql)
        .setUseLegacySql(false)
        .setDestinationTable(partition)
        .setWriteDisposition(JobInfo.WriteDisposition.WRITE_TRUNCATE)
        .setCreateDisposition(JobInfo.CreateDisposition.CREATE_IF_NEEDED)
        .setTimePartitioning(dayPartitioning())
        .setSchemaUpdateOptions(List.of(
            JobInfo.SchemaUpdateOption.ALLOW_FIELD_ADDITION, JobInfo.SchemaUpdateOption.ALLOW_FIELD_RELAXATION))
        .setLabels(jobLabels(s, kind))
        .build();
  }

  private static TimePartitioning dayPartitioning() {
    return TimePartitioning.of(TimePartitioning.Type.DAY);
  }

  /** Creates the raw table if missing: natural types, ingestion-time DAY partitions, no filter required. */
  private void ensureRawTable(TableId id, RawLoad load) {
    if (bigquery.getTable(id) != null) {
      return; // an existing table is widened by the load itself (ALLOW_FIELD_ADDITION)
    }
    List<Field> fields = new ArrayList<>();
    for (RawColumn c : load.schema().columns()) {
      BigQuerySql.column(c.name());
      Field.Builder f = Field.newBuilder(c.name(), StandardSQLTypeName.valueOf(c.type().sqlName())).setMode(Field.Mode.NULLABLE);
      if (!c.sourceType().isEmpty()) {
        f.setDescription("source type " + c.sourceType() + (c.exportedType().isEmpty() ? "" : ", exported as " + c.exportedType()));
      }
      fields.add(f.build());
    }
    StandardTableDefinition def =
        StandardTableDefinition.newBuilder().setSchema(Schema.of(fields)).setTimePartitioning(dayPartitioning()).build();
    TableInfo info =
        TableInfo.newBuilder(id, def)
            .setRequirePartitionFilter(false)
            .setDescription("Raw copy of " + (load.sourceTarget() == null ? id.getTable() : load.sourceTarget())
                + " as RDS exported it, one partition per snapshot. Managed by snaplake.")
            .setLabels(Map.of("managed-by", "snaplake"))
            .build();
    createIgnoringExists(info);
  }

  private void ensureStagingTable(TableId id) {
    if (bigquery.getTable(id) != null) {
      return;
    }
    long expires = System.currentTimeMillis() + settings.stagingExpiration().toMillis();
    createIgnoringExists(
        TableInfo.newBuilder(id, StandardTableDefinition.newBuilder().build())
            .setExpirationTime(expires)
            .setLabels(Map.of("managed-by", "snaplake", "staging", "true"))
            .build());
  }

  private void createIgnoringExists(TableInfo info) {
    try {
      bigquery.create(info);
    } catch (BigQueryException e) {
      if (e.getCode() != 409) {
        throw new BigQueryJobException("cannot create table " + info.getTableId() + ": " + e.getMessage(), reasonOf(e), null, e);
      }
    }
  }

  private void recordLoad(LoadRecord r, String bigqueryJobId, RawLoad load) {
    ensureStateTable();
    String sql =
        "INSERT INTO " + BigQuerySql.table(project, new ObjectId(settings.stateDataset(), LOADS_TABLE))
            + " (table_id, snapshot, row_count, byte_count, schema_hash, job_id, bigquery_job_id, export_id,"
            + " source_target, file_count, recorded_at)\n"
            + "VALUES (@table_id, @snapshot, @row_count, @byte_count, @schema_hash, @job_id, @bigquery_job_id,"
            + " @export_id, @source_target, @file_count, CURRENT_TIMESTAMP())";
    QueryJobConfiguration insert =
        QueryJobConfiguration.newBuilder(sql)
            .setUseLegacySql(false)
            .addNamedParameter("table_id", QueryParameterValue.string(r.table().toString()))
            .addNamedParameter("snapshot", QueryParameterValue.date(r.snapshot().toString()))
            .addNamedParameter("row_count", QueryParameterValue.int64(r.rows()))
            .addNamedParameter("byte_count", QueryParameterValue.int64(r.bytes()))
            .addNamedParameter("schema_hash", QueryParameterValue.string(r.schemaHash()))
            .addNamedParameter("job_id", QueryParameterValue.string(r.jobId()))
            .addNamedParameter("bigquery_job_id", QueryParameterValue.string(bigqueryJobId))
            .addNamedParameter("export_id", QueryParameterValue.string(r.exportId()))
            .addNamedParameter("source_target", QueryParameterValue.string(load.sourceTarget()))
            .addNamedParameter("file_count", QueryParameterValue.int64((long) load.fileUris().size()))
            .setLabels(jobLabels(r.snapshot(), "load-record"))
            .build();
    runJob(r.jobId() + "_record", insert, "recording the load of " + r.table() + " for " + r.snapshot(), j -> true);
  }

  private synchronized void ensureStateTable() {
    if (stateTableReady) {
      return;
    }
    ensureDataset(settings.stateDataset(), "snaplake's own state (load records)");
    TableId id = TableId.of(project, settings.stateDataset(), LOADS_TABLE);
    if (bigquery.getTable(id) == null) {
      Schema schema =
          Schema.of(
              field("table_id", StandardSQLTypeName.STRING, "raw table, dataset.name"),
              field("snapshot", StandardSQLTypeName.DATE, "the snapshot (partition) loaded"),
              field("row_count", StandardSQLTypeName.INT64, "rows written"),
              field("byte_count", StandardSQLTypeName.INT64, "bytes written"),
              field("schema_hash", StandardSQLTypeName.STRING, "RawSchema.hash() of the load"),
              field("job_id", StandardSQLTypeName.STRING, "snaplake's deterministic job id"),
              field("bigquery_job_id", StandardSQLTypeName.STRING, "the BigQuery job that wrote the partition"),
              field("export_id", StandardSQLTypeName.STRING, "the RDS export task"),
              field("source_target", StandardSQLTypeName.STRING, "db.table or db.schema.table"),
              field("file_count", StandardSQLTypeName.INT64, "files loaded"),
              field("recorded_at", StandardSQLTypeName.TIMESTAMP, "when the load was recorded"));
      createIgnoringExists(
          TableInfo.newBuilder(id,
                  StandardTableDefinition.newBuilder()
                      .setSchema(schema)
                      .setClustering(Clustering.newBuilder().setFields(List.of("table_id")).build())
                      .build())
              .setDescription("One row per raw load; written by snaplake.")
              .setLabels(Map.of("managed-by", "snaplake"))
              .build());
    }
    stateTableReady = true;
  }

  private void ensureDataset(String dataset, String description) {
    DatasetId id = DatasetId.of(project, dataset);
    if (bigquery.getDataset(id) != null) {
      return;
    }
    DatasetInfo.Builder b = DatasetInfo.newBuilder(id).setDescription(description).setLabels(Map.of("managed-by", "snaplake"));
    if (settings.location() != null) {
      b.setLocation(settings.location());
    }
    try {
      bigquery.create(b.build());
    } catch (BigQueryException e) {
      if (e.getCode() != 409) {
        throw new BigQueryJobException("cannot create dataset " + dataset + ": " + e.getMessage(), reasonOf(e), null, e);
      }
    }
  }

  private static Field field(String name, StandardSQLTypeName type, String description) {
    return Field.newBuilder(name, type).setMode(Field.Mode.NULLABLE).setDescription(description).build();
  }

  @Override
  public Optional<LoadRecord> rawLoad(ObjectId table, Snapshot snapshot) {
    String sql =
        "SELECT row_count, byte_count, schema_hash, job_id, export_id FROM "
            + BigQuerySql.table(project, new ObjectId(settings.stateDataset(), LOADS_TABLE))
            + "\nWHERE table_id = @table_id AND snapshot = @snapshot\nORDER BY recorded_at DESC\nLIMIT 1";
    List<Map<String, Object>> rows;
    try {
      rows =
          rows(QueryJobConfiguration.newBuilder(sql)
              .setUseLegacySql(false)
              .addNamedParameter("table_id", QueryParameterValue.string(table.toString()))
              .addNamedParameter("snapshot", QueryParameterValue.date(snapshot.toString()))
              .build());
    } catch (BigQueryException e) {
      if (e.getCode() == 404) {
        return Optional.empty(); // no state table yet: nothing was ever loaded
      }
      throw e;
    }
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    Map<String, Object> r = rows.get(0);
    return Optional.of(
        new LoadRecord(table, snapshot, asLong(r.get("row_count")), asLong(r.get("byte_count")),
            (String) r.get("schema_hash"), (String) r.get("job_id"), (String) r.get("export_id")));
  }

  // ---------------------------------------------------------------- models

  @Override
  public void rebuild(ModelBuild build) {
    ManagedObject o = build.object();
    Map<String, String> labels = labelsOf(build);
    String ddl = ddl(build, labels);
    String jobId = "snaplake_rebuild_" + o.id().dataset() + "__" + o.id().name() + "_" + build.snapshot().partitionId()
        + "_" + BigQuerySql.sha256Hex(ddl, 8);
    QueryJobConfiguration config =
        QueryJobConfiguration.newBuilder(ddl).setUseLegacySql(false).setLabels(jobLabels(build.snapshot(), "rebuild")).build();
    runJob(jobId, config, "rebuild of " + o.id() + " at snapshot " + build.snapshot(),
        // The same DDL ran before: reuse it only if the object still carries its labels.
        existing -> carries(o.id(), labels));
  }

  /** The labels a rebuilt object carries, as the builder decided them (ModelRebuild.labels), checked. */
  static Map<String, String> labelsOf(ModelBuild build) {
    return BigQuerySql.checkLabels(new TreeMap<>(build.labels()));
  }

  /** {@code CREATE OR REPLACE VIEW|TABLE `p.ds.name` OPTIONS(description=…, labels=[…]) AS <sql>}. */
  String ddl(ModelBuild build, Map<String, String> labels) {
    ManagedObject o = build.object();
    String sql = SqlTemplate.render(o.sql(), dialect, build.snapshot());
    String kind = o.materialization() == Materialization.VIEW ? "VIEW" : "TABLE";
    StringBuilder ddl = new StringBuilder("CREATE OR REPLACE ").append(kind).append(' ').append(dialect.object(o.id()));
    ddl.append("\nOPTIONS(");
    if (!o.description().isEmpty()) {
      if (o.description().length() > BigQuerySql.MAX_DESCRIPTION) {
        throw new IllegalArgumentException(o.id() + ": description has " + o.description().length()
            + " characters; BigQuery allows " + BigQuerySql.MAX_DESCRIPTION);
      }
      ddl.append("\n  description=").append(BigQuerySql.string(o.description())).append(',');
    }
    ddl.append("\n  labels=").append(BigQuerySql.labels(labels)).append("\n)\nAS\n").append(sql.strip());
    return ddl.toString();
  }

  private boolean carries(ObjectId id, Map<String, String> labels) {
    Table t = bigquery.getTable(TableId.of(project, id.dataset(), id.name()));
    if (t == null || t.getLabels() == null) {
      return false;
    }
    return Objects.equals(t.getLabels().get("snapshot"), labels.get("snapshot"))
        && Objects.equals(t.getLabels().get("content-hash"), labels.get("content-hash"));
  }

  @Override
  public List<WarehouseObject> objects(String dataset) {
    return findObjects(dataset, null);
  }

  /**
   * One object from its metadata ({@code tables.get}: free and fast, where an INFORMATION_SCHEMA
   * query costs a job and ≥ 10 MB of billing). This is the readiness checks' hot path. The
   * definition is a view's query; a table's is empty here ({@link #objects} gives full DDL).
   */
  @Override
  public Optional<WarehouseObject> object(ObjectId id) {
    Table t = bigquery.getTable(TableId.of(project, id.dataset(), id.name()));
    if (t == null) {
      return Optional.empty();
    }
    Map<String, String> labels = t.getLabels() == null ? Map.of() : t.getLabels();
    TableDefinition def = t.getDefinition();
    boolean view = def.getType() == TableDefinition.Type.VIEW || def.getType() == TableDefinition.Type.MATERIALIZED_VIEW;
    String definition = "";
    if (def instanceof ViewDefinition v && v.getQuery() != null) {
      definition = v.getQuery();
    } else if (def instanceof com.google.cloud.bigquery.MaterializedViewDefinition mv && mv.getQuery() != null) {
      definition = mv.getQuery();
    }
    return Optional.of(new WarehouseObject(id, view ? WarehouseObject.Kind.VIEW : WarehouseObject.Kind.TABLE,
        snapshotLabel(labels), Optional.ofNullable(labels.get("content-hash")), definition));
  }

  private static Optional<Snapshot> snapshotLabel(Map<String, String> labels) {
    try {
      return Optional.ofNullable(labels.get("snapshot")).map(Snapshot::parse);
    } catch (IllegalArgumentException e) {
      return Optional.empty(); // someone else's "snapshot" label
    }
  }

  private List<WarehouseObject> findObjects(String dataset, String name) {
    String sql =
        "SELECT t.table_name, t.table_type, t.ddl, o.option_value AS labels\nFROM "
            + BigQuerySql.informationSchema(project, dataset, "TABLES") + " AS t\nLEFT JOIN "
            + BigQuerySql.informationSchema(project, dataset, "TABLE_OPTIONS") + " AS o\n"
            + "  ON o.table_name = t.table_name AND o.option_name = 'labels'\n"
            + (name == null ? "" : "WHERE t.table_name = @name\n")
            + "ORDER BY t.table_name";
    QueryJobConfiguration.Builder q = QueryJobConfiguration.newBuilder(sql).setUseLegacySql(false);
    if (name != null) {
      q.addNamedParameter("name", QueryParameterValue.string(name));
    }
    List<Map<String, Object>> rows;
    try {
      rows = rows(q.build());
    } catch (BigQueryException e) {
      if (e.getCode() == 404) {
        return List.of(); // the dataset does not exist
      }
      throw e;
    }
    List<WarehouseObject> out = new ArrayList<>();
    for (Map<String, Object> r : rows) {
      String tableName = (String) r.get("table_name");
      if (!Identifiers.isTable(tableName)) {
        LOG.warning("skipping " + dataset + "." + Identifiers.show(tableName) + ": not a name snaplake can manage");
        continue;
      }
      Map<String, String> labels = parseLabels((String) r.get("labels"));
      String type = String.valueOf(r.get("table_type"));
      WarehouseObject.Kind kind = type.contains("VIEW") ? WarehouseObject.Kind.VIEW : WarehouseObject.Kind.TABLE;
      out.add(new WarehouseObject(new ObjectId(dataset, tableName), kind, snapshotLabel(labels),
          Optional.ofNullable(labels.get("content-hash")), r.get("ddl") == null ? "" : (String) r.get("ddl")));
    }
    return out;
  }

  /** Reads {@code [STRUCT("k", "v"), …]}, the TABLE_OPTIONS form of labels. */
  static Map<String, String> parseLabels(String optionValue) {
    Map<String, String> labels = new LinkedHashMap<>();
    if (optionValue == null) {
      return labels;
    }
    Matcher m = LABEL_STRUCT.matcher(optionValue);
    while (m.find()) {
      labels.put(unescape(m.group(1)), unescape(m.group(2)));
    }
    return labels;
  }

  private static String unescape(String s) {
    return s.replaceAll("\\\\(.)", "$1");
  }

  // ---------------------------------------------------------------- pruning

  @Override
  public void archiveAndDrop(ObjectId id, ObjectId archiveAs) {
    if (archiveAs.dataset().equals(id.dataset())) {
      throw new IllegalArgumentException("cannot archive " + id + " into its own dataset (" + archiveAs + ")");
    }
    TableId source = TableId.of(project, id.dataset(), id.name());
    Table table = bigquery.getTable(source);
    if (table == null) {
      LOG.info(id + " is already gone; nothing to archive");
      return;
    }
    TableDefinition.Type type = table.getDefinition().getType();
    boolean isTable = type == TableDefinition.Type.TABLE;
    String ddl = findObjects(id.dataset(), id.name()).stream().findFirst().map(WarehouseObject::definition)
        .filter(d -> !d.isEmpty())
        .orElseGet(() -> table.getDefinition() instanceof ViewDefinition v ? v.getQuery() : "");

    ensureDataset(archiveAs.dataset(), "Definitions and data of objects snaplake pruned");
    ensureDefinitionsTable(archiveAs.dataset());
    String insert =
        "INSERT INTO " + BigQuerySql.table(project, new ObjectId(archiveAs.dataset(), DEFINITIONS_TABLE))
            + " (object_id, kind, archived_as, dropped_at, ddl)\n"
            + "VALUES (@object_id, @kind, @archived_as, CURRENT_TIMESTAMP(), @ddl)";
    runJob("snaplake_archive_def_" + archiveAs.name(),
        QueryJobConfiguration.newBuilder(insert)
            .setUseLegacySql(false)
            .addNamedParameter("object_id", QueryParameterValue.string(id.toString()))
            .addNamedParameter("kind", QueryParameterValue.string(type.name()))
            .addNamedParameter("archived_as", QueryParameterValue.string(archiveAs.toString()))
            .addNamedParameter("ddl", QueryParameterValue.string(ddl))
            .setLabels(Map.of("managed-by", "snaplake", "kind", "archive"))
            .build(),
        "archiving the definition of " + id, j -> true);
    if (isTable) {
      String copy =
          "CREATE OR REPLACE TABLE " + BigQuerySql.table(project, archiveAs) + "\nCOPY " + BigQuerySql.table(project, id)
              + "\nOPTIONS(\n  expiration_timestamp=TIMESTAMP_ADD(CURRENT_TIMESTAMP(), INTERVAL "
              + settings.archiveExpirationDays() + " DAY),\n  description="
              + BigQuerySql.string("Archived by snaplake from " + id + " before it was dropped (not in sql/).")
              + ",\n  labels=" + BigQuerySql.labels(Map.of("managed-by", "snaplake", "archived", "true")) + "\n)";
      runJob("snaplake_archive_copy_" + archiveAs.name(),
          QueryJobConfiguration.newBuilder(copy).setUseLegacySql(false)
              .setLabels(Map.of("managed-by", "snaplake", "kind", "archive")).build(),
          "archiving the data of " + id + " as " + archiveAs, j -> true);
    }
    bigquery.delete(source);
  }

  private void ensureDefinitionsTable(String archiveDataset) {
    TableId id = TableId.of(project, archiveDataset, DEFINITIONS_TABLE);
    if (bigquery.getTable(id) != null) {
      return;
    }
    createIgnoringExists(
        TableInfo.newBuilder(id,
                StandardTableDefinition.of(Schema.of(
                    field("object_id", StandardSQLTypeName.STRING, "the dropped object, dataset.name"),
                    field("kind", StandardSQLTypeName.STRING, "TABLE, VIEW or MATERIALIZED_VIEW"),
                    field("archived_as", StandardSQLTypeName.STRING, "the archive name (a table's data copy)"),
                    field("dropped_at", StandardSQLTypeName.TIMESTAMP, "when snaplake dropped it"),
                    field("ddl", StandardSQLTypeName.STRING, "its DDL from INFORMATION_SCHEMA.TABLES"))))
            .setDescription("Definitions of objects snaplake pruned; recreate one by running its ddl.")
            .setLabels(Map.of("managed-by", "snaplake"))
            .build());
  }

  // ---------------------------------------------------------------- queries

  @Override
  public List<Map<String, Object>> query(String sql) {
    return rows(QueryJobConfiguration.newBuilder(sql).setUseLegacySql(false).build());
  }

  private List<Map<String, Object>> rows(QueryJobConfiguration config) {
    TableResult result;
    try {
      result = bigquery.query(config);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while querying BigQuery", e);
    }
    FieldList fields = result.getSchema() == null ? FieldList.of() : result.getSchema().getFields();
    List<Map<String, Object>> rows = new ArrayList<>();
    for (FieldValueList row : result.iterateAll()) {
      Map<String, Object> m = new LinkedHashMap<>();
      for (int i = 0; i < fields.size(); i++) {
        m.put(fields.get(i).getName(), value(fields.get(i), row.get(i)));
      }
      rows.add(m);
    }
    return rows;
  }

  private static Object value(Field field, FieldValue v) {
    if (v == null || v.isNull()) {
      return null;
    }
    if (field.getMode() == Field.Mode.REPEATED) {
      List<Object> list = new ArrayList<>();
      Field element = field.toBuilder().setMode(Field.Mode.NULLABLE).build();
      for (FieldValue e : v.getRepeatedValue()) {
        list.add(value(element, e));
      }
      return list;
    }
    LegacySQLTypeName t = field.getType();
    if (t == LegacySQLTypeName.RECORD) {
      Map<String, Object> m = new LinkedHashMap<>();
      FieldList sub = field.getSubFields();
      FieldValueList values = v.getRecordValue();
      for (int i = 0; i < sub.size(); i++) {
        m.put(sub.get(i).getName(), value(sub.get(i), values.get(i)));
      }
      return m;
    }
    if (t == LegacySQLTypeName.INTEGER) {
      return v.getLongValue();
    }
    if (t == LegacySQLTypeName.FLOAT) {
      return v.getDoubleValue();
    }
    if (t == LegacySQLTypeName.BOOLEAN) {
      return v.getBooleanValue();
    }
    if (t == LegacySQLTypeName.NUMERIC || t == LegacySQLTypeName.BIGNUMERIC) {
      return v.getNumericValue();
    }
    if (t == LegacySQLTypeName.TIMESTAMP) {
      return v.getTimestampInstant();
    }
    if (t == LegacySQLTypeName.DATE) {
      return LocalDate.parse(v.getStringValue());
    }
    if (t == LegacySQLTypeName.BYTES) {
      return v.getBytesValue();
    }
    return v.getStringValue();
  }

  // ---------------------------------------------------------------- jobs

  /**
   * Runs a job under {@code baseId}: submits it, or finds it already submitted, waits for it and
   * checks its {@code status.errorResult}. A retryable failure is submitted again with backoff —
   * under {@code baseId_r<n>} once a job under the previous id has finished. {@code reuse}
   * decides whether a successful job found already there still stands.
   */
  Job runJob(String baseId, JobConfiguration config, String what, Predicate<Job> reuse) {
    BigQuerySql.jobId(baseId);
    int submitted = 0;
    int generation = 0;
    long backoff = settings.initialBackoff().toMillis();
    while (true) {
      if (generation > 100) {
        throw new BigQueryJobException(what + ": more than 100 earlier jobs under " + baseId, null, baseId, null);
      }
      String id = generation == 0 ? baseId : baseId + "_r" + generation;
      JobId jobId = jobId(id);
      Job job;
      boolean existing = false;
      try {
        submitted++;
        job = bigquery.create(JobInfo.of(jobId, config));
        if (job.getStatus() == null) {
          // The client met "already exists" itself and fetched the job (without its status): a
          // jobs.insert answer always has one. Read the whole job.
          submitted--;
          existing = true;
          job = bigquery.getJob(jobId);
          if (job == null) {
            throw new BigQueryJobException(what + ": job " + id + " already exists but cannot be read", "duplicate", id, null);
          }
        }
      } catch (BigQueryException e) {
        if (isAlreadyExists(e)) {
          submitted--; // not a try: it was submitted before (a duplicate event, or a retried request)
          existing = true;
          job = bigquery.getJob(jobId);
          if (job == null) {
            throw new BigQueryJobException(what + ": job " + id + " already exists but cannot be read", "duplicate", id, e);
          }
        } else if (RETRYABLE_REASONS.contains(reasonOf(e)) && submitted < settings.maxTries()) {
          LOG.warning(what + ": submitting job " + id + " failed (" + reasonOf(e) + "), retrying in " + backoff + " ms");
          backoff = sleep(backoff);
          continue;
        } else {
          throw new BigQueryJobException(
              what + " failed: job " + id + " could not be submitted: " + e.getMessage()
                  + (submitted > 1 ? " (after " + submitted + " tries)" : ""),
              reasonOf(e), id, e);
        }
      }
      job = await(job, what, id);
      BigQueryError error = job.getStatus().getError();
      if (error == null) {
        if (existing && !reuse.test(job)) {
          generation++;
          continue;
        }
        return job;
      }
      String reason = error.getReason();
      if (RETRYABLE_REASONS.contains(reason) && (existing || submitted < settings.maxTries())) {
        generation++;
        if (!existing) {
          LOG.warning(what + ": job " + id + " failed (" + reason + "), retrying in " + backoff + " ms");
          backoff = sleep(backoff);
        }
        continue;
      }
      throw new BigQueryJobException(
          what + " failed: " + error.getMessage() + " (reason " + reason + ", job " + id
              + (submitted > 1 ? ", after " + submitted + " tries" : "") + ")" + detail(job, error),
          reason, id, null);
    }
  }

  private Job await(Job job, String what, String id) {
    if (job.getStatus() != null && job.getStatus().getState() == JobStatus.State.DONE) {
      return job;
    }
    Job done;
    try {
      done = job.waitFor(
          RetryOption.initialRetryDelayDuration(Duration.ofMillis(500)),
          RetryOption.retryDelayMultiplier(1.5),
          RetryOption.maxRetryDelayDuration(Duration.ofSeconds(10)),
          RetryOption.totalTimeoutDuration(settings.jobTimeout()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BigQueryJobException(what + ": interrupted while waiting for job " + id, null, id, e);
    } catch (BigQueryException e) {
      // waitFor can surface a failed job as an exception: read the job's own status instead.
      done = bigquery.getJob(job.getJobId());
      if (done == null) {
        throw new BigQueryJobException(what + " failed: " + e.getMessage() + " (job " + id + ")", reasonOf(e), id, e);
      }
    }
    if (done == null) {
      throw new BigQueryJobException(what + ": job " + id + " disappeared while running", null, id, null);
    }
    if (done.getStatus() == null || done.getStatus().getState() != JobStatus.State.DONE) {
      throw new BigQueryJobException(what + ": job " + id + " still running after " + settings.jobTimeout().toSeconds()
          + " s; a retry finds it by its id", "timeout", id, null);
    }
    return done;
  }

  private static String detail(Job job, BigQueryError main) {
    List<BigQueryError> errors = job.getStatus().getExecutionErrors();
    if (errors == null) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    int n = 0;
    for (BigQueryError e : errors) {
      if (e.getMessage() != null && !e.getMessage().equals(main.getMessage()) && n < 5) {
        out.append("\n  ").append(e.getMessage()).append(e.getLocation() == null ? "" : " (" + e.getLocation() + ")");
        n++;
      }
    }
    return out.toString();
  }

  private long sleep(long millis) {
    try {
      long jitter = millis > 1 ? java.util.concurrent.ThreadLocalRandom.current().nextLong(millis / 4 + 1) : 0;
      Thread.sleep(millis + jitter);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BigQueryJobException("interrupted during backoff", null, null, e);
    }
    return millis * 2;
  }

  private Job succeededJob(String id) {
    Job j = bigquery.getJob(jobId(id));
    return j != null && j.getStatus() != null && j.getStatus().getState() == JobStatus.State.DONE
        && j.getStatus().getError() == null ? j : null;
  }

  private JobId jobId(String id) {
    JobId.Builder b = JobId.newBuilder().setProject(project).setJob(id);
    if (settings.location() != null) {
      b.setLocation(settings.location());
    }
    return b.build();
  }

  private static boolean isAlreadyExists(BigQueryException e) {
    return e.getCode() == 409 || "duplicate".equals(reasonOf(e));
  }

  private static String reasonOf(BigQueryException e) {
    if (e.getReason() != null) {
      return e.getReason();
    }
    return e.getError() == null ? null : e.getError().getReason();
  }

  private static Map<String, String> jobLabels(Snapshot s, String kind) {
    return Map.of("managed-by", "snaplake", "snapshot", s.partitionId(), "kind", kind);
  }

  private static SourceEngine engineOf(String sourceTarget) {
    if (sourceTarget == null || sourceTarget.isBlank()) {
      return SourceEngine.MYSQL;
    }
    try {
      return SourceTable.parseTarget(sourceTarget).engine();
    } catch (InvalidNameException e) {
      return SourceEngine.MYSQL;
    }
  }

  private static String filesSummary(List<String> uris) {
    if (uris.isEmpty()) {
      return "no files";
    }
    int shown = Math.min(3, uris.size());
    return uris.size() + " file" + (uris.size() == 1 ? "" : "s") + " (" + String.join(", ", uris.subList(0, shown))
        + (uris.size() > shown ? ", …" : "") + ")";
  }

  private static long orZero(Long v) {
    return v == null ? 0 : v;
  }

  private static long asLong(Object o) {
    return o == null ? 0 : ((Number) o).longValue();
  }
}
