package dev.snaplake.core.export;

/**
 * A data file of an export whose Parquet footer cannot be read: the message names the object,
 * says what is wrong and what to do. Its table is not loaded; the other tables are.
 */
public class ParquetFooterException extends RuntimeException {
  public ParquetFooterException(String message) {
    super(message);
  }
}
