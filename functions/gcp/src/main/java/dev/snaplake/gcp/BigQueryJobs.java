package dev.snaplake.gcp;

import com.google.cloud.RetryOption;
import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryError;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.Job;
import com.google.cloud.bigquery.JobConfiguration;
import com.google.cloud.bigquery.JobId;
import com.google.cloud.bigquery.JobInfo;
import com.google.cloud.bigquery.JobStatus;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Runs BigQuery jobs under deterministic ids, at least once and never twice.
 *
 * <ul>
 *   <li>Insert under the id; "already exists" means a predecessor (a crashed handler, a duplicate
 *       event) submitted it: attach to that job, wait for it, use its outcome. Nothing runs twice.
 *   <li>Always check {@code status.errorResult}, also after HTTP 200.
 *   <li>A job that <em>ran and failed</em> retryably holds its id for good, so the work goes on
 *       under {@code <id>_r1}, {@code _r2}, …; earlier failed jobs found that way cost no try.
 *   <li>A rejected <em>insert</em> (HTTP 429/5xx, rate limit) is retried under the <em>same</em>
 *       id: whether the job was created is unknown, and if it was, the retry attaches to it.
 *   <li>Short-term errors are retried with {@link Backoff}; then, and at once for longer-term
 *       quotas, a {@link BigQueryTransientException} redelivers the event. Anything else is a
 *       {@link BigQueryJobException} naming the job, the failing files and what to do.
 * </ul>
 */
final class BigQueryJobs {
  /** More earlier jobs than this under one id means something loops; stop. */
  private static final int MAX_GENERATIONS = 100;
  private static final int SHOWN_ERRORS = 5;

  private final BigQuery bigquery;
  private final String project;
  private final String location;
  private final BigQueryRetries retries;
  private final Duration jobTimeout;

  BigQueryJobs(BigQuery bigquery, String project, String location, BigQueryRetries retries, Duration jobTimeout) {
    this.bigquery = bigquery;
    this.project = project;
    this.location = location;
    this.retries = retries;
    this.jobTimeout = jobTimeout;
  }

  /**
   * Runs {@code config} under {@code baseId} (or its next {@code _r<n>}) and returns the finished,
   * successful job. {@code reuse} decides whether a successful job already there still stands.
   */
  Job run(String baseId, JobConfiguration config, String what, Predicate<Job> reuse) {
    BigQuerySql.jobId(baseId);
    int tries = 0;
    for (int generation = 0; ; generation++) {
      if (generation > MAX_GENERATIONS) {
        throw new BigQueryJobException(what + ": more than " + MAX_GENERATIONS + " earlier jobs under " + baseId
            + "; inspect them with bq ls -j", null, baseId, null);
      }
      String id = generation == 0 ? baseId : baseId + "_r" + generation;
      Job job = null;
      boolean existing = false;
      while (job == null) {
        try {
          tries++;
          job = bigquery.create(JobInfo.of(jobId(id), config));
          if (job.getStatus() == null) {
            // The client met "already exists" itself and read the job back without its status
            // (a jobs.insert answer always has one): read the whole job.
            tries--;
            existing = true;
            job = existingJob(id, what, null);
          }
        } catch (BigQueryException e) {
          if (isAlreadyExists(e)) {
            tries--; // not a try of ours: a predecessor submitted it
            existing = true;
            job = existingJob(id, what, e);
            continue;
          }
          BigQueryFailureKind kind = BigQueryFailureKind.of(e);
          String reason = BigQueryFailureKind.reasonOf(e);
          if (kind == BigQueryFailureKind.RETRY_SOON && tries < retries.attempts()) {
            retries.pause(tries, what + ": submitting job " + id + " failed (" + reason + ", HTTP " + e.getCode() + ")");
            continue; // the same id: the job may exist already
          }
          if (kind == BigQueryFailureKind.PERMANENT) {
            throw new BigQueryJobException(what + " failed: job " + id + " could not be submitted: " + e.getMessage()
                + " (reason " + reason + ")\nWhat to do: " + kind.whatToDo(reason, null), reason, id, e);
          }
          throw new BigQueryTransientException(what + ": submitting job " + id + " failed" + triesText(tries) + ": "
              + e.getMessage() + " (reason " + reason + "). " + kind.whatToDo(reason, id), reason, id, e);
        }
      }
      job = await(job, what, id);
      BigQueryError error = job.getStatus().getError();
      if (error == null) {
        if (existing && !reuse.test(job)) {
          continue; // it ran, but what it made is gone: run the work again under the next id
        }
        return job;
      }
      BigQueryFailureKind kind = BigQueryFailureKind.of(error);
      if (kind != BigQueryFailureKind.PERMANENT && existing) {
        continue; // a predecessor's failed try: free to go on under the next id
      }
      if (kind == BigQueryFailureKind.RETRY_SOON && tries < retries.attempts()) {
        retries.pause(tries, what + ": job " + id + " failed (" + error.getReason() + ")");
        continue;
      }
      String failure = what + ": job " + id + " failed" + (existing ? " (submitted earlier)" : triesText(tries)) + ": "
          + error.getMessage() + " (reason " + error.getReason() + ")" + details(job, error);
      if (kind == BigQueryFailureKind.PERMANENT) {
        throw new BigQueryJobException(failure + "\nWhat to do: " + kind.whatToDo(error.getReason(), id),
            error.getReason(), id, null);
      }
      throw new BigQueryTransientException(failure + "\n" + kind.whatToDo(error.getReason(), id), error.getReason(), id,
          null);
    }
  }

