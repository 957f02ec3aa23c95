package dev.snaplake.gcp;

import com.google.api.gax.paging.Page;
import com.google.cloud.ReadChannel;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import com.google.cloud.storage.StorageOptions;
import dev.snaplake.core.naming.Identifiers;
import dev.snaplake.core.port.ObjectNotFoundException;
import dev.snaplake.core.port.ObjectStore;
import dev.snaplake.core.port.StoredObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The GCS landing bucket. Claims use GCS preconditions: {@link #createIfAbsent} sends
 * {@code ifGenerationMatch=0} and {@link #replaceIfGeneration} {@code ifGenerationMatch=N}; a
 * 412 (precondition failed) means another writer won and is reported as {@code false}.
 */
public final class GcsObjectStore implements ObjectStore {
  private static final int PRECONDITION_FAILED = 412;
  private static final int NOT_FOUND = 404;
  private static final int RANGE_NOT_SATISFIABLE = 416;
  private static final int TAIL_BUFFER = 64 * 1024;
  private static final Storage.BlobField[] LIST_FIELDS = {
    Storage.BlobField.NAME, Storage.BlobField.SIZE, Storage.BlobField.GENERATION
  };

  private final Storage storage;
  private final String bucket;

  public GcsObjectStore(Storage storage, String bucket) {
    this.storage = Objects.requireNonNull(storage, "storage");
    if (bucket == null || !bucket.matches("[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]")) {
      throw new IllegalArgumentException("bucket name " + Identifiers.show(bucket) + " is not a valid GCS bucket name");
    }
    this.bucket = bucket;
  }

  /** The bucket through the default client (application default credentials). */
  public static GcsObjectStore create(String bucket) {
    return new GcsObjectStore(StorageOptions.getDefaultInstance().getService(), bucket);
  }

  public String bucket() {
    return bucket;
  }

  @Override
  public List<StoredObject> list(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    List<StoredObject> out = new ArrayList<>();
    Page<Blob> page =
        storage.list(bucket, Storage.BlobListOption.prefix(prefix), Storage.BlobListOption.fields(LIST_FIELDS));
    for (Blob b : page.iterateAll()) { // follows nextPageToken through every page
      // list() of some fakes ignores the bucket and the prefix: keep only what was asked for.
      if (bucket.equals(b.getBucket()) && b.getName().startsWith(prefix)) {
        out.add(toStored(b));
      }
    }
    out.sort(Comparator.comparing(StoredObject::key));
    return out;
  }

  @Override
  public Optional<StoredObject> stat(String key) {
    Blob b = storage.get(blobId(key));
    return b == null ? Optional.empty() : Optional.of(toStored(b));
  }

  @Override
  public byte[] read(String key) {
    try {
      return storage.readAllBytes(blobId(key));
    } catch (StorageException e) {
      if (e.getCode() == NOT_FOUND) {
        throw new ObjectNotFoundException("object " + Identifiers.show(key) + " not found in " + describe());
      }
      throw new StorageException(e.getCode(), "cannot read " + uri(key) + ": " + e.getMessage(), e);
    }
  }

  /**
   * One GET with {@code Range: bytes=-maxBytes}: a negative seek and no limit make the client ask
   * for the suffix, so the object's size need not be known first (a limit would cancel it).
   */
  @Override
  public byte[] readTail(String key, int maxBytes) {
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("readTail of " + key + ": maxBytes must be positive, got " + maxBytes);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(maxBytes, TAIL_BUFFER));
    try (ReadChannel reader = storage.reader(blobId(key))) {
      reader.seek(-maxBytes);
      ByteBuffer buffer = ByteBuffer.allocate(Math.min(maxBytes, TAIL_BUFFER));
      while (reader.read(buffer) >= 0) {
        out.write(buffer.array(), 0, buffer.position());
        buffer.clear();
      }
    } catch (IOException | StorageException e) {
      StorageException cause = storageCause(e);
      if (cause != null && cause.getCode() == NOT_FOUND) {
        throw new ObjectNotFoundException("object " + Identifiers.show(key) + " not found in " + describe());
      }
      if (cause != null && cause.getCode() == RANGE_NOT_SATISFIABLE) {
        // A suffix range of an empty object cannot be satisfied (RFC 9110): its tail is empty.
        return new byte[0];
      }
      if (cause != null) {
        throw new StorageException(cause.getCode(), "cannot read the tail of " + uri(key) + ": " + cause.getMessage(), e);
      }
      throw new UncheckedIOException("cannot read the tail of " + uri(key), (IOException) e);
    }
    byte[] tail = out.toByteArray();
    // A server or proxy that ignored the range sent the whole object: keep its tail.
    return tail.length <= maxBytes ? tail : Arrays.copyOfRange(tail, tail.length - maxBytes, tail.length);
  }

  /** The client throws StorageException itself or wrapped in an IOException, depending on the call. */
  private static StorageException storageCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StorageException s) {
        return s;
      }
    }
    return null;
  }

  @Override
  public boolean createIfAbsent(String key, byte[] content) {
    try {
      storage.create(blobInfo(key), content, Storage.BlobTargetOption.doesNotExist());
      return true;
    } catch (StorageException e) {
      if (e.getCode() == PRECONDITION_FAILED) {
        return false;
      }
      throw e;
    }
  }

  @Override
  public boolean replaceIfGeneration(String key, byte[] content, long expectedGeneration) {
    if (expectedGeneration <= 0) {
      // ifGenerationMatch=0 would mean "create if absent", not "replace".
      return false;
    }
    try {
      storage.create(blobInfo(key), content, Storage.BlobTargetOption.generationMatch(expectedGeneration));
      return true;
    } catch (StorageException e) {
      if (e.getCode() == PRECONDITION_FAILED || e.getCode() == NOT_FOUND) {
        return false;
      }
      throw e;
    }
  }

  @Override
  public void write(String key, byte[] content) {
    storage.create(blobInfo(key), content);
  }

  @Override
  public String uri(String key) {
    return "gs://" + bucket + "/" + checkKey(key);
  }

  @Override
  public String describe() {
    return "gs://" + bucket;
  }

  private BlobId blobId(String key) {
    return BlobId.of(bucket, checkKey(key));
  }

  private BlobInfo blobInfo(String key) {
    return BlobInfo.newBuilder(blobId(key)).build();
  }

  private static StoredObject toStored(Blob b) {
    return new StoredObject(b.getName(), b.getSize() == null ? 0 : b.getSize(), b.getGeneration() == null ? 0 : b.getGeneration());
  }

  /** GCS object names: 1–1024 bytes of UTF-8, no CR/LF, not "." or "..". */
  private static String checkKey(String key) {
    if (key == null || key.isEmpty() || key.equals(".") || key.equals("..")
        || key.indexOf('\n') >= 0 || key.indexOf('\r') >= 0
        || key.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 1024) {
      throw new IllegalArgumentException("invalid object key " + Identifiers.show(key));
    }
    return key;
  }
}
