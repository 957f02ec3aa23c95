package dev.snaplake.core.build;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import dev.snaplake.core.event.Event;
import dev.snaplake.core.event.EventType;
import dev.snaplake.core.event.InvalidEventException;
import dev.snaplake.core.naming.Identifiers;
import dev.snaplake.core.naming.ObjectId;
import dev.snaplake.core.snapshot.Snapshot;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What an event asks of the builder, read and checked whole before any warehouse work, so a
 * malformed event is refused without touching anything.
 */
public sealed interface BuildTrigger {
  Snapshot snapshot();

  /** A raw table ({@code table.loaded}) or a managed object ({@code object.rebuilt}) is at the snapshot. */
  record InputReady(ObjectId input, Snapshot snapshot) implements BuildTrigger {}

  /** An export is done; the tables it did not load keep their dependents where they are. */
  record ExportLoaded(Snapshot snapshot, Map<ObjectId, String> notLoaded) implements BuildTrigger {
    public ExportLoaded {
      notLoaded = Map.copyOf(notLoaded);
    }
  }

  /** The trigger of an event; empty for types the builder does not act on. */
  static Optional<BuildTrigger> of(Event event) {
    JsonObject d;
    try {
      d = event.dataJson();
    } catch (JsonParseException | IllegalStateException e) {
      throw new InvalidEventException("event " + event.id() + " data is not a JSON object", e);
    }
    JsonElement version = d.get("schemaVersion");
    if (version != null && (!version.isJsonPrimitive() || !version.getAsJsonPrimitive().isNumber())) {
      throw new InvalidEventException("event " + event.id() + " data field 'schemaVersion' is not a number");
    }
    return switch (event.type()) {
      case EventType.TABLE_LOADED -> Optional.of(new InputReady(objectId(event, d, "table"), snapshot(event, d)));
      case EventType.OBJECT_REBUILT -> Optional.of(new InputReady(objectId(event, d, "object"), snapshot(event, d)));
      case EventType.EXPORT_LOADED -> Optional.of(exportLoaded(event, d));
      default -> Optional.empty();
    };
  }

  private static ExportLoaded exportLoaded(Event event, JsonObject d) {
    Snapshot snapshot = snapshot(event, d);
    Map<ObjectId, String> notLoaded = new LinkedHashMap<>();
    for (String field : new String[] {"skipped", "failed", "quarantined"}) {
      JsonElement list = d.get(field);
      if (list == null || list.isJsonNull()) {
        continue;
      }
      if (!list.isJsonArray()) {
        throw new InvalidEventException("event " + event.id() + " data field '" + field + "' is not a list");
      }
      for (JsonElement t : list.getAsJsonArray()) {
        if (!t.isJsonObject()) {
          throw new InvalidEventException("event " + event.id() + " data field '" + field + "' holds a non-object");
        }
        JsonObject entry = t.getAsJsonObject();
        if (entry.has("table")) {
          JsonElement reason = entry.get("reason");
          String why = reason != null && reason.isJsonPrimitive() ? reason.getAsString() : "no reason given";
          notLoaded.put(objectId(event, entry, "table"), field + ": " + why);
        }
      }
    }
    return new ExportLoaded(snapshot, notLoaded);
  }

  private static ObjectId objectId(Event e, JsonObject d, String field) {
    String text = string(e, d, field);
    try {
      return ObjectId.parse(text);
    } catch (IllegalArgumentException bad) {
      throw new InvalidEventException("event " + e.id() + " data field '" + field + "': " + bad.getMessage(), bad);
    }
  }

  private static Snapshot snapshot(Event e, JsonObject d) {
    String text = string(e, d, "snapshot");
    try {
      return Snapshot.parse(text);
    } catch (IllegalArgumentException bad) {
      throw new InvalidEventException("event " + e.id() + " data field 'snapshot': " + bad.getMessage(), bad);
    }
  }

  private static String string(Event e, JsonObject d, String field) {
    JsonElement v = d.get(field);
    String where = "event " + e.id() + " data field '" + field + "'";
    if (v == null || v.isJsonNull()) {
      throw new InvalidEventException(where + " is missing");
    }
    if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isString()) {
      throw new InvalidEventException(where + " is not a string: " + Identifiers.show(v.toString()));
    }
    if (v.getAsString().isBlank()) {
      throw new InvalidEventException(where + " is blank");
    }
    return v.getAsString();
  }
}
