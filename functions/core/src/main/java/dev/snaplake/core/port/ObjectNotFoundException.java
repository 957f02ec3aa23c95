package dev.snaplake.core.port;

/** The object does not exist (any more): it may have been deleted after its event was sent. */
public class ObjectNotFoundException extends RuntimeException {
  public ObjectNotFoundException(String message) {
    super(message);
  }
}
