package dev.snaplake.core.ingest;

import dev.snaplake.core.export.ExportInfo;
import dev.snaplake.core.export.ExportInventory;
import dev.snaplake.core.export.ExportListing;
import dev.snaplake.core.export.ExportManifest;
import dev.snaplake.core.export.ExportMetadataException;
import dev.snaplake.core.export.ExportObjectKey;
import dev.snaplake.core.export.ExportObjectKind;
import dev.snaplake.core.export.ExportTablesInfo;
import dev.snaplake.core.export.InventoryCheck;
import dev.snaplake.core.export.ParquetFooterException;
import dev.snaplake.core.export.TableExportStatus;
import dev.snaplake.core.lease.Lease;
import dev.snaplake.core.naming.ObjectId;
import dev.snaplake.core.naming.SourceTable;
import dev.snaplake.core.port.EventBus;
import dev.snaplake.core.port.LoadRecord;
import dev.snaplake.core.port.ObjectNotFoundException;
import dev.snaplake.core.port.ObjectStore;
import dev.snaplake.core.port.RawLoad;
import dev.snaplake.core.port.StoredObject;
import dev.snaplake.core.port.TransientException;
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
import java.util.UUID;

/**
 * The loader's use case: an object arrived in the landing bucket. Only the export's inventory
 * (written by snaplake's exporter once RDS reports the export COMPLETE) can say the export is
 * complete, so every other object's event is answered without I/O. The inventory's event checks
 * one listing against it; when every object is there with its size, it claims the export once,
 * loads every loadable table as that snapshot of its raw table, and publishes {@code
 * table.loaded} (or {@code table.quarantined}) for each and {@code export.loaded} last. A table
 * is announced only if the warehouse loaded exactly the rows its Parquet footers count. While
 * objects are missing it throws {@link ExportIncompleteException}, so the platform redelivers
 * it. Safe under duplicate, late, reordered and concurrent events: loads are idempotent per
 * deterministic job id.
 */
public final class ExportIngestion {
  /**
   * {@code resizeGrace}: how long after the inventory was written an object of another size may
   * still be a copy in flight; after it, the mismatch is refused as permanent and says what to do.
   */
  public record Settings(String rawDataset, Duration claimLease, String owner, Duration resizeGrace) {
    public static final Duration RESIZE_GRACE = Duration.ofHours(1);

    public Settings(String rawDataset, Duration claimLease, String owner) {
      this(rawDataset, claimLease, owner, RESIZE_GRACE);
    }
  }

  private final ObjectStore store;
  private final Warehouse warehouse;
  private final EventBus bus;
  private final Settings settings;
  private final Clock clock;
  private final LoaderEvents events;

  public ExportIngestion(ObjectStore store, Warehouse warehouse, EventBus bus, Settings settings, Clock clock) {
    this.store = store;
    this.warehouse = warehouse;
    this.bus = bus;
    this.settings = settings;
    this.clock = clock;
    this.events = new LoaderEvents(clock);
  }

  /** Handles the arrival of one object: constant work, no I/O, unless it is the inventory. */
  public IngestOutcome onObject(String key) {
    ExportObjectKey k = ExportObjectKey.parse(key);
    if (!k.isPartOfExport()) {
      return new IngestOutcome.Ignored(null, key, "not an object of an RDS snapshot export");
    }
    if (k.kind() != ExportObjectKind.INVENTORY) {
      return new IngestOutcome.Waiting(
          k.exportId(), List.of(ExportInventory.fileName(k.exportId()) + " completes the export: its event loads it"));
    }
    return ingest(k.exportRoot(), k.exportId());
  }

