package dev.snaplake.gcp;

import com.google.api.core.ApiService;
import com.google.cloud.pubsub.v1.AckReplyConsumer;
import com.google.cloud.pubsub.v1.Publisher;
import com.google.api.gax.rpc.NotFoundException;
import com.google.api.gax.rpc.PermissionDeniedException;
import com.google.cloud.pubsub.v1.Subscriber;
import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.protobuf.ByteString;
import com.google.pubsub.v1.PubsubMessage;
import dev.snaplake.core.event.Event;
import dev.snaplake.core.event.EventCodec;
import dev.snaplake.core.port.EventBus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * snaplake events on a Pub/Sub topic. A message's data is the structured-mode CloudEvent JSON
 * ({@link EventCodec#toJson}); its attributes are the event's filter attributes (type, export,
 * object, table, snapshot) plus {@code ce-id} and {@code ce-type}, and {@code content-type:
 * application/cloudevents+json}, which is how the CloudEvents Pub/Sub binding marks structured mode.
 *
 * <p>{@link #publish} returns once Pub/Sub has assigned a message id (bounded by a timeout), so a
 * published event is really published. {@link #subscribe} pulls from one subscription with a
 * streaming-pull {@link Subscriber}: a message is acked after every handler returned and nacked
 * (so redelivered) when a handler throws. Delivery is at least once: handlers are idempotent.
 */
public final class PubSubEventBus implements EventBus, AutoCloseable {
  private static final Logger LOG = Logger.getLogger(PubSubEventBus.class.getName());
  public static final Duration DEFAULT_PUBLISH_TIMEOUT = Duration.ofSeconds(30);
  static final String CONTENT_TYPE = "application/cloudevents+json";

  private final PubSubConnection connection;
  private final boolean ownsConnection;
  private final String topicId;
  private final String subscriptionId;
  private final Duration publishTimeout;
  private final List<Consumer<Event>> handlers = new CopyOnWriteArrayList<>();
  private Publisher publisher;
  private Subscriber subscriber;
  private volatile Throwable subscriberFailure;
  private boolean closed;

  /**
   * A bus on a shared connection, which the caller closes. {@code subscriptionId} may be null for
   * a bus that only publishes.
   */
  public PubSubEventBus(PubSubConnection connection, String topicId, String subscriptionId, Duration publishTimeout) {
    this(connection, false, topicId, subscriptionId, publishTimeout);
  }

  private PubSubEventBus(
      PubSubConnection connection, boolean owns, String topicId, String subscriptionId, Duration publishTimeout) {
    this.connection = Objects.requireNonNull(connection, "connection");
    this.ownsConnection = owns;
    this.topicId = connection.topic(topicId).getTopic();
    this.subscriptionId = subscriptionId == null ? null : connection.subscription(subscriptionId).getSubscription();
    this.publishTimeout = Objects.requireNonNull(publishTimeout, "publishTimeout");
  }

  /** The real service, with application default credentials. */
  public static PubSubEventBus create(String projectId, String topicId, String subscriptionId) {
    return new PubSubEventBus(
        PubSubConnection.production(projectId), true, topicId, subscriptionId, DEFAULT_PUBLISH_TIMEOUT);
  }

  /** The emulator at {@code hostPort}, over a plaintext channel this bus owns. */
  public static PubSubEventBus forEmulator(String hostPort, String projectId, String topicId, String subscriptionId) {
    PubSubConnection c = PubSubConnection.emulator(hostPort, projectId);
    try {
      return new PubSubEventBus(c, true, topicId, subscriptionId, DEFAULT_PUBLISH_TIMEOUT);
    } catch (RuntimeException e) {
      c.close();
      throw e;
    }
  }

  @Override
  public void publish(Event event) {
    publishForId(event);
  }

  /** Publishes and returns the Pub/Sub message id. */
  public String publishForId(Event event) {
    PubsubMessage message = toMessage(event);
    return PubSubPublishing.await(
        publisher().publish(message), publishTimeout, "event " + event.id() + " (" + event.type() + ")", topicId);
  }

  @Override
  public synchronized void subscribe(Consumer<Event> handler) {
    Objects.requireNonNull(handler, "handler");
    ensureOpen();
    if (subscriptionId == null) {
      throw new IllegalStateException(
          "this Pub/Sub event bus publishes to " + topicId + " only: it was built without a subscription");
    }
    if (subscriberFailure != null) {
      throw new IllegalStateException("Pub/Sub subscriber on " + subscriptionId + " failed: " + subscriberFailure.getMessage(),
          subscriberFailure);
    }
    if (subscriber == null) {
      checkSubscriptionExists();
      handlers.add(handler); // before the first message can arrive: none may be acked unhandled
      Subscriber s = connection.subscriber(subscriptionId, this::receive).setParallelPullCount(1).build();
      s.addListener(
          new ApiService.Listener() {
            @Override
            public void failed(ApiService.State from, Throwable failure) {
              subscriberFailure = failure;
              LOG.log(Level.SEVERE, "Pub/Sub subscriber on " + subscriptionId + " failed", failure);
            }
          },
          MoreExecutors.directExecutor());
      try {
        s.startAsync().awaitRunning();
      } catch (IllegalStateException e) {
        handlers.remove(handler);
        throw new IllegalStateException("Pub/Sub subscriber on " + subscriptionId + " did not start: " + e.getMessage(), e);
      }
      subscriber = s;
    } else {
      handlers.add(handler);
    }
  }

  /**
   * A streaming pull on a missing subscription fails only in the background: ask first. A
   * subscriber role may not read subscriptions (pubsub.subscriptions.get); then pull regardless.
   */
  private void checkSubscriptionExists() {
    try (SubscriptionAdminClient admin = connection.subscriptionAdmin()) {
      admin.getSubscription(connection.subscription(subscriptionId).toString());
    } catch (NotFoundException e) {
      throw new IllegalStateException(
          "Pub/Sub subscription " + connection.subscription(subscriptionId) + " does not exist", e);
    } catch (PermissionDeniedException e) {
      LOG.fine("cannot read subscription " + subscriptionId + " (no pubsub.subscriptions.get); pulling regardless");
    }
  }

  private void receive(PubsubMessage message, AckReplyConsumer reply) {
    Event event;
    try {
      event = fromMessage(message);
    } catch (RuntimeException e) {
      // Never decodes, so it comes back until the subscription's dead-letter policy takes it.
      LOG.log(Level.SEVERE, "Pub/Sub message " + message.getMessageId() + " on " + subscriptionId
          + " is not a snaplake event: " + e.getMessage() + "; nacked");
      reply.nack();
      return;
    }
    try {
      for (Consumer<Event> h : handlers) {
        h.accept(event);
      }
      reply.ack();
    } catch (RuntimeException | Error e) {
      LOG.log(Level.WARNING, "handler failed on event " + event.id() + "; nacked for redelivery", e);
      reply.nack();
    }
  }

  /** The Pub/Sub message for an event: structured CloudEvent JSON plus filter attributes. */
  public static PubsubMessage toMessage(Event event) {
    Map<String, String> attributes = new TreeMap<>(event.attributes());
    attributes.put("ce-id", event.id());
    attributes.put("ce-type", event.type());
    attributes.put("content-type", CONTENT_TYPE);
    return PubsubMessage.newBuilder()
        .setData(ByteString.copyFrom(EventCodec.toJson(event), StandardCharsets.UTF_8))
        .putAllAttributes(attributes)
        .build();
  }

  /** Decodes a message's structured CloudEvent; {@link IllegalArgumentException} when it is not one. */
  public static Event fromMessage(PubsubMessage message) {
    return EventCodec.fromJson(message.getData().toStringUtf8());
  }

  private synchronized Publisher publisher() {
    ensureOpen();
    if (publisher == null) {
      publisher = connection.newPublisher(topicId);
    }
    return publisher;
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("Pub/Sub event bus on " + topicId + " is closed");
    }
  }

  /** Stops the subscriber (in-flight handlers finish), flushes and stops the publisher. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (subscriber != null) {
        try {
          subscriber.stopAsync().awaitTerminated(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException | IllegalStateException e) {
          LOG.log(Level.WARNING, "Pub/Sub subscriber on " + subscriptionId + " did not stop cleanly", e);
        }
      }
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
