package dev.snaplake.core.ingest;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.snaplake.core.snapshot.Snapshot;
import dev.snaplake.core.types.RawSchema;
import java.util.ArrayList;
import java.util.List;

/**
 * The result of loading one export: every table with its outcome. {@code inventoryHash} is the
 * content hash of the inventory it was loaded from (null in reports written before inventories),
 * so a reused export id is told apart from a redelivery.
 */
public record ExportReport(
    String exportId,
    String exportRoot,
    Snapshot snapshot,
    List<TableOutcome> tables,
    List<String> warnings,
    long millis,
    String inventoryHash) {
  public ExportReport {
    tables = List.copyOf(tables);
    warnings = List.copyOf(warnings);
  }

  public List<TableOutcome> with(TableOutcome.Status status) {
    return tables.stream().filter(t -> t.status() == status).toList();
  }

  public long loadedRows() {
    return tables.stream().filter(TableOutcome::isLoaded).mapToLong(TableOutcome::rows).sum();
  }

  /** A compact JSON form, kept in the export's done marker so a replay can report it. */
  public String toJson() {
    JsonObject o = new JsonObject();
    o.addProperty("exportId", exportId);
    o.addProperty("exportRoot", exportRoot);
    o.addProperty("snapshot", snapshot.toString());
    o.addProperty("millis", millis);
    o.addProperty("inventoryHash", inventoryHash);
    JsonArray ts = new JsonArray();
    for (TableOutcome t : tables) {
      JsonObject j = new JsonObject();
      j.addProperty("target", t.target());
      j.addProperty("rawTable", t.rawTable());
      j.addProperty("status", t.status().name());
      j.addProperty("rows", t.rows());
      j.addProperty("bytes", t.bytes());
      j.addProperty("files", t.files());
      j.addProperty("jobId", t.jobId());
      j.addProperty("reason", t.reason());
      j.addProperty("millis", t.millis());
      ts.add(j);
    }
    o.add("tables", ts);
    JsonArray w = new JsonArray();
    warnings.forEach(w::add);
    o.add("warnings", w);
    return o.toString();
  }

  public static ExportReport fromJson(String json) {
    JsonObject o = JsonParser.parseString(json).getAsJsonObject();
    List<TableOutcome> tables = new ArrayList<>();
    for (var e : o.getAsJsonArray("tables")) {
      JsonObject j = e.getAsJsonObject();
      tables.add(
          new TableOutcome(
              j.get("target").getAsString(),
              str(j, "rawTable"),
              TableOutcome.Status.valueOf(j.get("status").getAsString()),
              j.get("rows").getAsLong(),
              j.get("bytes").getAsLong(),
              j.get("files").getAsInt(),
              new RawSchema(List.of()),
              str(j, "jobId"),
              str(j, "reason"),
              j.get("millis").getAsLong()));
    }
    List<String> warnings = new ArrayList<>();
    o.getAsJsonArray("warnings").forEach(w -> warnings.add(w.getAsString()));
    return new ExportReport(
        o.get("exportId").getAsString(),
        o.get("exportRoot").getAsString(),
        Snapshot.parse(o.get("snapshot").getAsString()),
        tables,
        warnings,
        o.get("millis").getAsLong(),
        str(o, "inventoryHash"));
  }

  private static String str(JsonObject j, String f) {
    return j.has(f) && !j.get(f).isJsonNull() ? j.get(f).getAsString() : null;
  }
}