  /**
   * Checks one export whole against its inventory and loads it if every object is there and it
   * is not loaded yet: one read of the inventory, one of the done marker, one listing of the root.
   *
   * @throws ExportIncompleteException while an object of the inventory is missing or of another
   *     size (transient: retry later)
   * @throws ExportMetadataException when the export can never be loaded as it is (the message
   *     names the object and what to do); nothing is loaded, changed or published then
   */
  public IngestOutcome ingest(String exportRoot, String exportId) {
    String inventoryKey = ExportInventory.key(exportRoot, exportId);
    Optional<byte[]> content = readIfPresent(inventoryKey);
    if (content.isEmpty()) {
      return new IngestOutcome.Waiting(
          exportId, List.of(inventoryKey + " has not arrived (snaplake's exporter writes it once RDS reports the export COMPLETE)"));
    }
    ExportInventory inventory = ExportInventory.parse(content.get(), inventoryKey);
    if (!exportId.equals(inventory.exportId())) {
      throw new ExportMetadataException(
          inventoryKey + ": exportId '" + inventory.exportId() + "' does not match the folder '" + exportId
              + "'. The inventory was copied to the wrong prefix; move it there and re-copy it.");
    }
    String inventoryHash = inventory.contentHash();
    Optional<ExportReport> done = loadedReport(exportRoot);
    if (done.isPresent()) {
      return alreadyLoaded(exportRoot, exportId, done.get(), inventoryHash);
    }
    InventoryCheck check = InventoryCheck.of(exportRoot, inventory, store.list(exportRoot + "/"));
    requireComplete(exportId, inventory, check);
    ExportManifest manifest = manifest(exportRoot, exportId, inventoryKey, check);
    List<String> problems = manifest.problems();
    if (!problems.isEmpty()) {
      throw new ExportMetadataException(
          "export " + exportId + " cannot be loaded: " + String.join("; ", problems)
              + ". Every object of its inventory is there, so this will not change: re-run the export under a new id.");
    }
    // Each attempt is its own owner: two invocations in one instance must not share a claim.
    Lease claim = new Lease(store, clock, settings.claimLease(), settings.owner() + "/" + UUID.randomUUID());
    Optional<Lease.Holder> holder = claim.acquire(ExportClaim.claimKey(exportRoot));
    if (holder.isPresent()) {
      return new IngestOutcome.ClaimedElsewhere(exportId, holder.get().owner(), holder.get().until());
    }
    // A handler that finished between our check and our claim left its report: nothing to do.
    done = loadedReport(exportRoot);
    if (done.isPresent()) {
      return alreadyLoaded(exportRoot, exportId, done.get(), inventoryHash);
    }
    ExportReport report;
    try {
      report = load(manifest, inventoryHash);
    } catch (RuntimeException e) {
      // Let the redelivered event resume at once rather than wait for the lease to run out.
      claim.release(ExportClaim.claimKey(exportRoot));
      throw e;
    }
    store.write(ExportClaim.doneKey(exportRoot), report.toJson().getBytes(StandardCharsets.UTF_8));
    return new IngestOutcome.Loaded(exportId, report);
  }

  /** The report of an export loaded before, from its done marker (one read). */
  public Optional<ExportReport> loadedReport(String exportRoot) {
    return readIfPresent(ExportClaim.doneKey(exportRoot))
        .map(b -> ExportReport.fromJson(new String(b, StandardCharsets.UTF_8)));
  }

  private IngestOutcome alreadyLoaded(String exportRoot, String exportId, ExportReport report, String inventoryHash) {
    // Reports from before inventories carry no hash: nothing to compare, the load stands.
    if (report.inventoryHash() != null && !report.inventoryHash().equals(inventoryHash)) {
      throw new ReusedExportIdException(exportRoot, exportId, report.inventoryHash(), inventoryHash);
    }
    return new IngestOutcome.AlreadyLoaded(exportId, report);
  }

  private void requireComplete(String exportId, ExportInventory inventory, InventoryCheck check) {
    if (check.complete()) {
      return;
    }
    Duration since = Duration.between(inventory.writtenAt(), clock.instant());
    // A copy in flight ends within minutes; a size that still differs after the grace never will.
    if (!check.resized().isEmpty() && since.compareTo(settings.resizeGrace()) >= 0) {
      throw new ExportMetadataException(
          "export " + exportId + ": " + check.resized().size() + " object(s) still differ in size from its inventory "
              + since.toMinutes() + " min after it was written: " + ExportIncompleteException.named(check.resized())
              + (check.missing().isEmpty() ? "" : "; and " + check.missing().size() + " object(s) are missing")
              + ". The bucket does not hold the bytes the export wrote (overwritten since?), so nothing was loaded."
              + " Re-copy those objects from S3 and then the inventory (its new event loads the export), or re-run the"
              + " export under a new id.");
    }
    throw new ExportIncompleteException(exportId, check, since, settings.resizeGrace());
  }

