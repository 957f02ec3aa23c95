package dev.snaplake.core.build;

import com.google.gson.JsonObject;
import dev.snaplake.core.catalog.Manifest;
import dev.snaplake.core.event.EventType;
import dev.snaplake.core.event.Events;
import dev.snaplake.core.naming.ObjectId;
import dev.snaplake.core.port.EventBus;
import dev.snaplake.core.port.Warehouse;
import dev.snaplake.core.port.WarehouseObject;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Whatever sits in a managed dataset that the manifest does not define was never reviewed: it is
 * archived (definition, and data for a table) and dropped. The raw dataset is never touched.
 */
public final class Pruning {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);

  public record Pruned(WarehouseObject object, ObjectId archivedAs) {}

  private final Manifest manifest;
  private final Warehouse warehouse;
  private final EventBus bus;
  private final Clock clock;

  public Pruning(Manifest manifest, Warehouse warehouse, EventBus bus, Clock clock) {
    this.manifest = manifest;
    this.warehouse = warehouse;
    this.bus = bus;
    this.clock = clock;
  }

  /** The objects that would be pruned, without changing anything. */
  public List<WarehouseObject> plan() {
    return unreviewed(manifest, warehouse);
  }

  /** Every object in a managed dataset that the manifest does not define. */
  public static List<WarehouseObject> unreviewed(Manifest manifest, Warehouse warehouse) {
    Set<ObjectId> defined = new TreeSet<>();
    manifest.objects().forEach(o -> defined.add(o.id()));
    List<WarehouseObject> unmanaged = new ArrayList<>();
    for (String dataset : manifest.managedDatasets()) {
      if (dataset.equals(manifest.rawDataset()) || dataset.equals(manifest.archiveDataset())) {
        continue; // never prune the lake or the archive, whatever the config says
      }
      for (WarehouseObject o : warehouse.objects(dataset)) {
        if (!defined.contains(o.id())) {
          unmanaged.add(o);
        }
      }
    }
    return unmanaged;
  }

  /** Archives then drops every object of {@link #plan()}, reporting each in an event. */
  public List<Pruned> apply() {
    List<Pruned> pruned = new ArrayList<>();
    for (WarehouseObject o : plan()) {
      ObjectId archiveAs =
          new ObjectId(manifest.archiveDataset(), o.id().dataset() + "__" + o.id().name() + "__" + STAMP.format(clock.instant()));
      warehouse.archiveAndDrop(o.id(), archiveAs);
      JsonObject d = new JsonObject();
      d.addProperty("object", o.id().toString());
      d.addProperty("kind", o.kind().name().toLowerCase(java.util.Locale.ROOT));
      d.addProperty("archivedAs", archiveAs.toString());
      d.addProperty("manifestHash", manifest.hash());
      d.addProperty("reason", "not defined in sql/ (manifest " + manifest.hash() + ")");
      bus.publish(Events.of(EventType.OBJECT_PRUNED, Events.SOURCE_BUILDER, o.id().toString(), archiveAs.toString(), clock.instant(), d));
      pruned.add(new Pruned(o, archiveAs));
    }
    return pruned;
  }
}
