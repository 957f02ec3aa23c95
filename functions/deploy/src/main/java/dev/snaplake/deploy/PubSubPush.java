package dev.snaplake.deploy;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.cloudevents.CloudEvent;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Pub/Sub {@value #TYPE} CloudEvent: data is
 * {@code {"subscription":…,"message":{"messageId","publishTime","attributes","data":<base64>}}}.
 */
record PubSubPush(String id, String subscription, String messageId, Map<String, String> attributes, String text) {
  static final String TYPE = "google.cloud.pubsub.topic.v1.messagePublished";

  static PubSubPush parse(CloudEvent event) {
    EventJson.requireType(event, TYPE);
    JsonObject data = EventJson.data(event);
    String subscription = EventJson.optionalString(data, "subscription", "Pub/Sub event data").orElse(null);
    JsonObject message = EventJson.optionalObject(data, "message", "Pub/Sub event data")
        .orElseThrow(() -> new PoisonEventException("Pub/Sub event data field 'message' is missing"));
    String messageId = EventJson.optionalString(message, "messageId", "Pub/Sub message").orElse(null);
    Map<String, String> attributes = new LinkedHashMap<>();
    EventJson.optionalObject(message, "attributes", "Pub/Sub message").ifPresent(a -> {
      for (Map.Entry<String, JsonElement> e : a.entrySet()) {
        if (e.getValue().isJsonPrimitive()) {
          attributes.put(e.getKey(), e.getValue().getAsString());
        }
      }
    });
    String base64 = EventJson.optionalString(message, "data", "Pub/Sub message")
        .orElseThrow(() -> new PoisonEventException("Pub/Sub message field 'data' is missing or empty"));
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(base64.strip());
    } catch (IllegalArgumentException e) {
      throw new PoisonEventException("Pub/Sub message field 'data' is not base64: " + e.getMessage(), e);
    }
    return new PubSubPush(event.getId(), subscription, messageId, Map.copyOf(attributes),
        new String(bytes, StandardCharsets.UTF_8));
  }
}
