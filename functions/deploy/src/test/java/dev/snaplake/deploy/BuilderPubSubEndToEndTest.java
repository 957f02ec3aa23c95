package dev.snaplake.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.cloud.pubsub.v1.TopicAdminClient;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.pubsub.v1.PushConfig;
import com.google.pubsub.v1.SubscriptionName;
import dev.snaplake.core.event.Event;
import dev.snaplake.core.event.EventType;
import dev.snaplake.gcp.PubSubCommands;
import dev.snaplake.gcp.PubSubConnection;
import dev.snaplake.gcp.PubSubEmulator;
import dev.snaplake.gcp.PubSubEventBus;
import dev.snaplake.local.DuckDbWarehouse;
import dev.snaplake.local.sample.SampleExportResult;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The builder as deployed, end to end through the Pub/Sub emulator: the loader's events are
 * published (each twice) on {@code snaplake-events}, commands on {@code snaplake-commands}; a
 * {@link PushSubscription} per topic pulls them with the real client and pushes them as Eventarc
 * would to the builder under the real invoker; the builder's own {@code object.rebuilt} events go
 * back through the emulator and carry the wave downstream. Skipped without the emulator, failed
 * under {@code -Dsnaplake.requireEmulator=true} ({@link PubSubEmulator}).
 */
