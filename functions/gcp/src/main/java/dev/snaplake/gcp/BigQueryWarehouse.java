package dev.snaplake.gcp;

import com.google.cloud.bigquery.BigQuery;
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
import com.google.cloud.bigquery.JobInfo;
import com.google.cloud.bigquery.JobStatistics;
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
import dev.snaplake.core.types.NaturalType;
import dev.snaplake.core.types.RawColumn;
import dev.snaplake.core.types.SourceEngine;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
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
 * (atomic replacement of that partition only). Before loading into an existing table its schema is
 * checked against the snapshot's ({@link RawTableEvolution}): a safe widening is one ALTER TABLE
 * first, an incompatible change loads nothing. Columns the load cannot type naturally (see
 * {@link RawColumnConversions}), columns the table keeps in a wider type, and exports of more than
 * {@value #MAX_URIS_PER_LOAD} files (BigQuery's limit per load job) are loaded into
 * {@code raw._staging_<table>_<yyyyMMdd>} and written into the partition by one SELECT — still one
 * atomic partition write; the staging table is dropped after (and expires after a day anyway).
 * Jobs run under the caller's deterministic ids through {@link BigQueryJobs} (attach on "already
 * exists", {@code _r<n>} after a retryable failure, {@link BigQueryTransientException} when retries
 * are used up).
 *
 * <p><b>Load records.</b> Each load is recorded by an INSERT into {@code _snaplake_state.loads}
 * (the history, for people) under a deterministic job id, and the raw table gets a label
 * {@code snaplake-load-<yyyymmdd>} naming that record job ({@link RawLoadLabels}).
 * {@link #rawLoad} — the builder's readiness check — therefore costs a tables.get and a jobs.get,
 * both free and fast, instead of a billed query job; only a snapshot older than the labelled ones
 * is looked up in the history.
 *
 * <p><b>Models</b> are one {@link ModelDdl} statement, {@code CREATE OR REPLACE VIEW|TABLE …
 * [(columns)] [PARTITION BY …] [CLUSTER BY …] OPTIONS(description, labels) AS} their SQL rendered
 * with {@link BigQueryDialect}, every raw reference pinned to the snapshot's partition; the owner
 * is a label ({@link OwnerLabel}). Column descriptions the statement cannot carry (no output
 * schema in the manifest) are set by one tables.patch after it: at most two metadata updates per
 * rebuild. A table whose partitioning or clustering changes is dropped and created again, as
 * BigQuery refuses to replace it. The labels ({@code snapshot}, {@code content-hash}) are what
 * {@link #objects} reads back through {@code INFORMATION_SCHEMA}.
 *
 * <p><b>Pruning</b> archives first: the DDL of every dropped object goes into
 * {@code <archive>._definitions}; a table's data is also copied ({@code CREATE TABLE … COPY})
 * with an expiration. A view is never recreated in the archive: it would keep running there.
 */
public final class BigQueryWarehouse implements Warehouse {
  private static final Logger LOG = Logger.getLogger(BigQueryWarehouse.class.getName());
  static final List<String> DECIMAL_TARGET_TYPES = List.of("NUMERIC", "BIGNUMERIC", "STRING");
  /** BigQuery accepts at most this many source URIs in one load job. */
  static final int MAX_URIS_PER_LOAD = 10_000;
  static final String LOADS_TABLE = "loads";
  static final String DEFINITIONS_TABLE = "_definitions";
  private static final Map<String, String> RAW_TABLE_LABELS = Map.of("managed-by", "snaplake");
  private static final String CONTENT_HASH = "content-hash";
  private static final Pattern LABEL_STRUCT =
      Pattern.compile("STRUCT\\(\"((?:[^\"\\\\]|\\\\.)*)\", \"((?:[^\"\\\\]|\\\\.)*)\"\\)");

  /**
   * How the warehouse behaves; {@link #defaults()} suits Cloud Functions (≤ 540 s per event): 3
   * tries, 1 s → 8 s of backoff, so retries never eat much of an invocation.
   */
  public record Settings(
      String stateDataset,
      String location,
      int maxTries,
      Duration initialBackoff,
      Duration maxBackoff,
      Duration jobTimeout,
      int archiveExpirationDays,
      Duration stagingExpiration,
      int loadLabelWindow) {
    public Settings {
      BigQuerySql.dataset(stateDataset);
      new Backoff(maxTries, initialBackoff, maxBackoff); // validates
      Objects.requireNonNull(jobTimeout, "jobTimeout");
      Objects.requireNonNull(stagingExpiration, "stagingExpiration");
      if (loadLabelWindow < 1 || loadLabelWindow > 60) {
        throw new IllegalArgumentException("loadLabelWindow must be 1..60 (BigQuery allows 64 labels per table)");
      }
    }

    public static Settings defaults() {
      return new Settings("_snaplake_state", null, 3, Duration.ofSeconds(1), Duration.ofSeconds(8),
          Duration.ofMinutes(8), 90, Duration.ofDays(1), 30);
    }

    public Settings withLocation(String l) {
      return new Settings(stateDataset, l, maxTries, initialBackoff, maxBackoff, jobTimeout, archiveExpirationDays,
          stagingExpiration, loadLabelWindow);
    }

    public Settings withStateDataset(String d) {
      return new Settings(d, location, maxTries, initialBackoff, maxBackoff, jobTimeout, archiveExpirationDays,
          stagingExpiration, loadLabelWindow);
    }

    public Settings withBackoff(Duration initial, Duration max, int tries) {
      return new Settings(stateDataset, location, tries, initial, max, jobTimeout, archiveExpirationDays,
          stagingExpiration, loadLabelWindow);
    }

    public Settings withJobTimeout(Duration t) {
      return new Settings(stateDataset, location, maxTries, initialBackoff, maxBackoff, t, archiveExpirationDays,
          stagingExpiration, loadLabelWindow);
    }

    public Settings withLoadLabelWindow(int w) {
      return new Settings(stateDataset, location, maxTries, initialBackoff, maxBackoff, jobTimeout,
          archiveExpirationDays, stagingExpiration, w);
    }
  }

  private final BigQuery bigquery;
  private final String project;
  private final Settings settings;
  private final BigQueryDialect dialect;
  private final BigQueryRetries retries;
  private final BigQueryJobs jobs;
  private volatile boolean stateTableReady;

  public BigQueryWarehouse(BigQuery bigquery, Settings settings) {
    this(bigquery, settings, Sleeper.REAL);
  }

  /** With the given {@link Sleeper} between retries (tests pass one that records instead of sleeping). */
  public BigQueryWarehouse(BigQuery bigquery, Settings settings, Sleeper sleeper) {
    this.bigquery = Objects.requireNonNull(bigquery, "bigquery");
    this.project = BigQuerySql.project(bigquery.getOptions().getProjectId());
    this.settings = Objects.requireNonNull(settings, "settings");
    this.dialect = new BigQueryDialect(project);
    this.retries = new BigQueryRetries(
        new Backoff(settings.maxTries(), settings.initialBackoff(), settings.maxBackoff()), sleeper);
    this.jobs = new BigQueryJobs(bigquery, project, settings.location(), retries, settings.jobTimeout());
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
    TableId base = TableId.of(project, table.dataset(), table.name());
    TableId partition = TableId.of(project, table.dataset(), table.name() + "$" + snapshot.partitionId());
    String what = "load of " + table + " for snapshot " + snapshot + " from " + filesSummary(load.fileUris());

    Table existing = retries.call("reading raw table " + table, () -> bigquery.getTable(base));
    Map<String, NaturalType> tableTypes = prepareRawTable(existing, base, load).casts();
    boolean staged = !RawColumnConversions.of(engine, load.schema()).isEmpty() || !tableTypes.isEmpty()
        || load.fileUris().size() > MAX_URIS_PER_LOAD;
    Written written;
    if (load.fileUris().isEmpty()) {
      // No file (a table with no rows): an empty partition with the schema.
      Job done = jobs.run(load.jobId(),
          convertQuery(RawColumnConversions.emptySelect(load.schema(), tableTypes), partition, snapshot, "raw-empty"),
          what, j -> true);
      written = new Written(done, 0, 0);
    } else if (!staged) {
      Job done = jobs.run(load.jobId(),
          loadConfig(partition, load.fileUris(), JobInfo.WriteDisposition.WRITE_TRUNCATE, true, snapshot, "raw-load"),
          what, j -> true);
      written = new Written(done, outputRows(done), outputBytes(done));
    } else {
      written = loadStaged(load, engine, partition, tableTypes, what);
    }
    LoadRecord record =
        new LoadRecord(table, snapshot, written.rows(), written.bytes(), load.schema().hash(), load.jobId(), load.exportId());
    Job recorded = recordLoad(record, written.job().getJobId().getJob(), load);
    Map<String, String> labels = existing == null ? RAW_TABLE_LABELS : existing.getLabels();
    labelLoaded(base, labels, record, recorded.getJobId().getJob());
    return record;
  }

  /** What a load wrote: the job that wrote the partition, and the rows and bytes loaded. */
  private record Written(Job job, long rows, long bytes) {}

  /**
   * Creates the raw table, or checks the snapshot's columns against the existing one and widens
   * it (one DDL job) where the rule allows; refuses before any job when a change is incompatible.
   */
  private RawTableEvolution prepareRawTable(Table existing, TableId base, RawLoad load) {
    if (existing == null) {
      createRawTable(base, load);
      return RawTableEvolution.none();
    }
    RawTableEvolution evolution = RawTableEvolution.of(existing.getDefinition().getSchema(), load.schema());
    if (evolution.isIncompatible()) {
      throw new IncompatibleRawSchemaException(load.table(), load.snapshot(), evolution.incompatibilities());
    }
    evolution.ddl(project, load.table()).ifPresent(ddl -> jobs.run(load.jobId() + "_widen",
        QueryJobConfiguration.newBuilder(ddl).setUseLegacySql(false)
            .setLabels(jobLabels(load.snapshot(), "raw-widen")).build(),
        "widening " + load.table() + " for snapshot " + load.snapshot() + " (" + String.join(", ", evolution.alterations())
            + ")",
        j -> true));
    return evolution;
  }

  /**
   * Loads the files into a staging table (in parts of at most {@value #MAX_URIS_PER_LOAD} files,
   * the first replacing it, the others appending), then writes the partition with one SELECT that
   * converts columns: the partition still changes atomically, once.
   */
  private Written loadStaged(RawLoad load, SourceEngine engine, TableId partition,
      Map<String, NaturalType> tableTypes, String what) {
    ObjectId table = load.table();
    Snapshot snapshot = load.snapshot();
    List<List<String>> parts = parts(load.fileUris());
    TableId staging = TableId.of(project, table.dataset(), "_staging_" + table.name() + "_" + snapshot.partitionId());
    Job converted = jobs.succeeded(load.jobId());
    if (converted == null) {
      ensureStagingTable(staging);
    }
    long rows = 0;
    long bytes = 0;
    for (int i = 0; i < parts.size(); i++) {
      String id = stagingJobId(load.jobId(), i);
      Job staged;
      if (converted != null) {
        staged = jobs.succeeded(id); // done before: only its statistics are wanted
      } else {
        JobInfo.WriteDisposition disposition =
            i == 0 ? JobInfo.WriteDisposition.WRITE_TRUNCATE : JobInfo.WriteDisposition.WRITE_APPEND;
        staged = jobs.run(id, loadConfig(staging, parts.get(i), disposition, false, snapshot, "raw-stage"),
            "staging" + (parts.size() > 1 ? " (part " + (i + 1) + " of " + parts.size() + ")" : "") + " of the " + what,
            j -> true);
      }
      rows += staged == null ? 0 : outputRows(staged);
      bytes += staged == null ? 0 : outputBytes(staged);
    }
    if (converted != null) {
      return new Written(converted, rows, bytes);
    }
    String select = RawColumnConversions.select(engine, load.schema(),
        BigQuerySql.table(project, new ObjectId(table.dataset(), staging.getTable())), tableTypes);
    converted = jobs.run(load.jobId(), convertQuery(select, partition, snapshot, "raw-convert"),
        "conversion of " + table + " for snapshot " + snapshot + " from " + filesSummary(load.fileUris()), j -> true);
    try {
      bigquery.delete(staging);
    } catch (BigQueryException e) {
      LOG.warning("could not drop staging table " + staging + " (it expires by itself): " + e.getMessage());
    }
    return new Written(converted, rows, bytes);
  }

  static String stagingJobId(String loadJobId, int part) {
    return loadJobId + "_stage" + (part == 0 ? "" : "_" + (part + 1));
  }

  private static List<List<String>> parts(List<String> uris) {
    List<List<String>> parts = new ArrayList<>();
    for (int i = 0; i < uris.size(); i += MAX_URIS_PER_LOAD) {
      parts.add(uris.subList(i, Math.min(uris.size(), i + MAX_URIS_PER_LOAD)));
    }
    return parts;
  }

  private LoadJobConfiguration loadConfig(TableId destination, List<String> uris, JobInfo.WriteDisposition disposition,
      boolean partition, Snapshot s, String kind) {
    LoadJobConfiguration.Builder b =
        LoadJobConfiguration.newBuilder(destination, uris)
            .setFormatOptions(ParquetOptions.newBuilder().setEnableListInference(true).build())
            .setDecimalTargetTypes(DECIMAL_TARGET_TYPES)
            .setWriteDisposition(disposition)
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

  /** A new raw table: natural types, ingestion-time DAY partitions, no filter required. */
  private void createRawTable(TableId id, RawLoad load) {
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
            .setLabels(RAW_TABLE_LABELS)
            .build();
    createIgnoringExists(info);
  }

  private void ensureStagingTable(TableId id) {
    if (retries.call("reading staging table " + id.getTable(), () -> bigquery.getTable(id)) != null) {
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
      retries.call("creating table " + info.getTableId().getDataset() + "." + info.getTableId().getTable(),
          () -> bigquery.create(info));
    } catch (BigQueryException e) {
      if (e.getCode() != 409) {
        String reason = BigQueryFailureKind.reasonOf(e);
        throw new BigQueryJobException("cannot create table " + info.getTableId().getDataset() + "."
            + info.getTableId().getTable() + ": " + e.getMessage() + "\nWhat to do: "
            + BigQueryFailureKind.PERMANENT.whatToDo(reason, null), reason, null, e);
      }
    }
  }

  /** Writes the load into the history; the job's parameters are also the record {@link #rawLoad} reads. */
  private Job recordLoad(LoadRecord r, String bigqueryJobId, RawLoad load) {
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
    return jobs.run(RawLoadLabels.recordJobId(r.table(), r.snapshot(), r.jobId()), insert,
        "recording the load of " + r.table() + " for " + r.snapshot(), j -> true);
  }

  /** Points the raw table's label for the snapshot at the record job (tables.patch merges labels). */
  private void labelLoaded(TableId base, Map<String, String> labels, LoadRecord r, String recordJobId) {
    Map<String, String> patch =
        RawLoadLabels.patch(labels, r.snapshot(), RawLoadLabels.value(r.snapshot(), recordJobId), settings.loadLabelWindow());
    if (patch.isEmpty()) {
      return;
    }
    TableInfo update = TableInfo.newBuilder(base, StandardTableDefinition.newBuilder().build()).setLabels(patch).build();
    try {
      retries.call("labelling " + r.table() + " as loaded for " + r.snapshot(), () -> bigquery.update(update));
    } catch (BigQueryException e) {
      String reason = BigQueryFailureKind.reasonOf(e);
      throw new BigQueryJobException(r.table() + " was loaded for snapshot " + r.snapshot() + " (job " + r.jobId()
          + ") but its label " + RawLoadLabels.key(r.snapshot()) + " could not be set: " + e.getMessage()
          + "; readiness checks do not see the load until it is. What to do: "
          + BigQueryFailureKind.PERMANENT.whatToDo(reason, null) + " Then redeliver the export's event.",
          reason, recordJobId, e);
    }
  }

  private synchronized void ensureStateTable() {
    if (stateTableReady) {
      return;
    }
    ensureDataset(settings.stateDataset(), "snaplake's own state (load records)");
    TableId id = TableId.of(project, settings.stateDataset(), LOADS_TABLE);
    if (retries.call("reading " + settings.stateDataset() + "." + LOADS_TABLE, () -> bigquery.getTable(id)) == null) {
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
    if (retries.call("reading dataset " + dataset, () -> bigquery.getDataset(id)) != null) {
      return;
    }
    DatasetInfo.Builder b = DatasetInfo.newBuilder(id).setDescription(description).setLabels(Map.of("managed-by", "snaplake"));
    if (settings.location() != null) {
      b.setLocation(settings.location());
    }
    DatasetInfo info = b.build();
    try {
      retries.call("creating dataset " + dataset, () -> bigquery.create(info));
    } catch (BigQueryException e) {
      if (e.getCode() != 409) {
        String reason = BigQueryFailureKind.reasonOf(e);
        throw new BigQueryJobException("cannot create dataset " + dataset + ": " + e.getMessage() + "\nWhat to do: "
            + BigQueryFailureKind.PERMANENT.whatToDo(reason, null), reason, null, e);
      }
    }
  }

  private static Field field(String name, StandardSQLTypeName type, String description) {
    return Field.newBuilder(name, type).setMode(Field.Mode.NULLABLE).setDescription(description).build();
  }

  /**
   * The load of (table, snapshot) from the raw table's label and the record job it names: a
   * tables.get and a jobs.get, both free (no query job, no billed bytes). Only a snapshot older
   * than the labelled ones (before the label window, or a record job older than BigQuery keeps
   * jobs) is looked up in the {@code _snaplake_state.loads} history with a query.
   */
  @Override
  public Optional<LoadRecord> rawLoad(ObjectId table, Snapshot snapshot) {
    TableId id = TableId.of(project, table.dataset(), table.name());
    Table t = retries.call("reading raw table " + table,
        () -> bigquery.getTable(id, BigQuery.TableOption.fields(BigQuery.TableField.LABELS)));
    if (t == null) {
      return Optional.empty();
    }
    Optional<String> pointer = RawLoadLabels.pointer(t.getLabels(), snapshot);
    if (pointer.isEmpty()) {
      // Unlabelled: never loaded, unless later snapshots are labelled and this one fell out of the window.
      return RawLoadLabels.hasLaterThan(t.getLabels(), snapshot) ? historyRecord(table, snapshot) : Optional.empty();
    }
    Job record = jobs.find(RawLoadLabels.recordJobIdOf(snapshot, pointer.get()));
    Optional<LoadRecord> fromJob = record == null ? Optional.empty() : recordOf(record, table, snapshot);
    return fromJob.isPresent() ? fromJob : historyRecord(table, snapshot);
  }

  /** The LoadRecord in a record job's query parameters, if they are for this table and snapshot. */
  private static Optional<LoadRecord> recordOf(Job job, ObjectId table, Snapshot snapshot) {
    if (!(job.getConfiguration() instanceof QueryJobConfiguration q) || q.getNamedParameters() == null) {
      return Optional.empty();
    }
    Map<String, QueryParameterValue> p = q.getNamedParameters();
    if (!table.toString().equals(param(p, "table_id")) || !snapshot.toString().equals(param(p, "snapshot"))) {
      return Optional.empty();
    }
    return Optional.of(new LoadRecord(table, snapshot, asLong(param(p, "row_count")), asLong(param(p, "byte_count")),
        param(p, "schema_hash"), param(p, "job_id"), param(p, "export_id")));
  }

  private static String param(Map<String, QueryParameterValue> params, String name) {
    QueryParameterValue v = params.get(name);
    return v == null ? null : v.getValue();
  }

  private Optional<LoadRecord> historyRecord(ObjectId table, Snapshot snapshot) {
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
    ModelDdl ddl = modelDdl(build, labels);
    String jobId = "snaplake_rebuild_" + o.id().dataset() + "__" + o.id().name() + "_" + build.snapshot().partitionId()
        + "_" + BigQuerySql.sha256Hex(ddl.sql(), 8);
    QueryJobConfiguration config = QueryJobConfiguration.newBuilder(ddl.sql()).setUseLegacySql(false)
        .setLabels(jobLabels(build.snapshot(), "rebuild")).build();
    String what = "rebuild of " + o.id() + " at snapshot " + build.snapshot();
    // The same DDL ran before: reuse it only if the object still carries its labels (and, when a
    // patch follows, its content-hash label, which only that patch sets).
    try {
      jobs.run(jobId, config, what, existing -> carries(o.id(), labels));
    } catch (BigQueryJobException e) {
      TableId table = TableId.of(project, o.id().dataset(), o.id().name());
      String suffix;
      if (o.materialization() == Materialization.TABLE && TableLayoutSql.isLayoutChange(e)) {
        // BigQuery's own advice: a table whose partitioning or clustering changes is dropped, then created.
        LOG.warning(o.id() + " changes its partitioning or clustering: dropping it to create it again");
        suffix = "_relayout";
      } else if (isOtherKind(table, o.materialization())) {
        // CREATE OR REPLACE cannot turn a table into a view or back: the model's materialization
        // changed in sql/, so the old object goes (it is this same model, nothing to archive).
        LOG.warning(o.id() + " becomes a " + o.materialization().name().toLowerCase(java.util.Locale.ROOT)
            + ": dropping the old object to create it");
        suffix = "_rekind";
      } else {
        throw e;
      }
      retries.call("dropping " + o.id() + " to create it again", () -> bigquery.delete(table));
      jobs.run(jobId + suffix, config, what + " (created again)", existing -> carries(o.id(), labels));
    }
    if (ddl.describesColumnsAfter()) {
      describeColumns(o, labels);
    }
  }

  /** Whether an object of the other kind (a table where a view is wanted, or back) is there. */
  private boolean isOtherKind(TableId table, Materialization wanted) {
    Table current = retries.call("reading " + table.getTable(), () -> bigquery.getTable(table));
    if (current == null) {
      return false;
    }
    boolean isView = current.getDefinition() instanceof ViewDefinition;
    return isView != (wanted == Materialization.VIEW);
  }

  /** The labels a rebuilt object carries: the builder's (ModelRebuild.labels) and its owner, checked. */
  static Map<String, String> labelsOf(ModelBuild build) {
    return BigQuerySql.checkLabels(OwnerLabel.add(build.object(), new TreeMap<>(build.labels())));
  }

  /** {@code CREATE OR REPLACE VIEW|TABLE `p.ds.name` … AS <sql>}: see {@link ModelDdl}. */
  String ddl(ModelBuild build, Map<String, String> labels) {
    return modelDdl(build, labels).sql();
  }

  private ModelDdl modelDdl(ModelBuild build, Map<String, String> labels) {
    ManagedObject o = build.object();
    String sql = SqlTemplate.render(o.sql(), dialect, build.snapshot());
    ModelDdl ddl = ModelDdl.of(o, dialect.object(o.id()), sql, labels);
    if (!ddl.describesColumnsAfter()) {
      return ddl;
    }
    // The content hash is set by the patch with the descriptions, so an object missing them is
    // never taken as current: a failure in between makes the next event rebuild it.
    Map<String, String> withoutHash = new TreeMap<>(labels);
    withoutHash.remove(CONTENT_HASH);
    return ModelDdl.of(o, dialect.object(o.id()), sql, withoutHash);
  }

  /**
   * Sets the column descriptions on the schema BigQuery reports for the object just created, with
   * its content-hash label, in one tables.patch (one metadata update); none when it carries both.
   */
  private void describeColumns(ManagedObject o, Map<String, String> labels) {
    TableId id = TableId.of(project, o.id().dataset(), o.id().name());
    Table t = retries.call("reading " + o.id() + " to describe its columns", () -> bigquery.getTable(id));
    if (t == null) {
      throw new BigQueryTransientException(o.id() + " is gone right after its rebuild, before its column descriptions"
          + " were set (dropped meanwhile?); the redelivered event rebuilds it", "notFound", null, null);
    }
    TableDefinition def = t.getDefinition();
    Schema described = ColumnDescriptions.of(o).applyTo(def.getSchema());
    String hash = labels.get(CONTENT_HASH);
    Map<String, String> current = t.getLabels() == null ? Map.of() : t.getLabels();
    if (described.equals(def.getSchema()) && Objects.equals(current.get(CONTENT_HASH), hash)) {
      return; // a redelivered event: done before
    }
    // Only the schema and the label are sent; a view must still say it is one, with its query.
    TableDefinition patched = def instanceof ViewDefinition v
        ? v.toBuilder().setSchema(described).build()
        : StandardTableDefinition.of(described);
    Map<String, String> label = new java.util.HashMap<>();
    label.put(CONTENT_HASH, hash);
    TableInfo patch = TableInfo.newBuilder(id, patched).setLabels(label).build();
    try {
      retries.call("setting the column descriptions of " + o.id(), () -> bigquery.update(patch));
    } catch (BigQueryException e) {
      String reason = BigQueryFailureKind.reasonOf(e);
      throw new BigQueryJobException(o.id() + " was rebuilt but its column descriptions could not be set: "
          + e.getMessage() + ". It lacks its content-hash label until they are, so the next event rebuilds it."
          + " What to do: " + BigQueryFailureKind.PERMANENT.whatToDo(reason, null), reason, null, e);
    }
  }

  private boolean carries(ObjectId id, Map<String, String> labels) {
    Table t = retries.call("reading " + id, () -> bigquery.getTable(TableId.of(project, id.dataset(), id.name())));
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
   * An unchanged view over views moves to the snapshot by its labels alone: one tables.get and
   * one tables.patch (free, no job), where a rebuild is a DDL query job. A view that is gone, or
   * is not a view, is rebuilt.
   */
  @Override
  public void repin(ModelBuild build) {
    ObjectId id = build.object().id();
    Table current = retries.call("reading " + id, () -> bigquery.getTable(TableId.of(project, id.dataset(), id.name())));
    if (current == null || !(current.getDefinition() instanceof ViewDefinition)) {
      rebuild(build);
      return;
    }
    Map<String, String> labels = labelsOf(build);
    retries.call("re-pinning " + id + " to " + build.snapshot(), () -> bigquery.update(current.toBuilder().setLabels(labels).build()));
  }

  /**
   * One object from its metadata ({@code tables.get}: free and fast, where an INFORMATION_SCHEMA
   * query costs a job and ≥ 10 MB of billing). This is the readiness checks' hot path. The
   * definition is a view's query; a table's is empty here ({@link #objects} gives full DDL).
   */
  @Override
  public Optional<WarehouseObject> object(ObjectId id) {
    Table t = retries.call("reading " + id, () -> bigquery.getTable(TableId.of(project, id.dataset(), id.name())));
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
    Table table = retries.call("reading " + id, () -> bigquery.getTable(source));
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
    jobs.run("snaplake_archive_def_" + archiveAs.name(),
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
      jobs.run("snaplake_archive_copy_" + archiveAs.name(),
          QueryJobConfiguration.newBuilder(copy).setUseLegacySql(false)
              .setLabels(Map.of("managed-by", "snaplake", "kind", "archive")).build(),
          "archiving the data of " + id + " as " + archiveAs, j -> true);
    }
    retries.call("dropping " + id, () -> bigquery.delete(source));
  }

  private void ensureDefinitionsTable(String archiveDataset) {
    TableId id = TableId.of(project, archiveDataset, DEFINITIONS_TABLE);
    if (retries.call("reading " + archiveDataset + "." + DEFINITIONS_TABLE, () -> bigquery.getTable(id)) != null) {
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
    // A read-only query: safe to run again after a short-term failure.
    TableResult result = retries.call("query", () -> {
      try {
        return bigquery.query(config);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new BigQueryTransientException("interrupted while querying BigQuery", null, null, e);
      }
    });
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

  private static long outputRows(Job job) {
    JobStatistics.LoadStatistics stats = job.getStatistics() instanceof JobStatistics.LoadStatistics l ? l : null;
    return stats == null || stats.getOutputRows() == null ? 0 : stats.getOutputRows();
  }

  private static long outputBytes(Job job) {
    JobStatistics.LoadStatistics stats = job.getStatistics() instanceof JobStatistics.LoadStatistics l ? l : null;
    return stats == null || stats.getOutputBytes() == null ? 0 : stats.getOutputBytes();
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

  private static long asLong(Object o) {
    if (o == null) {
      return 0;
    }
    return o instanceof Number n ? n.longValue() : Long.parseLong(o.toString());
  }
}
