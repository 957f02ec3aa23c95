package dev.snaplake.core.testing;

import dev.snaplake.core.port.ObjectStore;
import dev.snaplake.core.port.StoredObject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Wraps any store and counts every call by method, and the entries listings return. */
public final class CountingObjectStore implements ObjectStore {
  private final ObjectStore inner;
  private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();
  private final AtomicLong listed = new AtomicLong();
  private final AtomicLong pages = new AtomicLong();

  public CountingObjectStore(ObjectStore inner) {
    this.inner = inner;
  }

  private void count(String method) {
    calls.computeIfAbsent(method, m -> new AtomicLong()).incrementAndGet();
  }

  /** Calls so far, every method. */
  public long total() {
    return calls.values().stream().mapToLong(AtomicLong::get).sum();
  }

  public long calls(String method) {
    AtomicLong n = calls.get(method);
    return n == null ? 0 : n.get();
  }

  /** Calls by method, sorted, for messages. */
  public Map<String, Long> byMethod() {
    Map<String, Long> m = new TreeMap<>();
    calls.forEach((k, v) -> m.put(k, v.get()));
    return m;
  }

  /** Entries returned by every listing so far. */
  public long listedEntries() {
    return listed.get();
  }

  /** The pages those listings cost on Cloud Storage, which returns at most 1,000 entries a page. */
  public long listPages() {
    return pages.get();
  }

  public void reset() {
    calls.clear();
    listed.set(0);
    pages.set(0);
  }

  @Override
  public List<StoredObject> list(String prefix) {
    count("list");
    List<StoredObject> out = inner.list(prefix);
    listed.addAndGet(out.size());
    pages.addAndGet(Math.max(1, (out.size() + 999) / 1000));
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
  public byte[] readTail(String key, int maxBytes) {
    count("readTail");
    return inner.readTail(key, maxBytes);
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
    count("uri");
    return inner.uri(key);
  }

  @Override
  public String describe() {
    count("describe");
    return inner.describe();
  }
}
