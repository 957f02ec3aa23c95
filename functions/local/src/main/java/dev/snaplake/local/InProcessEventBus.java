package dev.snaplake.local;

import dev.snaplake.core.event.Event;
import dev.snaplake.core.port.EventBus;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The embedded default's bus: events are queued and delivered to every handler in publication
 * order, on the publishing thread, until the queue is empty. A handler that publishes gets its
 * events delivered after it returns, as with Pub/Sub, not nested inside it.
 */
public final class InProcessEventBus implements EventBus {
  public record Failure(Event event, RuntimeException error) {}

  private final List<Consumer<Event>> handlers = new CopyOnWriteArrayList<>();
  private final Deque<Event> queue = new ArrayDeque<>();
  private final List<Event> published = Collections.synchronizedList(new ArrayList<>());
  private final List<Failure> failures = Collections.synchronizedList(new ArrayList<>());
  private boolean dispatching;

  @Override
  public void publish(Event event) {
    published.add(event);
    synchronized (this) {
      queue.add(event);
      if (dispatching) {
        return;
      }
      dispatching = true;
    }
    try {
      while (true) {
        Event next;
        synchronized (this) {
          next = queue.poll();
          if (next == null) {
            dispatching = false;
            return;
          }
        }
        for (Consumer<Event> h : handlers) {
          try {
            h.accept(next);
          } catch (RuntimeException e) {
            failures.add(new Failure(next, e));
          }
        }
      }
    } catch (Error e) {
      synchronized (this) {
        dispatching = false;
      }
      throw e;
    }
  }

  @Override
  public void subscribe(Consumer<Event> handler) {
    handlers.add(handler);
  }

  /** Every event published so far, in order. */
  public List<Event> published() {
    synchronized (published) {
      return List.copyOf(published);
    }
  }

  /** Handler failures; each would be redelivered by Pub/Sub. */
  public List<Failure> failures() {
    synchronized (failures) {
      return List.copyOf(failures);
    }
  }
}
