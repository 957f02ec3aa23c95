package dev.snaplake.gcp;

import com.google.api.gax.core.CredentialsProvider;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.api.gax.rpc.TransportChannelProvider;
import com.google.cloud.pubsub.v1.Publisher;
import com.google.cloud.pubsub.v1.Subscriber;
import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.cloud.pubsub.v1.SubscriptionAdminSettings;
import com.google.cloud.pubsub.v1.TopicAdminClient;
import com.google.cloud.pubsub.v1.TopicAdminSettings;
import com.google.cloud.pubsub.v1.MessageReceiver;
import com.google.pubsub.v1.ProjectSubscriptionName;
import com.google.pubsub.v1.TopicName;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;

/**
 * How snaplake reaches Pub/Sub: the real service with application default credentials, or the
 * emulator over a plaintext channel. The Java client does not read {@code PUBSUB_EMULATOR_HOST}
 * by itself, so the emulator needs an explicit channel and no credentials.
 */
public final class PubSubConnection implements AutoCloseable {
  private final String projectId;
  private final ManagedChannel channel; // null for production: the client owns its channels
  private final TransportChannelProvider channelProvider;
  private final CredentialsProvider credentialsProvider;

  private PubSubConnection(
      String projectId, ManagedChannel channel, TransportChannelProvider channelProvider, CredentialsProvider credentials) {
    this.projectId = requireId("project", projectId, 1);
    this.channel = channel;
    this.channelProvider = channelProvider;
    this.credentialsProvider = credentials;
  }

  /** The real Pub/Sub service, authenticated with application default credentials. */
  public static PubSubConnection production(String projectId) {
    return new PubSubConnection(projectId, null, null, null);
  }

  /** The emulator at {@code host:port} (e.g. the value of PUBSUB_EMULATOR_HOST), in plaintext. */
  public static PubSubConnection emulator(String hostPort, String projectId) {
    if (hostPort == null || !hostPort.matches("[^\\s/:]+:\\d{1,5}")) {
      throw new IllegalArgumentException(
          "Pub/Sub emulator address " + hostPort + " is not host:port (e.g. 127.0.0.1:8085)");
    }
    ManagedChannel channel = ManagedChannelBuilder.forTarget(hostPort).usePlaintext().build();
    return new PubSubConnection(
        projectId,
        channel,
        FixedTransportChannelProvider.create(GrpcTransportChannel.create(channel)),
        NoCredentialsProvider.create());
  }

  public String projectId() {
    return projectId;
  }

  public boolean isEmulator() {
    return channel != null;
  }

  public TopicName topic(String topicId) {
    return TopicName.of(projectId, requireId("topic", topicId, 3));
  }

  public ProjectSubscriptionName subscription(String subscriptionId) {
    return ProjectSubscriptionName.of(projectId, requireId("subscription", subscriptionId, 3));
  }

  /** A publisher on this connection; the caller shuts it down. */
  Publisher newPublisher(String topicId) {
    try {
      return publisher(topicId).build();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a Pub/Sub publisher for " + topicId, e);
    }
  }

  Publisher.Builder publisher(String topicId) {
    Publisher.Builder b = Publisher.newBuilder(topic(topicId));
    if (channelProvider != null) {
      b.setChannelProvider(channelProvider).setCredentialsProvider(credentialsProvider);
    }
    return b;
  }

  Subscriber.Builder subscriber(String subscriptionId, MessageReceiver receiver) {
    Subscriber.Builder b = Subscriber.newBuilder(subscription(subscriptionId), receiver);
    if (channelProvider != null) {
      b.setChannelProvider(channelProvider).setCredentialsProvider(credentialsProvider);
    }
    return b;
  }

  /** A topic admin client on this connection; the caller closes it. */
  public TopicAdminClient topicAdmin() {
    try {
      TopicAdminSettings.Builder s = TopicAdminSettings.newBuilder();
      if (channelProvider != null) {
        s.setTransportChannelProvider(channelProvider).setCredentialsProvider(credentialsProvider);
      }
      return TopicAdminClient.create(s.build());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a Pub/Sub topic admin client", e);
    }
  }

  /** A subscription admin client on this connection; the caller closes it. */
  public SubscriptionAdminClient subscriptionAdmin() {
    try {
      SubscriptionAdminSettings.Builder s = SubscriptionAdminSettings.newBuilder();
      if (channelProvider != null) {
        s.setTransportChannelProvider(channelProvider).setCredentialsProvider(credentialsProvider);
      }
      return SubscriptionAdminClient.create(s.build());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a Pub/Sub subscription admin client", e);
    }
  }

  /** Closes the emulator channel; a production connection holds none. */
  @Override
  public void close() {
    if (channel != null) {
      channel.shutdown();
      try {
        if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
          channel.shutdownNow();
        }
      } catch (InterruptedException e) {
        channel.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Pub/Sub ids: 3–255 characters, starting with a letter (project ids are checked by the service). */
  static String requireId(String what, String id, int minLength) {
    if (id == null || id.length() < minLength || id.length() > 255
        || (minLength > 1 && !id.matches("[A-Za-z][A-Za-z0-9._~+%-]*"))) {
      throw new IllegalArgumentException(
          "Pub/Sub " + what + " id " + dev.snaplake.core.naming.Identifiers.show(id)
              + " is not valid (" + minLength + "–255 characters, starting with a letter)");
    }
    return id;
  }
}
