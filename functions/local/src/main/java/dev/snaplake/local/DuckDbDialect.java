package dev.snaplake.local;

import dev.snaplake.core.catalog.SqlDialect;
import dev.snaplake.core.naming.ObjectId;
import dev.snaplake.core.snapshot.Snapshot;

/** Raw tables keep every snapshot in a {@code _snapshot} column; a pinned read filters on it. */
final class DuckDbDialect implements SqlDialect {
  static final String SNAPSHOT_COLUMN = "_snapshot";

  @Override
  public String rawAt(ObjectId rawTable, Snapshot snapshot) {
    return "(SELECT * EXCLUDE (" + SNAPSHOT_COLUMN + ") FROM " + quote(rawTable) + " WHERE " + SNAPSHOT_COLUMN
        + " = DATE '" + snapshot + "')";
  }

  @Override
  public String object(ObjectId id) {
    return quote(id);
  }

  static String quote(ObjectId id) {
    return "\"" + id.dataset() + "\".\"" + id.name() + "\"";
  }

  static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  static String literal(String s) {
    return "'" + s.replace("'", "''") + "'";
  }
}
