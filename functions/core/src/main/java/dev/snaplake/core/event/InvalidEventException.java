package dev.snaplake.core.event;

/**
 * An event whose data no retry can make usable (a field missing, of the wrong kind, or not a
 * valid name or date). The message names the event and the field.
 */
public class InvalidEventException extends IllegalArgumentException {
  public InvalidEventException(String message) {
    super(message);
  }

  public InvalidEventException(String message, Throwable cause) {
    super(message, cause);
  }
}
