package dev.snaplake.deploy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.snaplake.core.event.Event;
import dev.snaplake.core.event.EventCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32C;

/**
 * Real-shaped CloudEvents in binary mode, as Eventarc pushes them: {@code ce-*} headers and the
 * event data as the body. The data comes from the fixtures under {@code src/test/resources/events/},
 * one per event type, with the fields of the object or message filled in.
 */
final class CloudEventRequests {
  static final String STORAGE_FINALIZED = "google.cloud.storage.object.v1.finalized";
  static final String PUBSUB_PUBLISHED = "google.cloud.pubsub.topic.v1.messagePublished";
  private static final AtomicLong IDS = new AtomicLong(9_000_000_000L);

  /** One POST: headers and body. */
  record Post(Map<String, String> headers, byte[] body, String what) {}

  private final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();

  static JsonObject fixture(String name) {
    try (InputStream in = CloudEventRequests.class.getResourceAsStream("/events/" + name)) {
      return JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getAsJsonObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The finalize event of a file of the bucket folder, with its real size, md5 and crc32c. */
  static Post objectFinalized(String bucket, Path bucketRoot, String key) {
    byte[] content;
    try {
      content = Files.readAllBytes(bucketRoot.resolve(key));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return objectFinalized(bucket, key, content, "ev-" + IDS.incrementAndGet());
  }

  static Post objectFinalized(String bucket, String key, byte[] content, String eventId) {
    JsonObject data = fixture("storage-object-finalized.json");
    String generation = Long.toString(1764040000000000L + Math.abs(key.hashCode()));
    String encoded = URLEncoder.encode(key, StandardCharsets.UTF_8);
    String now = Instant.now().toString();
    data.addProperty("id", bucket + "/" + key + "/" + generation);
    data.addProperty("selfLink", "https://www.googleapis.com/storage/v1/b/" + bucket + "/o/" + encoded);
    data.addProperty("mediaLink", "https://storage.googleapis.com/download/storage/v1/b/" + bucket + "/o/" + encoded
        + "?generation=" + generation + "&alt=media");
    data.addProperty("name", key);
    data.addProperty("bucket", bucket);
    data.addProperty("generation", generation);
    data.addProperty("size", Long.toString(content.length));
    data.addProperty("contentType", key.endsWith(".json") ? "application/json"
        : key.endsWith(".parquet") ? "application/octet-stream" : "text/plain");
    data.addProperty("timeCreated", now);
    data.addProperty("updated", now);
    data.addProperty("timeStorageClassUpdated", now);
    data.addProperty("md5Hash", md5(content));
    data.addProperty("crc32c", crc32c(content));
    return new Post(storageHeaders(bucket, key, eventId), data.toString().getBytes(StandardCharsets.UTF_8), key);
  }

  static Map<String, String> storageHeaders(String bucket, String key, String eventId) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("ce-id", eventId);
    h.put("ce-specversion", "1.0");
    h.put("ce-type", STORAGE_FINALIZED);
    h.put("ce-source", "//storage.googleapis.com/projects/_/buckets/" + bucket);
    h.put("ce-subject", "objects/" + key);
    h.put("ce-time", Instant.now().toString());
    h.put("Content-Type", "application/json");
    return h;
  }

  /** A Pub/Sub push of a snaplake event: the message data is its structured CloudEvent JSON. */
  static Post published(Event event) {
    Map<String, String> attributes = new LinkedHashMap<>(event.attributes());
    attributes.put("ce-id", event.id());
    attributes.put("ce-type", event.type());
    attributes.put("content-type", "application/cloudevents+json");
    return published(EventCodec.toJson(event), attributes, "snaplake-events", event.type() + " " + event.subject());
  }

  /** A Pub/Sub push of any message text (a command document, or garbage). */
  static Post published(String messageText, Map<String, String> attributes, String topic, String what) {
    JsonObject data = fixture("pubsub-message-published.json");
    JsonObject message = data.getAsJsonObject("message");
    String messageId = Long.toString(IDS.incrementAndGet());
    JsonObject attrs = new JsonObject();
    attributes.forEach(attrs::addProperty);
    message.add("attributes", attrs);
    message.addProperty("data", Base64.getEncoder().encodeToString(messageText.getBytes(StandardCharsets.UTF_8)));
    message.addProperty("messageId", messageId);
    message.addProperty("message_id", messageId);
    String now = Instant.now().toString();
    message.addProperty("publishTime", now);
    message.addProperty("publish_time", now);
    data.addProperty("subscription", "projects/acme-snaplake-dev/subscriptions/eventarc-europe-west1-" + topic + "-sub");
    Map<String, String> h = new LinkedHashMap<>();
    h.put("ce-id", messageId);
    h.put("ce-specversion", "1.0");
    h.put("ce-type", PUBSUB_PUBLISHED);
    h.put("ce-source", "//pubsub.googleapis.com/projects/acme-snaplake-dev/topics/" + topic);
    h.put("ce-time", now);
    h.put("Content-Type", "application/json");
    return new Post(h, data.toString().getBytes(StandardCharsets.UTF_8), what);
  }

  /** Sends one POST; returns the status. */
  int send(int port, Post post) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
        .timeout(Duration.ofSeconds(60))
        .POST(HttpRequest.BodyPublishers.ofByteArray(post.body()));
    post.headers().forEach(b::header);
    try {
      return http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      throw new UncheckedIOException("POST " + post.what() + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String md5(byte[] content) {
    try {
      return Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(content));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** GCS's crc32c: the big-endian CRC32C, base64. */
  private static String crc32c(byte[] content) {
    CRC32C c = new CRC32C();
    c.update(content);
    return Base64.getEncoder().encodeToString(ByteBuffer.allocate(4).putInt((int) c.getValue()).array());
  }
}
