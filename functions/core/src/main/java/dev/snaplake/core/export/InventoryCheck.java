package dev.snaplake.core.export;

import dev.snaplake.core.port.StoredObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One listing of an export root held against the export's inventory, in one pass (O(objects)):
 * which listed objects are there with their exact size, which are missing or of another size,
 * and which are there but not in the inventory (never loaded, only reported).
 */
public record InventoryCheck(
    int total, List<StoredObject> present, List<String> missing, List<Resized> resized, List<String> unexpected) {

  /** An object whose size in the bucket is not the size the inventory recorded. */
  public record Resized(String key, long inventorySize, long bucketSize) {
    @Override
    public String toString() {
      return key + " (" + bucketSize + " bytes in the bucket, " + inventorySize + " in the inventory)";
    }
  }

  public InventoryCheck {
    present = List.copyOf(present);
    missing = List.copyOf(missing);
    resized = List.copyOf(resized);
    unexpected = List.copyOf(unexpected);
  }

  public static InventoryCheck of(String exportRoot, ExportInventory inventory, List<StoredObject> listed) {
    String self = ExportInventory.key(exportRoot, inventory.exportId());
    Map<String, StoredObject> byKey = new HashMap<>();
    listed.forEach(o -> byKey.put(o.key(), o));
    List<StoredObject> present = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    List<Resized> resized = new ArrayList<>();
    Set<String> expected = new HashSet<>();
    for (ExportInventory.Entry e : inventory.objects()) {
      String key = exportRoot + "/" + e.path();
      expected.add(key);
      StoredObject o = byKey.get(key);
      if (o == null) {
        missing.add(key);
      } else if (o.size() != e.size()) {
        resized.add(new Resized(key, e.size(), o.size()));
      } else {
        present.add(o);
      }
    }
    List<String> unexpected = new ArrayList<>();
    for (StoredObject o : listed) {
      if (!expected.contains(o.key()) && !o.key().equals(self)) {
        unexpected.add(o.key());
      }
    }
    return new InventoryCheck(inventory.objects().size(), present, missing, resized, unexpected);
  }

  public boolean complete() {
    return missing.isEmpty() && resized.isEmpty();
  }
}
