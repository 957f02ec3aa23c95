package dev.snaplake.local;

/** A local warehouse operation failed; the message names the object and the cause. */
public class WarehouseException extends RuntimeException {
  public WarehouseException(String message) {
    super(message);
  }

  public WarehouseException(String message, Throwable cause) {
    super(message, cause);
  }
}
