package dev.snaplake.core.command;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.snaplake.core.catalog.Manifest;
import dev.snaplake.core.event.Events;
import dev.snaplake.core.export.ExportObjectKey;
import dev.snaplake.core.naming.Identifiers;
import dev.snaplake.core.naming.ObjectId;
import dev.snaplake.core.snapshot.Snapshot;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A command document from {@code snaplake-commands}, as a person publishes it with
 * {@code gcloud pubsub topics publish snaplake-commands --message='…'}:
 *
 * <pre>
 * {"command":"rebuild","objects":["mart.users"],"snapshot":"2026-11-24","downstream":true}
 * {"command":"prune"}            {"command":"prune","dryRun":true}
 * {"command":"load","export":"rds/app-prod/app-prod-2026-11-25"}
 * {"command":"apply","prune":true}     {"command":"apply","snapshot":"2026-11-24"}
 * </pre>
 *
 * Every field is checked against the manifest before anything runs; a document with a mistake
 * (unknown command, unknown field, unknown object, bad snapshot) is refused whole. The CLI
 * ({@code snaplake replay}) checks and publishes the same documents.
 */
public sealed interface Command {
  /** Rebuild these objects (and what reads them, when {@code downstream}) at the snapshot. */
  record Rebuild(List<ObjectId> objects, Optional<Snapshot> snapshot, boolean downstream) implements Command {
    public Rebuild {
      objects = List.copyOf(objects);
    }

    @Override
    public JsonObject toJson() {
      JsonObject o = new JsonObject();
      o.addProperty("command", "rebuild");
      o.add("objects", Events.strings(objects.stream().map(ObjectId::toString).toList()));
      snapshot.ifPresent(s -> o.addProperty("snapshot", s.toString()));
      o.addProperty("downstream", downstream);
      return o;
    }
  }

  /** Archive and drop what the manifest does not define; {@code dryRun} only reports it. */
  record Prune(boolean dryRun) implements Command {
    @Override
    public JsonObject toJson() {
      JsonObject o = new JsonObject();
      o.addProperty("command", "prune");
      o.addProperty("dryRun", dryRun);
      return o;
    }
  }

  /**
   * Check the export under {@code exportRoot} (its key prefix in the landing bucket, ending with
   * the export id) whole and load it if it is complete and not loaded yet: what its objects'
   * arrival would have done.
   */
  record Load(String exportRoot, String exportId) implements Command {
    @Override
    public JsonObject toJson() {
      JsonObject o = new JsonObject();
      o.addProperty("command", "load");
      o.addProperty("export", exportRoot);
      return o;
    }
  }

  /**
   * Make the warehouse match the deployed manifest at a snapshot (by default the newest any
   * managed object is at): rebuild what changed, then prune if asked. Published after each deploy
   * (and safe to publish on a schedule: with nothing changed it does nothing).
   */
  record Apply(Optional<Snapshot> snapshot, boolean prune) implements Command {
    @Override
    public JsonObject toJson() {
      JsonObject o = new JsonObject();
      o.addProperty("command", "apply");
      snapshot.ifPresent(s -> o.addProperty("snapshot", s.toString()));
      o.addProperty("prune", prune);
      return o;
    }
  }

  List<String> NAMES = List.of("rebuild", "prune", "load", "apply");

  /** The document as published on {@code snaplake-commands}. */
  JsonObject toJson();

  static Command parse(JsonObject doc, Manifest manifest) {
    JsonElement c = doc.get("command");
    if (c == null || !c.isJsonPrimitive() || !c.getAsJsonPrimitive().isString()) {
      throw new InvalidCommandException("command document field 'command' is missing or not a string; known commands: "
          + String.join(", ", NAMES));
    }
    String name = c.getAsString();
    return switch (name) {
      case "rebuild" -> rebuild(doc, manifest);
      case "prune" -> prune(doc);
      case "load" -> load(doc);
      case "apply" -> apply(doc);
      default -> throw new InvalidCommandException(
          "unknown command " + Identifiers.show(name) + "; known commands: " + String.join(", ", NAMES));
    };
  }

