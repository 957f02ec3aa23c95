package dev.snaplake.core.event;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A CloudEvent as snaplake publishes it. {@code id} is deterministic (type + subject + snapshot
 * + content), so a duplicate publication is recognisable downstream. {@code data} is JSON text.
 */
public record Event(
    String id, String type, String source, String subject, Instant time, String data, Map<String, String> attributes) {
  public Event {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(time, "time");
    data = data == null ? "{}" : data;
    attributes = Map.copyOf(attributes);
  }

  public JsonObject dataJson() {
    return JsonParser.parseString(data).getAsJsonObject();
  }

  public String shortType() {
    return type.startsWith(EventType.PREFIX) ? type.substring(EventType.PREFIX.length()) : type;
  }
}
