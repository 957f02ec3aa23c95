package dev.snaplake.core.export;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;

/** Strict reading of export metadata JSON, with errors that name the object and the field. */
final class Json {
  private Json() {}

  static JsonObject object(byte[] content, String key) {
    try {
      JsonElement e = JsonParser.parseString(new String(content, StandardCharsets.UTF_8));
      if (!e.isJsonObject()) {
        throw new ExportMetadataException(key + ": expected a JSON object at the top level. " + REDO);
      }
      return e.getAsJsonObject();
    } catch (JsonParseException | IllegalStateException e) {
      throw new ExportMetadataException(
          key + ": not valid JSON (" + e.getMessage() + "). It may be truncated; " + REDO, e);
    }
  }

  static String string(JsonObject o, String field, String key) {
    JsonElement e = o.get(field);
    if (e == null || e.isJsonNull()) {
      throw new ExportMetadataException(key + ": field '" + field + "' is missing. " + REDO);
    }
    if (!e.isJsonPrimitive()) {
      throw new ExportMetadataException(key + ": field '" + field + "' is not a string. " + REDO);
    }
    return e.getAsString();
  }

  static String optString(JsonObject o, String field) {
    JsonElement e = o.get(field);
    return e == null || e.isJsonNull() || !e.isJsonPrimitive() ? null : e.getAsString();
  }

  static int optInt(JsonObject o, String field) {
    JsonElement e = o.get(field);
    if (e == null || e.isJsonNull() || !e.isJsonPrimitive()) {
      return 0;
    }
    try {
      return e.getAsInt();
    } catch (NumberFormatException ex) {
      return 0;
    }
  }

  static double optDouble(JsonObject o, String field) {
    JsonElement e = o.get(field);
    if (e == null || e.isJsonNull() || !e.isJsonPrimitive()) {
      return 0;
    }
    try {
      return e.getAsDouble();
    } catch (NumberFormatException ex) {
      return 0;
    }
  }

  static JsonObject optObject(JsonObject o, String field) {
    JsonElement e = o.get(field);
    return e != null && e.isJsonObject() ? e.getAsJsonObject() : new JsonObject();
  }

  static final String REDO =
      "Re-copy the file from the S3 export (or re-run the export with a new id), then replay: snaplake replay load <s3-prefix>/<export-id> --env <env>";
}
