package dev.snaplake.gcp;

/**
 * A BigQuery job failed (its {@code status.errorResult}, or the request that should have started
 * it). The message names what the job was for (table, files) and the job id.
 */
public class BigQueryJobException extends RuntimeException {
  private final String reason;
  private final String jobId;

  public BigQueryJobException(String message, String reason, String jobId, Throwable cause) {
    super(message, cause);
    this.reason = reason;
    this.jobId = jobId;
  }

  /** BigQuery's error reason, e.g. {@code invalid}, {@code rateLimitExceeded}; may be null. */
  public String reason() {
    return reason;
  }

  public String jobId() {
    return jobId;
  }
}
