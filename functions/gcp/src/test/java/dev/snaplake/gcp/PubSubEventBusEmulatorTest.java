package dev.snaplake.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.pubsub.v1.Publisher;
import com.google.cloud.pubsub.v1.Subscriber;
import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.cloud.pubsub.v1.TopicAdminClient;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.protobuf.ByteString;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.PushConfig;
import com.google.pubsub.v1.SubscriptionName;
import dev.snaplake.core.event.Event;
import dev.snaplake.core.event.EventType;
import dev.snaplake.core.event.Events;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link PubSubEventBus} and {@link PubSubCommands} against the real Pub/Sub emulator. */
@ExtendWith(PubSubEmulator.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PubSubEventBusEmulatorTest {
  static final String PROJECT = "snaplake-test";

  PubSubConnection connection;
  String topic;
  List<AutoCloseable> toClose = new ArrayList<>();

  @BeforeEach
  void setUp(PubSubEmulator.Host emulator) {
    connection = PubSubConnection.emulator(emulator.hostPort(), PROJECT);
    topic = "events-" + UUID.randomUUID();
    try (TopicAdminClient admin = connection.topicAdmin()) {
      admin.createTopic(connection.topic(topic));
    }
  }

  @AfterEach
  void tearDown() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
    connection.close();
  }

  /** A new pull subscription on {@link #topic}. */
  String subscription(String prefix) {
    String id = prefix + "-" + UUID.randomUUID();
    try (SubscriptionAdminClient admin = connection.subscriptionAdmin()) {
      admin.createSubscription(SubscriptionName.of(PROJECT, id), connection.topic(topic), PushConfig.getDefaultInstance(), 10);
    }
    return id;
  }

  PubSubEventBus bus(String subscriptionId) {
    PubSubEventBus bus = new PubSubEventBus(connection, topic, subscriptionId, Duration.ofSeconds(20));
    toClose.add(bus);
    return bus;
  }

  /** Every raw message arriving on a subscription, acked. */
  List<PubsubMessage> rawMessages(String subscriptionId) {
    List<PubsubMessage> messages = new CopyOnWriteArrayList<>();
    Subscriber s = connection.subscriber(subscriptionId, (m, reply) -> {
      messages.add(m);
      reply.ack();
    }).build();
    s.startAsync().awaitRunning();
    toClose.add(() -> s.stopAsync().awaitTerminated(20, TimeUnit.SECONDS));
    return messages;
  }

  static Event event(int i) {
    JsonObject d = new JsonObject();
    d.addProperty("export", "exp-20261124");
    d.addProperty("snapshot", "2026-11-24");
    d.addProperty("table", "raw.app__t" + i);
    d.addProperty("rows", 1000 + i);
    d.addProperty("note", "ünïcödé ✓ \"quoted\"");
    return Events.of(EventType.TABLE_LOADED, Events.SOURCE_LOADER, "raw.app__t" + i, "raw.app__t" + i + ":20261124",
        Instant.parse("2026-11-25T06:00:00Z").plusSeconds(i), d);
  }

  static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 60_000;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(50);
    }
  }

  @Test
  void fiftyEventsArriveDecodedWithTheirAttributes() throws Exception {
    String busSub = subscription("bus");
    String rawSub = subscription("raw");
    Map<String, Event> received = new ConcurrentHashMap<>();
    PubSubEventBus bus = bus(busSub);
    bus.subscribe(e -> received.put(e.id(), e));
    List<PubsubMessage> raw = rawMessages(rawSub);

    List<Event> sent = new ArrayList<>();
    Set<String> messageIds = ConcurrentHashMap.newKeySet();
    for (int i = 0; i < 50; i++) {
      Event e = event(i);
      sent.add(e);
      messageIds.add(bus.publishForId(e)); // returns only once Pub/Sub has the message
    }
    assertThat(messageIds).hasSize(50).allSatisfy(id -> assertThat(id).isNotBlank());

    await(() -> received.size() == 50 && raw.size() >= 50, "50 events on both subscriptions");
    for (Event e : sent) {
      assertThat(received.get(e.id())).as(e.id()).isEqualTo(e);
    }
    for (PubsubMessage m : raw) {
      Map<String, String> a = m.getAttributesMap();
      Event e = sent.stream().filter(s -> s.id().equals(a.get("ce-id"))).findFirst().orElseThrow();
      assertThat(a).containsEntry("ce-type", EventType.TABLE_LOADED)
          .containsEntry("type", EventType.TABLE_LOADED)
          .containsEntry("export", "exp-20261124")
          .containsEntry("snapshot", "2026-11-24")
          .containsEntry("table", e.dataJson().get("table").getAsString())
          .containsEntry("content-type", "application/cloudevents+json");
      JsonObject ce = JsonParser.parseString(m.getData().toStringUtf8()).getAsJsonObject();
      assertThat(ce.get("specversion").getAsString()).isEqualTo("1.0");
      assertThat(ce.get("id").getAsString()).isEqualTo(e.id());
      assertThat(ce.getAsJsonObject("data").get("note").getAsString()).isEqualTo("ünïcödé ✓ \"quoted\"");
    }
  }

  @Test
  void aNackedEventIsRedeliveredAndDuplicatesAreTolerated() throws Exception {
    String sub = subscription("bus");
    Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
    Set<String> handled = ConcurrentHashMap.newKeySet();
    PubSubEventBus bus = bus(sub);
    bus.subscribe(e -> {
      int n = deliveries.computeIfAbsent(e.id(), k -> new AtomicInteger()).incrementAndGet();
      if (n == 1) {
        throw new IllegalStateException("simulated failure on first delivery of " + e.id());
      }
      handled.add(e.id()); // idempotent: a second success changes nothing
    });
    for (int i = 0; i < 5; i++) {
      bus.publish(event(i));
    }
    await(() -> handled.size() == 5, "every event handled after its nack");
    assertThat(deliveries).hasSize(5).allSatisfy((id, n) -> assertThat(n.get()).isGreaterThanOrEqualTo(2));
  }

  @Test
  void aMessageThatIsNotAnEventNeverReachesTheHandler() throws Exception {
    String sub = subscription("bus");
    List<Event> seen = new CopyOnWriteArrayList<>();
    PubSubEventBus bus = bus(sub);
    bus.subscribe(seen::add);
    Publisher raw = connection.publisher(topic).build();
    try {
      raw.publish(PubsubMessage.newBuilder().setData(ByteString.copyFromUtf8("not json")).build()).get(20, TimeUnit.SECONDS);
      raw.publish(PubsubMessage.newBuilder().setData(ByteString.copyFromUtf8("{\"type\":\"com.other.x\"}")).build())
          .get(20, TimeUnit.SECONDS);
    } finally {
      PubSubPublishing.shutdown(raw);
    }
    bus.publish(event(7));
    await(() -> !seen.isEmpty(), "the valid event");
    Thread.sleep(500); // the bad ones keep being nacked, never delivered
    assertThat(seen).extracting(Event::id).containsOnly(event(7).id());
  }

  @Test
  void commandsArePlainJsonDocuments() throws Exception {
    String sub = subscription("commands");
    List<PubsubMessage> raw = rawMessages(sub);
    PubSubCommands commands = new PubSubCommands(connection, topic, Duration.ofSeconds(20));
    toClose.add(commands);
    String id = commands.rebuild(List.of("mart.users"), true);
    commands.publish("{\"command\":\"prune\",\"dryRun\":true}");
    assertThat(id).isNotBlank();
    await(() -> raw.size() >= 2, "two commands");
    PubsubMessage rebuild = raw.stream().filter(m -> m.getMessageId().equals(id)).findFirst().orElseThrow();
    assertThat(rebuild.getData().toStringUtf8()).isEqualTo("{\"command\":\"rebuild\",\"objects\":[\"mart.users\"],\"downstream\":true}");
    assertThat(rebuild.getAttributesMap()).containsExactly(Map.entry("command", "rebuild"));
    assertThat(raw).extracting(m -> m.getAttributesMap().get("command")).containsExactlyInAnyOrder("rebuild", "prune");
    assertThatThrownBy(() -> commands.publish("{\"objects\":[]}")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> commands.publish("[1]")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void closeStopsEverythingAndFurtherUseIsRefused(PubSubEmulator.Host emulator) throws Exception {
    String sub = subscription("bus");
    PubSubEventBus bus = PubSubEventBus.forEmulator(emulator.hostPort(), PROJECT, topic, sub);
    List<Event> seen = new CopyOnWriteArrayList<>();
    bus.subscribe(seen::add);
    bus.publish(event(1));
    await(() -> seen.size() == 1, "one event");
    bus.close();
    bus.close(); // idempotent
    assertThatThrownBy(() -> bus.publish(event(2))).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> bus.subscribe(e -> {})).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void subscribingToAMissingSubscriptionFails() {
    PubSubEventBus bus = bus("no-such-subscription-" + UUID.randomUUID());
    assertThatThrownBy(() -> bus.subscribe(e -> {}))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no-such-subscription");
  }

  @Test
  void publishingToAMissingTopicFailsWithinTheTimeout() {
    PubSubEventBus bus = new PubSubEventBus(connection, "no-such-topic-" + UUID.randomUUID(), null, Duration.ofSeconds(5));
    toClose.add(bus);
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> bus.publish(event(1)))
        .isInstanceOf(PubSubPublishException.class)
        .hasMessageContaining("no-such-topic");
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(15));
    assertThatThrownBy(() -> bus.subscribe(e -> {})).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("without a subscription");
  }
}
