package dev.snaplake.core.port;

/**
 * A failure that may pass on retry (rate limits, quota, a backend hiccup). Use cases let it
 * propagate so the event is redelivered, instead of recording the work as failed.
 */
public class TransientException extends RuntimeException {
  public TransientException(String message, Throwable cause) {
    super(message, cause);
  }
}
