package dev.snaplake.deploy;

import dev.snaplake.core.catalog.Manifest;
import dev.snaplake.core.port.EventBus;
import dev.snaplake.core.port.ObjectStore;
import dev.snaplake.core.port.Warehouse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;

/** An in-process backend for unit tests, recording which ports a function asked for. */
final class TestBackend implements Backend {
  final List<String> asked = Collections.synchronizedList(new ArrayList<>());
  private final String bucket;
  private final Supplier<ObjectStore> store;
  private final Supplier<Warehouse> warehouse;
  private final Supplier<EventBus> bus;

  TestBackend(String bucket, Supplier<ObjectStore> store, Supplier<Warehouse> warehouse, Supplier<EventBus> bus) {
    this.bucket = bucket;
    this.store = Lazy.of(store);
    this.warehouse = Lazy.of(warehouse);
    this.bus = Lazy.of(bus);
  }

  @Override
  public String landingBucket() {
    asked.add("landingBucket");
    return bucket;
  }

  @Override
  public ObjectStore objectStore() {
    asked.add("objectStore");
    return store.get();
  }

  @Override
  public Warehouse warehouse() {
    asked.add("warehouse");
    return warehouse.get();
  }

  @Override
  public EventBus eventBus() {
    asked.add("eventBus");
    return bus.get();
  }

  @Override
  public Manifest manifest() {
    asked.add("manifest");
    return ClasspathManifest.load(TestBackend.class);
  }
}
