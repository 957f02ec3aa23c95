package dev.snaplake.core.build;

import dev.snaplake.core.naming.ObjectId;
import dev.snaplake.core.snapshot.Snapshot;

/** What the builder did with one object for one snapshot. */
public record BuildOutcome(ObjectId object, Snapshot snapshot, Status status, String detail, long millis) {
  public enum Status {
    REBUILT,
    /** Already at this snapshot with this definition: nothing to do. */
    CURRENT,
    /** Some input is not at the snapshot yet; a later event will bring it. */
    WAITING,
    /** An input failed or was skipped for this snapshot: stays at its previous snapshot. */
    HELD,
    /** The object already reflects a newer snapshot; a late event never moves it back. */
    NEWER,
    FAILED
  }
}
