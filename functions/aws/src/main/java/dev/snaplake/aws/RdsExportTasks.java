package dev.snaplake.aws;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.ExportTask;
import software.amazon.awssdk.services.rds.model.ExportTaskNotFoundException;

/** Export tasks as RDS knows them (DescribeExportTasks), by snapshot or by identifier. */
public final class RdsExportTasks {
  private final RdsClient rds;

  public RdsExportTasks(RdsClient rds) {
    this.rds = Objects.requireNonNull(rds, "rds");
  }

  /**
   * Every export task of a snapshot (or cluster), every page read: RDS may hold several for one
   * snapshot (a re-export under another id, an export by someone else to another bucket).
   */
  public List<RdsExportTask> ofSource(String sourceArn) {
    if (sourceArn == null || !sourceArn.startsWith("arn:")) {
      throw new IllegalArgumentException(
          "source " + dev.snaplake.core.naming.Identifiers.show(sourceArn) + " is not an ARN; DescribeExportTasks"
              + " filters by the snapshot's or cluster's ARN");
    }
    return rds.describeExportTasksPaginator(b -> b.sourceArn(sourceArn)).exportTasks().stream()
        // RDS filters by SourceArn already; a task of another source in the answer is not trusted.
        .filter(t -> t.sourceArn() == null || t.sourceArn().equals(sourceArn))
        .map(RdsExportTask::of)
        .toList();
  }

  /** The task with this identifier, or empty when RDS knows none in this account and region. */
  public Optional<RdsExportTask> byId(String exportTaskIdentifier) {
    return describe(rds, ExportIds.validate(exportTaskIdentifier)).map(RdsExportTask::of);
  }

  /** RDS answers an unknown id either with ExportTaskNotFound or with an empty list: both are "none". */
  static Optional<ExportTask> describe(RdsClient rds, String exportId) {
    List<ExportTask> tasks;
    try {
      tasks = rds.describeExportTasks(b -> b.exportTaskIdentifier(exportId)).exportTasks();
    } catch (ExportTaskNotFoundException e) {
      return Optional.empty();
    }
    return tasks.stream().filter(t -> exportId.equals(t.exportTaskIdentifier())).findFirst();
  }
}
