package dev.snaplake.gcp;

import static dev.snaplake.gcp.BigQueryFailureKind.PERMANENT;
import static dev.snaplake.gcp.BigQueryFailureKind.RETRY_LATER;
import static dev.snaplake.gcp.BigQueryFailureKind.RETRY_SOON;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BigQueryFailureKindTest {
  @Test
  void shortTermLimitsAndBackendErrorsAreRetriedSoon() {
    assertThat(BigQueryFailureKind.of("rateLimitExceeded", "Exceeded rate limits: too many api requests", 403))
        .isEqualTo(RETRY_SOON);
    assertThat(BigQueryFailureKind.of("backendError", "Backend error", 0)).isEqualTo(RETRY_SOON);
    assertThat(BigQueryFailureKind.of("internalError", "An internal error occurred", 0)).isEqualTo(RETRY_SOON);
    assertThat(BigQueryFailureKind.of("jobRateLimitExceeded", "Job exceeded rate limits", 0)).isEqualTo(RETRY_SOON);
    assertThat(BigQueryFailureKind.of(null, "Service Unavailable", 503)).isEqualTo(RETRY_SOON);
    assertThat(BigQueryFailureKind.of(null, "Too Many Requests", 429)).isEqualTo(RETRY_SOON);
  }

  @Test
  void quotaExceededDependsOnWhichQuota() {
    // The per-table metadata rate limit (5 updates per 10 s) passes in seconds…
    assertThat(BigQueryFailureKind.of("quotaExceeded",
        "Exceeded rate limits: too many table update operations for this table", 403)).isEqualTo(RETRY_SOON);
    // …the daily per-table modification quota refills over 24 h: redeliver, do not hammer it.
    assertThat(BigQueryFailureKind.of("quotaExceeded",
        "Quota exceeded: Your table exceeded quota for imports or query appends per table", 403)).isEqualTo(RETRY_LATER);
  }

  @Test
  void everythingElseIsPermanent() {
    assertThat(BigQueryFailureKind.of("invalid", "Error while reading data", 400)).isEqualTo(PERMANENT);
    assertThat(BigQueryFailureKind.of("notFound", "Not found: Table", 404)).isEqualTo(PERMANENT);
    assertThat(BigQueryFailureKind.of("accessDenied", "Access Denied", 403)).isEqualTo(PERMANENT);
    assertThat(BigQueryFailureKind.of("invalidQuery", "Syntax error", 400)).isEqualTo(PERMANENT);
  }
}
