package dev.snaplake.aws;

import dev.snaplake.core.export.ExportInventory;
import dev.snaplake.core.export.ExportInventory.Entry;
import dev.snaplake.core.export.ExportMetadataException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Writes {@code snaplake_inventory_<id>.json} at the root of a COMPLETE export: every object under
 * the root (path relative to it, size), read with ListObjectsV2 page by page. The loader on GCP
 * requires it, because neither RDS nor the unordered copy to GCS says when an export is whole.
 *
 * <p>Written once: the PUT carries {@code If-None-Match: *}, so a duplicate or concurrent
 * invocation never replaces it. Finding an inventory with the same content (paths and sizes) is
 * success; finding one with other content means the export changed after it was inventoried,
 * which is an error for a person to look at.
 */
public final class ExportInventoryWriter {
  /** ListObjectsV2's largest page. */
  static final int PAGE_SIZE = 1000;
  /**
   * S3 answers 409 ConditionalRequestConflict while another conditional write of the key is in
   * flight and asks for a retry; the retry then sees 412 (the other write won) or succeeds.
   */
  static final int CONFLICT_ATTEMPTS = 3;
  private static final int DIFFERENCES_SHOWN = 5;

  private final S3Client s3;
  private final Clock clock;

  public ExportInventoryWriter(S3Client s3, Clock clock) {
    this.s3 = Objects.requireNonNull(s3, "s3");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public InventoryOutcome write(RdsExportTask task) {
    if (!task.isComplete()) {
      throw new IllegalStateException("export task " + task.shown() + " is " + task.status()
          + ", not COMPLETE: its inventory is written only when RDS reports it COMPLETE"
          + " (RDS-EVENT-0161/0164), once its files are final. Replay {\"exportTaskIdentifier\": \""
          + task.exportTaskIdentifier() + "\"} after it completes");
    }
    if (task.s3Bucket() == null) {
      throw new IllegalStateException(
          "RDS reports no S3Bucket for export task " + task.shown() + "; it cannot be inventoried");
    }
    String key = ExportInventory.key(task.root(), task.exportTaskIdentifier());
    Listing listing = list(task, key);
    ExportInventory inventory = ExportInventory.of(task.exportTaskIdentifier(), clock.instant(), listing.objects());
    if (inventory.objects().isEmpty()) {
      throw new IllegalStateException("found no object under " + task.rootUri() + " although RDS reports export task "
          + task.shown() + " COMPLETE (it always writes export_info there): check that the export's S3Bucket and"
          + " S3Prefix are the ones listed, and that nothing deleted the export");
    }
    byte[] json = inventory.toJson();
    readableByTheLoader(json, task, key);
    if (listing.inventoryFound()) {
      return compareWithExisting(task, key, inventory);
    }
    for (int attempt = 1; ; attempt++) {
      try {
        s3.putObject(
            b -> b.bucket(task.s3Bucket()).key(key).ifNoneMatch("*").contentType("application/json"),
            RequestBody.fromBytes(json));
        return outcome(task, InventoryOutcome.Result.WRITTEN, key, inventory);
      } catch (S3Exception e) {
        if (e.statusCode() == 412) { // another invocation wrote it between our listing and our PUT
          return compareWithExisting(task, key, inventory);
        }
        if (e.statusCode() == 409 && attempt < CONFLICT_ATTEMPTS) {
          continue;
        }
        throw refused(e, "PutObject", uri(task, key), "s3:PutObject on " + uri(task, key));
      }
    }
  }

  private record Listing(List<Entry> objects, boolean inventoryFound) {}

  private Listing list(RdsExportTask task, String inventoryKey) {
    String dir = task.root() + "/"; // the slash keeps export "x-2" out of the listing of export "x"
    List<Entry> objects = new ArrayList<>();
    boolean inventoryFound = false;
    try {
      for (ListObjectsV2Response page :
          s3.listObjectsV2Paginator(b -> b.bucket(task.s3Bucket()).prefix(dir).maxKeys(PAGE_SIZE))) {
        for (S3Object o : page.contents()) {
          if (o.key().equals(inventoryKey)) {
            inventoryFound = true;
          } else if (!isFolderMarker(o)) {
            objects.add(new Entry(relativePath(task, dir, o.key()), o.size()));
          }
        }
      }
    } catch (S3Exception e) {
      throw refused(e, "ListObjectsV2", task.rootUri(),
          "s3:ListBucket on arn:aws:s3:::" + task.s3Bucket() + " for prefix " + dir);
    }
    return new Listing(objects, inventoryFound);
  }

  // The S3 console's "create folder" leaves an empty object named like a folder: not a file of the export.
  private static boolean isFolderMarker(S3Object o) {
    return o.key().endsWith("/") && o.size() != null && o.size() == 0;
  }

  /** The path as the loader reads it back; a key it would refuse is named here rather than written. */
  private static String relativePath(RdsExportTask task, String dir, String key) {
    String path = key.substring(dir.length());
    if (path.isEmpty() || path.startsWith("/") || path.contains("//") || List.of(path.split("/")).contains("..")) {
      throw new IllegalStateException("object s3://" + task.s3Bucket() + "/" + key + " under export "
          + task.shown() + " has a key with an empty or '..' segment, which RDS never writes and the loader"
          + " refuses: move it out of " + task.rootUri() + " and replay {\"exportTaskIdentifier\": \""
          + task.exportTaskIdentifier() + "\"}");
    }
    return path;
  }

  private static void readableByTheLoader(byte[] json, RdsExportTask task, String key) {
    try {
      ExportInventory.parse(json, key);
    } catch (ExportMetadataException e) {
      throw new IllegalStateException("the inventory of export task " + task.shown()
          + " would not be readable by the loader, so it is not written: " + e.getMessage(), e);
    }
  }

  private InventoryOutcome compareWithExisting(RdsExportTask task, String key, ExportInventory listed) {
    String uri = uri(task, key);
    byte[] bytes;
    try {
      bytes = s3.getObjectAsBytes(b -> b.bucket(task.s3Bucket()).key(key)).asByteArray();
    } catch (NoSuchKeyException e) {
      throw new IllegalStateException(uri + " was there a moment ago and is gone: something deletes inventories;"
          + " find out what, then replay {\"exportTaskIdentifier\": \"" + task.exportTaskIdentifier() + "\"}", e);
    } catch (S3Exception e) {
      throw refused(e, "GetObject", uri, "s3:GetObject on " + uri);
    }
    ExportInventory existing;
    try {
      existing = ExportInventory.parse(bytes, uri);
    } catch (ExportMetadataException e) {
      throw new IllegalStateException(uri + " exists but is not a readable inventory (" + e.getMessage()
          + "). snaplake never overwrites an inventory: delete it and replay {\"exportTaskIdentifier\": \""
          + task.exportTaskIdentifier() + "\"}", e);
    }
    if (existing.exportId().equals(task.exportTaskIdentifier())
        && existing.contentHash().equals(listed.contentHash())) {
      return outcome(task, InventoryOutcome.Result.ALREADY_WRITTEN, key, existing);
    }
    throw new IllegalStateException(uri + " already holds an inventory of export " + show(existing.exportId()) + " with "
        + existing.objects().size() + " objects (content " + existing.contentHash() + "), but " + task.rootUri()
        + " now lists " + listed.objects().size() + " objects (content " + listed.contentHash() + ")"
        + differences(existing, listed) + ". The export changed after it was inventoried. snaplake never"
        + " overwrites an inventory: find what wrote or deleted under the export root; if the export as it is"
        + " now is right, delete the inventory and replay {\"exportTaskIdentifier\": \""
        + task.exportTaskIdentifier() + "\"}");
  }

  private static String differences(ExportInventory existing, ExportInventory listed) {
    Map<String, Long> before = sizes(existing);
    Map<String, Long> now = sizes(listed);
    List<String> changes = new ArrayList<>();
    now.forEach((path, size) -> {
      Long old = before.get(path);
      if (old == null) {
        changes.add("added " + path);
      } else if (!old.equals(size)) {
        changes.add(path + " " + old + " -> " + size + " bytes");
      }
    });
    before.keySet().stream().filter(p -> !now.containsKey(p)).forEach(p -> changes.add("removed " + p));
    if (changes.isEmpty()) {
      return "";
    }
    String shown = String.join(", ", changes.subList(0, Math.min(DIFFERENCES_SHOWN, changes.size())));
    return ": " + shown + (changes.size() > DIFFERENCES_SHOWN ? " and " + (changes.size() - DIFFERENCES_SHOWN) + " more" : "");
  }

  private static Map<String, Long> sizes(ExportInventory inventory) {
    Map<String, Long> m = new TreeMap<>();
    inventory.objects().forEach(e -> m.put(e.path(), e.size()));
    return m;
  }

  private static InventoryOutcome outcome(
      RdsExportTask task, InventoryOutcome.Result result, String key, ExportInventory inventory) {
    return new InventoryOutcome(task.exportTaskIdentifier(), result, null, "s3://" + task.s3Bucket() + "/" + key,
        inventory.objects().size(), inventory.totalBytes(), inventory.contentHash());
  }

  private static IllegalStateException refused(S3Exception e, String action, String what, String permission) {
    String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    String hint = e.statusCode() == 403
        ? ": the exporter's role needs " + permission + " (and kms:Decrypt/kms:GenerateDataKey when the bucket is"
            + " encrypted with a KMS key)"
        : e.statusCode() == 404 ? ": check the bucket name and region"
        : e.statusCode() == 409 ? ": concurrent writes of the key kept conflicting; a retry of the invocation resolves it"
        : "";
    return new IllegalStateException(
        "S3 refused " + action + " of " + what + " (HTTP " + e.statusCode() + (code == null ? "" : " " + code) + ")" + hint,
        e);
  }

  private static String uri(RdsExportTask task, String key) {
    return "s3://" + task.s3Bucket() + "/" + key;
  }

  private static String show(String s) {
    return dev.snaplake.core.naming.Identifiers.show(s);
  }
}
