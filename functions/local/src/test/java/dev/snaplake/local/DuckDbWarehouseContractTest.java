package dev.snaplake.local;

import dev.snaplake.core.naming.ObjectId;
import dev.snaplake.core.port.Warehouse;
import dev.snaplake.core.port.WarehouseObject;
import dev.snaplake.core.testing.SqlWarehouseContract;
import dev.snaplake.core.types.RawColumn;
import dev.snaplake.core.types.RawSchema;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;

/** The DuckDB warehouse against the whole contract, on Parquet files DuckDB writes itself. */
class DuckDbWarehouseContractTest extends SqlWarehouseContract {
  @TempDir Path dir;

  private DuckDbWarehouse duck() {
    return (DuckDbWarehouse) warehouse;
  }

  @Override
  protected Warehouse newWarehouse() {
    return DuckDbWarehouse.inMemory();
  }

  /** {@code COPY (SELECT CAST(v AS type) AS column, … UNION ALL …) TO 'file' (FORMAT parquet)}, on its own connection. */
  @Override
  protected String writePart(String name, RawSchema schema, List<List<Object>> rows) throws Exception {
    Path file = dir.resolve(name + ".parquet");
    List<String> selects = new ArrayList<>();
    for (List<Object> row : rows) {
      List<String> values = new ArrayList<>();
      for (int i = 0; i < schema.columns().size(); i++) {
        RawColumn c = schema.columns().get(i);
        Object v = row.get(i);
        String literal = v == null ? "NULL" : v instanceof Number ? v.toString() : DuckDbDialect.literal(v.toString());
        values.add("CAST(" + literal + " AS " + DuckDbTypes.of(c) + ") AS " + DuckDbDialect.quote(c.name()));
      }
      selects.add("SELECT " + String.join(", ", values));
    }
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
      s.execute("COPY (" + String.join(" UNION ALL ", selects) + ") TO " + DuckDbDialect.literal(file.toString())
          + " (FORMAT parquet)");
    }
    return file.toString();
  }

  @Override
  protected void createByHand(ObjectId id, WarehouseObject.Kind kind) {
    warehouse.object(id).ifPresent(o -> duck().execute("DROP " + o.kind().name() + " " + DuckDbDialect.quote(id)));
    duck().execute("CREATE SCHEMA IF NOT EXISTS " + DuckDbDialect.quote(id.dataset()));
    duck().execute("CREATE " + kind.name() + " " + DuckDbDialect.quote(id) + " AS SELECT 1 AS " + BY_HAND_COLUMN);
  }

  /** DuckDB keeps definitions in {@code <archive>._definitions}, one row per archived object. */
  @Override
  protected Optional<String> archivedDefinition(ObjectId archivedAs) {
    List<Map<String, Object>> table = duck().query(
        "SELECT 1 FROM information_schema.tables WHERE table_schema = " + DuckDbDialect.literal(archivedAs.dataset())
            + " AND table_name = '_definitions'");
    if (table.isEmpty()) {
      return Optional.empty();
    }
    List<Map<String, Object>> rows = duck().query(
        "SELECT definition FROM " + DuckDbDialect.quote(archivedAs.dataset()) + "._definitions WHERE archived_as = "
            + DuckDbDialect.literal(archivedAs.toString()));
    if (rows.size() > 1) {
      throw new AssertionError(archivedAs + " was archived " + rows.size() + " times");
    }
    return rows.stream().findFirst().map(r -> String.valueOf(r.get("definition")));
  }
}
