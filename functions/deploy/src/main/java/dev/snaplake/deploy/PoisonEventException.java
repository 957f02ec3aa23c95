package dev.snaplake.deploy;

/**
 * An event that no retry can handle (wrong type, not JSON, a field missing…). The function logs
 * it as one error line and returns normally, so Eventarc / Pub/Sub do not redeliver it for a day.
 */
public class PoisonEventException extends RuntimeException {
  public PoisonEventException(String message) {
    super(message);
  }

  public PoisonEventException(String message, Throwable cause) {
    super(message, cause);
  }
}
