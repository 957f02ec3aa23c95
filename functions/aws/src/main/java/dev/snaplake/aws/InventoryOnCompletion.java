package dev.snaplake.aws;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The exporter's use case: on an export-completion event, every COMPLETE export of the snapshot to
 * snaplake's destination gets its inventory (already-inventoried ones are checked, not rewritten);
 * on a replay, the one named task does.
 *
 * <p>Failures throw, so that Lambda's retries and its on-failure destination see them; what is
 * simply not snaplake's business (another team's export, a failed export's event) is an outcome.
 */
public final class InventoryOnCompletion {
  private final RdsExportTasks tasks;
  private final ExportInventoryWriter writer;
  private final ExportDestination destination;

  public InventoryOnCompletion(RdsExportTasks tasks, ExportInventoryWriter writer, ExportDestination destination) {
    this.tasks = Objects.requireNonNull(tasks, "tasks");
    this.writer = Objects.requireNonNull(writer, "writer");
    this.destination = Objects.requireNonNull(destination, "destination");
  }

  public List<InventoryOutcome> handle(InventoryRequest request) {
    if (request instanceof InventoryRequest.Replay r) {
      return List.of(replay(r.exportTaskIdentifier()));
    }
    if (request instanceof InventoryRequest.ExportCompleted e) {
      return onCompletion(e);
    }
    InventoryRequest.OtherRdsEvent other = (InventoryRequest.OtherRdsEvent) request;
    return List.of(InventoryOutcome.ignored(other.eventId() + " is not an export completion ("
        + InventoryRequest.INSTANCE_SNAPSHOT_EXPORTED + "/" + InventoryRequest.CLUSTER_SNAPSHOT_EXPORTED
        + "); the EventBridge rule can leave it out"));
  }

  private InventoryOutcome replay(String id) {
    RdsExportTask task = tasks.byId(id).orElseThrow(() -> new IllegalArgumentException(
        "RDS knows no export task '" + id + "' in this account and region: check the identifier"
            + " (aws rds describe-export-tasks --export-task-identifier " + id + ")"));
    if (!destination.holds(task)) {
      throw new IllegalArgumentException("export task '" + id + "' exported to " + task.rootUri()
          + ", outside snaplake's destination " + destination + " (SNAPLAKE_EXPORT_BUCKET, SNAPLAKE_EXPORT_PREFIX):"
          + " snaplake writes inventories only for the exports it loads");
    }
    return writer.write(task);
  }

  private List<InventoryOutcome> onCompletion(InventoryRequest.ExportCompleted event) {
    List<RdsExportTask> found = tasks.ofSource(event.sourceArn());
    List<InventoryOutcome> outcomes = new ArrayList<>();
    List<RdsExportTask> ours = new ArrayList<>();
    for (RdsExportTask t : found) {
      if (destination.holds(t)) {
        ours.add(t);
      } else {
        outcomes.add(InventoryOutcome.skipped(t.exportTaskIdentifier(),
            "exported to " + t.rootUri() + ", outside snaplake's destination " + destination));
      }
    }
    if (ours.isEmpty()) {
      outcomes.add(InventoryOutcome.skipped(null, "RDS lists no export of " + event.sourceArn() + " to " + destination
          + ": not an export snaplake loads, nothing to do"));
      return outcomes;
    }
    List<RdsExportTask> complete = ours.stream().filter(RdsExportTask::isComplete).toList();
    if (complete.isEmpty()) {
      // Should the event arrive before DescribeExportTasks shows COMPLETE, throwing lets Lambda retry it.
      throw new IllegalStateException(event.eventId() + " says an export of " + event.sourceArn()
          + " completed, but none of its exports to " + destination + " is COMPLETE yet ("
          + ours.stream().map(t -> t.exportTaskIdentifier() + " " + t.status()).collect(Collectors.joining(", "))
          + "). Lambda retries the event; once DescribeExportTasks shows COMPLETE, a replay"
          + " {\"exportTaskIdentifier\": \"<id>\"} writes the inventory too");
    }
    List<RuntimeException> failures = new ArrayList<>();
    for (RdsExportTask t : ours) {
      if (!t.isComplete()) {
        outcomes.add(InventoryOutcome.skipped(t.exportTaskIdentifier(),
            "status " + t.status() + ": written when its own completion event arrives"));
        continue;
      }
      try {
        outcomes.add(writer.write(t));
      } catch (RuntimeException e) { // one export's problem must not keep the others uninventoried
        failures.add(e);
      }
    }
    if (!failures.isEmpty()) {
      IllegalStateException e = new IllegalStateException(failures.size() + " of " + complete.size()
          + " COMPLETE exports of " + event.sourceArn() + " could not be inventoried: "
          + failures.stream().map(Throwable::getMessage).collect(Collectors.joining(" | ")), failures.get(0));
      failures.stream().skip(1).forEach(e::addSuppressed);
      throw e;
    }
    return outcomes;
  }
}
