package dev.snaplake.core.event;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Builds snaplake events with deterministic ids. */
public final class Events {
  public static final String SOURCE_LOADER = "//snaplake/loader";
  public static final String SOURCE_BUILDER = "//snaplake/builder";

  private Events() {}

  public static Event of(String type, String source, String subject, String idKey, Instant time, JsonObject data) {
    data.addProperty("schemaVersion", EventType.SCHEMA_VERSION);
    return new Event(
        type.substring(EventType.PREFIX.length()) + ":" + idKey,
        type,
        source,
        subject,
        time,
        data.toString(),
        EventCodec.attributesOf(type, data));
  }

  public static JsonArray strings(List<String> values) {
    JsonArray a = new JsonArray();
    values.forEach(a::add);
    return a;
  }

  public static JsonArray reasons(Map<String, String> byName) {
    JsonArray a = new JsonArray();
    byName.forEach(
        (name, reason) -> {
          JsonObject o = new JsonObject();
          o.addProperty("table", name);
          o.addProperty("reason", reason);
          a.add(o);
        });
    return a;
  }
}
