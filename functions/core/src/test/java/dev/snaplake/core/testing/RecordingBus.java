package dev.snaplake.core.testing;

import dev.snaplake.core.event.Event;
import dev.snaplake.core.port.EventBus;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

/** Records published events; delivers nothing unless a handler is subscribed (then synchronously). */
public final class RecordingBus implements EventBus {
  public final List<Event> events = Collections.synchronizedList(new ArrayList<>());
  private final List<Consumer<Event>> handlers = new java.util.concurrent.CopyOnWriteArrayList<>();

  @Override
  public void publish(Event event) {
    events.add(event);
    handlers.forEach(h -> h.accept(event));
  }

  @Override
  public void subscribe(Consumer<Event> handler) {
    handlers.add(handler);
  }

  public List<Event> ofType(String type) {
    synchronized (events) {
      return events.stream().filter(e -> e.type().equals(type)).toList();
    }
  }
}
