package dev.snaplake.local;

import dev.snaplake.core.naming.ObjectId;
import dev.snaplake.core.port.RawLoad;
import dev.snaplake.core.types.ColumnEvolution;
import dev.snaplake.core.types.RawColumn;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Brings a raw table to the schema of the snapshot being loaded, inside the load's transaction,
 * by the rules both warehouses share ({@link ColumnEvolution}): a missing table is created; a new
 * column is added (older snapshots read NULL); a column the snapshot no longer has stays and reads
 * NULL in it; a column whose type widens is altered, its stored values kept exact; an
 * incompatible change refuses the snapshot, and the caller's rollback leaves the table as it was.
 */
final class RawTableSchema {
  private RawTableSchema() {}

  /** A column as the table has it: DuckDB type and comment. */
  private record Stored(String name, String duckType, String comment) {}

  /**
   * Creates or evolves the table.
   *
   * @return lower-case column name → the column as the table stores it after this call, for
   *     every column of the load's schema
   * @throws WarehouseException when a column changes incompatibly (the snapshot is quarantined)
   */
  static Map<String, RawColumn> apply(Connection c, RawLoad load) throws SQLException {
    ObjectId t = load.table();
    Map<String, Stored> existing = stored(c, t);
    Map<String, RawColumn> result = new LinkedHashMap<>();
    try (Statement s = c.createStatement()) {
      if (existing.isEmpty()) {
        String columns = load.schema().columns().stream()
            .map(col -> DuckDbDialect.quote(col.name()) + " " + DuckDbTypes.of(col))
            .collect(Collectors.joining(", "));
        s.execute("CREATE TABLE " + DuckDbDialect.quote(t) + " (" + DuckDbDialect.SNAPSHOT_COLUMN + " DATE NOT NULL, "
            + columns + ")");
        for (RawColumn col : load.schema().columns()) {
          mark(s, t, col);
          result.put(key(col.name()), col);
        }
        return result;
      }
      for (RawColumn incoming : load.schema().columns()) {
        Stored have = existing.get(key(incoming.name()));
        if (have == null) {
          s.execute("ALTER TABLE " + DuckDbDialect.quote(t) + " ADD COLUMN " + DuckDbDialect.quote(incoming.name()) + " "
              + DuckDbTypes.of(incoming));
          mark(s, t, incoming);
          result.put(key(incoming.name()), incoming);
          continue;
        }
        RawColumn stored = DuckDbTypes.natural(have.name(), have.duckType(), have.comment())
            .orElseThrow(() -> new WarehouseException(DuckDbWarehouse.where(load) + ": column " + have.name()
                + " is stored as " + have.duckType() + ", a type snaplake does not create (was the table made by hand?);"
                + " nothing was changed. Rename or drop " + t + " so the next load creates it again"));
        ColumnEvolution e = ColumnEvolution.of(stored, incoming);
        switch (e.kind()) {
          case SAME, FITS -> result.put(key(incoming.name()), e.result());
          case WIDENS -> {
            widen(s, t, stored, e.result());
            result.put(key(incoming.name()), e.result());
          }
          case INCOMPATIBLE -> throw new WarehouseException(
              DuckDbWarehouse.where(load) + ": " + e.reason() + ". This snapshot of the table is quarantined; nothing"
                  + " was changed and the earlier snapshots are as they were. Change the column back in the source,"
                  + " or rename " + t + " so the next load starts a new table from this snapshot");
        }
      }
    }
    return result;
  }

  /** ALTER … SET DATA TYPE, rewriting stored values where the new type is text. */
  private static void widen(Statement s, ObjectId t, RawColumn from, RawColumn to) throws SQLException {
    String col = DuckDbDialect.quote(from.name());
    String sql = "ALTER TABLE " + DuckDbDialect.quote(t) + " ALTER COLUMN " + col + " SET DATA TYPE " + DuckDbTypes.of(to);
    if (DuckDbTypes.isDecimalText(to)) {
      String text = DuckDbTypes.isDecimalText(from) ? col : "CAST(" + col + " AS VARCHAR)";
      sql += " USING " + (to.precision() > 0 ? DecimalText.padded(text, to.scale()) : text);
    }
    s.execute(sql);
    mark(s, t, to);
  }

  private static void mark(Statement s, ObjectId t, RawColumn c) throws SQLException {
    Optional<String> marker = DuckDbTypes.marker(c);
    if (marker.isPresent()) {
      s.execute("COMMENT ON COLUMN " + DuckDbDialect.quote(t) + "." + DuckDbDialect.quote(c.name()) + " IS "
          + DuckDbDialect.literal(marker.get()));
    }
  }

  private static Map<String, Stored> stored(Connection c, ObjectId t) throws SQLException {
    Map<String, Stored> columns = new LinkedHashMap<>();
    try (PreparedStatement p = c.prepareStatement(
        "SELECT column_name, data_type, column_comment FROM information_schema.columns"
            + " WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position")) {
      p.setString(1, t.dataset());
      p.setString(2, t.name());
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          if (!r.getString(1).equals(DuckDbDialect.SNAPSHOT_COLUMN)) {
            columns.put(key(r.getString(1)), new Stored(r.getString(1), r.getString(2), r.getString(3)));
          }
        }
      }
    }
    return columns;
  }

  private static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
