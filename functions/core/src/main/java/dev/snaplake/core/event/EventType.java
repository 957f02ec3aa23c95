package dev.snaplake.core.event;

/** The CloudEvent types snaplake publishes on {@code snaplake-events}; see docs/EVENTS.md. */
public final class EventType {
  public static final String PREFIX = "dev.snaplake.";
  public static final String TABLE_LOADED = PREFIX + "table.loaded";
  public static final String TABLE_QUARANTINED = PREFIX + "table.quarantined";
  public static final String EXPORT_LOADED = PREFIX + "export.loaded";
  public static final String OBJECT_REBUILT = PREFIX + "object.rebuilt";
  public static final String OBJECT_FAILED = PREFIX + "object.failed";
  public static final String OBJECT_HELD = PREFIX + "object.held";
  public static final String OBJECT_PRUNED = PREFIX + "object.pruned";

  /** Every payload carries its schema version; a consumer refuses a major version it does not know. */
  public static final int SCHEMA_VERSION = 1;

  private EventType() {}
}
