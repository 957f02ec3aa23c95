package dev.snaplake.core.naming;

/** A name from the outside world that cannot be used safely as a warehouse identifier. */
public class InvalidNameException extends IllegalArgumentException {
  public InvalidNameException(String message) {
    super(message);
  }
}