@ExtendWith(PubSubEmulator.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BuilderPubSubEndToEndTest {
  static final String PROJECT = "snaplake-e2e";
  static final LocalDate DAY = LocalDate.of(2026, 11, 24);
  static final Set<String> MODELS = Set.of("mart.users", "mart.cards", "mart.cards_per_country");
  /** Per subscription; duplicates of one event are posted at the same time. */
  static final int CONCURRENCY = 4;
  /** One nack is the 503 each object.rebuilt meets on purpose; a second would be a real failure, retried. */
  static final int MAX_NACKS = 2;
  static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(45);
  static final Duration QUIET = Duration.ofMillis(1500);

  @TempDir Path tmp;

  @Test
  void loaderEventsAndCommandsThroughPubSubRebuildEveryModelOnce(PubSubEmulator.Host emulator) throws Exception {
    // The loader's part, in this process: the export loaded, its events kept, a stray view left to prune.
    LoadedWarehouse loaded = LoadedWarehouse.prepare(tmp, DAY, 2000, 11);
    Path bucket = loaded.bucket();
    Path duckdb = loaded.duckdb();
    SampleExportResult export = loaded.export();
    List<Event> loaderEvents = loaded.loaderEvents();

    // Fresh topics and subscriptions per run: an emulator shared by the whole build holds no leftovers for us.
    String run = UUID.randomUUID().toString().substring(0, 8);
    String eventsTopic = "snaplake-events-" + run;
    String commandsTopic = "snaplake-commands-" + run;
    String eventsSub = "builder-events-" + run;
    String commandsSub = "builder-commands-" + run;
    PushLedger ledger = new PushLedger();
    List<String> commandIds = new ArrayList<>();
    String rebuildId;
    String pruneId;
    String badId;
    InvokerProcess invoker = null;
    try (PubSubConnection pubsub = PubSubConnection.emulator(emulator.hostPort(), PROJECT)) {
      try (TopicAdminClient topics = pubsub.topicAdmin(); SubscriptionAdminClient subs = pubsub.subscriptionAdmin()) {
        for (String[] ts : new String[][] {{eventsTopic, eventsSub}, {commandsTopic, commandsSub}}) {
          topics.createTopic(pubsub.topic(ts[0]));
          // 60 s: a slow first request must not be redelivered by an expiring deadline, only by a nack.
          subs.createSubscription(SubscriptionName.of(PROJECT, ts[1]), pubsub.topic(ts[0]), PushConfig.getDefaultInstance(), 60);
        }
      }

      invoker = InvokerProcess.start(BuilderFunction.class.getName(), Map.of(
          "SNAPLAKE_BACKEND", LocalTestBackend.class.getName(),
          "SNAPLAKE_LANDING_BUCKET", "acme-landing",
          LocalTestBackend.BUCKET_DIR, bucket.toString(),
          LocalTestBackend.DUCKDB, duckdb.toString(),
          "PUBSUB_EMULATOR_HOST", emulator.hostPort(),
          LocalTestBackend.PUBSUB_PROJECT, PROJECT,
          LocalTestBackend.EVENTS_TOPIC, eventsTopic), "builder-pubsub");
      int port = invoker.port();
      InvokerProcess running = invoker;
      Supplier<String> state = () -> "deliveries:\n" + ledger.summary() + "\ninvoker log:\n" + running.log();

      try (PushSubscription events = PushSubscription.start(emulator.hostPort(), PROJECT, eventsTopic, eventsSub, port,
              CONCURRENCY, ledger, m -> EventType.OBJECT_REBUILT.equals(m.getAttributesMap().get("ce-type")));
          PushSubscription commands = PushSubscription.start(emulator.hostPort(), PROJECT, commandsTopic, commandsSub, port,
              CONCURRENCY, ledger, m -> false);
          PubSubEventBus loaderTopic = new PubSubEventBus(pubsub, eventsTopic, null, Duration.ofSeconds(20));
          PubSubCommands replay = new PubSubCommands(pubsub, commandsTopic, Duration.ofSeconds(20))) {
        // At least once: every loader event is published twice, two messages with one event id.
        for (Event e : loaderEvents) {
          loaderTopic.publish(e);
          loaderTopic.publish(e);
        }
        await(() -> rebuilt(ledger, eventsSub).keySet().containsAll(MODELS) && ledger.settled(QUIET),
            "every model rebuilt and every message acknowledged", state);

        // Commands once the models exist (a rebuild without snapshot needs them built): a replay,
        // a prune dry run, and a command that no retry can fix.
        rebuildId = replay.rebuild(List.of("mart.users"), true);
        pruneId = replay.publish("{\"command\":\"prune\",\"dryRun\":true}");
        badId = replay.publish("{\"command\":\"rebld\",\"objects\":[\"mart.users\"]}");
        commandIds.addAll(List.of(rebuildId, pruneId, badId));
        await(() -> commandIds.stream().allMatch(id -> ledger.message(id) != null) && ledger.settled(QUIET),
            "the three commands delivered and acknowledged", state);
      }
    } finally {
      if (invoker != null) {
        invoker.close();
      }
    }
    String log = invoker.log();
    String deliveries = "deliveries:\n" + ledger.summary() + "\ninvoker log:\n" + log;

    // Every message ended acknowledged, each after a bounded number of nacks.
    assertThat(ledger.messages()).as(deliveries)
        .allSatisfy(m -> {
          assertThat(m.done()).as("%s acknowledged", m).isTrue();
          assertThat(m.nacks()).as("%s nacks", m).isLessThanOrEqualTo(MAX_NACKS);
        });
    // The loader's events arrived as sent: each event id on two messages, all handled.
    Set<String> loaderIds = loaderEvents.stream().map(Event::id).collect(Collectors.toSet());
    Map<String, Long> loaderMessagesPerEvent = ledger.messages().stream()
        .filter(m -> m.subscription.equals(eventsSub))
        .map(m -> PubSubEventBus.fromMessage(m.message).id())
        .filter(loaderIds::contains)
        .collect(Collectors.groupingBy(id -> id, Collectors.counting()));
    assertThat(loaderMessagesPerEvent).as(deliveries)
        .containsOnlyKeys(loaderIds)
        .allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(2L));

    // What the builder published, as received from the emulator: one object.rebuilt message per
    // model and snapshot, despite every trigger arriving twice and concurrently; nothing else.
    Map<String, List<PushLedger.Message>> rebuilt = rebuilt(ledger, eventsSub);
    assertThat(rebuilt).as(deliveries).containsOnlyKeys(MODELS)
        .allSatisfy((object, messages) -> {
          assertThat(messages).as("object.rebuilt messages for %s", object).hasSize(1);
          Event e = PubSubEventBus.fromMessage(messages.get(0).message);
          assertThat(e.id()).startsWith("object.rebuilt:" + object + ":" + DAY + ":");
          assertThat(e.dataJson().get("snapshot").getAsString()).isEqualTo(DAY.toString());
          // The 503 on purpose: Pub/Sub redelivered it and the second delivery went through.
          assertThat(messages.get(0).statuses()).as("deliveries of object.rebuilt %s", object)
              .hasSizeGreaterThanOrEqualTo(2).startsWith(PushSubscription.UNAVAILABLE);
        });
    assertThat(ledger.messages().stream()
            .filter(m -> m.subscription.equals(eventsSub))
            .map(m -> PubSubEventBus.fromMessage(m.message))
            .filter(e -> !loaderIds.contains(e.id()) && !e.type().equals(EventType.OBJECT_REBUILT))
            .map(e -> e.type() + " " + e.subject()))
        .as("the builder published nothing but object.rebuilt (nothing held, failed or pruned)\n" + deliveries)
        .isEmpty();

    // The commands: acknowledged at once, never nacked (the bad one too: redelivery cannot fix it).
    // Pub/Sub may still deliver a message twice, so each delivery must have its own log line.
    for (String id : commandIds) {
      assertThat(ledger.message(id).statuses()).as("deliveries of command %s\n%s", ledger.message(id), deliveries)
          .isNotEmpty().allSatisfy(s -> assertThat(PushLedger.acked(s)).isTrue());
    }
    assertThat(logLines(log, ledger.message(badId))).as("the bad command's log lines\n" + log).allSatisfy(l -> {
      assertThat(l.get("severity").getAsString()).isEqualTo("ERROR");
      assertThat(l.get("outcome").getAsString()).isEqualTo("refused");
      assertThat(l.get("message").getAsString()).contains("command refused: unknown command 'rebld'");
    });
    assertThat(logLines(log, ledger.message(rebuildId))).as("the replayed rebuild's log lines\n" + log).allSatisfy(l -> {
      // Already at the snapshot: a replay rebuilds nothing twice.
      assertThat(l.get("message").getAsString()).startsWith("command rebuild [mart.users] and downstream at " + DAY);
      assertThat(l.getAsJsonObject("builds").entrySet()).extracting(Map.Entry::getKey).containsExactly("current");
      assertThat(l.getAsJsonObject("builds").get("current").getAsInt()).isEqualTo(2);
    });
    assertThat(logLines(log, ledger.message(pruneId))).as("the prune dry run's log lines\n" + log).allSatisfy(l -> {
      assertThat(l.get("outcome").getAsString()).isEqualTo("prune_planned");
      assertThat(l.get("message").getAsString()).contains("would archive and drop 1 object(s): [mart.stray]");
    });

    // The models' rows against the export written and the raw tables loaded.
    long users = export.table("users").orElseThrow().rows();
    long cards = export.table("cards").orElseThrow().rows();
    try (DuckDbWarehouse w = DuckDbWarehouse.open(duckdb)) {
      assertThat(count(w, "SELECT count(*) AS n FROM mart.users")).isEqualTo(users);
      assertThat(count(w, "SELECT count(*) AS n FROM mart.cards")).isEqualTo(cards);
      String perCountry = "SELECT CAST(country AS VARCHAR) AS country, CAST(cards AS BIGINT) AS cards FROM (%s) ORDER BY 1";
      List<Map<String, Object>> fromRaw = w.query(perCountry.formatted(
          "SELECT u.country, count(*) AS cards FROM raw.app__cards c JOIN raw.app__users u"
              + " ON u.id = c.user_id AND u._snapshot = c._snapshot WHERE c._snapshot = DATE '" + DAY + "' GROUP BY u.country"));
      assertThat(fromRaw).isNotEmpty();
      assertThat(w.query(perCountry.formatted("SELECT * FROM mart.cards_per_country"))).isEqualTo(fromRaw);
      assertThat(w.query("SELECT object_id, CAST(snapshot AS VARCHAR) AS snapshot FROM _snaplake.objects"
              + " WHERE object_id LIKE 'mart.%' ORDER BY object_id"))
          .containsExactly(
              Map.of("object_id", "mart.cards", "snapshot", DAY.toString()),
              Map.of("object_id", "mart.cards_per_country", "snapshot", DAY.toString()),
              Map.of("object_id", "mart.users", "snapshot", DAY.toString()));
      assertThat(w.object(dev.snaplake.core.naming.ObjectId.parse("mart.stray"))).as("a dry run drops nothing").isPresent();
    }
  }

  /** The object.rebuilt messages received on the events subscription, by object. */
  static Map<String, List<PushLedger.Message>> rebuilt(PushLedger ledger, String eventsSub) {
    return ledger.messages().stream()
        .filter(m -> m.subscription.equals(eventsSub))
        .filter(m -> EventType.OBJECT_REBUILT.equals(m.message.getAttributesMap().get("ce-type")))
        .collect(Collectors.groupingBy(m -> m.message.getAttributesMap().get("object")));
  }

  /** The builder's structured log lines for a message: one per delivery that reached it. */
  static List<JsonObject> logLines(String log, PushLedger.Message message) {
    List<JsonObject> lines = log.lines()
        .filter(l -> l.startsWith("{"))
        .map(l -> JsonParser.parseString(l).getAsJsonObject())
        .filter(o -> o.has("messageId") && o.get("messageId").getAsString().equals(message.id()))
        .toList();
    assertThat(lines).as("log lines for message %s", message).hasSize(message.attempts());
    return lines;
  }

  static void await(BooleanSupplier condition, String what, Supplier<String> state) throws InterruptedException {
    long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + SETTLE_TIMEOUT.toSeconds() + " s waiting for " + what + "\n" + state.get());
      }
      Thread.sleep(50);
    }
  }

  private static long count(DuckDbWarehouse w, String sql) {
    return ((Number) w.query(sql).get(0).get("n")).longValue();
  }
}
