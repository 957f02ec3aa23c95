package dev.snaplake.gcp;

import java.time.Duration;
import java.util.Objects;

/**
 * Bounded exponential backoff with jitter. Retry {@code n} (from 1) waits between half and all of
 * {@code min(max, initial·2^(n-1))} ("equal jitter"): handlers that hit the same rate limit at
 * once spread out instead of retrying in step. {@code attempts} counts the first try.
 */
record Backoff(int attempts, Duration initial, Duration max) {
  Backoff {
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be ≥ 1");
    }
    Objects.requireNonNull(initial, "initial");
    Objects.requireNonNull(max, "max");
    if (initial.isNegative() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("backoff needs 0 ≤ initial ≤ max, got " + initial + " and " + max);
    }
  }

  /** The wait before retry {@code retry}; {@code random} is uniform in [0, 1). */
  Duration delay(int retry, double random) {
    long base = Math.min(max.toMillis(), initial.toMillis() << Math.min(Math.max(retry - 1, 0), 30));
    long half = base / 2;
    return Duration.ofMillis(half + (long) (random * (base - half + 1)));
  }
}
