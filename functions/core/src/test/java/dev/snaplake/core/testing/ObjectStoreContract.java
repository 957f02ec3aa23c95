package dev.snaplake.core.testing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snaplake.core.port.ObjectNotFoundException;
import dev.snaplake.core.port.ObjectStore;
import dev.snaplake.core.port.StoredObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ObjectStore} must do, whatever stands behind it: the in-memory store, the
 * folder bucket and Cloud Storage all extend this with a fresh, empty store per test.
 */
public abstract class ObjectStoreContract {
  /** Keys a real export or claim may have: spaces, unicode, '+', '%', '#', '?', '=', ':'. */
  protected static final List<String> AWKWARD_KEYS =
      List.of(
          "export 1/app/app.users/1/part-00000 copy.gz.parquet",
          "export-1/ünïcödé/データ/表.json",
          "export-1/emoji/😀 smile.bin",
          "export-1/odd/a+b%20c#d?e=f:g.txt",
          "export-1/odd/trailing space ");

  protected ObjectStore store;

  /** A new, empty store; called before every test. */
  protected abstract ObjectStore newStore() throws Exception;

  @BeforeEach
  void setUpStore() throws Exception {
    store = newStore();
  }

  private static byte[] b(String s) {
    return s.getBytes(UTF_8);
  }

  @Test
  void emptyStoreHasNothing() {
    assertThat(store.list("")).isEmpty();
    assertThat(store.list("export/")).isEmpty();
    assertThat(store.stat("missing/key")).isEmpty();
  }

  @Test
  void readingAMissingObjectIsObjectNotFound() {
    assertThatThrownBy(() -> store.read("missing/key.json")).isInstanceOf(ObjectNotFoundException.class);
  }

  @Test
  void writeThenStatAndRead() {
    store.write("a/b/c.json", b("{\"x\":1}"));
    Optional<StoredObject> s = store.stat("a/b/c.json");
    assertThat(s).isPresent();
    assertThat(s.get().key()).isEqualTo("a/b/c.json");
    assertThat(s.get().size()).isEqualTo(7);
    assertThat(store.read("a/b/c.json")).isEqualTo(b("{\"x\":1}"));
  }

  @Test
  void emptyObjectsExist() {
    store.write("export/db/db.t/1/_SUCCESS", new byte[0]);
    assertThat(store.stat("export/db/db.t/1/_SUCCESS")).get().extracting(StoredObject::size).isEqualTo(0L);
    assertThat(store.read("export/db/db.t/1/_SUCCESS")).isEmpty();
    assertThat(store.list("export/")).extracting(StoredObject::key).containsExactly("export/db/db.t/1/_SUCCESS");
  }

  @Test
  void binaryContentRoundTrips() {
    byte[] all = new byte[256 * 3];
    for (int i = 0; i < all.length; i++) {
      all[i] = (byte) i;
    }
    store.write("bin/all-bytes", all);
    assertThat(store.read("bin/all-bytes")).isEqualTo(all);
    assertThat(store.stat("bin/all-bytes")).get().extracting(StoredObject::size).isEqualTo((long) all.length);
  }

  @Test
  void listIsRecursiveSortedAndLimitedToThePrefix() {
    for (String k : List.of("exp/b/2.parquet", "exp/a.json", "exp/b/c/3.parquet", "expX/1", "other/exp/1", "exp/b/1.parquet")) {
      store.write(k, b(k));
    }
    assertThat(store.list("exp/"))
        .extracting(StoredObject::key)
        .containsExactly("exp/a.json", "exp/b/1.parquet", "exp/b/2.parquet", "exp/b/c/3.parquet");
    assertThat(store.list("exp/b/")).extracting(StoredObject::key)
        .containsExactly("exp/b/1.parquet", "exp/b/2.parquet", "exp/b/c/3.parquet");
    assertThat(store.list("exp")).extracting(StoredObject::key).hasSize(5).contains("expX/1"); // a prefix, not a folder
    assertThat(store.list("exp/b/c/3.parquet")).extracting(StoredObject::key).containsExactly("exp/b/c/3.parquet");
    assertThat(store.list("nothing/")).isEmpty();
    List<StoredObject> all = store.list("");
    assertThat(all).hasSize(6);
    assertThat(all).extracting(StoredObject::key).isSortedAccordingTo(Comparator.naturalOrder());
    StoredObject a = all.get(0);
    assertThat(a.size()).isEqualTo(b(a.key()).length);
    assertThat(a).isEqualTo(store.stat(a.key()).orElseThrow());
  }

