package dev.snaplake.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The Parquet part files of one table's snapshot, checked before anything is loaded: every part
 * is a readable Parquet file and all share one schema. DuckDB's own errors name no file, or only
 * the first one it met; these name the object and say what to do.
 */
final class ParquetParts {
  /** What to do about a part that cannot be read: it is bad in the bucket, not in the source. */
  static final String RECOPY =
      "copy the object again from the S3 export (delete it here and re-run the transfer) or re-export the snapshot";

  private final List<String> uris;
  private final Map<String, String> duckTypes;
  private final Map<String, Long> footerRows;

  private ParquetParts(List<String> uris, Map<String, String> duckTypes, Map<String, Long> footerRows) {
    this.uris = List.copyOf(uris);
    this.duckTypes = duckTypes;
    this.footerRows = footerRows;
  }

  /**
   * Reads the footers of every part (no data pages).
   *
   * @throws WarehouseException naming the first part that is empty, unreadable or shaped unlike
   *     the first part
   */
  static ParquetParts inspect(Connection c, List<String> uris) throws SQLException {
    for (String uri : uris) {
      long size;
      try {
        size = Files.size(Path.of(uri));
      } catch (IOException e) {
        throw new WarehouseException(uri + " cannot be read (" + e.getMessage() + "): " + RECOPY);
      }
      if (size == 0) {
        throw new WarehouseException(
            uri + " is empty (0 bytes), not a Parquet file; the copy was probably cut short: " + RECOPY);
      }
    }
    Map<String, Map<String, String>> schemas = schemas(c, uris);
    String first = uris.get(0);
    Map<String, String> expected = schemas.get(first);
    for (String uri : uris.subList(1, uris.size())) {
      differenceFrom(uri, schemas.get(uri), first, expected).ifPresent(d -> {
        throw new WarehouseException(
            d + ". The parts of one table must share one schema: this object does not belong with the others;"
                + " delete it if it is stray, or re-export the snapshot");
      });
    }
    Map<String, Long> rows = new LinkedHashMap<>();
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT file_name, num_rows FROM parquet_file_metadata(" + list(uris) + ")")) {
      while (r.next()) {
        rows.put(r.getString(1), r.getLong(2));
      }
    }
    Map<String, String> types = new LinkedHashMap<>();
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery("DESCRIBE SELECT * FROM " + scan(uris))) {
      while (r.next()) {
        types.put(r.getString(1).toLowerCase(Locale.ROOT), r.getString(2));
      }
    }
    return new ParquetParts(uris, types, rows);
  }

  /** {@code read_parquet([...])}: the parts as one relation. */
  static String scan(List<String> uris) {
    return "read_parquet(" + list(uris) + ")";
  }

  String scan() {
    return scan(uris);
  }

  /** Lower-case column name → the DuckDB type it reads as. */
  Map<String, String> duckTypes() {
    return duckTypes;
  }

  long footerRows() {
    return footerRows.values().stream().mapToLong(Long::longValue).sum();
  }

  int count() {
    return uris.size();
  }

  /** Per part, rows its footer promises and rows it holds; only the parts that disagree. */
  String rowMismatches(Connection c) throws SQLException {
    Map<String, Long> held = new LinkedHashMap<>();
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery(
            "SELECT filename, count(*) FROM read_parquet(" + list(uris) + ", filename = true) GROUP BY filename")) {
      while (r.next()) {
        held.put(r.getString(1), r.getLong(2));
      }
    }
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, Long> e : footerRows.entrySet()) {
      long n = held.getOrDefault(e.getKey(), 0L);
      if (n != e.getValue()) {
        out.add(e.getKey() + " holds " + n + " rows but its footer says " + e.getValue());
      }
    }
    return String.join("; ", out);
  }

  /**
   * After DuckDB failed reading the parts (a corrupt data page names no file): the first part
   * that cannot be read whole, and why.
   */
  Optional<String> unreadable(Connection c) {
    for (String uri : uris) {
      try (Statement s = c.createStatement();
          ResultSet r = s.executeQuery("SELECT count(t) FROM read_parquet(" + DuckDbDialect.literal(uri) + ") t")) {
        r.next();
      } catch (SQLException e) {
        return Optional.of(notReadable(uri, e));
      }
    }
    return Optional.empty();
  }

  /** File → lower-case leaf column name → its Parquet type; the unreadable part is named. */
  private static Map<String, Map<String, String>> schemas(Connection c, List<String> uris) throws SQLException {
    String sql =
        "SELECT file_name, name, type, type_length, converted_type, scale, precision, logical_type"
            + " FROM parquet_schema(" + list(uris) + ") WHERE type IS NOT NULL"; // leaves only: no groups
    Map<String, Map<String, String>> out = new LinkedHashMap<>();
    try {
      try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
        while (r.next()) {
          out.computeIfAbsent(r.getString(1), k -> new LinkedHashMap<>())
              .put(r.getString(2).toLowerCase(Locale.ROOT), parquetType(r));
        }
      }
    } catch (SQLException all) {
      // DuckDB stops at the first bad footer: find it, one part at a time.
      for (String uri : uris) {
        try (PreparedStatement p = c.prepareStatement("SELECT count(*) FROM parquet_schema(?)")) {
          p.setString(1, uri);
          p.executeQuery().close();
        } catch (SQLException e) {
          throw new WarehouseException(notReadable(uri, e), e);
        }
      }
      throw all;
    }
    for (String uri : uris) {
      out.putIfAbsent(uri, Map.of());
    }
    return out;
  }

  private static String notReadable(String uri, SQLException e) {
    return uri + " is not a readable Parquet file (" + cause(e, uri) + "): " + RECOPY;
  }

  /** DuckDB's message, first line, without its error class and the file name we already give. */
  private static String cause(SQLException e, String uri) {
    String m = e.getMessage() == null ? "" : e.getMessage();
    int nl = m.indexOf('\n');
    m = nl < 0 ? m : m.substring(0, nl);
    int colon = m.indexOf("Error: ");
    m = colon < 0 ? m : m.substring(colon + "Error: ".length());
    return m.replace(" '" + uri + "'", "").trim();
  }

  private static Optional<String> differenceFrom(
      String uri, Map<String, String> schema, String firstUri, Map<String, String> first) {
    for (Map.Entry<String, String> col : schema.entrySet()) {
      String there = first.get(col.getKey());
      if (there == null) {
        return Optional.of(uri + " has column " + col.getKey() + " (" + col.getValue() + ") that " + firstUri + " does not have");
      }
      if (!there.equals(col.getValue())) {
        return Optional.of(uri + " has column " + col.getKey() + " as " + col.getValue() + " but " + firstUri + " has it as " + there);
      }
    }
    for (Map.Entry<String, String> col : first.entrySet()) {
      if (!schema.containsKey(col.getKey())) {
        return Optional.of(uri + " lacks column " + col.getKey() + " (" + col.getValue() + ") that " + firstUri + " has");
      }
    }
    return Optional.empty();
  }

  /** e.g. {@code BYTE_ARRAY}, {@code BYTE_ARRAY UTF8}, {@code FIXED_LEN_BYTE_ARRAY(9) DECIMAL(20,0)}. */
  private static String parquetType(ResultSet r) throws SQLException {
    StringBuilder t = new StringBuilder(r.getString(3));
    String length = r.getString(4);
    if (length != null) {
      t.append('(').append(length).append(')');
    }
    String converted = r.getString(5);
    if ("DECIMAL".equals(converted)) {
      t.append(" DECIMAL(").append(r.getLong(7)).append(',').append(r.getLong(6)).append(')');
    } else if (converted != null) {
      t.append(' ').append(converted);
    } else if (r.getString(8) != null) {
      t.append(' ').append(r.getString(8));
    }
    return t.toString();
  }

  private static String list(List<String> uris) {
    return uris.stream().map(DuckDbDialect::literal).collect(Collectors.joining(", ", "[", "]"));
  }
}
