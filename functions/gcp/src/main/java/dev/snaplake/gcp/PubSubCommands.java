package dev.snaplake.gcp;

import com.google.cloud.pubsub.v1.Publisher;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.protobuf.ByteString;
import com.google.pubsub.v1.PubsubMessage;
import dev.snaplake.core.event.Events;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Publishes command documents on {@code snaplake-commands}: plain JSON such as
 * {@code {"command":"rebuild","objects":["mart.users"],"downstream":true}}, exactly what a person
 * would publish with {@code gcloud pubsub topics publish snaplake-commands --message='…'}. The
 * message carries one attribute, {@code command}, for subscription filters.
 */
public final class PubSubCommands implements AutoCloseable {
  private final PubSubConnection connection;
  private final boolean ownsConnection;
  private final String topicId;
  private final Duration publishTimeout;
  private Publisher publisher;
  private boolean closed;

  public PubSubCommands(PubSubConnection connection, String topicId, Duration publishTimeout) {
    this(connection, false, topicId, publishTimeout);
  }

  private PubSubCommands(PubSubConnection connection, boolean owns, String topicId, Duration publishTimeout) {
    this.connection = Objects.requireNonNull(connection, "connection");
    this.ownsConnection = owns;
    this.topicId = connection.topic(topicId).getTopic();
    this.publishTimeout = Objects.requireNonNull(publishTimeout, "publishTimeout");
  }

  public static PubSubCommands create(String projectId, String topicId) {
    return new PubSubCommands(
        PubSubConnection.production(projectId), true, topicId, PubSubEventBus.DEFAULT_PUBLISH_TIMEOUT);
  }

  public static PubSubCommands forEmulator(String hostPort, String projectId, String topicId) {
    PubSubConnection c = PubSubConnection.emulator(hostPort, projectId);
    try {
      return new PubSubCommands(c, true, topicId, PubSubEventBus.DEFAULT_PUBLISH_TIMEOUT);
    } catch (RuntimeException e) {
      c.close();
      throw e;
    }
  }

  /** {@code {"command":"rebuild","objects":[…],"downstream":…}}; returns the message id. */
  public String rebuild(List<String> objects, boolean downstream) {
    JsonObject c = new JsonObject();
    c.addProperty("command", "rebuild");
    c.add("objects", Events.strings(objects));
    c.addProperty("downstream", downstream);
    return publish(c);
  }

  /** Publishes a command document given as JSON text; returns the message id. */
  public String publish(String json) {
    JsonElement e;
    try {
      e = JsonParser.parseString(json);
    } catch (JsonParseException bad) {
      throw new IllegalArgumentException("command is not valid JSON: " + bad.getMessage(), bad);
    }
    if (!e.isJsonObject()) {
      throw new IllegalArgumentException("command is not a JSON object");
    }
    return publish(e.getAsJsonObject());
  }

  /** Publishes a command document; it must have a string field {@code command}. */
  public String publish(JsonObject command) {
    JsonElement name = command.get("command");
    if (name == null || !name.isJsonPrimitive() || !name.getAsJsonPrimitive().isString()
        || name.getAsString().isBlank()) {
      throw new IllegalArgumentException("command document has no string field 'command': " + command);
    }
    PubsubMessage message =
        PubsubMessage.newBuilder()
            .setData(ByteString.copyFrom(command.toString(), StandardCharsets.UTF_8))
            .putAttributes("command", name.getAsString())
            .build();
    return PubSubPublishing.await(
        publisher().publish(message), publishTimeout, "command '" + name.getAsString() + "'", topicId);
  }

  private synchronized Publisher publisher() {
    if (closed) {
      throw new IllegalStateException("Pub/Sub command publisher on " + topicId + " is closed");
    }
    if (publisher == null) {
      publisher = connection.newPublisher(topicId);
    }
    return publisher;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (publisher != null) {
        PubSubPublishing.shutdown(publisher);
      }
    } finally {
      if (ownsConnection) {
        connection.close();
      }
    }
  }
}
