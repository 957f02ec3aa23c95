package dev.snaplake.core.catalog;

import dev.snaplake.core.naming.ObjectId;
import dev.snaplake.core.snapshot.Snapshot;

/** How a warehouse names things in SQL. */
public interface SqlDialect {
  /** A FROM-clause expression reading one snapshot of a raw table (no alias). */
  String rawAt(ObjectId rawTable, Snapshot snapshot);

  /** A reference to a managed object, qualified as the warehouse needs. */
  String object(ObjectId id);
}
