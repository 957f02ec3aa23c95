package dev.snaplake.deploy;

import com.google.gson.JsonObject;
import com.google.protobuf.Timestamp;
import com.google.pubsub.v1.PubsubMessage;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code google.cloud.pubsub.topic.v1.messagePublished} CloudEvent Eventarc posts for a real
 * Pub/Sub message (binary mode, data shaped like {@code events/pubsub-message-published.json}):
 * the message's own id, publish time, attributes and bytes, and the subscription it came from.
 */
final class PushCloudEvent {
  private PushCloudEvent() {}

  static CloudEventRequests.Post of(PubsubMessage m, String project, String topic, String subscription, String what) {
    String publishTime = instant(m.getPublishTime()).toString();
    JsonObject data = CloudEventRequests.fixture("pubsub-message-published.json");
    JsonObject message = data.getAsJsonObject("message");
    JsonObject attributes = new JsonObject();
    m.getAttributesMap().forEach(attributes::addProperty);
    message.add("attributes", attributes);
    message.addProperty("data", Base64.getEncoder().encodeToString(m.getData().toByteArray()));
    // Eventarc sends both spellings of the id and the time.
    message.addProperty("messageId", m.getMessageId());
    message.addProperty("message_id", m.getMessageId());
    message.addProperty("publishTime", publishTime);
    message.addProperty("publish_time", publishTime);
    data.addProperty("subscription", "projects/" + project + "/subscriptions/" + subscription);
    Map<String, String> h = new LinkedHashMap<>();
    h.put("ce-id", m.getMessageId());
    h.put("ce-specversion", "1.0");
    h.put("ce-type", CloudEventRequests.PUBSUB_PUBLISHED);
    h.put("ce-source", "//pubsub.googleapis.com/projects/" + project + "/topics/" + topic);
    h.put("ce-time", publishTime);
    h.put("Content-Type", "application/json");
    return new CloudEventRequests.Post(h, data.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8), what);
  }

  private static Instant instant(Timestamp t) {
    return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
  }
}
