package dev.snaplake.core.export;

/** What an object under an export prefix is. */
public enum ExportObjectKind {
  EXPORT_INFO,
  TABLES_INFO,
  DATA,
  SUCCESS_MARKER,
  /** Anything else: ignored, never loaded. */
  OTHER
}
