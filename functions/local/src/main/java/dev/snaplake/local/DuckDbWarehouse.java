package dev.snaplake.local;

import dev.snaplake.core.catalog.ManagedObject;
import dev.snaplake.core.catalog.Materialization;
import dev.snaplake.core.naming.ObjectId;
import dev.snaplake.core.naming.SourceTable;
import dev.snaplake.core.port.LoadRecord;
import dev.snaplake.core.port.ModelBuild;
import dev.snaplake.core.port.RawLoad;
import dev.snaplake.core.port.Warehouse;
import dev.snaplake.core.port.WarehouseObject;
import dev.snaplake.core.snapshot.Snapshot;
import dev.snaplake.core.types.RawColumn;
import dev.snaplake.core.types.SourceEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The embedded default's warehouse: one DuckDB file, a schema per dataset. Raw tables keep every
 * snapshot, told apart by a {@code _snapshot} column (BigQuery uses ingestion-time partitions);
 * what snaplake loaded and built is recorded in the {@code _snaplake} schema, as labels are in
 * BigQuery. One connection, used by one thread at a time.
 */
public final class DuckDbWarehouse implements Warehouse, AutoCloseable {
  private static final String STATE = "_snaplake";
  private final Connection connection;
  private final DuckDbDialect dialect = new DuckDbDialect();
  private final String location;

  private DuckDbWarehouse(Connection connection, String location) {
    this.connection = connection;
    this.location = location;
  }

