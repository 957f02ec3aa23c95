package dev.snaplake.gcp;

import com.google.cloud.bigquery.BigQueryException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Retries BigQuery API calls (tables.get, tables.patch, jobs.get, …) that fail with a short-term
 * error, with {@link Backoff}; when the tries are used up, or the error is a longer-term quota,
 * the failure becomes a {@link BigQueryTransientException} so the event is redelivered. Permanent
 * errors are rethrown unchanged: callers handle 404 and 409 themselves.
 */
final class BigQueryRetries {
  private static final Logger LOG = Logger.getLogger(BigQueryRetries.class.getName());

  private final Backoff backoff;
  private final Sleeper sleeper;

  BigQueryRetries(Backoff backoff, Sleeper sleeper) {
    this.backoff = Objects.requireNonNull(backoff, "backoff");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
  }

  int attempts() {
    return backoff.attempts();
  }

  <T> T call(String what, Supplier<T> call) {
    for (int attempt = 1; ; attempt++) {
      try {
        return call.get();
      } catch (BigQueryException e) {
        BigQueryFailureKind kind = BigQueryFailureKind.of(e);
        if (kind == BigQueryFailureKind.PERMANENT) {
          throw e;
        }
        String reason = BigQueryFailureKind.reasonOf(e);
        if (kind == BigQueryFailureKind.RETRY_SOON && attempt < backoff.attempts()) {
          pause(attempt, what + " failed (" + reason + ", HTTP " + e.getCode() + ")");
          continue;
        }
        throw new BigQueryTransientException(
            what + " failed" + (attempt > 1 ? " " + attempt + " times" : "") + ": " + e.getMessage() + " (reason "
                + reason + ", HTTP " + e.getCode() + "). " + kind.whatToDo(reason, null),
            reason, null, e);
      }
    }
  }

  /** Sleeps before retry {@code retry} (from 1). */
  void pause(int retry, String why) {
    Duration d = backoff.delay(retry, ThreadLocalRandom.current().nextDouble());
    LOG.warning(why + "; retrying in " + d.toMillis() + " ms");
    try {
      sleeper.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BigQueryTransientException(why + "; interrupted before retrying", null, null, e);
    }
  }
}
