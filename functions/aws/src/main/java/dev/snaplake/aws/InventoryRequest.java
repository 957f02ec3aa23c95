package dev.snaplake.aws;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.snaplake.core.naming.Identifiers;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the exporter is asked to do, read from its invocation: an RDS event delivered by
 * EventBridge, or a replay naming one export task.
 *
 * <p>RDS's export-completion events name the snapshot, not the export task: {@code detail} holds
 * EventID ({@code RDS-EVENT-0161} for a DB snapshot, {@code RDS-EVENT-0164} for a DB cluster
 * snapshot), SourceType ({@code SNAPSHOT} / {@code CLUSTER_SNAPSHOT}), SourceArn and
 * SourceIdentifier (the snapshot's), Date, EventCategories ({@code notification}) and a Message
 * ("The snapshot export task completed.") that names no task. The tasks are then found with
 * DescribeExportTasks filtered by SourceArn.
 */
public sealed interface InventoryRequest {
  String INSTANCE_SNAPSHOT_EXPORTED = "RDS-EVENT-0161";
  String CLUSTER_SNAPSHOT_EXPORTED = "RDS-EVENT-0164";

  /** RDS says an export of this snapshot (or cluster) completed. */
  record ExportCompleted(String eventId, String sourceArn) implements InventoryRequest {}

  /** {@code {"exportTaskIdentifier": "…"}}: write (or check) one export's inventory, e.g. after a fix. */
  record Replay(String exportTaskIdentifier) implements InventoryRequest {}

  /** Another RDS event (a failed or canceled export…): nothing to write. */
  record OtherRdsEvent(String eventId) implements InventoryRequest {}

  static InventoryRequest parse(JsonElement invocation) {
    if (invocation == null || !invocation.isJsonObject()) {
      throw malformed("it is " + (invocation == null || invocation.isJsonNull() ? "empty" : "not a JSON object"));
    }
    JsonObject o = invocation.getAsJsonObject();
    if (o.has("exportTaskIdentifier") && !o.has("detail")) {
      String id = string(o, "exportTaskIdentifier");
      if (id == null) {
        throw malformed("'exportTaskIdentifier' is not a string");
      }
      return new Replay(ExportIds.validate(id));
    }
    if (!o.has("detail") || !o.has("source")) {
      throw malformed("it has neither 'detail' and 'source' (an EventBridge event) nor 'exportTaskIdentifier'"
          + " (a replay); its fields are " + new TreeSet<>(o.keySet()));
    }
    String source = string(o, "source");
    if (!"aws.rds".equals(source)) {
      throw malformed("its source is " + Identifiers.show(source) + ", not aws.rds: the EventBridge rule should match"
          + " only source aws.rds");
    }
    JsonElement d = o.get("detail");
    if (!d.isJsonObject()) {
      throw malformed("its 'detail' is not an object");
    }
    JsonObject detail = d.getAsJsonObject();
    String eventId = string(detail, "EventID");
    if (eventId == null) {
      throw malformed("its detail has no EventID; RDS sends one with every event (e.g. RDS-EVENT-0161)");
    }
    if (!Set.of(INSTANCE_SNAPSHOT_EXPORTED, CLUSTER_SNAPSHOT_EXPORTED).contains(eventId)) {
      return new OtherRdsEvent(eventId);
    }
    String sourceArn = string(detail, "SourceArn");
    if (sourceArn == null) {
      throw malformed("its detail has no SourceArn, the ARN of the exported snapshot that " + eventId + " carries");
    }
    if (!sourceArn.startsWith("arn:")) {
      throw malformed("its detail.SourceArn " + Identifiers.show(sourceArn) + " is not an ARN");
    }
    return new ExportCompleted(eventId, sourceArn);
  }

  private static String string(JsonObject o, String field) {
    JsonElement e = o.get(field);
    return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isString() ? e.getAsString() : null;
  }

  private static IllegalArgumentException malformed(String why) {
    return new IllegalArgumentException("the exporter's invocation is not one it understands: " + why + ". It takes an"
        + " EventBridge event of source aws.rds with detail.EventID " + INSTANCE_SNAPSHOT_EXPORTED + " or "
        + CLUSTER_SNAPSHOT_EXPORTED + ", or a replay {\"exportTaskIdentifier\": \"<id>\"}; nothing was written");
  }
}