  private Job existingJob(String id, String what, BigQueryException cause) {
    Job job = retries.call("reading job " + id, () -> bigquery.getJob(jobId(id)));
    if (job == null) {
      throw new BigQueryJobException(what + ": job " + id + " already exists but cannot be read; check its location"
          + " and the permission bigquery.jobs.get", "duplicate", id, cause);
    }
    return job;
  }

  private Job await(Job job, String what, String id) {
    if (isDone(job)) {
      return job;
    }
    Job done;
    try {
      done = job.waitFor(
          RetryOption.initialRetryDelayDuration(Duration.ofMillis(500)),
          RetryOption.retryDelayMultiplier(1.5),
          RetryOption.maxRetryDelayDuration(Duration.ofSeconds(10)),
          RetryOption.totalTimeoutDuration(jobTimeout));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BigQueryTransientException(what + ": interrupted while waiting for job " + id
          + "; the redelivered event attaches to it", null, id, e);
    } catch (BigQueryException e) {
      // waitFor can surface a failed job, or a failed poll, as an exception: read the job itself.
      done = retries.call("reading job " + id, () -> bigquery.getJob(jobId(id)));
    }
    if (done == null) {
      throw new BigQueryJobException(what + ": job " + id + " disappeared while running", null, id, null);
    }
    if (!isDone(done)) {
      // Still running: not a failure. The redelivered event attaches to it by its id.
      throw new BigQueryTransientException(what + ": job " + id + " still running after " + jobTimeout.toSeconds()
          + " s; the redelivered event attaches to it by its id", "timeout", id, null);
    }
    return done;
  }

  private static boolean isDone(Job job) {
    return job.getStatus() != null && job.getStatus().getState() == JobStatus.State.DONE;
  }

  /** The job's other errors, first the places (files) they name, so the message says which file failed. */
  static String details(Job job, BigQueryError main) {
    List<BigQueryError> errors = job.getStatus().getExecutionErrors();
    if (errors == null || errors.isEmpty()) {
      return main.getLocation() == null ? "" : "\n  at " + main.getLocation();
    }
    Set<String> lines = new LinkedHashSet<>();
    if (main.getLocation() != null) {
      lines.add("at " + main.getLocation() + ": " + main.getMessage());
    }
    for (BigQueryError e : errors) {
      if (e.getLocation() != null) {
        lines.add("at " + e.getLocation() + ": " + e.getMessage());
      } else if (e.getMessage() != null && !e.getMessage().equals(main.getMessage())) {
        lines.add(e.getMessage());
      }
    }
    StringBuilder out = new StringBuilder();
    int shown = 0;
    for (String line : lines) {
      if (shown++ == SHOWN_ERRORS) {
        out.append("\n  … and ").append(lines.size() - SHOWN_ERRORS).append(" more");
        break;
      }
      out.append("\n  ").append(line);
    }
    return out.toString();
  }

  /** The job under {@code id} if it finished successfully; null otherwise. */
  Job succeeded(String id) {
    Job j = retries.call("reading job " + id, () -> bigquery.getJob(jobId(id)));
    return j != null && isDone(j) && j.getStatus().getError() == null ? j : null;
  }

  /** Reads a job, or null when there is none under that id (or it is older than BigQuery keeps). */
  Job find(String id) {
    return retries.call("reading job " + id, () -> bigquery.getJob(jobId(id)));
  }

  JobId jobId(String id) {
    JobId.Builder b = JobId.newBuilder().setProject(project).setJob(id);
    if (location != null) {
      b.setLocation(location);
    }
    return b.build();
  }

  private static String triesText(int tries) {
    return tries > 1 ? " after " + tries + " tries" : "";
  }

  private static boolean isAlreadyExists(BigQueryException e) {
    return e.getCode() == 409 || "duplicate".equals(BigQueryFailureKind.reasonOf(e));
  }
}
