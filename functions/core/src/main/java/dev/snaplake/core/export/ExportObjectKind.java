package dev.snaplake.core.export;

/** What an object under an export prefix is. */
public enum ExportObjectKind {
  EXPORT_INFO,
  TABLES_INFO,
  /** snaplake's list of every object of the export, written by its exporter on AWS. */
  INVENTORY,
  DATA,
  SUCCESS_MARKER,
  /** Anything else: ignored, never loaded. */
  OTHER
}
