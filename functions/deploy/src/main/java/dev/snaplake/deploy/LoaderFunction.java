package dev.snaplake.deploy;

import com.google.cloud.functions.CloudEventsFunction;
import dev.snaplake.core.export.ExportMetadataException;
import dev.snaplake.core.export.ExportObjectKey;
import dev.snaplake.core.ingest.ExportIncompleteException;
import dev.snaplake.core.ingest.ExportIngestion;
import dev.snaplake.core.ingest.ExportReport;
import dev.snaplake.core.ingest.IngestOutcome;
import dev.snaplake.core.ingest.ReusedExportIdException;
import dev.snaplake.core.ingest.TableOutcome;
import dev.snaplake.core.naming.Identifiers;
import dev.snaplake.core.port.TransientException;
import io.cloudevents.CloudEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The loader: Eventarc delivers {@code google.cloud.storage.object.v1.finalized} for every object
 * of the landing bucket; this hands the object to {@link ExportIngestion#onObject}, which answers
 * at once for every object but the export's inventory, and loads the export on the inventory's
 * event once every object it lists is there. Each outcome is one JSON log line.
 *
 * <ul>
 *   <li>An event that can never be handled (wrong type, data not JSON, no {@code name}) is logged
 *       as an error and acknowledged: retrying it would only repeat the error for a day.
 *   <li>An event of another bucket is ignored with a log line.
 *   <li>An inventory whose objects have not all arrived ({@link ExportIncompleteException}) is
 *       logged as a warning and fails, so Eventarc redelivers it with backoff until the copy
 *       catches up: that is how a late object completes its export.
 *   <li>An inventory event that finds the export claimed by another handler fails too, so that a
 *       handler that dies with the claim cannot strand the export: the redelivery after the lease
 *       takes over, or finds it loaded.
 *   <li>Export metadata that cannot be read, or an export id reused for other content, is logged
 *       as an error and acknowledged: the message says what to do; re-copying the inventory
 *       sends its event again.
 *   <li>Anything else that fails (storage, warehouse, Pub/Sub) propagates: the invoker answers 500
 *       and Eventarc retries, which is safe because ingestion is idempotent.
 * </ul>
 *
 * <p>Nothing is made at start-up: the backend and its clients come on the first event.
 */
public final class LoaderFunction implements CloudEventsFunction {
  private static final StructuredLog LOG = new StructuredLog("loader");

  private final Supplier<Backend> backend;
  private final Lazy<ExportIngestion> ingestion;

  /** The invoker's constructor: the process's backend, looked up on the first event. */
  public LoaderFunction() {
    this(Backends::get);
  }

  LoaderFunction(Supplier<Backend> backend) {
    this.backend = backend;
    this.ingestion = Lazy.of(() -> ingestion(backend.get()));
  }

  @Override
  public void accept(CloudEvent event) {
    StorageObjectEvent object;
    try {
      object = StorageObjectEvent.parse(event);
    } catch (PoisonEventException e) {
      LOG.error("loader event refused: " + e.getMessage(), fields(event.getId(), null, null, "refused"));
      return;
    }
    String landing = backend.get().landingBucket();
    if (!object.bucket().equals(landing)) {
      LOG.info("object of bucket " + Identifiers.show(object.bucket()) + " ignored: the landing bucket is " + landing,
          fields(object.id(), object.name(), null, "ignored"));
      return;
    }
    IngestOutcome outcome;
    try {
      outcome = ingestion.get().onObject(object.name());
    } catch (ExportIncompleteException e) {
      Map<String, Object> f = fields(object.id(), object.name(), e.exportId(), "incomplete");
      f.put("present", e.present());
      f.put("total", e.total());
      LOG.warning(e.getMessage(), f);
      throw e;
    } catch (ReusedExportIdException e) {
      LOG.error("export refused: " + e.getMessage(),
          fields(object.id(), object.name(), ExportObjectKey.parse(object.name()).exportId(), "refused"));
      return;
    } catch (ExportMetadataException e) {
      LOG.error("export not loaded: " + e.getMessage(),
          fields(object.id(), object.name(), ExportObjectKey.parse(object.name()).exportId(), "unreadable"));
      return;
    }
    log(object, outcome);
    if (outcome instanceof IngestOutcome.ClaimedElsewhere c) {
      throw new TransientException("export " + c.exportId() + " is being loaded by " + c.owner() + " (lease until "
          + c.leaseUntil() + "); redelivered until it is loaded, so a handler that dies with the claim strands nothing",
          null);
    }
  }

  /** The use case on the process's backend; each attempt inside it takes the claim under an owner of its own. */
  private static ExportIngestion ingestion(Backend b) {
    return new ExportIngestion(
        b.objectStore(), b.warehouse(), b.eventBus(),
        new ExportIngestion.Settings(b.rawDataset(), b.claimLease(), "loader:" + b.instanceName()), b.clock());
  }

  private static void log(StorageObjectEvent object, IngestOutcome outcome) {
    Map<String, Object> f = fields(object.id(), object.name(), outcome.exportId(), name(outcome));
    if (outcome instanceof IngestOutcome.Ignored o) {
      LOG.info("not part of an export: " + o.reason(), f);
    } else if (outcome instanceof IngestOutcome.Waiting o) {
      LOG.info("export " + o.exportId() + ": " + summary(o.missing()), f);
    } else if (outcome instanceof IngestOutcome.ClaimedElsewhere o) {
      f.put("claimOwner", o.owner());
      f.put("leaseUntil", o.leaseUntil());
      LOG.info("export " + o.exportId() + " is being loaded by " + o.owner() + " (lease until " + o.leaseUntil() + ")", f);
    } else if (outcome instanceof IngestOutcome.AlreadyLoaded o) {
      LOG.info("export " + o.exportId() + " was loaded before", f);
    } else if (outcome instanceof IngestOutcome.Loaded o) {
      logLoaded(o.report(), f);
    }
  }

  private static void logLoaded(ExportReport r, Map<String, Object> f) {
    int loaded = 0;
    StringBuilder notLoaded = new StringBuilder();
    for (TableOutcome t : r.tables()) {
      if (t.isLoaded()) {
        loaded++;
      } else {
        notLoaded.append(notLoaded.length() == 0 ? "" : "; ").append(t.target()).append(" ").append(t.status())
            .append(": ").append(t.reason());
      }
    }
    f.put("snapshot", r.snapshot().toString());
    f.put("tablesLoaded", loaded);
    f.put("tablesNotLoaded", r.tables().size() - loaded);
    f.put("rows", r.loadedRows());
    f.put("millis", r.millis());
    String message = "export " + r.exportId() + " loaded as snapshot " + r.snapshot() + ": " + loaded + " of "
        + r.tables().size() + " tables, " + r.loadedRows() + " rows";
    if (notLoaded.length() > 0) {
      LOG.warning(message + "; not loaded: " + notLoaded, f);
    } else {
      LOG.info(message, f);
    }
  }

  private static String name(IngestOutcome o) {
    if (o instanceof IngestOutcome.Ignored) {
      return "ignored";
    } else if (o instanceof IngestOutcome.Waiting) {
      return "waiting";
    } else if (o instanceof IngestOutcome.ClaimedElsewhere) {
      return "claimed_elsewhere";
    } else if (o instanceof IngestOutcome.AlreadyLoaded) {
      return "already_loaded";
    }
    return "loaded";
  }

  private static String summary(List<String> missing) {
    return missing.size() <= 3 ? String.join("; ", missing)
        : String.join("; ", missing.subList(0, 3)) + "; and " + (missing.size() - 3) + " more";
  }

  private static Map<String, Object> fields(String eventId, String object, String export, String outcome) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("export", export);
    f.put("outcome", outcome);
    f.put("object", object);
    f.put("eventId", eventId);
    return f;
  }
}
