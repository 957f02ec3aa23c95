package dev.snaplake.local;

/**
 * A construct of the model's BigQuery SQL that the local warehouse cannot run, found before
 * anything runs. {@code offset} is where it starts in the SQL that was translated.
 */
final class UnsupportedSqlException extends RuntimeException {
  private final String construct;
  private final String reason;
  private final int offset;

  UnsupportedSqlException(String construct, String reason, int offset) {
    super("not supported by the local warehouse: " + construct + " (" + reason + ")");
    this.construct = construct;
    this.reason = reason;
    this.offset = offset;
  }

  String construct() {
    return construct;
  }

  String reason() {
    return reason;
  }

  int offset() {
    return offset;
  }
}
