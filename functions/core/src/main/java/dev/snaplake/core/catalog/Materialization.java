package dev.snaplake.core.catalog;

/** How a managed object is stored: a view (recomputed on read) or a table (computed on rebuild). */
public enum Materialization {
  VIEW,
  TABLE
}
