package dev.snaplake.deploy;

import com.google.api.gax.core.InstantiatingExecutorProvider;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.batching.FlowControlSettings;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.cloud.pubsub.v1.AckReplyConsumer;
import com.google.cloud.pubsub.v1.Subscriber;
import com.google.pubsub.v1.ProjectSubscriptionName;
import com.google.pubsub.v1.PubsubMessage;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Plays the push subscription of an Eventarc Pub/Sub trigger in front of a function under the
 * invoker: pulls one subscription of the emulator with the real streaming-pull client, posts each
 * message as the {@code messagePublished} CloudEvent Eventarc would send ({@link PushCloudEvent}),
 * acks on 2xx and nacks otherwise, so Pub/Sub redelivers it. Up to {@code concurrency} messages
 * are posted at once, as a push subscription does. Every attempt goes to the {@link PushLedger}.
 */
final class PushSubscription implements AutoCloseable {
  /** The status a cold instance answers while Cloud Run scales (no request reaches the function). */
  static final int UNAVAILABLE = 503;

  private final ManagedChannel channel;
  private final Subscriber subscriber;

  private PushSubscription(ManagedChannel channel, Subscriber subscriber) {
    this.channel = channel;
    this.subscriber = subscriber;
  }

  /**
   * Starts pulling. {@code unavailableOnFirstDelivery} picks messages whose first delivery is
   * answered 503 without reaching the function: the redelivery path, exercised on purpose.
   */
  static PushSubscription start(String emulatorHost, String project, String topic, String subscription,
      int functionPort, int concurrency, PushLedger ledger, Predicate<PubsubMessage> unavailableOnFirstDelivery) {
    CloudEventRequests http = new CloudEventRequests();
    // PubSubConnection keeps its subscriber builder to itself: the same plaintext channel, made here.
    ManagedChannel channel = ManagedChannelBuilder.forTarget(emulatorHost).usePlaintext().build();
    Subscriber subscriber = Subscriber.newBuilder(ProjectSubscriptionName.of(project, subscription),
            (PubsubMessage m, AckReplyConsumer reply) -> {
              String what = describe(m);
              int attempt = ledger.begin(subscription, m, what);
              int status;
              if (attempt == 1 && unavailableOnFirstDelivery.test(m)) {
                status = UNAVAILABLE;
              } else {
                try {
                  status = http.send(functionPort, PushCloudEvent.of(m, project, topic, subscription, what));
                } catch (RuntimeException e) {
                  status = -1; // no answer: as for push, the delivery failed and is retried
                }
              }
              if (PushLedger.acked(status)) {
                reply.ack();
              } else {
                reply.nack();
              }
              ledger.end(m, status);
            })
        .setChannelProvider(FixedTransportChannelProvider.create(GrpcTransportChannel.create(channel)))
        .setCredentialsProvider(NoCredentialsProvider.create())
        .setParallelPullCount(1)
        .setExecutorProvider(InstantiatingExecutorProvider.newBuilder().setExecutorThreadCount(concurrency).build())
        .setFlowControlSettings(FlowControlSettings.newBuilder().setMaxOutstandingElementCount((long) concurrency).build())
        .build();
    try {
      subscriber.startAsync().awaitRunning(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException | IllegalStateException e) {
      channel.shutdownNow();
      throw new IllegalStateException("the streaming pull on " + subscription + " did not start: " + e.getMessage(), e);
    }
    return new PushSubscription(channel, subscriber);
  }

  /** For failure messages: the event type and subject, or the command. */
  static String describe(PubsubMessage m) {
    String type = m.getAttributesMap().get("ce-type");
    if (type != null) {
      String subject = m.getAttributesMap().getOrDefault("object", m.getAttributesMap().getOrDefault("table",
          m.getAttributesMap().getOrDefault("export", "")));
      return type.substring(type.lastIndexOf('.', type.lastIndexOf('.') - 1) + 1) + " " + subject;
    }
    String text = m.getData().toStringUtf8();
    return text.length() > 80 ? text.substring(0, 80) + "…" : text;
  }

  /** Stops pulling: in-flight posts finish and their acks are sent first. */
  @Override
  public void close() {
    try {
      subscriber.stopAsync().awaitTerminated(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException | IllegalStateException e) {
      // Stopping is best effort: the test's assertions say what went wrong.
    } finally {
      channel.shutdownNow();
    }
  }
}
