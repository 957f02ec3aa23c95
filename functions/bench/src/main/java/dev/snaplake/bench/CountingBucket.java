package dev.snaplake.bench;

import dev.snaplake.core.port.ObjectStore;
import dev.snaplake.core.port.StoredObject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Counts a store's calls by method, the entries listings return, and the pages a listing costs on
 * Cloud Storage (at most 1,000 entries a page). {@code uri} and {@code describe} do no I/O and are
 * not counted.
 */
final class CountingBucket implements ObjectStore {
  static final int GCS_PAGE = 1000;

  private final ObjectStore inner;
  final Map<String, Long> calls = new TreeMap<>();
  long listedEntries;
  long listPages;

  CountingBucket(ObjectStore inner) {
    this.inner = inner;
  }

  private synchronized void count(String method) {
    calls.merge(method, 1L, Long::sum);
  }

  synchronized long calls(String method) {
    return calls.getOrDefault(method, 0L);
  }

  synchronized long total() {
    return calls.values().stream().mapToLong(Long::longValue).sum();
  }

  @Override
  public List<StoredObject> list(String prefix) {
    count("list");
    List<StoredObject> out = inner.list(prefix);
    synchronized (this) {
      listedEntries += out.size();
      listPages += Math.max(1, (out.size() + GCS_PAGE - 1) / GCS_PAGE);
    }
    return out;
  }

  @Override
  public Optional<StoredObject> stat(String key) {
    count("stat");
    return inner.stat(key);
  }

  @Override
  public byte[] read(String key) {
    count("read");
    return inner.read(key);
  }

  @Override
  public boolean createIfAbsent(String key, byte[] content) {
    count("createIfAbsent");
    return inner.createIfAbsent(key, content);
  }

  @Override
  public boolean replaceIfGeneration(String key, byte[] content, long expectedGeneration) {
    count("replaceIfGeneration");
    return inner.replaceIfGeneration(key, content, expectedGeneration);
  }

  @Override
  public void write(String key, byte[] content) {
    count("write");
    inner.write(key, content);
  }

  @Override
  public String uri(String key) {
    return inner.uri(key);
  }

  @Override
  public String describe() {
    return inner.describe();
  }
}
