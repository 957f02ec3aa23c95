package dev.snaplake.gcp;

/**
 * A BigQuery job or request failed for good: retrying the same work would fail the same way. The
 * message names what the work was for (table, snapshot, files), the job id and what to do.
 */
public class BigQueryJobException extends RuntimeException {
  private final String reason;
  private final String jobId;

  public BigQueryJobException(String message, String reason, String jobId, Throwable cause) {
    super(message, cause);
    this.reason = reason;
    this.jobId = jobId;
  }

  /** BigQuery's error reason, e.g. {@code invalid}, {@code notFound}; may be null. */
  public String reason() {
    return reason;
  }

  public String jobId() {
    return jobId;
  }
}
