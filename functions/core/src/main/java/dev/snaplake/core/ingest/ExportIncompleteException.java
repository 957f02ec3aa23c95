package dev.snaplake.core.ingest;

import dev.snaplake.core.export.InventoryCheck;
import dev.snaplake.core.port.TransientException;
import java.time.Duration;
import java.util.List;

/**
 * The inventory of an export has arrived but not every object it lists is in the bucket yet, or
 * one is there with another size. Transient on purpose: the platform redelivers the inventory's
 * event with backoff, and the attempt after the last late object loads the export.
 */
public final class ExportIncompleteException extends TransientException {
  /** Keys named in the message; the rest are counted. */
  static final int NAMED = 5;

  private final String exportId;
  private final int present;
  private final int total;

  ExportIncompleteException(String exportId, InventoryCheck check, Duration sinceInventory, Duration resizeGrace) {
    super(message(exportId, check, sinceInventory, resizeGrace), null);
    this.exportId = exportId;
    this.present = check.present().size();
    this.total = check.total();
  }

  public String exportId() {
    return exportId;
  }

  /** Objects of the inventory found in the bucket with their exact size. */
  public int present() {
    return present;
  }

  /** Objects the inventory lists. */
  public int total() {
    return total;
  }

  private static String message(String exportId, InventoryCheck check, Duration since, Duration grace) {
    StringBuilder m = new StringBuilder("export ").append(exportId).append(": ").append(check.present().size())
        .append(" of ").append(check.total()).append(" objects of its inventory are in the bucket");
    if (!check.missing().isEmpty()) {
      m.append("; missing ").append(check.missing().size()).append(": ").append(named(check.missing()));
    }
    if (!check.resized().isEmpty()) {
      m.append("; of another size ").append(check.resized().size()).append(": ").append(named(check.resized()))
          .append(" (refused as permanent once the inventory is ").append(grace.toMinutes())
          .append(" min old: the bucket does not hold the bytes the export wrote)");
    }
    m.append(". Inventory written ").append(since.toMinutes()).append(" min ago; the inventory's event is redelivered"
        + " until the copy catches up. If objects stay missing, check the transfer from S3, then re-copy the inventory"
        + " (its new event loads the export).");
    return m.toString();
  }

  static String named(List<?> items) {
    List<?> shown = items.subList(0, Math.min(NAMED, items.size()));
    StringBuilder b = new StringBuilder();
    for (Object o : shown) {
      b.append(b.length() == 0 ? "" : ", ").append(o);
    }
    if (items.size() > NAMED) {
      b.append(" and ").append(items.size() - NAMED).append(" more");
    }
    return b.toString();
  }
}
