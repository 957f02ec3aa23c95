package dev.snaplake.core.command;

/** A command document with a mistake: refused whole, with what to fix. */
public final class InvalidCommandException extends RuntimeException {
  public InvalidCommandException(String message) {
    super(message);
  }

  public InvalidCommandException(String message, Throwable cause) {
    super(message, cause);
  }
}
