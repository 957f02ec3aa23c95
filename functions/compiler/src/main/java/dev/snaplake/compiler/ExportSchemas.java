package dev.snaplake.compiler;

import dev.snaplake.core.export.ColumnMapping;
import dev.snaplake.core.export.ExportInfo;
import dev.snaplake.core.export.ExportMetadataException;
import dev.snaplake.core.export.ExportObjectKey;
import dev.snaplake.core.export.ExportObjectKind;
import dev.snaplake.core.export.ExportTablesInfo;
import dev.snaplake.core.export.TableExportStatus;
import dev.snaplake.core.naming.Identifiers;
import dev.snaplake.core.naming.ObjectId;
import dev.snaplake.core.naming.SourceTable;
import dev.snaplake.core.types.RawColumn;
import dev.snaplake.core.types.TypeMapping;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Raw schemas from RDS snapshot exports: every {@code export_tables_info_*.json} under a folder
 * (one export, or a bucket folder holding several), each table's columns mapped to their natural
 * BigQuery types exactly as the loader maps them ({@link TypeMapping}). A table the loader would
 * not load (skipped or failed by the export, no type mappings, a column it cannot name or type)
 * is kept with the reason, so that models reading it are reported as not checked. Where several
 * exports hold one table, the one with the latest snapshot that loaded it wins, as in the warehouse.
 */
final class ExportSchemas {
  private ExportSchemas() {}

  /** One export found under the folder: its root, snapshot time (if export_info says) and parts. */
  private record Export(String root, Instant snapshotTime, List<Path> tablesInfo) {}

  static RawSchemas read(Path dir, String rawDataset, List<Diagnostic> out) {
    Map<String, Export> exports = new TreeMap<>();
    // keys start with the folder's own name, so that it may be one export's folder or hold several
    Path base = dir.toAbsolutePath().normalize().getParent() == null ? dir.toAbsolutePath() : dir.toAbsolutePath().normalize().getParent();
    try (Stream<Path> walk = Files.walk(dir.toAbsolutePath().normalize())) {
      for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
        String key = base.relativize(p).toString().replace('\\', '/');
        ExportObjectKey k = ExportObjectKey.parse(key);
        if (k.kind() == ExportObjectKind.TABLES_INFO) {
          exports.computeIfAbsent(k.exportRoot(), r -> new Export(r, null, new ArrayList<>())).tablesInfo().add(p);
        } else if (k.kind() == ExportObjectKind.EXPORT_INFO) {
          Instant time = snapshotTime(p, out);
          Export e = exports.get(k.exportRoot());
          exports.put(k.exportRoot(), new Export(k.exportRoot(), time, e == null ? new ArrayList<>() : e.tablesInfo()));
        }
      }
    } catch (IOException e) {
      out.add(Diagnostic.error(dir.toString(), 1, 1, "cannot read the export folder: " + e.getMessage(), ""));
      return null;
    }
    List<Export> found = exports.values().stream().filter(e -> !e.tablesInfo().isEmpty())
        .sorted(Comparator.comparing((Export e) -> e.snapshotTime() == null ? Instant.MIN : e.snapshotTime())
            .thenComparing(Export::root))
        .toList();
    if (found.isEmpty()) {
      out.add(Diagnostic.error(dir.toString(), 1, 1, "no export_tables_info_*.json under " + dir,
          "pass --schemas an RDS export folder (or a folder holding exports), or a JSON schema file (docs/MODELS.md)"));
      return null;
    }
    Map<ObjectId, RawSchemas.Table> tables = new LinkedHashMap<>();
    boolean failed = false;
    for (Export e : found) { // oldest first: a later snapshot replaces a table
      for (Path part : e.tablesInfo()) {
        ExportTablesInfo info;
        try {
          info = ExportTablesInfo.parse(Files.readAllBytes(part), part.toString(), 0, 0);
        } catch (IOException | ExportMetadataException ex) {
          out.add(Diagnostic.error(part.toString(), 1, 1, "cannot read export metadata: " + ex.getMessage(),
              "point --schemas at a complete export"));
          failed = true;
          continue;
        }
        for (TableExportStatus t : info.tables()) {
          SourceTable source;
          ObjectId raw;
          try {
            source = SourceTable.parseTarget(t.target());
            raw = source.rawTable(rawDataset);
          } catch (IllegalArgumentException ex) {
            continue; // the loader cannot name it, so no model can read it
          }
          RawSchemas.Table table = table(source, t);
          RawSchemas.Table earlier = tables.get(raw);
          if (table.available() || earlier == null || !earlier.available()) { // a skipped table keeps its last loaded schema
            tables.put(raw, table);
          }
        }
      }
    }
    return failed ? null : new RawSchemas(dir.toString(), false, tables);
  }

  /** The columns as the loader loads them, or why it does not. */
  private static RawSchemas.Table table(SourceTable source, TableExportStatus t) {
    if (!t.isComplete()) {
      return new RawSchemas.Table(List.of(), "the export has it " + t.status()
          + (t.warningMessage() == null ? "" : " (" + t.warningMessage() + ")"));
    }
    if (t.columns().isEmpty()) {
      return new RawSchemas.Table(List.of(), "its export_tables_info entry has no originalTypeMappings");
    }
    List<TypedColumn> columns = new ArrayList<>();
    for (ColumnMapping m : t.columns()) {
      if (!Identifiers.isColumn(m.columnName())) {
        return new RawSchemas.Table(List.of(), "column " + Identifiers.show(m.columnName())
            + " is not a valid BigQuery column name, so the loader quarantines it");
      }
      try {
        RawColumn c = TypeMapping.naturalColumn(source.engine(), m);
        columns.add(new TypedColumn(c.name(), ColumnType.simple(c.type().sqlName())));
      } catch (IllegalArgumentException ex) {
        return new RawSchemas.Table(List.of(), ex.getMessage());
      }
    }
    return new RawSchemas.Table(columns, null);
  }

  private static Instant snapshotTime(Path exportInfo, List<Diagnostic> out) {
    try {
      return ExportInfo.parse(Files.readAllBytes(exportInfo), exportInfo.toString()).snapshotTime();
    } catch (IOException | ExportMetadataException e) {
      out.add(Diagnostic.warning(exportInfo.toString(), 1, 1, "cannot read export_info: " + e.getMessage(),
          "exports are ordered by folder name instead of snapshot time"));
      return null;
    }
  }
}