  /** Opens (or creates) the warehouse file. */
  public static DuckDbWarehouse open(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      return init(DriverManager.getConnection("jdbc:duckdb:" + file.toAbsolutePath()), file.toAbsolutePath().toString());
    } catch (SQLException | java.io.IOException e) {
      throw new WarehouseException(
          "cannot open the DuckDB warehouse " + file + ": " + e.getMessage()
              + " (is another snaplake process using it?)", e);
    }
  }

  /** An in-memory warehouse, for tests. */
  public static DuckDbWarehouse inMemory() {
    try {
      return init(DriverManager.getConnection("jdbc:duckdb:"), ":memory:");
    } catch (SQLException e) {
      throw new WarehouseException("cannot start DuckDB: " + e.getMessage(), e);
    }
  }

  private static DuckDbWarehouse init(Connection c, String location) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("SET TimeZone = 'UTC'");
      s.execute("CREATE SCHEMA IF NOT EXISTS " + STATE);
      s.execute(
          "CREATE TABLE IF NOT EXISTS " + STATE + ".raw_loads (table_id VARCHAR, snapshot DATE, rows BIGINT, bytes BIGINT,"
              + " schema_hash VARCHAR, job_id VARCHAR, export_id VARCHAR, loaded_at TIMESTAMPTZ,"
              + " PRIMARY KEY (table_id, snapshot))");
      s.execute(
          "CREATE TABLE IF NOT EXISTS " + STATE + ".objects (object_id VARCHAR PRIMARY KEY, kind VARCHAR, snapshot DATE,"
              + " content_hash VARCHAR, manifest_hash VARCHAR, labels JSON, description VARCHAR, built_at TIMESTAMPTZ)");
    }
    return new DuckDbWarehouse(c, location);
  }

  public String location() {
    return location;
  }

  /**
   * Loads one snapshot of a raw table in one transaction: the part files are checked first (each
   * readable, one schema), the table is brought to the snapshot's schema ({@link RawTableSchema}),
   * the snapshot's rows are replaced, and the rows loaded must match the Parquet footers. On any
   * failure nothing is changed.
   */
  @Override
  public synchronized LoadRecord loadRaw(RawLoad load) {
    ObjectId t = load.table();
    try {
      ParquetParts parts = null;
      if (!load.fileUris().isEmpty()) {
        try {
          parts = ParquetParts.inspect(connection, load.fileUris());
        } catch (WarehouseException bad) {
          throw new WarehouseException(where(load) + ": " + bad.getMessage() + UNCHANGED, bad);
        }
      }
      begin();
      try (Statement s = connection.createStatement()) {
        s.execute("CREATE SCHEMA IF NOT EXISTS " + DuckDbDialect.quote(t.dataset()));
        Map<String, RawColumn> stored = RawTableSchema.apply(connection, load);
        s.execute("DELETE FROM " + DuckDbDialect.quote(t) + " WHERE " + DuckDbDialect.SNAPSHOT_COLUMN + " = DATE '" + load.snapshot() + "'");
        long rows = 0;
        if (parts != null) {
          rows = insert(s, load, parts, stored);
          if (rows != parts.footerRows()) {
            throw new WarehouseException(
                where(load) + ": loaded " + rows + " rows but the Parquet footers of " + parts.count() + " files say "
                    + parts.footerRows() + " (" + parts.rowMismatches(connection) + "): " + ParquetParts.RECOPY + UNCHANGED);
          }
        }
        long bytes = 0;
        for (String uri : load.fileUris()) {
          bytes += Files.size(Path.of(uri));
        }
        LoadRecord record = new LoadRecord(t, load.snapshot(), rows, bytes, load.schema().hash(), load.jobId(), load.exportId());
        try (PreparedStatement p = connection.prepareStatement(
            "INSERT OR REPLACE INTO " + STATE + ".raw_loads VALUES (?, ?, ?, ?, ?, ?, ?, now())")) {
          p.setString(1, t.toString());
          p.setObject(2, load.snapshot().date());
          p.setLong(3, rows);
          p.setLong(4, bytes);
          p.setString(5, record.schemaHash());
          p.setString(6, record.jobId());
          p.setString(7, record.exportId());
          p.executeUpdate();
        }
        commit();
        return record;
      }
    } catch (SQLException | java.io.IOException | RuntimeException e) {
      rollback();
      if (e instanceof WarehouseException w) {
        throw w;
      }
      throw new WarehouseException(where(load) + ": " + firstLine(e.getMessage()) + UNCHANGED, e);
    }
  }

  private static final String UNCHANGED = "; nothing was loaded and the table is unchanged";

  /** {@code raw.app__users (app.users, snapshot 2026-11-24)}: how load errors name the load. */
  static String where(RawLoad load) {
    return load.table() + " (" + load.sourceTarget() + ", snapshot " + load.snapshot() + ")";
  }

  /**
   * INSERT … SELECT of the snapshot's rows, each column converted to the type the table stores.
   * When DuckDB fails it rarely says which file or column: the transaction is rolled back and the
   * parts, then the columns, are read one by one to name the culprit.
   */
  private long insert(Statement s, RawLoad load, ParquetParts parts, Map<String, RawColumn> stored) throws SQLException {
    SourceEngine engine = engineOf(load.sourceTarget());
    Map<RawColumn, String> values = new LinkedHashMap<>();
    Map<RawColumn, ParquetValues.Value> fallible = new LinkedHashMap<>();
    for (RawColumn c : load.schema().columns()) {
      RawColumn target = stored.get(key(c));
      String parquet = parts.duckTypes().get(key(c));
      if (parquet == null) {
        values.put(c, "CAST(NULL AS " + DuckDbTypes.of(target) + ")");
        continue;
      }
      ParquetValues.Value v = ParquetValues.value(engine, c, parquet, target);
      // refuseUnconvertible below fails the load on any value a guard would catch: insert unguarded
      values.put(c, v.checked());
      if (v.canFail()) {
        fallible.put(c, v);
      }
    }
    refuseUnconvertible(load, parts, fallible);
    String columns = values.keySet().stream().map(c -> DuckDbDialect.quote(c.name())).collect(Collectors.joining(", "));
    try {
      return s.executeUpdate(
          "INSERT INTO " + DuckDbDialect.quote(load.table()) + " (" + DuckDbDialect.SNAPSHOT_COLUMN + ", " + columns
              + ") SELECT DATE '" + load.snapshot() + "', " + String.join(", ", values.values()) + " FROM " + parts.scan());
    } catch (SQLException e) {
      rollback(); // DuckDB refuses every statement of a failed transaction: probe outside it
      Optional<String> unreadable = parts.unreadable(connection);
      if (unreadable.isPresent()) {
        throw new WarehouseException(where(load) + ": " + unreadable.get() + UNCHANGED, e);
      }
      for (Map.Entry<RawColumn, String> v : values.entrySet()) {
        try (Statement probe = connection.createStatement();
            ResultSet r = probe.executeQuery("SELECT count(" + v.getValue() + ") FROM " + parts.scan())) {
          r.next();
        } catch (SQLException columnError) {
          RawColumn c = v.getKey();
          throw new WarehouseException(
              where(load) + ": column " + c.name() + " (source type " + c.sourceType() + ", exported as "
                  + c.exportedType() + ") has a value that cannot be stored as " + DuckDbTypes.of(stored.get(key(c)))
                  + ": " + firstLine(columnError.getMessage()) + ". Fix the value in the source or exclude the table"
                  + UNCHANGED,
              columnError);
        }
      }
      throw e;
    }
  }

  /**
   * Counts, per column whose conversion can fail, the source values it cannot convert, and
   * refuses the snapshot if there is any, naming each such column, how many rows and the smallest
   * of those values: the same rule and message as the BigQuery load (RawColumnConversions in the
   * gcp module). Nothing becomes NULL but a NULL or a MySQL zero date.
   */
  private void refuseUnconvertible(RawLoad load, ParquetParts parts, Map<RawColumn, ParquetValues.Value> fallible)
      throws SQLException {
    if (fallible.isEmpty()) {
      return;
    }
    List<RawColumn> cols = new ArrayList<>(fallible.keySet());
    StringBuilder sql = new StringBuilder("SELECT ");
    for (int i = 0; i < cols.size(); i++) {
      ParquetValues.Value v = fallible.get(cols.get(i));
      sql.append(i == 0 ? "" : ", ").append("count(*) FILTER (WHERE ").append(v.refused()).append("), min(")
          .append(v.example()).append(") FILTER (WHERE ").append(v.refused()).append(")");
    }
    List<String> problems = new ArrayList<>();
    try (Statement q = connection.createStatement(); ResultSet r = q.executeQuery(sql + " FROM " + parts.scan())) {
      r.next();
      for (int i = 0; i < cols.size(); i++) {
        long rows = r.getLong(2 * i + 1);
        if (rows > 0) {
          RawColumn c = cols.get(i);
          problems.add("column " + c.name() + " (source type " + c.sourceType() + "): "
              + (rows == 1 ? "1 row" : rows + " rows") + " cannot be converted to " + ParquetValues.typeName(c)
              + ", e.g. " + ParquetValues.example(r.getObject(2 * i + 2)));
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new WarehouseException(where(load) + ": " + ParquetValues.HEAD + String.join("; ", problems)
          + ParquetValues.WHAT_TO_DO + UNCHANGED);
    }
  }

  private static String key(RawColumn c) {
    return c.name().toLowerCase(java.util.Locale.ROOT);
  }

  /** MySQL targets have two parts, PostgreSQL three; an unknown target reads as MySQL. */
  private static SourceEngine engineOf(String sourceTarget) {
    try {
      return SourceTable.parseTarget(sourceTarget).engine();
    } catch (IllegalArgumentException e) {
      return SourceEngine.MYSQL;
    }
  }

  @Override
  public synchronized Optional<LoadRecord> rawLoad(ObjectId table, Snapshot snapshot) {
    try (PreparedStatement p = connection.prepareStatement(
        "SELECT rows, bytes, schema_hash, job_id, export_id FROM " + STATE + ".raw_loads WHERE table_id = ? AND snapshot = ?")) {
      p.setString(1, table.toString());
      p.setObject(2, snapshot.date());
      try (ResultSet r = p.executeQuery()) {
        if (!r.next()) {
          return Optional.empty();
        }
        return Optional.of(new LoadRecord(table, snapshot, r.getLong(1), r.getLong(2), r.getString(3), r.getString(4), r.getString(5)));
      }
    } catch (SQLException e) {
      throw new WarehouseException("cannot read the load record of " + table + ": " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void rebuild(ModelBuild build) {
    ManagedObject o = build.object();
    // Refused constructs fail here, before anything changes.
    String sql = LocalModel.sql(o, dialect, build.snapshot());
    String kind = o.materialization() == Materialization.VIEW ? "VIEW" : "TABLE";
    try {
      begin();
      try (Statement s = connection.createStatement()) {
        s.execute("CREATE SCHEMA IF NOT EXISTS " + DuckDbDialect.quote(o.id().dataset()));
        Optional<WarehouseObject> existing = object(o.id());
        if (existing.isPresent() && !existing.get().kind().name().equals(kind)) {
          s.execute("DROP " + existing.get().kind().name() + " " + DuckDbDialect.quote(o.id()));
        }
        try {
          s.execute("CREATE OR REPLACE " + kind + " " + DuckDbDialect.quote(o.id()) + " AS " + sql);
        } catch (SQLException e) {
          throw LocalModel.failed(o, e);
        }
        s.execute("COMMENT ON " + kind + " " + DuckDbDialect.quote(o.id()) + " IS " + DuckDbDialect.literal(o.description()));
        for (Map.Entry<String, String> c : o.columnDescriptions().entrySet()) {
          s.execute("COMMENT ON COLUMN " + DuckDbDialect.quote(o.id()) + "." + DuckDbDialect.quote(c.getKey()) + " IS " + DuckDbDialect.literal(c.getValue()));
        }
      }
      try (PreparedStatement p = connection.prepareStatement(
          "INSERT OR REPLACE INTO " + STATE + ".objects VALUES (?, ?, ?, ?, ?, ?, ?, now())")) {
        p.setString(1, o.id().toString());
        p.setString(2, kind);
        p.setObject(3, build.snapshot().date());
        p.setString(4, o.contentHash());
        p.setString(5, build.manifestHash());
        p.setString(6, new com.google.gson.Gson().toJson(build.labels()));
        p.setString(7, o.description());
        p.executeUpdate();
      }
      commit();
    } catch (SQLException | RuntimeException e) {
      rollback();
      if (e instanceof WarehouseException w) {
        throw w;
      }
      throw new WarehouseException("cannot rebuild " + o.id() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Moves the recorded snapshot only; a view that is gone, or is not the one snaplake built (made
   * again by hand), is rebuilt instead.
   */
  @Override
  public synchronized void repin(ModelBuild build) {
    ManagedObject o = build.object();
    if (object(o.id()).filter(WarehouseObject::builtBySnaplake).isEmpty()) {
      rebuild(build);
      return;
    }
    try (PreparedStatement p = connection.prepareStatement(
        "UPDATE " + STATE + ".objects SET snapshot = ?, manifest_hash = ?, labels = ?, built_at = now() WHERE object_id = ?")) {
      p.setObject(1, build.snapshot().date());
      p.setString(2, build.manifestHash());
      p.setString(3, new com.google.gson.Gson().toJson(build.labels()));
      p.setString(4, o.id().toString());
      p.executeUpdate();
    } catch (SQLException e) {
      throw new WarehouseException("cannot record " + o.id() + " at " + build.snapshot() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized List<WarehouseObject> objects(String dataset) {
    return find(dataset, null);
  }

  /** One object, looked up by name: the builder's readiness checks call this for every input. */
  @Override
  public synchronized Optional<WarehouseObject> object(ObjectId id) {
    return find(id.dataset(), id.name()).stream().findFirst();
  }

  /**
   * The objects of a dataset with what snaplake recorded of them, if it still describes them. A
   * rebuild always sets the object's comment to the recorded description; an object created again
   * (by hand, after a DROP or by CREATE OR REPLACE) has no comment, so the record of the one
   * snaplake built, since dropped, is not taken for it. (DuckDB's rendering of a definition is no
   * identity: it changes when the file is reopened, e.g. {@code "DATE"} becomes {@code DATE}.)
   */
  private List<WarehouseObject> find(String dataset, String name) {
    List<WarehouseObject> out = new ArrayList<>();
    String sql =
        "SELECT t.table_name, t.table_type, o.snapshot, o.content_hash,"
            + " coalesce(v.sql, d.sql) FROM information_schema.tables t"
            + " LEFT JOIN duckdb_views() v ON v.schema_name = t.table_schema AND v.view_name = t.table_name AND v.database_name = t.table_catalog"
            + " LEFT JOIN duckdb_tables() d ON d.schema_name = t.table_schema AND d.table_name = t.table_name AND d.database_name = t.table_catalog"
            + " LEFT JOIN " + STATE + ".objects o ON o.object_id = t.table_schema || '.' || t.table_name"
            + " AND o.description = coalesce(v.comment, d.comment)"
            + " WHERE t.table_schema = ? AND t.table_catalog = current_database()"
            + (name == null ? "" : " AND t.table_name = ?") + " ORDER BY t.table_name";
    try (PreparedStatement p = connection.prepareStatement(sql)) {
      p.setString(1, dataset);
      if (name != null) {
        p.setString(2, name);
      }
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          java.time.LocalDate snap = r.getObject(3, java.time.LocalDate.class);
          out.add(new WarehouseObject(
              new ObjectId(dataset, r.getString(1)),
              r.getString(2).contains("VIEW") ? WarehouseObject.Kind.VIEW : WarehouseObject.Kind.TABLE,
              Optional.ofNullable(snap).map(Snapshot::new),
              Optional.ofNullable(r.getString(4)),
              r.getString(5)));
        }
      }
    } catch (SQLException e) {
      throw new WarehouseException("cannot list dataset " + dataset + ": " + e.getMessage(), e);
    }
    return out;
  }

  @Override
  public synchronized void archiveAndDrop(ObjectId id, ObjectId archiveAs) {
    WarehouseObject o = object(id).orElseThrow(() -> new WarehouseException(id + " does not exist; nothing to prune"));
    try {
      begin();
      try (Statement s = connection.createStatement()) {
        s.execute("CREATE SCHEMA IF NOT EXISTS " + DuckDbDialect.quote(archiveAs.dataset()));
        s.execute("CREATE TABLE IF NOT EXISTS " + DuckDbDialect.quote(archiveAs.dataset()) + "._definitions"
            + " (object_id VARCHAR, archived_as VARCHAR, kind VARCHAR, definition VARCHAR, dropped_at TIMESTAMPTZ)");
        if (o.kind() == WarehouseObject.Kind.TABLE) {
          s.execute("CREATE TABLE " + DuckDbDialect.quote(archiveAs) + " AS SELECT * FROM " + DuckDbDialect.quote(id));
        }
        try (PreparedStatement p = connection.prepareStatement(
            "INSERT INTO " + DuckDbDialect.quote(archiveAs.dataset()) + "._definitions VALUES (?, ?, ?, ?, now())")) {
          p.setString(1, id.toString());
          p.setString(2, archiveAs.toString());
          p.setString(3, o.kind().name());
          p.setString(4, o.definition());
          p.executeUpdate();
        }
        s.execute("DROP " + o.kind().name() + " " + DuckDbDialect.quote(id));
        try (PreparedStatement p = connection.prepareStatement("DELETE FROM " + STATE + ".objects WHERE object_id = ?")) {
          p.setString(1, id.toString());
          p.executeUpdate();
        }
      }
      commit();
    } catch (SQLException | RuntimeException e) {
      rollback();
      throw new WarehouseException("cannot archive and drop " + id + ": " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized List<Map<String, Object>> query(String sql) {
    try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery(sql)) {
      ResultSetMetaData md = r.getMetaData();
      List<Map<String, Object>> rows = new ArrayList<>();
      while (r.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          row.put(md.getColumnLabel(i), r.getObject(i));
        }
        rows.add(row);
      }
      return rows;
    } catch (SQLException e) {
      throw new WarehouseException("query failed: " + firstLine(e.getMessage()), e);
    }
  }

  /** Runs a statement that changes the warehouse (tests and the demo use it to stage an unreviewed view). */
  public synchronized void execute(String sql) {
    try (Statement s = connection.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new WarehouseException("statement failed: " + firstLine(e.getMessage()), e);
    }
  }

  /** Column name → DuckDB type of a table or view. */
  public synchronized Map<String, String> columns(ObjectId id) {
    try {
      Map<String, String> out = new LinkedHashMap<>();
      try (PreparedStatement p = connection.prepareStatement(
          "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position")) {
        p.setString(1, id.dataset());
        p.setString(2, id.name());
        try (ResultSet r = p.executeQuery()) {
          while (r.next()) {
            out.put(r.getString(1), r.getString(2));
          }
        }
      }
      return out;
    } catch (SQLException e) {
      throw new WarehouseException("cannot describe " + id + ": " + e.getMessage(), e);
    }
  }

  private void begin() throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute("BEGIN TRANSACTION");
    }
  }

  private void commit() throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute("COMMIT");
    }
  }

  private void rollback() {
    try (Statement s = connection.createStatement()) {
      s.execute("ROLLBACK");
    } catch (SQLException ignored) {
      // no transaction was open
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }

  @Override
  public synchronized void close() {
    try {
      connection.close();
    } catch (SQLException ignored) {
      // closing twice is fine
    }
  }
}
