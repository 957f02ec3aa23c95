package dev.snaplake.core.event;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;

/** Structured-mode CloudEvents JSON for snaplake events. */
public final class EventCodec {
  private EventCodec() {}

  public static String toJson(Event e) {
    JsonObject o = new JsonObject();
    o.addProperty("specversion", "1.0");
    o.addProperty("id", e.id());
    o.addProperty("type", e.type());
    o.addProperty("source", e.source());
    if (e.subject() != null) {
      o.addProperty("subject", e.subject());
    }
    o.addProperty("time", e.time().toString());
    o.addProperty("datacontenttype", "application/json");
    o.add("data", JsonParser.parseString(e.data()));
    return o.toString();
  }

  /** Parses a structured CloudEvent; the message names the field that is wrong. */
  public static Event fromJson(String json) {
    JsonObject o;
    try {
      JsonElement root = JsonParser.parseString(json);
      if (!root.isJsonObject()) {
        throw new IllegalArgumentException("event is not a JSON object");
      }
      o = root.getAsJsonObject();
    } catch (JsonParseException e) {
      throw new IllegalArgumentException("event is not valid JSON: " + e.getMessage(), e);
    }
    String type = required(o, "type");
    if (!type.startsWith(EventType.PREFIX)) {
      throw new IllegalArgumentException("event type '" + type + "' is not a snaplake event (" + EventType.PREFIX + "*)");
    }
    Instant time;
    try {
      time = Instant.parse(required(o, "time"));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("event field 'time' is not an ISO-8601 instant", e);
    }
    JsonElement data = o.get("data");
    if (data == null || !data.isJsonObject()) {
      throw new IllegalArgumentException("event field 'data' is missing or not a JSON object");
    }
    JsonElement subject = o.get("subject");
    return new Event(
        required(o, "id"),
        type,
        required(o, "source"),
        subject == null || subject.isJsonNull() ? null : subject.getAsString(),
        time,
        data.toString(),
        attributesOf(type, data.getAsJsonObject()));
  }

  /** Pub/Sub attributes for filtering subscriptions: type, export, object, snapshot. */
  public static Map<String, String> attributesOf(String type, JsonObject data) {
    Map<String, String> a = new HashMap<>();
    a.put("type", type);
    for (String field : new String[] {"export", "object", "table", "snapshot"}) {
      JsonElement v = data.get(field);
      if (v != null && v.isJsonPrimitive()) {
        a.put(field, v.getAsString());
      }
    }
    return a;
  }

  private static String required(JsonObject o, String field) {
    JsonElement e = o.get(field);
    if (e == null || e.isJsonNull() || !e.isJsonPrimitive()) {
      throw new IllegalArgumentException("event field '" + field + "' is missing or not a string");
    }
    return e.getAsString();
  }
}