  @Test
  void listReturnsEveryObjectOfALargePrefix() {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 57; i++) {
      keys.add(String.format("big/batch-%d/part-%05d.gz.parquet", i % 3, i));
    }
    keys.forEach(k -> store.write(k, b(k)));
    List<String> listed = store.list("big/").stream().map(StoredObject::key).toList();
    assertThat(listed).hasSize(57).containsExactlyInAnyOrderElementsOf(keys).isSortedAccordingTo(Comparator.naturalOrder());
  }

  private static byte[] numbered(int n) {
    byte[] all = new byte[n];
    for (int i = 0; i < n; i++) {
      all[i] = (byte) (i * 7 + 3);
    }
    return all;
  }

  @Test
  void readTailShorterThanTheObjectIsItsLastBytes() {
    byte[] all = numbered(1000);
    store.write("exp/t/1/part-00000.gz.parquet", all);
    assertThat(store.readTail("exp/t/1/part-00000.gz.parquet", 8)).isEqualTo(Arrays.copyOfRange(all, 992, 1000));
    assertThat(store.readTail("exp/t/1/part-00000.gz.parquet", 999)).isEqualTo(Arrays.copyOfRange(all, 1, 1000));
    assertThat(store.readTail("exp/t/1/part-00000.gz.parquet", 1)).containsExactly(all[999]);
  }

  @Test
  void readTailLongerThanTheObjectIsTheWholeObject() {
    byte[] all = numbered(300);
    store.write("exp/small", all);
    assertThat(store.readTail("exp/small", 300)).isEqualTo(all);
    assertThat(store.readTail("exp/small", 301)).isEqualTo(all);
    assertThat(store.readTail("exp/small", 64 * 1024)).isEqualTo(all);
  }

  @Test
  void readTailOfAnEmptyObjectIsEmpty() {
    store.write("exp/t/1/_SUCCESS", new byte[0]);
    assertThat(store.readTail("exp/t/1/_SUCCESS", 8)).isEmpty();
  }

  @Test
  void readTailOfAMissingObjectIsObjectNotFound() {
    assertThatThrownBy(() -> store.readTail("missing/part-00000.gz.parquet", 8))
        .isInstanceOf(ObjectNotFoundException.class)
        .hasMessageContaining("missing/part-00000.gz.parquet");
  }

  @Test
  void readTailNeedsAPositiveLength() {
    store.write("exp/x", numbered(10));
    assertThatThrownBy(() -> store.readTail("exp/x", 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.readTail("exp/x", -4)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void readTailWorksWithAwkwardKeys() {
    for (String k : AWKWARD_KEYS) {
      store.write(k, b("content of " + k));
      assertThat(store.readTail(k, 4)).as(k).isEqualTo(b(k.substring(k.length() - 4)));
    }
  }

  @Test
  void createIfAbsentCreatesOnceOnly() {
    assertThat(store.createIfAbsent("claims/export-1.json", b("first"))).isTrue();
    assertThat(store.createIfAbsent("claims/export-1.json", b("second"))).isFalse();
    assertThat(store.read("claims/export-1.json")).isEqualTo(b("first"));
    assertThat(store.list("claims/")).hasSize(1);
  }

  @Test
  void createIfAbsentHasExactlyOneWinnerUnderConcurrency() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        int n = i;
        results.add(pool.submit(() -> store.createIfAbsent("claims/race", b("owner-" + n))));
      }
      int winners = 0;
      for (Future<Boolean> f : results) {
        winners += f.get() ? 1 : 0;
      }
      assertThat(winners).isEqualTo(1);
      assertThat(new String(store.read("claims/race"), UTF_8)).startsWith("owner-");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void createIfAbsentRefusesAnObjectWrittenOtherwise() {
    store.write("claims/x", b("written"));
    assertThat(store.createIfAbsent("claims/x", b("claim"))).isFalse();
    assertThat(store.read("claims/x")).isEqualTo(b("written"));
  }

  @Test
  void writeReplacesContentAndChangesTheGeneration() {
    store.write("k", b("one"));
    long g1 = store.stat("k").orElseThrow().generation();
    store.write("k", b("two!"));
    StoredObject s = store.stat("k").orElseThrow();
    assertThat(s.generation()).isNotEqualTo(g1);
    assertThat(s.size()).isEqualTo(4);
    assertThat(store.read("k")).isEqualTo(b("two!"));
  }

  @Test
  void replaceIfGenerationSucceedsOnTheCurrentGenerationOnly() {
    assertThat(store.createIfAbsent("lease", b("owner-a"))).isTrue();
    long g1 = store.stat("lease").orElseThrow().generation();

    assertThat(store.replaceIfGeneration("lease", b("owner-b"), g1)).isTrue();
    long g2 = store.stat("lease").orElseThrow().generation();
    assertThat(g2).isNotEqualTo(g1);
    assertThat(store.read("lease")).isEqualTo(b("owner-b"));

    // A writer still holding the old generation loses and changes nothing.
    assertThat(store.replaceIfGeneration("lease", b("owner-c"), g1)).isFalse();
    assertThat(store.read("lease")).isEqualTo(b("owner-b"));
    assertThat(store.stat("lease").orElseThrow().generation()).isEqualTo(g2);
  }

  @Test
  void replaceIfGenerationOfAMissingObjectIsFalse() {
    assertThat(store.replaceIfGeneration("nothing-here", b("x"), 12345L)).isFalse();
    assertThat(store.stat("nothing-here")).isEmpty();
  }

  @Test
  void awkwardKeysWork() {
    for (String k : AWKWARD_KEYS) {
      assertThat(store.createIfAbsent(k, b("content of " + k))).as(k).isTrue();
      assertThat(store.createIfAbsent(k, b("again"))).as(k).isFalse();
    }
    for (String k : AWKWARD_KEYS) {
      assertThat(store.read(k)).as(k).isEqualTo(b("content of " + k));
      StoredObject s = store.stat(k).orElseThrow();
      assertThat(s.key()).isEqualTo(k);
      assertThat(s.size()).isEqualTo(b("content of " + k).length);
      assertThat(store.replaceIfGeneration(k, b("replaced"), s.generation())).as(k).isTrue();
      assertThat(store.read(k)).isEqualTo(b("replaced"));
      assertThat(store.uri(k)).as(k).isNotBlank();
    }
    assertThat(store.list("export-1/")).extracting(StoredObject::key)
        .containsExactlyInAnyOrderElementsOf(AWKWARD_KEYS.subList(1, AWKWARD_KEYS.size()));
    assertThat(store.list("export 1/")).extracting(StoredObject::key).containsExactly(AWKWARD_KEYS.get(0));
    assertThat(store.list("export-1/ünïcödé/データ/")).extracting(StoredObject::key).containsExactly(AWKWARD_KEYS.get(1));
  }

  @Test
  void describesItself() {
    assertThat(store.describe()).isNotBlank();
    assertThat(store.uri("a/b.parquet")).endsWith("a/b.parquet");
  }

  @Test
  void replaceIfGenerationHasOneWinnerUnderConcurrency() throws Exception {
    store.createIfAbsent("lease", b("v0"));
    long g = store.stat("lease").orElseThrow().generation();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        int n = i;
        results.add(pool.submit((Callable<Boolean>) () -> store.replaceIfGeneration("lease", b("owner-" + n), g)));
      }
      int winners = 0;
      for (Future<Boolean> f : results) {
        winners += f.get() ? 1 : 0;
      }
      assertThat(winners).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }
}
