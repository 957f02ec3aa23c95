package dev.snaplake.core.ingest;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.snaplake.core.event.Event;
import dev.snaplake.core.event.EventType;
import dev.snaplake.core.event.Events;
import dev.snaplake.core.export.ExportInfo;
import dev.snaplake.core.export.ExportListing;
import dev.snaplake.core.export.ExportManifest;
import dev.snaplake.core.export.ExportMetadataException;
import dev.snaplake.core.export.ExportObjectKey;
import dev.snaplake.core.export.ExportObjectKind;
import dev.snaplake.core.export.ExportTablesInfo;
import dev.snaplake.core.export.TableExportStatus;
import dev.snaplake.core.naming.ObjectId;
import dev.snaplake.core.naming.SourceTable;
import dev.snaplake.core.port.EventBus;
import dev.snaplake.core.port.LoadRecord;
import dev.snaplake.core.port.ObjectStore;
import dev.snaplake.core.port.RawLoad;
import dev.snaplake.core.port.Warehouse;
import dev.snaplake.core.types.RawColumn;
import dev.snaplake.core.types.RawSchema;
import dev.snaplake.core.types.SourceEngine;
import dev.snaplake.core.types.TypeMapping;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The loader's use case: an object arrived in the landing bucket. When its export is complete,
 * claim it once, load every loadable table as that snapshot of its raw table, and publish
 * {@code table.loaded} for each and {@code export.loaded} last. Safe under duplicate, late,
 * reordered and concurrent events: loads are idempotent per deterministic job id.
 */
public final class ExportIngestion {
  public record Settings(String rawDataset, Duration claimLease, String owner) {}

  private final ObjectStore store;
  private final Warehouse warehouse;
  private final EventBus bus;
  private final Settings settings;
  private final Clock clock;

  public ExportIngestion(ObjectStore store, Warehouse warehouse, EventBus bus, Settings settings, Clock clock) {
    this.store = store;
    this.warehouse = warehouse;
    this.bus = bus;
    this.settings = settings;
    this.clock = clock;
  }

  /** Handles the arrival of one object. */
  public IngestOutcome onObject(String key) {
    ExportObjectKey k = ExportObjectKey.parse(key);
    if (!k.isPartOfExport()) {
      return new IngestOutcome.Ignored(null, key, "not an object of an RDS snapshot export");
    }
    // Constant work until the export's own info file is there: one stat.
    if (k.kind() != ExportObjectKind.EXPORT_INFO && store.stat(k.exportInfoKey()).isEmpty()) {
      return new IngestOutcome.Waiting(k.exportId(), List.of("export_info_" + k.exportId() + ".json has not arrived"));
    }
    return ingest(k.exportRoot(), k.exportId());
  }

  /** Checks one export whole and loads it if it is complete and not loaded yet. */
  public IngestOutcome ingest(String exportRoot, String exportId) {
    Optional<ExportReport> done = loadedReport(exportRoot);
    if (done.isPresent()) {
      return new IngestOutcome.AlreadyLoaded(exportId, done.get());
    }
    ExportManifest manifest = read(exportRoot, exportId);
    List<String> missing = manifest.missing();
    if (!missing.isEmpty()) {
      return new IngestOutcome.Waiting(exportId, missing);
    }
    // Each attempt is its own owner: two invocations in one instance must not share a claim.
    ExportClaim claim = new ExportClaim(store, clock, settings.claimLease(), settings.owner() + "/" + java.util.UUID.randomUUID());
    Optional<ExportClaim.Holder> holder = claim.acquire(exportRoot);
    if (holder.isPresent()) {
      return new IngestOutcome.ClaimedElsewhere(exportId, holder.get().owner(), holder.get().until());
    }
    // A handler that finished between our check and our claim left its report: nothing to do.
    done = loadedReport(exportRoot);
    if (done.isPresent()) {
      return new IngestOutcome.AlreadyLoaded(exportId, done.get());
    }
    ExportReport report;
    try {
      report = load(manifest);
    } catch (RuntimeException e) {
      // Let the redelivered event resume at once rather than wait for the lease to run out.
      claim.release(exportRoot);
      throw e;
    }
    store.write(ExportClaim.doneKey(exportRoot), report.toJson().getBytes(StandardCharsets.UTF_8));
    return new IngestOutcome.Loaded(exportId, report);
  }

