package dev.snaplake.compiler;

import dev.snaplake.core.naming.ObjectId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The schemas of the raw tables, which the compiler checks models against: from a schema file
 * ({@link SchemaFile}) or from an RDS export's {@code export_tables_info} ({@link ExportSchemas}).
 */
final class RawSchemas {
  /** One raw table: its columns, or why it has none ({@code unavailable}, e.g. skipped by the export). */
  record Table(List<TypedColumn> columns, String unavailable) {
    Table {
      columns = List.copyOf(columns);
    }

    boolean available() {
      return unavailable == null;
    }
  }

  /** What the schemas came from, shown in messages. */
  final String source;
  /** A schema file lists every raw table; an export only those of its databases. */
  final boolean complete;
  private final Map<ObjectId, Table> tables;
  private final Set<String> databases = new TreeSet<>();

  RawSchemas(String source, boolean complete, Map<ObjectId, Table> tables) {
    this.source = source;
    this.complete = complete;
    this.tables = new TreeMap<>(tables);
    tables.keySet().forEach(id -> databases.add(database(id)));
  }

  /**
   * Reads a schema file or an export folder; problems go to {@code out}. Null when nothing could
   * be read.
   */
  static RawSchemas read(Path path, String rawDataset, List<Diagnostic> out) {
    if (Files.isDirectory(path)) {
      return ExportSchemas.read(path, rawDataset, out);
    }
    return SchemaFile.read(path, rawDataset, out);
  }

  Optional<Table> table(ObjectId id) {
    return Optional.ofNullable(tables.get(id));
  }

  /** Whether a raw table missing from these schemas exists nowhere (rather than in a source they do not cover). */
  boolean covers(ObjectId raw) {
    return complete || databases.contains(database(raw));
  }

  Set<ObjectId> tableIds() {
    return tables.keySet();
  }

  /** Raw tables are named {@code <database>__<table>} or {@code <database>__<schema>__<table>}. */
  private static String database(ObjectId raw) {
    int cut = raw.name().indexOf("__");
    return cut < 0 ? raw.name() : raw.name().substring(0, cut);
  }
}
