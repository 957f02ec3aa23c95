package dev.snaplake.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snaplake.core.catalog.ManagedObject;
import dev.snaplake.core.catalog.Materialization;
import dev.snaplake.core.naming.ObjectId;
import dev.snaplake.core.port.ModelBuild;
import dev.snaplake.core.port.WarehouseObject;
import dev.snaplake.core.snapshot.Snapshot;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the DuckDB warehouse records of a built object holds only while the object is the one it
 * built (see DuckDbWarehouse.find): that must survive closing and reopening the file, where DuckDB
 * renders definitions differently, and an object replaced by hand must not be taken for the model.
 */
class DuckDbObjectStateTest {
  @TempDir Path dir;
  private static final Snapshot S1 = Snapshot.parse("2026-11-24");
  private static final ObjectId VIEW = new ObjectId("mart", "answer");
  private static final ObjectId TABLE = new ObjectId("mart", "answers");

  private static ModelBuild build(ObjectId id, Materialization m, String description, String hash) {
    ManagedObject o = new ManagedObject(id, m,
        "SELECT 42 AS answer_42, CAST('2026-11-24' AS DATE) AS day, LOWER(TRIM(' X ')) AS name WHERE 1 = 1", List.of(),
        description, Map.of(), Map.of("name", "a name"), "sql/" + id.name() + ".sql", hash);
    return new ModelBuild(o, S1, "m1", Map.of());
  }

  @Test
  void builtObjectsAreStillSnaplakesAfterReopening() {
    Path file = dir.resolve("w.duckdb");
    try (DuckDbWarehouse w = DuckDbWarehouse.open(file)) {
      w.rebuild(build(VIEW, Materialization.VIEW, "", "v1"));
      w.rebuild(build(TABLE, Materialization.TABLE, "The answers, 'quoted'", "t1"));
    }
    try (DuckDbWarehouse w = DuckDbWarehouse.open(file)) {
      assertThat(w.object(VIEW).orElseThrow().contentHash()).contains("v1");
      assertThat(w.object(TABLE).orElseThrow().contentHash()).contains("t1");
      assertThat(w.objects("mart")).allSatisfy(o -> assertThat(o.snapshot()).contains(S1));
    }
  }

  @Test
  void anObjectReplacedByHandIsNotTakenForTheModel() {
    Path file = dir.resolve("w.duckdb");
    try (DuckDbWarehouse w = DuckDbWarehouse.open(file)) {
      w.rebuild(build(VIEW, Materialization.VIEW, "The answer", "v1"));
      w.rebuild(build(TABLE, Materialization.TABLE, "", "t1"));
    }
    try (DuckDbWarehouse w = DuckDbWarehouse.open(file)) {
      w.execute("CREATE OR REPLACE VIEW mart.answer AS SELECT 42 AS answer_42");
      w.execute("CREATE OR REPLACE TABLE mart.answers AS SELECT 42 AS answer_42");
      assertThat(w.objects("mart")).hasSize(2).noneMatch(WarehouseObject::builtBySnaplake);
      w.rebuild(build(VIEW, Materialization.VIEW, "The answer", "v2"));
      assertThat(w.object(VIEW).orElseThrow().contentHash()).contains("v2");
    }
  }
}
