package dev.snaplake.core.port;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A bucket: the GCS landing bucket, or a local folder standing for it. Keys use {@code /}.
 * Implementations pass {@code ObjectStoreContract}.
 */
public interface ObjectStore {
  /** Every object whose key starts with {@code prefix}, recursively, sorted by key. */
  List<StoredObject> list(String prefix);

  Optional<StoredObject> stat(String key);

  /** The object's bytes; {@link ObjectNotFoundException} when it does not exist. */
  byte[] read(String key);

  /**
   * The last {@code maxBytes} bytes of the object, or all of it when it is shorter (an empty
   * object has none): what a Parquet footer is read from. {@link ObjectNotFoundException} when
   * it does not exist.
   *
   * <p>This default reads the whole object, which is correct for any store; the adapters override
   * it with one ranged read, so a footer costs kilobytes rather than the file.
   */
  default byte[] readTail(String key, int maxBytes) {
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("readTail of " + key + ": maxBytes must be positive, got " + maxBytes);
    }
    byte[] all = read(key);
    return all.length <= maxBytes ? all : Arrays.copyOfRange(all, all.length - maxBytes, all.length);
  }

  /** Creates the object only if no object has that key; true when this call created it. */
  boolean createIfAbsent(String key, byte[] content);

  /**
   * Replaces the object only if its generation is still {@code expectedGeneration}; true when
   * this call replaced it. The basis of leases on claims.
   */
  boolean replaceIfGeneration(String key, byte[] content, long expectedGeneration);

  /** Writes the object, replacing any previous content. */
  void write(String key, byte[] content);

  /** Where a warehouse reads the object from: {@code gs://bucket/key} or a local path. */
  String uri(String key);

  /** A short description for messages, e.g. {@code gs://landing} or a folder path. */
  String describe();
}
