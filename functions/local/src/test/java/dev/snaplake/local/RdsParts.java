package dev.snaplake.local;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.snaplake.core.export.ColumnMapping;
import dev.snaplake.core.export.ExportTablesInfo;
import dev.snaplake.core.naming.SourceTable;
import dev.snaplake.core.port.RawLoad;
import dev.snaplake.core.snapshot.Snapshot;
import dev.snaplake.core.types.RawSchema;
import dev.snaplake.core.types.TypeMapping;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Test support: part files of an RDS export written by DuckDB's Parquet writer in the shape RDS
 * gives each source type (FACTS.md, "MySQL → Parquet", "PostgreSQL → Parquet"), and the raw
 * schema the loader derives from the export's {@code originalTypeMappings}, parsed and mapped by
 * the real core code.
 */
final class RdsParts implements AutoCloseable {
  /** One {@code originalTypeMappings} entry. */
  record Column(String name, String originalType, String exportedType, int charMaxLength, int precision, int scale,
      int dateTimePrecision) {
    static Column of(String name, String originalType, String exportedType) {
      return new Column(name, originalType, exportedType, 0, 0, 0, 0);
    }

    Column precision(int p, int s) {
      return new Column(name, originalType, exportedType, charMaxLength, p, s, dateTimePrecision);
    }

    Column length(int n) {
      return new Column(name, originalType, exportedType, n, precision, scale, dateTimePrecision);
    }

    Column fractionDigits(int n) {
      return new Column(name, originalType, exportedType, charMaxLength, precision, scale, n);
    }
  }

  private final Path root;
  private final Connection duck;

  RdsParts(Path root) throws SQLException {
    this.root = root;
    this.duck = DriverManager.getConnection("jdbc:duckdb:");
    try (Statement s = duck.createStatement()) {
      s.execute("SET TimeZone = 'UTC'");
    }
  }

  /**
   * Writes part {@code index} of batch 1 of {@code target} in export {@code exportId}, as
   * {@code COPY (select) TO … (FORMAT parquet, COMPRESSION gzip)}; the path has RDS's layout.
   */
  Path part(String exportId, String target, int index, String select) throws IOException, SQLException {
    SourceTable t = SourceTable.parseTarget(target);
    String folder = t.isMysqlStyle() ? t.database() + "." + t.table() : t.schema() + "." + t.table();
    Path dir = Files.createDirectories(root.resolve(exportId).resolve(t.database()).resolve(folder).resolve("1"));
    UUID uuid = UUID.nameUUIDFromBytes((exportId + target + index).getBytes(StandardCharsets.UTF_8));
    Path file = dir.resolve(String.format(Locale.ROOT, "part-%05d-%s.gz.parquet", index, uuid));
    try (Statement s = duck.createStatement()) {
      s.execute("COPY (" + select + ") TO " + DuckDbDialect.literal(file.toString()) + " (FORMAT parquet, COMPRESSION gzip)");
    }
    return file;
  }

  /**
   * How a column is written: physical type, then the annotation that changes how it reads
   * ({@code UTF8}, {@code DECIMAL(p,s)}, {@code TIMESTAMP_MICROS}); integer width annotations
   * are left out. e.g. {@code BYTE_ARRAY} (no string annotation) or {@code INT64 TIMESTAMP_MICROS}.
   */
  String shape(Path file, String column) throws SQLException {
    try (PreparedStatement p = duck.prepareStatement(
        "SELECT type, converted_type, precision, scale FROM parquet_schema(?) WHERE name = ?")) {
      p.setString(1, file.toString());
      p.setString(2, column);
      try (ResultSet r = p.executeQuery()) {
        if (!r.next()) {
          throw new AssertionError(file + " has no column " + column);
        }
        String type = r.getString(1);
        String converted = r.getString(2);
        if ("DECIMAL".equals(converted)) {
          return type + " DECIMAL(" + r.getLong(3) + "," + r.getLong(4) + ")";
        }
        return converted == null || converted.startsWith("INT_") ? type : type + " " + converted;
      }
    }
  }

