package dev.snaplake.gcp;

import com.google.cloud.bigquery.BigQueryError;
import com.google.cloud.bigquery.BigQueryException;
import java.io.IOException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Whether a BigQuery error may pass on retry, and how soon. BigQuery's own guidance: a
 * {@code rateLimitExceeded} (and backend/internal errors, HTTP 5xx and 429) is a short-term limit,
 * retried after seconds with exponential backoff; a {@code quotaExceeded} is a longer-term one
 * (e.g. "Your table exceeded quota for imports or query appends per table", a fixed daily
 * per-table quota that refills over 24 h) worth retrying only after 10 minutes or more — and each
 * failed load still counts against it. Some rate limits arrive as {@code quotaExceeded} with the
 * message "Exceeded rate limits: …" (too many table update operations); like the client library,
 * the message decides those.
 */
enum BigQueryFailureKind {
  /** Retry in-process after a short backoff; when that is used up, redeliver the event. */
  RETRY_SOON,
  /** Not worth retrying in-process: redeliver the event (Pub/Sub backs off up to 10 minutes). */
  RETRY_LATER,
  /** Retrying the same work fails the same way. */
  PERMANENT;

  private static final Set<String> SHORT_TERM_REASONS =
      Set.of("rateLimitExceeded", "jobRateLimitExceeded", "backendError", "jobBackendError", "internalError",
          "jobInternalError");
  /** The client library's own test for a rate limit hidden behind another reason. */
  private static final Pattern RATE_LIMIT_MESSAGE = Pattern.compile(".*exceed.*rate.*limit.*", Pattern.DOTALL);

  static BigQueryFailureKind of(String reason, String message, int httpStatus) {
    if (reason != null && SHORT_TERM_REASONS.contains(reason)) {
      return RETRY_SOON;
    }
    if ("quotaExceeded".equals(reason)) {
      return isRateLimitMessage(message) ? RETRY_SOON : RETRY_LATER;
    }
    if (httpStatus == 429 || httpStatus >= 500) {
      return RETRY_SOON;
    }
    return PERMANENT;
  }

  static BigQueryFailureKind of(BigQueryError error) {
    return of(error.getReason(), error.getMessage(), 0);
  }

  static BigQueryFailureKind of(BigQueryException e) {
    if (e.getCode() == 0 && e.getCause() instanceof IOException) {
      return RETRY_SOON; // the connection broke: the request may or may not have arrived
    }
    return of(reasonOf(e), e.getMessage(), e.getCode());
  }

  static String reasonOf(BigQueryException e) {
    if (e.getReason() != null) {
      return e.getReason();
    }
    return e.getError() == null ? null : e.getError().getReason();
  }

  private static boolean isRateLimitMessage(String message) {
    return message != null && RATE_LIMIT_MESSAGE.matcher(message.toLowerCase(Locale.ROOT)).matches();
  }

  /** What the operator can do about a failure of this kind with this reason. */
  String whatToDo(String reason, String jobId) {
    return switch (this) {
      case RETRY_SOON -> "BigQuery is rate-limiting or briefly failing; the event is redelivered and the work tried again"
          + (jobId == null ? "" : " under the next job id") + ". If it persists, check status.cloud.google.com.";
      case RETRY_LATER -> "A longer-term BigQuery quota is used up (a table's daily modifications refill over 24 h);"
          + " the event is redelivered with backoff. If it keeps happening, load less often or request more quota.";
      case PERMANENT -> permanentHint(reason, jobId);
    };
  }

  private static String permanentHint(String reason, String jobId) {
    String show = jobId == null ? "" : " Details: bq show -j " + jobId + ".";
    if (reason == null) {
      return "Check the message above." + show;
    }
    return switch (reason) {
      case "invalid", "invalidQuery" ->
          "The data or the SQL does not fit: compare the files or columns named above with the table's schema"
              + " (bq show --schema), fix the export or the table, then load the snapshot again." + show;
      case "notFound" ->
          "Something named above does not exist or is in another location: check the table, dataset and files."
              + show;
      case "accessDenied", "forbidden" ->
          "The service account lacks a permission: it needs roles/bigquery.dataEditor on the dataset,"
              + " roles/bigquery.jobUser on the project and roles/storage.objectViewer on the landing bucket."
              + show;
      case "stopped" -> "The job was cancelled; load the snapshot again to rerun it." + show;
      default -> "Check the message above." + show;
    };
  }
}