  private static Rebuild rebuild(JsonObject doc, Manifest manifest) {
    onlyFields(doc, "rebuild", "objects", "snapshot", "downstream");
    JsonElement list = doc.get("objects");
    if (list == null || !list.isJsonArray() || list.getAsJsonArray().isEmpty()) {
      throw new InvalidCommandException(
          "rebuild command field 'objects' must be a non-empty list of object names, e.g. [\"mart.users\"]");
    }
    Set<ObjectId> objects = new LinkedHashSet<>();
    for (JsonElement e : list.getAsJsonArray()) {
      if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
        throw new InvalidCommandException("rebuild command field 'objects' holds " + Identifiers.show(e.toString())
            + ", not an object name");
      }
      ObjectId id;
      try {
        id = ObjectId.parse(e.getAsString());
      } catch (IllegalArgumentException bad) {
        throw new InvalidCommandException("rebuild command: " + bad.getMessage(), bad);
      }
      if (manifest.object(id).isEmpty()) {
        throw new InvalidCommandException("rebuild command: unknown object " + id
            + (manifest.isRaw(id) ? " (a raw table: only managed objects are rebuilt)" : "")
            + "; the manifest " + manifest.hash() + " defines " + known(manifest));
      }
      objects.add(id);
    }
    return new Rebuild(List.copyOf(objects), snapshot(doc, "rebuild"), bool(doc, "rebuild", "downstream"));
  }

  private static Optional<Snapshot> snapshot(JsonObject doc, String command) {
    JsonElement s = doc.get("snapshot");
    if (s == null || s.isJsonNull()) {
      return Optional.empty();
    }
    if (!s.isJsonPrimitive() || !s.getAsJsonPrimitive().isString()) {
      throw new InvalidCommandException(command + " command field 'snapshot' must be a date string like \"2026-11-24\"");
    }
    try {
      return Optional.of(Snapshot.parse(s.getAsString()));
    } catch (RuntimeException bad) {
      throw new InvalidCommandException(command + " command field 'snapshot': " + bad.getMessage(), bad);
    }
  }

  private static Prune prune(JsonObject doc) {
    onlyFields(doc, "prune", "dryRun");
    return new Prune(bool(doc, "prune", "dryRun"));
  }

  private static Apply apply(JsonObject doc) {
    onlyFields(doc, "apply", "snapshot", "prune");
    return new Apply(snapshot(doc, "apply"), bool(doc, "apply", "prune"));
  }

  private static Load load(JsonObject doc) {
    onlyFields(doc, "load", "export");
    JsonElement e = doc.get("export");
    if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString() || e.getAsString().isBlank()) {
      throw new InvalidCommandException("load command field 'export' must be the export's key prefix in the landing"
          + " bucket, e.g. \"rds/app-prod/app-prod-2026-11-25\"");
    }
    String root = e.getAsString().replaceAll("/+$", "");
    String id = root.substring(root.lastIndexOf('/') + 1);
    ExportObjectKey info = ExportObjectKey.parse(ExportObjectKey.exportInfoKey(root, id));
    if (!info.isPartOfExport() || root.startsWith("/") || root.contains("//") || List.of(root.split("/")).contains("..")) {
      throw new InvalidCommandException("load command field 'export': " + Identifiers.show(e.getAsString())
          + " is not an export's key prefix (<prefix>/<export-id>, no leading '/', no '..')");
    }
    return new Load(root, id);
  }

  private static boolean bool(JsonObject doc, String command, String field) {
    JsonElement e = doc.get(field);
    if (e == null || e.isJsonNull()) {
      return false;
    }
    if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) {
      throw new InvalidCommandException(command + " command field '" + field + "' must be true or false, not "
          + Identifiers.show(e.toString()));
    }
    return e.getAsBoolean();
  }

  private static void onlyFields(JsonObject doc, String command, String... allowed) {
    Set<String> known = new TreeSet<>(List.of(allowed));
    for (String field : doc.keySet()) {
      if (!field.equals("command") && !known.contains(field)) {
        throw new InvalidCommandException(command + " command has an unknown field " + Identifiers.show(field)
            + "; its fields are " + String.join(", ", known));
      }
    }
  }

  private static String known(Manifest manifest) {
    List<String> ids = new ArrayList<>();
    manifest.objects().forEach(o -> ids.add(o.id().toString()));
    if (ids.size() > 10) {
      return String.join(", ", ids.subList(0, 10)) + " and " + (ids.size() - 10) + " more";
    }
    return ids.isEmpty() ? "no objects" : String.join(", ", ids);
  }
}
