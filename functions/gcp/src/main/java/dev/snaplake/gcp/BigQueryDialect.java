package dev.snaplake.gcp;

import dev.snaplake.core.catalog.SqlDialect;
import dev.snaplake.core.naming.ObjectId;
import dev.snaplake.core.snapshot.Snapshot;

/**
 * BigQuery names, fully qualified with the project. A raw table read at a snapshot is its
 * ingestion-time partition for that day, so a model never mixes two snapshots:
 * {@code (SELECT * FROM `p.raw.t` WHERE _PARTITIONDATE = DATE '2026-11-24')}.
 */
public final class BigQueryDialect implements SqlDialect {
  private final String project;

  public BigQueryDialect(String project) {
    this.project = BigQuerySql.project(project);
  }

  @Override
  public String rawAt(ObjectId rawTable, Snapshot snapshot) {
    return "(SELECT * FROM " + BigQuerySql.table(project, rawTable) + " WHERE _PARTITIONDATE = DATE '" + snapshot + "')";
  }

  @Override
  public String object(ObjectId id) {
    return BigQuerySql.table(project, id);
  }
}
