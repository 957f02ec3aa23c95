package dev.snaplake.gcp;

import dev.snaplake.core.port.TransientException;

/**
 * A BigQuery failure that later may pass (rate limit, quota, backend error, a job still running)
 * and that in-process retries did not get past. It propagates so the event is redelivered;
 * nothing is recorded as failed.
 */
public class BigQueryTransientException extends TransientException {
  private final String reason;
  private final String jobId;

  public BigQueryTransientException(String message, String reason, String jobId, Throwable cause) {
    super(message, cause);
    this.reason = reason;
    this.jobId = jobId;
  }

  /** BigQuery's error reason, e.g. {@code rateLimitExceeded}; may be null. */
  public String reason() {
    return reason;
  }

  /** The last job id tried; null when no job was involved. */
  public String jobId() {
    return jobId;
  }
}
