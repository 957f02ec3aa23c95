package dev.snaplake.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snaplake.core.port.ObjectNotFoundException;
import dev.snaplake.core.port.ObjectStore;
import dev.snaplake.core.port.StoredObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** What every {@link ObjectStore} must do. Implementations extend this with their own store. */
public abstract class ObjectStoreContract {
  protected abstract ObjectStore store();

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void listsByPrefixRecursivelyAndSorted() {
    ObjectStore s = store();
    s.write("exp/b/2.parquet", b("22"));
    s.write("exp/a/1.parquet", b("1"));
    s.write("exp2/x.json", b("x"));
    s.write("other/y", b("y"));
    assertThat(s.list("exp/")).extracting(StoredObject::key).containsExactly("exp/a/1.parquet", "exp/b/2.parquet");
    assertThat(s.list("exp")).extracting(StoredObject::key).containsExactly("exp/a/1.parquet", "exp/b/2.parquet", "exp2/x.json");
    assertThat(s.list("exp/b/")).singleElement().satisfies(o -> assertThat(o.size()).isEqualTo(2));
    assertThat(s.list("missing/")).isEmpty();
  }

  @Test
  void readsWhatWasWrittenAndStatsIt() {
    ObjectStore s = store();
    s.write("a/b c/ünï.json", b("{\"k\":1}"));
    assertThat(new String(s.read("a/b c/ünï.json"), StandardCharsets.UTF_8)).isEqualTo("{\"k\":1}");
    assertThat(s.stat("a/b c/ünï.json")).hasValueSatisfying(o -> assertThat(o.size()).isEqualTo(7));
    assertThat(s.stat("a/nothing")).isEmpty();
    assertThatThrownBy(() -> s.read("a/nothing")).isInstanceOf(ObjectNotFoundException.class).hasMessageContaining("a/nothing");
  }

  @Test
  void createIfAbsentWinsOnceAndKeepsTheFirstContent() {
    ObjectStore s = store();
    assertThat(s.createIfAbsent("claims/x", b("first"))).isTrue();
    assertThat(s.createIfAbsent("claims/x", b("second"))).isFalse();
    assertThat(new String(s.read("claims/x"), StandardCharsets.UTF_8)).isEqualTo("first");
  }

  @Test
  void createIfAbsentHasOneWinnerUnderConcurrency() throws Exception {
    ObjectStore s = store();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        int n = i;
        results.add(pool.submit((Callable<Boolean>) () -> s.createIfAbsent("claims/race", b("owner-" + n))));
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

  @Test
  void replaceIfGenerationRefusesAStaleGeneration() {
    ObjectStore s = store();
    s.createIfAbsent("lease", b("v1"));
    long g1 = s.stat("lease").orElseThrow().generation();
    assertThat(s.replaceIfGeneration("lease", b("v2"), g1)).isTrue();
    assertThat(s.replaceIfGeneration("lease", b("v3"), g1)).isFalse();
    assertThat(new String(s.read("lease"), StandardCharsets.UTF_8)).isEqualTo("v2");
    assertThat(s.replaceIfGeneration("absent", b("v"), 1)).isFalse();
  }

  @Test
  void overwriteChangesTheGeneration() {
    ObjectStore s = store();
    s.write("k", b("1"));
    long g1 = s.stat("k").orElseThrow().generation();
    s.write("k", b("22"));
    assertThat(s.stat("k").orElseThrow().generation()).isNotEqualTo(g1);
    assertThat(s.uri("k")).isNotBlank();
  }
}
