package dev.snaplake.bench;

import dev.snaplake.core.port.ObjectNotFoundException;
import dev.snaplake.core.port.ObjectStore;
import dev.snaplake.core.port.StoredObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/** A bucket in memory, so a benchmark measures the loader's own work and not storage I/O. */
final class MemoryBucket implements ObjectStore {
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
    return e.content();
  }

  @Override
  public synchronized boolean createIfAbsent(String key, byte[] content) {
    if (objects.containsKey(key)) {
      return false;
    }
    objects.put(key, new Entry(content, generations.incrementAndGet()));
    return true;
  }

  @Override
  public synchronized boolean replaceIfGeneration(String key, byte[] content, long expectedGeneration) {
    Entry e = objects.get(key);
    if (e == null || e.generation() != expectedGeneration) {
      return false;
    }
    objects.put(key, new Entry(content, generations.incrementAndGet()));
    return true;
  }

  @Override
  public synchronized void write(String key, byte[] content) {
    objects.put(key, new Entry(content, generations.incrementAndGet()));
  }

  @Override
  public String uri(String key) {
    return "mem://" + key;
  }

  @Override
  public String describe() {
    return "memory bucket";
  }
}
