package dev.snaplake.core.testing;

import dev.snaplake.core.port.ObjectNotFoundException;
import dev.snaplake.core.port.ObjectStore;
import dev.snaplake.core.port.StoredObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/** A bucket in memory; passes {@link ObjectStoreContract}. Wrap it in {@link CountingObjectStore} to count calls. */
public final class InMemoryObjectStore implements ObjectStore {
  private record Entry(byte[] content, long generation) {}

  private final Map<String, Entry> objects = new ConcurrentSkipListMap<>();
  private final AtomicLong generations = new AtomicLong();

  @Override
  public List<StoredObject> list(String prefix) {
    List<StoredObject> out = new ArrayList<>();
    objects.forEach((k, v) -> {
      if (k.startsWith(prefix)) {
        out.add(new StoredObject(k, v.content().length, v.generation()));
      }
    });
    return out;
  }

  @Override
  public Optional<StoredObject> stat(String key) {
    Entry e = objects.get(key);
    return e == null ? Optional.empty() : Optional.of(new StoredObject(key, e.content().length, e.generation()));
  }

  @Override
  public byte[] read(String key) {
    Entry e = objects.get(key);
    if (e == null) {
      throw new ObjectNotFoundException(key + " not found");
    }
    return e.content().clone();
  }

  @Override
  public byte[] readTail(String key, int maxBytes) {
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("readTail of " + key + ": maxBytes must be positive, got " + maxBytes);
    }
    Entry e = objects.get(key);
    if (e == null) {
      throw new ObjectNotFoundException(key + " not found");
    }
    byte[] c = e.content();
    return Arrays.copyOfRange(c, Math.max(0, c.length - maxBytes), c.length);
  }

  @Override
  public synchronized boolean createIfAbsent(String key, byte[] content) {
    if (objects.containsKey(key)) {
      return false;
    }
    objects.put(key, new Entry(content.clone(), generations.incrementAndGet()));
    return true;
  }

  @Override
  public synchronized boolean replaceIfGeneration(String key, byte[] content, long expectedGeneration) {
    Entry e = objects.get(key);
    if (e == null || e.generation() != expectedGeneration) {
      return false;
    }
    objects.put(key, new Entry(content.clone(), generations.incrementAndGet()));
    return true;
  }

  @Override
  public synchronized void write(String key, byte[] content) {
    objects.put(key, new Entry(content.clone(), generations.incrementAndGet()));
  }

  @Override
  public String uri(String key) {
    return "mem://" + key;
  }

  @Override
  public String describe() {
    return "in-memory bucket";
  }

  public void delete(String key) {
    objects.remove(key);
  }
}
