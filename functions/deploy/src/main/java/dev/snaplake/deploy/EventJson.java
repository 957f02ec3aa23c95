package dev.snaplake.deploy;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.snaplake.core.naming.Identifiers;
import io.cloudevents.CloudEvent;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Reading CloudEvent payloads field by field, each problem a {@link PoisonEventException} naming the field. */
final class EventJson {
  private EventJson() {}

  static void requireType(CloudEvent event, String type) {
    if (!type.equals(event.getType())) {
      throw new PoisonEventException(
          "event type " + Identifiers.show(event.getType()) + " is not " + type + "; check the trigger's event filter");
    }
  }

  static JsonObject data(CloudEvent event) {
    if (event.getData() == null) {
      throw new PoisonEventException("event " + Identifiers.show(event.getId()) + " has no data");
    }
    return object(new String(event.getData().toBytes(), StandardCharsets.UTF_8), "event data");
  }

  static JsonObject object(String text, String what) {
    JsonElement root;
    try {
      root = JsonParser.parseString(text);
    } catch (JsonParseException e) {
      throw new PoisonEventException(what + " is not JSON: " + firstLine(e.getMessage()) + " (starts with "
          + Identifiers.show(text.length() > 40 ? text.substring(0, 40) : text) + ")", e);
    }
    if (root == null || !root.isJsonObject()) {
      throw new PoisonEventException(what + " is not a JSON object (starts with "
          + Identifiers.show(text.length() > 40 ? text.substring(0, 40) : text) + ")");
    }
    return root.getAsJsonObject();
  }

  /** A non-blank string field. */
  static String string(JsonObject o, String field, String where) {
    return optionalString(o, field, where)
        .orElseThrow(() -> new PoisonEventException(where + " field '" + field + "' is missing"));
  }

  static Optional<String> optionalString(JsonObject o, String field, String where) {
    JsonElement e = o.get(field);
    if (e == null || e.isJsonNull()) {
      return Optional.empty();
    }
    if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
      throw new PoisonEventException(where + " field '" + field + "' is not a string: " + Identifiers.show(e.toString()));
    }
    String s = e.getAsString();
    if (s.isBlank()) {
      throw new PoisonEventException(where + " field '" + field + "' is blank");
    }
    return Optional.of(s);
  }

  static Optional<JsonObject> optionalObject(JsonObject o, String field, String where) {
    JsonElement e = o.get(field);
    if (e == null || e.isJsonNull()) {
      return Optional.empty();
    }
    if (!e.isJsonObject()) {
      throw new PoisonEventException(where + " field '" + field + "' is not a JSON object");
    }
    return Optional.of(e.getAsJsonObject());
  }

  static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
