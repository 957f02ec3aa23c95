package dev.snaplake.deploy;

import dev.snaplake.core.catalog.Manifest;
import dev.snaplake.core.naming.Identifiers;
import dev.snaplake.core.port.EventBus;
import dev.snaplake.core.port.ObjectStore;
import dev.snaplake.core.port.Warehouse;
import dev.snaplake.gcp.BigQueryWarehouse;
import dev.snaplake.gcp.GcsObjectStore;
import dev.snaplake.gcp.PubSubEventBus;

/**
 * Production: the landing bucket on Cloud Storage, BigQuery, and the {@code snaplake-events}
 * topic, with the function's service account (application default credentials). Configured by
 * environment variables, which Terraform sets on each function:
 *
 * <ul>
 *   <li>{@code SNAPLAKE_PROJECT} — the GCP project of BigQuery and Pub/Sub;
 *   <li>{@code SNAPLAKE_LANDING_BUCKET} — the bucket the RDS exports are copied to;
 *   <li>{@code SNAPLAKE_RAW_DATASET} — where raw tables are loaded (optional: the manifest's; when
 *       both are given they must agree, or the builder would wait for loads that go elsewhere);
 *   <li>{@code SNAPLAKE_EVENTS_TOPIC} — the topic events are published on;
 *   <li>{@code SNAPLAKE_BIGQUERY_LOCATION} — optional, e.g. {@code EU}.
 * </ul>
 *
 * Each client is made on first use: the loader never opens what only the builder needs, and a
 * missing variable is reported by the first event that needs it, naming the variable.
 */
public final class GcpBackend implements Backend {
  public static final String PROJECT = "SNAPLAKE_PROJECT";
  public static final String LANDING_BUCKET = "SNAPLAKE_LANDING_BUCKET";
  public static final String RAW_DATASET = "SNAPLAKE_RAW_DATASET";
  public static final String EVENTS_TOPIC = "SNAPLAKE_EVENTS_TOPIC";
  public static final String BIGQUERY_LOCATION = "SNAPLAKE_BIGQUERY_LOCATION";

  private final Lazy<GcsObjectStore> store = Lazy.of(() -> GcsObjectStore.create(landingBucket()));
  private final Lazy<BigQueryWarehouse> warehouse =
      Lazy.of(() -> BigQueryWarehouse.create(required(PROJECT), optional(BIGQUERY_LOCATION)));
  private final Lazy<PubSubEventBus> bus = Lazy.of(GcpBackend::openBus);
  private final Lazy<Manifest> manifest = Lazy.of(() -> ClasspathManifest.load(GcpBackend.class));
  private final Lazy<String> rawDataset = Lazy.of(this::resolveRawDataset);

  /** For {@link java.util.ServiceLoader}: reads nothing, opens nothing. */
  public GcpBackend() {}

  @Override
  public String landingBucket() {
    return required(LANDING_BUCKET);
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

  @Override
  public String rawDataset() {
    return rawDataset.get();
  }

  private String resolveRawDataset() {
    String configured = optional(RAW_DATASET);
    boolean embedded = ClasspathManifest.present(GcpBackend.class);
    if (configured == null) {
      if (!embedded) {
        throw new IllegalStateException(RAW_DATASET + " is not set and the function jar embeds no manifest to take it from");
      }
      return manifest().rawDataset();
    }
    if (!Identifiers.isDataset(configured)) {
      throw new IllegalStateException(RAW_DATASET + "=" + Identifiers.show(configured) + " is not a BigQuery dataset id");
    }
    if (embedded && !manifest().rawDataset().equals(configured)) {
      throw new IllegalStateException(RAW_DATASET + "=" + configured + " but the embedded manifest's raw dataset is "
          + manifest().rawDataset() + ": the builder would never see these loads. Make them agree and redeploy");
    }
    return configured;
  }

  private static PubSubEventBus openBus() {
    PubSubEventBus b = PubSubEventBus.create(required(PROJECT), required(EVENTS_TOPIC), null);
    // Publishing waits for each message id, so nothing is pending at shutdown; this only stops the threads.
    Runtime.getRuntime().addShutdownHook(new Thread(b::close, "close-pubsub"));
    return b;
  }

  static String required(String name) {
    String v = optional(name);
    if (v == null) {
      throw new IllegalStateException(name + " is not set: the function's environment must define it (see GcpBackend)");
    }
    return v;
  }

  static String optional(String name) {
    String v = Backends.setting(name);
    return v == null || v.isBlank() ? null : v.strip();
  }
}