  /** The manifest of the objects the inventory vouches for; the others are reported, never loaded. */
  private ExportManifest manifest(String exportRoot, String exportId, String inventoryKey, InventoryCheck check) {
    ExportListing listing = ExportListing.of(exportRoot, exportId, check.present());
    if (listing.exportInfo().isEmpty()) {
      throw new ExportMetadataException(
          inventoryKey + " does not list export_info_" + exportId + ".json, so the export cannot be read. "
              + "Re-run snaplake's exporter for this export to write its inventory again.");
    }
    List<String> warnings = new ArrayList<>();
    if (!check.unexpected().isEmpty()) {
      warnings.add(check.unexpected().size() + " object(s) under the export root are not in its inventory and were not"
          + " loaded: " + ExportIncompleteException.named(check.unexpected()));
    }
    return read(listing, warnings);
  }

  /**
   * Reads an export's metadata and data files from one listing of its root, without checking
   * that it is complete (tests and tools; loading goes through {@link #ingest}).
   */
  public ExportManifest read(String exportRoot, String exportId) {
    ExportListing listing = ExportListing.of(exportRoot, exportId, store.list(exportRoot + "/"));
    if (listing.exportInfo().isEmpty()) {
      throw new ExportMetadataException(ExportObjectKey.exportInfoKey(exportRoot, exportId) + " not found in " + store.describe());
    }
    return read(listing, List.of());
  }

  private ExportManifest read(ExportListing listing, List<String> extraWarnings) {
    String exportId = listing.exportId();
    String infoKey = listing.exportInfo().map(StoredObject::key).orElseThrow();
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
    warnings.addAll(extraWarnings);
    return new ExportManifest(listing, info, tables, warnings);
  }

  private Optional<byte[]> readIfPresent(String key) {
    try {
      return Optional.of(store.read(key));
    } catch (ObjectNotFoundException e) {
      return Optional.empty();
    }
  }

  private ExportReport load(ExportManifest manifest, String inventoryHash) {
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
            (System.nanoTime() - start) / 1_000_000, inventoryHash);
    bus.publish(events.exportLoaded(report));
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
      return quarantined(manifest, t.target(), rawTable, e.getMessage());
    }
    List<ExportListing.DataFile> files = manifest.dataFiles(source);
    // Before any load: a file whose footer cannot be read would fail or skew the load anyway.
    FooterRowCount footers;
    try {
      footers = FooterRowCount.read(store, files);
    } catch (ParquetFooterException e) {
      return notLoaded(t.target(), rawName, TableOutcome.Status.FAILED, rawName + " not loaded: " + e.getMessage());
    }
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
      } catch (TransientException e) {
        throw e;
      } catch (RuntimeException e) {
        return quarantined(manifest, t.target(), rawTable, "load failed: " + e.getMessage());
      }
      status = TableOutcome.Status.LOADED;
    }
    // Also for a load found done by a predecessor: it died before it could check it.
    Optional<String> mismatch = footers.mismatch(rawName, record);
    if (mismatch.isPresent()) {
      return notLoaded(t.target(), rawName, TableOutcome.Status.FAILED, mismatch.get());
    }
    TableOutcome outcome =
        new TableOutcome(
            t.target(), rawTable.toString(), status, record.rows(), bytes, files.size(), schema, jobId, null,
            (System.nanoTime() - start) / 1_000_000);
    bus.publish(events.tableLoaded(manifest, outcome));
    return outcome;
  }

  private TableOutcome quarantined(ExportManifest manifest, String target, ObjectId rawTable, String reason) {
    TableOutcome outcome = notLoaded(target, rawTable.toString(), TableOutcome.Status.QUARANTINED, reason);
    bus.publish(events.tableQuarantined(manifest, outcome));
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
}
