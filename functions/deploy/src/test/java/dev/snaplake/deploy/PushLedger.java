package dev.snaplake.deploy;

import com.google.pubsub.v1.PubsubMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Every delivery a {@link PushSubscription} made, by Pub/Sub message id: the HTTP status of each
 * attempt (a redelivery keeps the message id), so a test can count messages, duplicates and nacks,
 * and tell when the traffic has settled.
 */
final class PushLedger {
  /** One Pub/Sub message and the status of each delivery attempt, in order; -1 when the POST itself failed. */
  static final class Message {
    final String subscription;
    final PubsubMessage message;
    final String what;
    private final List<Integer> statuses = new ArrayList<>();

    Message(String subscription, PubsubMessage message, String what) {
      this.subscription = subscription;
      this.message = message;
      this.what = what;
    }

    synchronized List<Integer> statuses() {
      return List.copyOf(statuses);
    }

    synchronized int attempts() {
      return statuses.size();
    }

    synchronized long nacks() {
      return statuses.stream().filter(s -> !acked(s)).count();
    }

    /** Its last delivery was acknowledged: Pub/Sub will not deliver it again. */
    synchronized boolean done() {
      return !statuses.isEmpty() && acked(statuses.get(statuses.size() - 1));
    }

    String id() {
      return message.getMessageId();
    }

    @Override
    public String toString() {
      return id() + " on " + subscription + " (" + what + "): " + statuses();
    }
  }

  private final Map<String, Message> messages = new ConcurrentHashMap<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile long lastActivity = System.nanoTime();

  static boolean acked(int status) {
    return status >= 200 && status <= 299;
  }

  /** A delivery starts; returns its attempt number for this message (1 for the first). */
  int begin(String subscription, PubsubMessage m, String what) {
    inFlight.incrementAndGet();
    lastActivity = System.nanoTime();
    Message entry = messages.computeIfAbsent(m.getMessageId(), k -> new Message(subscription, m, what));
    return entry.attempts() + 1;
  }

  void end(PubsubMessage m, int status) {
    Message entry = messages.get(m.getMessageId());
    synchronized (entry) {
      entry.statuses.add(status);
    }
    lastActivity = System.nanoTime();
    inFlight.decrementAndGet();
  }

  Collection<Message> messages() {
    return List.copyOf(messages.values());
  }

  Message message(String messageId) {
    return messages.get(messageId);
  }

  /**
   * Nothing in flight, every message seen acknowledged, and no delivery for {@code quiet}. The
   * functions publish before they answer, so once their last answer is in, whatever they published
   * is already on the topic; the quiet time covers the emulator handing it out.
   */
  boolean settled(Duration quiet) {
    return inFlight.get() == 0
        && System.nanoTime() - lastActivity >= quiet.toNanos()
        && messages.values().stream().allMatch(Message::done);
  }

  /** Every message and its attempts, for failure messages. */
  String summary() {
    return "in flight: " + inFlight.get() + "\n" + messages.values().stream()
        .sorted(Comparator.comparing((Message m) -> m.subscription).thenComparing(m -> m.what))
        .map(m -> "  " + m)
        .collect(Collectors.joining("\n"));
  }
}