  /** Rows the footer of a file promises. */
  long footerRows(Path file) throws SQLException {
    try (PreparedStatement p = duck.prepareStatement("SELECT num_rows FROM parquet_file_metadata(?)")) {
      p.setString(1, file.toString());
      try (ResultSet r = p.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  /**
   * The raw schema of {@code target} as the loader builds it: an {@code export_tables_info} part
   * holding these {@code originalTypeMappings}, parsed by core, each column typed by
   * {@link TypeMapping#naturalColumn} for the target's engine.
   */
  static RawSchema schema(String target, Column... columns) {
    JsonArray mappings = new JsonArray();
    for (Column c : columns) {
      JsonObject m = new JsonObject();
      m.addProperty("columnName", c.name());
      m.addProperty("originalType", c.originalType());
      m.addProperty("expectedExportedType", c.exportedType());
      m.addProperty("originalCharMaxLength", c.charMaxLength());
      m.addProperty("originalNumPrecision", c.precision());
      m.addProperty("originalNumScale", c.scale());
      m.addProperty("originalDateTimePrecision", c.dateTimePrecision());
      mappings.add(m);
    }
    JsonObject schemaMetadata = new JsonObject();
    schemaMetadata.add("originalTypeMappings", mappings);
    JsonObject table = new JsonObject();
    table.addProperty("target", target);
    table.addProperty("status", "COMPLETE");
    table.add("schemaMetadata", schemaMetadata);
    JsonArray per = new JsonArray();
    per.add(table);
    JsonObject doc = new JsonObject();
    doc.add("perTableStatus", per);
    ExportTablesInfo info = ExportTablesInfo.parse(
        doc.toString().getBytes(StandardCharsets.UTF_8), "export_tables_info_test_from_0_to_0.json", 0, 0);
    List<dev.snaplake.core.types.RawColumn> raw = new ArrayList<>();
    for (ColumnMapping m : info.tables().get(0).columns()) {
      raw.add(TypeMapping.naturalColumn(SourceTable.parseTarget(target).engine(), m));
    }
    return new RawSchema(raw);
  }

  /** The load the ingestion would ask for: these files as snapshot {@code day} of the target's raw table. */
  static RawLoad load(String target, String day, RawSchema schema, List<Path> files, String jobId) {
    return new RawLoad(SourceTable.parseTarget(target).rawTable("raw"), Snapshot.parse(day), schema,
        files.stream().map(Path::toString).toList(), jobId, "export-" + day, target);
  }

  /**
   * Rewrites the row count in a file's footer (FileMetaData.num_rows, Thrift compact field 3,
   * i64) so it promises one row more than the file holds; the row groups are left as they are.
   * Only for small counts, whose varint is one byte either way.
   */
  static void promiseOneRowMore(Path file, long rows) throws IOException {
    if (rows < 0 || rows > 30) {
      throw new IllegalArgumentException("only 0..30 rows");
    }
    byte[] data = Files.readAllBytes(file);
    int footerLength = (data[data.length - 8] & 0xff) | (data[data.length - 7] & 0xff) << 8
        | (data[data.length - 6] & 0xff) << 16 | (data[data.length - 5] & 0xff) << 24;
    int start = data.length - 8 - footerLength;
    // FileMetaData: 1 version (i32), 2 schema (list), 3 num_rows (i64): header byte 0x16, then zigzag(rows).
    // The first 0x16 followed by zigzag(rows) after the schema is num_rows; the row groups come after it.
    for (int i = start; i < data.length - 9; i++) {
      if (data[i] == 0x16 && data[i + 1] == (byte) (rows * 2)) {
        data[i + 1] = (byte) ((rows + 1) * 2);
        Files.write(file, data);
        return;
      }
    }
    throw new IllegalStateException("no num_rows field found in the footer of " + file);
  }

  @Override
  public void close() throws SQLException {
    duck.close();
  }
}
