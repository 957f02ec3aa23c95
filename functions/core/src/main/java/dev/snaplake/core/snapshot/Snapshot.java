package dev.snaplake.core.snapshot;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * One daily state of the source database. Raw tables keep one partition per snapshot and
 * every managed object is pinned to exactly one.
 */
public record Snapshot(LocalDate date) implements Comparable<Snapshot> {
  private static final DateTimeFormatter PARTITION = DateTimeFormatter.BASIC_ISO_DATE;

  public Snapshot {
    Objects.requireNonNull(date, "date");
  }

  /** Parses {@code 2026-11-25} or {@code 20261125}. */
  public static Snapshot parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("snapshot is empty; expected a date like 2026-11-25");
    }
    try {
      return new Snapshot(
          text.length() == 8 ? LocalDate.parse(text, PARTITION) : LocalDate.parse(text));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "snapshot '" + text + "' is not a date; expected a date like 2026-11-25", e);
    }
  }

  /** The partition decorator suffix, e.g. {@code 20261125}. */
  public String partitionId() {
    return date.format(PARTITION);
  }

  @Override
  public int compareTo(Snapshot other) {
    return date.compareTo(other.date);
  }

  @Override
  public String toString() {
    return date.toString();
  }
}
