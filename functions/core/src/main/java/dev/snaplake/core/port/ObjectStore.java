package dev.snaplake.core.port;

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
