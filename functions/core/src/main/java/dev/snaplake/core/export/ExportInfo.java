package dev.snaplake.core.export;

import com.google.gson.JsonObject;
import dev.snaplake.core.snapshot.Snapshot;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** The {@code export_info_<id>.json} file at an export's root. */
public record ExportInfo(
    String exportTaskIdentifier, String sourceArn, Instant snapshotTime, String status, String s3Prefix) {

  public static ExportInfo parse(byte[] content, String key) {
    JsonObject o = Json.object(content, key);
    String id = Json.string(o, "exportTaskIdentifier", key);
    String status = Json.string(o, "status", key);
    String time = Json.string(o, "snapshotTime", key);
    Instant snapshotTime;
    try {
      snapshotTime = Instant.parse(time);
    } catch (DateTimeParseException e) {
      throw new ExportMetadataException(
          key + ": field 'snapshotTime' is not an ISO-8601 instant: '" + time + "'. " + Json.REDO, e);
    }
    return new ExportInfo(id, Json.optString(o, "sourceArn"), snapshotTime, status, Json.optString(o, "s3Prefix"));
  }

  public boolean isComplete() {
    return "COMPLETE".equals(status);
  }

  /** The snapshot is the UTC date the RDS snapshot was taken. */
  public Snapshot snapshot() {
    return new Snapshot(snapshotTime.atZone(ZoneOffset.UTC).toLocalDate());
  }
}
