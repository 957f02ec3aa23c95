package dev.snaplake.core.testing;

import dev.snaplake.core.naming.ObjectId;
import dev.snaplake.core.port.Warehouse;
import dev.snaplake.core.port.WarehouseObject;
import dev.snaplake.core.types.RawSchema;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The fake reads no file: each "part" is a name it counts the rows of, as tests with fixtures do. */
class FakeWarehouseContractTest extends WarehouseContract {
  private final Map<String, Long> rowsPerPart = new ConcurrentHashMap<>();

  private FakeWarehouse fake() {
    return (FakeWarehouse) warehouse;
  }

  @Override
  protected Warehouse newWarehouse() {
    return new FakeWarehouse().rows(l -> l.fileUris().stream().mapToLong(rowsPerPart::get).sum());
  }

  @Override
  protected String writePart(String name, RawSchema schema, List<List<Object>> rows) {
    String uri = "fake://parts/" + name + ".parquet";
    rowsPerPart.put(uri, (long) rows.size());
    return uri;
  }

  @Override
  protected void createByHand(ObjectId id, WarehouseObject.Kind kind) {
    fake().putUnmanaged(id, kind, "SELECT 1 AS " + BY_HAND_COLUMN);
  }

  @Override
  protected Optional<String> archivedDefinition(ObjectId archivedAs) {
    return fake().archivedDefinition(archivedAs);
  }
}
