package dev.snaplake.core.export;

/** Export metadata that cannot be read; the message names the object and what to do. */
public class ExportMetadataException extends RuntimeException {
  public ExportMetadataException(String message) {
    super(message);
  }

  public ExportMetadataException(String message, Throwable cause) {
    super(message, cause);
  }
}
