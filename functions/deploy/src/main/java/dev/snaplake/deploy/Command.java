package dev.snaplake.deploy;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.snaplake.core.catalog.Manifest;
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
 * </pre>
 *
 * Every field is checked against the manifest before anything runs; a document with a mistake
 * (unknown command, unknown field, unknown object, bad snapshot) is refused whole.
 */
sealed interface Command {
  /** Rebuild these objects (and what reads them, when {@code downstream}) at the snapshot. */
  record Rebuild(List<ObjectId> objects, Optional<Snapshot> snapshot, boolean downstream) implements Command {}

  /** Archive and drop what the manifest does not define; {@code dryRun} only reports it. */
  record Prune(boolean dryRun) implements Command {}

  List<String> NAMES = List.of("rebuild", "prune");

  static Command parse(JsonObject doc, Manifest manifest) {
    JsonElement c = doc.get("command");
    if (c == null || !c.isJsonPrimitive() || !c.getAsJsonPrimitive().isString()) {
      throw new PoisonEventException("command document field 'command' is missing or not a string; known commands: "
          + String.join(", ", NAMES));
    }
    String name = c.getAsString();
    return switch (name) {
      case "rebuild" -> rebuild(doc, manifest);
      case "prune" -> prune(doc);
      default -> throw new PoisonEventException(
          "unknown command " + Identifiers.show(name) + "; known commands: " + String.join(", ", NAMES));
    };
  }

  private static Rebuild rebuild(JsonObject doc, Manifest manifest) {
    onlyFields(doc, "rebuild", "objects", "snapshot", "downstream");
    JsonElement list = doc.get("objects");
    if (list == null || !list.isJsonArray() || list.getAsJsonArray().isEmpty()) {
      throw new PoisonEventException(
          "rebuild command field 'objects' must be a non-empty list of object names, e.g. [\"mart.users\"]");
    }
    Set<ObjectId> objects = new LinkedHashSet<>();
    for (JsonElement e : list.getAsJsonArray()) {
      if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
        throw new PoisonEventException("rebuild command field 'objects' holds " + Identifiers.show(e.toString())
            + ", not an object name");
      }
      ObjectId id;
      try {
        id = ObjectId.parse(e.getAsString());
      } catch (IllegalArgumentException bad) {
        throw new PoisonEventException("rebuild command: " + bad.getMessage(), bad);
      }
      if (manifest.object(id).isEmpty()) {
        throw new PoisonEventException("rebuild command: unknown object " + id
            + (manifest.isRaw(id) ? " (a raw table: only managed objects are rebuilt)" : "")
            + "; the manifest " + manifest.hash() + " defines " + known(manifest));
      }
      objects.add(id);
    }
    Optional<Snapshot> snapshot = Optional.empty();
    JsonElement s = doc.get("snapshot");
    if (s != null && !s.isJsonNull()) {
      if (!s.isJsonPrimitive() || !s.getAsJsonPrimitive().isString()) {
        throw new PoisonEventException("rebuild command field 'snapshot' must be a date string like \"2026-11-24\"");
      }
      try {
        snapshot = Optional.of(Snapshot.parse(s.getAsString()));
      } catch (IllegalArgumentException bad) {
        throw new PoisonEventException("rebuild command field 'snapshot': " + bad.getMessage(), bad);
      }
    }
    return new Rebuild(List.copyOf(objects), snapshot, bool(doc, "rebuild", "downstream"));
  }

  private static Prune prune(JsonObject doc) {
    onlyFields(doc, "prune", "dryRun");
    return new Prune(bool(doc, "prune", "dryRun"));
  }

  private static boolean bool(JsonObject doc, String command, String field) {
    JsonElement e = doc.get(field);
    if (e == null || e.isJsonNull()) {
      return false;
    }
    if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) {
      throw new PoisonEventException(command + " command field '" + field + "' must be true or false, not "
          + Identifiers.show(e.toString()));
    }
    return e.getAsBoolean();
  }

  private static void onlyFields(JsonObject doc, String command, String... allowed) {
    Set<String> known = new TreeSet<>(List.of(allowed));
    for (String field : doc.keySet()) {
      if (!field.equals("command") && !known.contains(field)) {
        throw new PoisonEventException(command + " command has an unknown field " + Identifiers.show(field)
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