  public Optional<ExportReport> loadedReport(String exportRoot) {
    String key = ExportClaim.doneKey(exportRoot);
    if (store.stat(key).isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(ExportReport.fromJson(new String(store.read(key), StandardCharsets.UTF_8)));
  }

  /** Reads an export's metadata and file listing; one listing call for the whole export. */
  public ExportManifest read(String exportRoot, String exportId) {
    ExportListing listing = ExportListing.of(exportRoot, exportId, store.list(exportRoot + "/"));
    String infoKey = ExportObjectKey.exportInfoKey(exportRoot, exportId);
    if (listing.exportInfo().isEmpty()) {
      throw new ExportMetadataException(infoKey + " not found in " + store.describe());
    }
    ExportInfo info = ExportInfo.parse(store.read(infoKey), infoKey);
    if (!exportId.equals(info.exportTaskIdentifier())) {
      throw new ExportMetadataException(
          infoKey + ": exportTaskIdentifier '" + info.exportTaskIdentifier() + "' does not match the folder '"
              + exportId + "'. The export was copied to the wrong prefix; move it and replay.");
    }
    List<TableExportStatus> tables = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    for (ExportListing.TablesInfoObject t : listing.tablesInfo()) {
      ExportTablesInfo part = ExportTablesInfo.parse(store.read(t.object().key()), t.object().key(), t.fromIndex(), t.toIndex());
      tables.addAll(part.tables());
      warnings.addAll(part.warnings());
    }
    return new ExportManifest(listing, info, tables, warnings);
  }

  private ExportReport load(ExportManifest manifest) {
    long start = System.nanoTime();
    List<TableOutcome> outcomes = new ArrayList<>();
    for (TableExportStatus t : manifest.tables()) {
      outcomes.add(loadTable(manifest, t));
    }
    for (SourceTable unlisted : manifest.unlistedTables()) {
      outcomes.add(
          notLoaded(unlisted.target(), null, TableOutcome.Status.SKIPPED,
              "data files found but the table is not listed in export_tables_info; not loaded"));
    }
    ExportReport report =
        new ExportReport(
            manifest.exportId(), manifest.listing().exportRoot(), manifest.snapshot(), outcomes, manifest.warnings(),
            (System.nanoTime() - start) / 1_000_000);
    bus.publish(exportLoaded(report));
    return report;
  }

  private TableOutcome loadTable(ExportManifest manifest, TableExportStatus t) {
    long start = System.nanoTime();
    SourceTable source = null;
    ObjectId rawTable = null;
    String nameProblem = null;
    try {
      source = SourceTable.parseTarget(t.target());
      rawTable = source.rawTable(settings.rawDataset());
    } catch (IllegalArgumentException e) {
      nameProblem = e.getMessage();
    }
    String rawName = rawTable == null ? null : rawTable.toString();
    if (!t.isComplete()) {
      TableOutcome.Status status = "FAILED".equals(t.status()) ? TableOutcome.Status.FAILED : TableOutcome.Status.SKIPPED;
      String why = "export status " + t.status() + (t.warningMessage() == null ? "" : ": " + t.warningMessage());
      return notLoaded(t.target(), rawName, status, why);
    }
    if (nameProblem != null) {
      return notLoaded(t.target(), null, TableOutcome.Status.FAILED, nameProblem);
    }
    RawSchema schema;
    try {
      schema = schemaOf(source, t);
    } catch (IllegalArgumentException e) {
      return notLoaded(t.target(), rawTable.toString(), TableOutcome.Status.QUARANTINED, e.getMessage());
    }
    List<ExportListing.DataFile> files = manifest.dataFiles(source);
    List<String> uris = files.stream().map(f -> store.uri(f.object().key())).toList();
    long bytes = files.stream().mapToLong(f -> f.object().size()).sum();
    String jobId = jobId(rawTable, manifest, files, schema);
    Optional<LoadRecord> existing = warehouse.rawLoad(rawTable, manifest.snapshot());
    LoadRecord record;
    TableOutcome.Status status;
    if (existing.isPresent() && existing.get().jobId().equals(jobId)) {
      record = existing.get();
      status = TableOutcome.Status.ALREADY_LOADED;
    } else {
      try {
        record =
            warehouse.loadRaw(new RawLoad(rawTable, manifest.snapshot(), schema, uris, jobId, manifest.exportId(), t.target()));
      } catch (dev.snaplake.core.port.TransientException e) {
        throw e;
      } catch (RuntimeException e) {
        return notLoaded(t.target(), rawTable.toString(), TableOutcome.Status.QUARANTINED,
            "load failed: " + e.getMessage());
      }
      status = TableOutcome.Status.LOADED;
    }
    TableOutcome outcome =
        new TableOutcome(
            t.target(), rawTable.toString(), status, record.rows(), bytes, files.size(), schema, jobId, null,
            (System.nanoTime() - start) / 1_000_000);
    bus.publish(tableLoaded(manifest, outcome));
    return outcome;
  }

  private static TableOutcome notLoaded(String target, String rawTable, TableOutcome.Status status, String reason) {
    return new TableOutcome(target, rawTable, status, 0, 0, 0, new RawSchema(List.of()), null, reason, 0);
  }

  private static RawSchema schemaOf(SourceTable source, TableExportStatus t) {
    if (t.columns().isEmpty()) {
      throw new IllegalArgumentException(
          t.target() + ": export_tables_info has no originalTypeMappings, so natural types cannot be restored");
    }
    SourceEngine engine = source.engine();
    List<RawColumn> columns = new ArrayList<>();
    for (var m : t.columns()) {
      if (!dev.snaplake.core.naming.Identifiers.isColumn(m.columnName())) {
        throw new IllegalArgumentException(
            t.target() + ": column " + dev.snaplake.core.naming.Identifiers.show(m.columnName())
                + " is not a valid BigQuery column name; rename it in the source or exclude the table");
      }
      columns.add(TypeMapping.naturalColumn(engine, m));
    }
    return new RawSchema(columns);
  }

  /** {@code snaplake_load_<table>_<snapshot>_<hash of export, files and schema>}. */
  static String jobId(ObjectId table, ExportManifest manifest, List<ExportListing.DataFile> files, RawSchema schema) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update(manifest.exportId().getBytes(StandardCharsets.UTF_8));
      for (ExportListing.DataFile f : files) {
        d.update((f.object().key() + ":" + f.object().size() + "\n").getBytes(StandardCharsets.UTF_8));
      }
      d.update(schema.hash().getBytes(StandardCharsets.UTF_8));
      return "snaplake_load_" + table.name() + "_" + manifest.snapshot().partitionId() + "_"
          + HexFormat.of().formatHex(d.digest(), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private Event tableLoaded(ExportManifest manifest, TableOutcome t) {
    JsonObject d = new JsonObject();
    d.addProperty("export", manifest.exportId());
    d.addProperty("snapshot", manifest.snapshot().toString());
    d.addProperty("table", t.rawTable());
    d.addProperty("source", t.target());
    d.addProperty("rows", t.rows());
    d.addProperty("bytes", t.bytes());
    d.addProperty("files", t.files());
    d.addProperty("schemaHash", t.schema().hash());
    d.addProperty("jobId", t.jobId());
    return Events.of(
        EventType.TABLE_LOADED, Events.SOURCE_LOADER, t.rawTable(), t.jobId(), clock.instant(), d);
  }

  private Event exportLoaded(ExportReport r) {
    JsonObject d = new JsonObject();
    d.addProperty("export", r.exportId());
    d.addProperty("exportRoot", r.exportRoot());
    d.addProperty("snapshot", r.snapshot().toString());
    d.add("loaded", tables(r, TableOutcome.Status.LOADED, TableOutcome.Status.ALREADY_LOADED));
    d.add("skipped", tables(r, TableOutcome.Status.SKIPPED));
    d.add("failed", tables(r, TableOutcome.Status.FAILED));
    d.add("quarantined", tables(r, TableOutcome.Status.QUARANTINED));
    d.add("warnings", Events.strings(r.warnings()));
    d.addProperty("rows", r.loadedRows());
    return Events.of(
        EventType.EXPORT_LOADED, Events.SOURCE_LOADER, r.exportId(), r.exportId() + ":" + r.snapshot(), clock.instant(), d);
  }

  private static JsonArray tables(ExportReport r, TableOutcome.Status... statuses) {
    JsonArray a = new JsonArray();
    for (TableOutcome t : r.tables()) {
      if (List.of(statuses).contains(t.status())) {
        JsonObject o = new JsonObject();
        o.addProperty("source", t.target());
        if (t.rawTable() != null) {
          o.addProperty("table", t.rawTable());
        }
        if (t.isLoaded()) {
          o.addProperty("rows", t.rows());
        } else {
          o.addProperty("reason", t.reason());
        }
        a.add(o);
      }
    }
    return a;
  }
}
