package dev.snaplake.core.naming;

import java.util.Objects;

/**
 * A table of the source database as RDS names it in an export: {@code db.table} for MySQL
 * (schema == database) or {@code db.schema.table} for PostgreSQL.
 */
public record SourceTable(String database, String schema, String table) {
  public SourceTable {
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(table, "table");
  }

  /** Parses an export target such as {@code app.users} or {@code app.public.users}. */
  public static SourceTable parseTarget(String target) {
    if (target == null || target.isBlank()) {
      throw new InvalidNameException("table target is empty; expected db.table or db.schema.table");
    }
    String[] parts = target.split("\\.", -1);
    if (parts.length == 2) {
      return new SourceTable(parts[0], parts[0], parts[1]);
    }
    if (parts.length == 3) {
      return new SourceTable(parts[0], parts[1], parts[2]);
    }
    throw new InvalidNameException(
        "table target " + Identifiers.show(target)
            + " is not db.table or db.schema.table (a dot in a name cannot be mapped safely)");
  }

  /** MySQL exports name the table folder {@code db.table}; PostgreSQL {@code schema.table}. */
  public boolean isMysqlStyle() {
    return database.equals(schema);
  }

  /** MySQL targets have two parts (schema is the database), PostgreSQL targets three. */
  public dev.snaplake.core.types.SourceEngine engine() {
    return isMysqlStyle() ? dev.snaplake.core.types.SourceEngine.MYSQL : dev.snaplake.core.types.SourceEngine.POSTGRESQL;
  }

  public String target() {
    return isMysqlStyle() ? database + "." + table : database + "." + schema + "." + table;
  }

  /**
   * The raw table name: {@code <db>__<table>} (MySQL) or {@code <db>__<schema>__<table>}
   * (PostgreSQL). Every part is validated; nothing unsafe is ever mapped.
   */
  public ObjectId rawTable(String rawDataset) {
    for (String part : isMysqlStyle() ? new String[] {database, table} : new String[] {database, schema, table}) {
      if (!Identifiers.isTable(part) || part.contains("__")) {
        throw new InvalidNameException(
            "source table " + Identifiers.show(target()) + ": name part " + Identifiers.show(part)
                + " cannot form a BigQuery table name (letters, digits, single underscores only)."
                + " Rename it in the source or exclude it from the export (ExportOnly).");
      }
    }
    String name = isMysqlStyle() ? database + "__" + table : database + "__" + schema + "__" + table;
    return new ObjectId(rawDataset, name);
  }

  @Override
  public String toString() {
    return target();
  }
}
