package dev.snaplake.gcp;

import dev.snaplake.core.naming.ObjectId;
import dev.snaplake.core.snapshot.Snapshot;
import java.util.List;

/**
 * A snapshot's columns cannot go into the raw table without changing or losing stored values
 * (ColumnEvolution said INCOMPATIBLE). Thrown before any job: the table is left as it was and
 * the caller quarantines the table for that snapshot.
 */
public class IncompatibleRawSchemaException extends RuntimeException {
  private final ObjectId table;
  private final Snapshot snapshot;

  public IncompatibleRawSchemaException(ObjectId table, Snapshot snapshot, List<String> reasons) {
    super(table + " cannot take snapshot " + snapshot + ": " + String.join("; ", reasons) + ". Nothing was changed."
        + " What to do: keep the old type in the source, or move the old data away (rename " + table
        + ") so the next load creates the table afresh with the new types.");
    this.table = table;
    this.snapshot = snapshot;
  }

  public ObjectId table() {
    return table;
  }

  public Snapshot snapshot() {
    return snapshot;
  }
}
