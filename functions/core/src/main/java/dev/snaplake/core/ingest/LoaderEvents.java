package dev.snaplake.core.ingest;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.snaplake.core.event.Event;
import dev.snaplake.core.event.EventType;
import dev.snaplake.core.event.Events;
import dev.snaplake.core.export.ExportManifest;
import java.time.Clock;
import java.util.List;

/** The events the loader publishes (docs/EVENTS.md), with deterministic ids. */
final class LoaderEvents {
  private final Clock clock;

  LoaderEvents(Clock clock) {
    this.clock = clock;
  }

  Event tableLoaded(ExportManifest manifest, TableOutcome t) {
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
    return Events.of(EventType.TABLE_LOADED, Events.SOURCE_LOADER, t.rawTable(), t.jobId(), clock.instant(), d);
  }

  /** At once, before export.loaded: whoever owns the source schema hears of it while the rest loads. */
  Event tableQuarantined(ExportManifest manifest, TableOutcome t) {
    JsonObject d = new JsonObject();
    d.addProperty("export", manifest.exportId());
    d.addProperty("snapshot", manifest.snapshot().toString());
    d.addProperty("table", t.rawTable());
    d.addProperty("source", t.target());
    d.addProperty("reason", t.reason());
    return Events.of(
        EventType.TABLE_QUARANTINED, Events.SOURCE_LOADER, t.rawTable(), manifest.exportId() + ":" + t.rawTable(),
        clock.instant(), d);
  }

  Event exportLoaded(ExportReport r) {
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
