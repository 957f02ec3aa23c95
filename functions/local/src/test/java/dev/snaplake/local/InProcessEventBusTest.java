package dev.snaplake.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snaplake.core.event.Event;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InProcessEventBusTest {
  private static Event event(String id) {
    return new Event(id, "dev.snaplake.test", "//test", id, Instant.EPOCH, "{}", Map.of());
  }

  @Test
  void deliversEventsPublishedByAHandlerAfterItReturnsInOrder() {
    InProcessEventBus bus = new InProcessEventBus();
    List<String> log = new ArrayList<>();
    bus.subscribe(e -> {
      log.add("start " + e.id());
      if (e.id().equals("a")) {
        bus.publish(event("b"));
        bus.publish(event("c"));
      }
      log.add("end " + e.id());
    });
    bus.publish(event("a"));
    assertThat(log).containsExactly("start a", "end a", "start b", "end b", "start c", "end c");
    assertThat(bus.published()).extracting(Event::id).containsExactly("a", "b", "c");
  }

  @Test
  void aFailingHandlerIsRecordedAndTheOthersStillRun() {
    InProcessEventBus bus = new InProcessEventBus();
    List<String> seen = new ArrayList<>();
    bus.subscribe(e -> { throw new IllegalStateException("boom on " + e.id()); });
    bus.subscribe(e -> seen.add(e.id()));
    bus.publish(event("x"));
    bus.publish(event("y"));
    assertThat(seen).containsExactly("x", "y");
    assertThat(bus.failures()).hasSize(2).first().satisfies(f -> assertThat(f.error()).hasMessage("boom on x"));
  }
}
