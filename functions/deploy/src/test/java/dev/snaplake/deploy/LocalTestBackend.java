package dev.snaplake.deploy;

import dev.snaplake.core.catalog.Manifest;
import dev.snaplake.core.port.EventBus;
import dev.snaplake.core.port.ObjectStore;
import dev.snaplake.core.port.Warehouse;
import dev.snaplake.gcp.PubSubEventBus;
import dev.snaplake.local.DuckDbWarehouse;
import dev.snaplake.local.FolderObjectStore;
import java.nio.file.Path;

/**
 * The backend of the end-to-end tests, registered in the test class path's
 * {@code META-INF/services}: the embedded default (a folder for the landing bucket, a DuckDB file
 * for the warehouse) and a bus that records events to a file — or, with {@value #EVENTS_TOPIC}
 * set, publishes them to that topic of the Pub/Sub emulator at {@code PUBSUB_EMULATOR_HOST}
 * (project {@value #PUBSUB_PROJECT}), as the deployed functions publish on {@code snaplake-events}.
 * Configured like production, from the environment (or system properties):
 * {@code SNAPLAKE_LANDING_BUCKET}, {@value #BUCKET_DIR}, {@value #DUCKDB}, {@value #EVENTS}.
 * Everything opens on first use.
 */
public final class LocalTestBackend implements Backend {
  public static final String BUCKET_DIR = "SNAPLAKE_TEST_BUCKET_DIR";
  public static final String DUCKDB = "SNAPLAKE_TEST_DUCKDB";
  public static final String EVENTS = "SNAPLAKE_TEST_EVENTS";
  public static final String EVENTS_TOPIC = "SNAPLAKE_TEST_EVENTS_TOPIC";
  public static final String PUBSUB_PROJECT = "SNAPLAKE_TEST_PUBSUB_PROJECT";

  private final Lazy<FolderObjectStore> store = Lazy.of(() -> new FolderObjectStore(path(BUCKET_DIR)));
  private final Lazy<DuckDbWarehouse> warehouse = Lazy.of(LocalTestBackend::openWarehouse);
  private final Lazy<EventBus> bus = Lazy.of(LocalTestBackend::openBus);
  private final Lazy<Manifest> manifest = Lazy.of(() -> ClasspathManifest.load(LocalTestBackend.class));

  @Override
  public String landingBucket() {
    return required("SNAPLAKE_LANDING_BUCKET");
  }

  @Override
  public ObjectStore objectStore() {
    return store.get();
  }

  @Override
  public Warehouse warehouse() {
    return warehouse.get();
  }

  @Override
  public EventBus eventBus() {
    return bus.get();
  }

  @Override
  public Manifest manifest() {
    return manifest.get();
  }

  private static DuckDbWarehouse openWarehouse() {
    DuckDbWarehouse w = DuckDbWarehouse.open(path(DUCKDB));
    // The test reads the file after stopping this process: close it cleanly on SIGTERM.
    Runtime.getRuntime().addShutdownHook(new Thread(w::close, "close-duckdb"));
    return w;
  }

  private static EventBus openBus() {
    String topic = Backends.setting(EVENTS_TOPIC);
    if (topic == null || topic.isBlank()) {
      return new FileEventBus(path(EVENTS));
    }
    PubSubEventBus bus = PubSubEventBus.forEmulator(required("PUBSUB_EMULATOR_HOST"), required(PUBSUB_PROJECT), topic, null);
    // Publishing waits for each message id, so nothing is pending; this only releases the channel.
    Runtime.getRuntime().addShutdownHook(new Thread(bus::close, "close-pubsub"));
    return bus;
  }

  private static Path path(String name) {
    return Path.of(required(name));
  }

  private static String required(String name) {
    String v = Backends.setting(name);
    if (v == null || v.isBlank()) {
      throw new IllegalStateException(name + " is not set");
    }
    return v;
  }
}
