package dev.snaplake.gcp;

import java.time.Duration;

/** Waits between retries; injectable so tests check the delays without sleeping. */
@FunctionalInterface
public interface Sleeper {
  Sleeper REAL = d -> Thread.sleep(d.toMillis());

  void sleep(Duration duration) throws InterruptedException;
}
