package dev.snaplake.gcp;

import dev.snaplake.core.catalog.ManagedObject;
import dev.snaplake.core.catalog.Materialization;
import dev.snaplake.core.catalog.OutputColumn;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one statement that rebuilds a model with everything its manifest entry says:
 *
 * <pre>
 * CREATE OR REPLACE VIEW|TABLE `p.ds.name` [(column list)]
 * [PARTITION BY …] [CLUSTER BY …]      -- tables only
 * OPTIONS(description=…, labels=[…])
 * AS &lt;query&gt;
 * </pre>
 *
 * Column descriptions go into the column list when the compiler gave the output schema (a view's
 * list names every column in order; a table's also needs each type). Without a schema they cannot:
 * {@link #describesColumnsAfter()} then says one tables.patch must set them on the schema
 * BigQuery reports — never one ALTER per column, as BigQuery allows about 5 metadata updates per
 * 10 s per table.
 *
 * <p>Every check runs here, before anything is sent.
 */
final class ModelDdl {
  private final String sql;
  private final boolean describesColumnsAfter;

  private ModelDdl(String sql, boolean describesColumnsAfter) {
    this.sql = sql;
    this.describesColumnsAfter = describesColumnsAfter;
  }

  /**
   * The DDL for {@code o} at {@code target} ({@code `p.ds.name`}) with its query already rendered
   * and its labels checked.
   */
  static ModelDdl of(ManagedObject o, String target, String query, Map<String, String> labels) {
    boolean view = o.materialization() == Materialization.VIEW;
    if (view) {
      TableLayoutSql.refuseOnView(o);
    }
    if (o.description().length() > BigQuerySql.MAX_DESCRIPTION) {
      throw new IllegalArgumentException(o.id() + " (" + o.file() + "): description has " + o.description().length()
          + " characters; BigQuery allows " + BigQuerySql.MAX_DESCRIPTION);
    }
    ColumnDescriptions descriptions = ColumnDescriptions.of(o);
    Optional<String> columnList =
        descriptions.isEmpty() || o.schema().isEmpty() ? Optional.empty() : columnList(o, descriptions, view);
    StringBuilder ddl = new StringBuilder("CREATE OR REPLACE ").append(view ? "VIEW" : "TABLE").append(' ').append(target);
    columnList.ifPresent(ddl::append);
    ddl.append(TableLayoutSql.of(o));
    ddl.append("\nOPTIONS(");
    if (!o.description().isEmpty()) {
      ddl.append("\n  description=").append(BigQuerySql.string(o.description())).append(',');
    }
    ddl.append("\n  labels=").append(BigQuerySql.labels(labels)).append("\n)\nAS\n").append(query.strip());
    return new ModelDdl(ddl.toString(), !descriptions.isEmpty() && columnList.isEmpty());
  }

  String sql() {
    return sql;
  }

  /** Whether the column descriptions are left for one tables.patch after the statement. */
  boolean describesColumnsAfter() {
    return describesColumnsAfter;
  }

  /**
   * {@code (`a`, `b` OPTIONS(description="…"))} for a view, {@code (`a` INT64, …)} for a table;
   * empty when a table column's type cannot be declared (an unnamed STRUCT field).
   */
  private static Optional<String> columnList(ManagedObject o, ColumnDescriptions descriptions, boolean view) {
    Map<String, String> described =
        descriptions.forColumns(o.schema().stream().map(OutputColumn::name).toList(), false);
    List<String> columns = new ArrayList<>();
    for (OutputColumn c : o.schema()) {
      StringBuilder column = new StringBuilder(BigQuerySql.column(c.name()));
      if (!view) {
        Optional<String> type;
        try {
          type = ColumnTypeSql.of(c.type());
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(o.id() + " (" + o.file() + "): the manifest gives column " + c.name()
              + " the type " + c.type() + ", which is not GoogleSQL type syntax (" + e.getMessage()
              + "). Compile sql/ again (snaplake compile).", e);
        }
        if (type.isEmpty()) {
          return Optional.empty(); // BigQuery names unnamed fields itself: describe after instead
        }
        column.append(' ').append(type.get());
      }
      String d = described.get(c.name());
      if (d != null) {
        column.append(" OPTIONS(description=").append(BigQuerySql.string(d)).append(')');
      }
      columns.add(column.toString());
    }
    return Optional.of(" (\n  " + String.join(",\n  ", columns) + "\n)");
  }
}
