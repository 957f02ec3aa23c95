package dev.snaplake.gcp;

/** A message could not be published to Pub/Sub (or its id did not come back in time). */
public class PubSubPublishException extends RuntimeException {
  public PubSubPublishException(String message, Throwable cause) {
    super(message, cause);
  }
}
