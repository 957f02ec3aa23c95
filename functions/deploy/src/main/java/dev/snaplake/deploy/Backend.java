package dev.snaplake.deploy;

import dev.snaplake.core.catalog.Manifest;
import dev.snaplake.core.port.EventBus;
import dev.snaplake.core.port.ObjectStore;
import dev.snaplake.core.port.Warehouse;
import java.time.Clock;
import java.time.Duration;

/**
 * What the functions run on: the ports of the core and their settings. Found with
 * {@link java.util.ServiceLoader} ({@link Backends}); production registers {@link GcpBackend},
 * tests register their own. Implementations make each client on first use and keep it: a
 * function that never touches the warehouse never opens it.
 */
public interface Backend {
  /** The bucket whose object events the loader handles; events of any other bucket are ignored. */
  String landingBucket();

  ObjectStore objectStore();

  Warehouse warehouse();

  EventBus eventBus();

  /** The compiled models, embedded in the function jar ({@link ClasspathManifest}). */
  Manifest manifest();

  default Clock clock() {
    return Clock.systemUTC();
  }

  /** The dataset raw tables are loaded into; must be the manifest's raw dataset. */
  default String rawDataset() {
    return manifest().rawDataset();
  }

  /**
   * How long a loader's claim on an export holds before another may take it over. Longer than
   * the function's timeout (at most 540 s for event-driven functions), so a live loader is never
   * overtaken.
   */
  default Duration claimLease() {
    return Duration.ofMinutes(10);
  }

  /**
   * How many warehouse jobs an {@code apply} command runs at once ({@code SNAPLAKE_BUILD_SLOTS},
   * default 8): BigQuery runs up to 100 interactive queries per project concurrently, and the
   * loads and other builders share them.
   */
  default int buildSlots() {
    String v = Backends.setting("SNAPLAKE_BUILD_SLOTS");
    if (v == null || v.isBlank()) {
      return 8;
    }
    try {
      int n = Integer.parseInt(v.strip());
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // fall through to the error below
    }
    throw new IllegalStateException("SNAPLAKE_BUILD_SLOTS must be a whole number of at least 1, not '" + v + "'");
  }

  /** This process, in claims and logs: the Cloud Run revision and host when known. */
  default String instanceName() {
    String revision = System.getenv("K_REVISION");
    String host = System.getenv("HOSTNAME");
    return (revision == null ? "snaplake" : revision) + "@" + (host == null ? ProcessHandle.current().pid() : host);
  }
}
