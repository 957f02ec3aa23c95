package dev.snaplake.core.types;

/** The database engine behind an export; it decides how original types are read. */
public enum SourceEngine {
  MYSQL,
  POSTGRESQL;

  /** RDS ARNs do not say the engine; export targets do: three parts means PostgreSQL. */
  public static SourceEngine ofTargetParts(int parts) {
    return parts == 3 ? POSTGRESQL : MYSQL;
  }
}
