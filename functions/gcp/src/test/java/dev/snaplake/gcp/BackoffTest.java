package dev.snaplake.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
  final Backoff backoff = new Backoff(6, Duration.ofSeconds(1), Duration.ofSeconds(8));

  @Test
  void eachRetryWaitsBetweenHalfAndAllOfADoublingStepCappedAtMax() {
    long[] steps = {1000, 2000, 4000, 8000, 8000};
    for (int retry = 1; retry <= steps.length; retry++) {
      long step = steps[retry - 1];
      assertThat(backoff.delay(retry, 0.0)).isEqualTo(Duration.ofMillis(step / 2));
      assertThat(backoff.delay(retry, 0.999999)).isEqualTo(Duration.ofMillis(step));
    }
  }

  @Test
  void jitterSpreadsTheWait() {
    assertThat(backoff.delay(2, 0.25)).isNotEqualTo(backoff.delay(2, 0.75));
  }

  @Test
  void nonsenseIsRefused() {
    assertThatThrownBy(() -> new Backoff(0, Duration.ofSeconds(1), Duration.ofSeconds(8)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Backoff(3, Duration.ofSeconds(8), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
