package dev.snaplake.gcp;

import com.google.api.core.ApiFuture;
import com.google.cloud.pubsub.v1.Publisher;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Blocking publication with a bound, shared by the event bus and the command publisher. */
final class PubSubPublishing {
  private static final Logger LOG = Logger.getLogger(PubSubPublishing.class.getName());

  private PubSubPublishing() {}

  /** Waits for the message id; a timeout or failure is a {@link PubSubPublishException}. */
  static String await(ApiFuture<String> future, Duration timeout, String what, String topicId) {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(false);
      throw new PubSubPublishException(
          "publishing " + what + " to " + topicId + " got no message id within " + timeout.toSeconds()
              + " s; it may or may not have been published", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new PubSubPublishException(
          "publishing " + what + " to " + topicId + " failed: " + cause.getMessage(), cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PubSubPublishException("interrupted while publishing " + what + " to " + topicId, e);
    }
  }

  static void shutdown(Publisher publisher) {
    try {
      publisher.shutdown();
      if (!publisher.awaitTermination(30, TimeUnit.SECONDS)) {
        LOG.warning("Pub/Sub publisher on " + publisher.getTopicNameString() + " did not stop within 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Pub/Sub publisher on " + publisher.getTopicNameString() + " did not stop cleanly", e);
    }
  }
}
