package dev.snaplake.core.port;

import dev.snaplake.core.event.Event;
import java.util.function.Consumer;

/** Publishes snaplake events and delivers them to handlers: Pub/Sub, or in-process. */
public interface EventBus {
  void publish(Event event);

  /** Delivers every event published from now on to the handler, at least once. */
  void subscribe(Consumer<Event> handler);
}
