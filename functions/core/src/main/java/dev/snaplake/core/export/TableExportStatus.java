package dev.snaplake.core.export;

import java.util.List;

/** One {@code perTableStatus} entry of {@code export_tables_info}. */
public record TableExportStatus(
    String target,
    String status,
    double sizeGB,
    int numberOfPartitions,
    List<ColumnMapping> columns,
    String warningMessage) {
  public TableExportStatus {
    columns = List.copyOf(columns);
  }

  public boolean isComplete() {
    return "COMPLETE".equals(status);
  }
}
