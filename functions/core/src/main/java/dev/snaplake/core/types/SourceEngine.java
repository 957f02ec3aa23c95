package dev.snaplake.core.types;

/**
 * The database engine behind an export; it decides how original types are read. RDS ARNs do not
 * say it; export targets do ({@link dev.snaplake.core.naming.SourceTable#engine()}).
 */
public enum SourceEngine {
  MYSQL,
  POSTGRESQL
}
