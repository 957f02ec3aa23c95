package dev.snaplake.core.types;

/** A source type snaplake cannot map to a natural BigQuery type. */
public class UnsupportedTypeException extends IllegalArgumentException {
  public UnsupportedTypeException(String message) {
    super(message);
  }
}
