package dev.snaplake.gcp;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.storage.Storage;
import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;
import dev.snaplake.core.port.ObjectNotFoundException;
import dev.snaplake.core.port.StoredObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link GcsObjectStore} on google-cloud-nio's in-memory {@code LocalStorageHelper}, for what that
 * fake supports: write, read, stat, list by prefix. It has no generation preconditions (and null
 * generations), so the claim operations are covered by {@link GcsObjectStoreContractTest} instead.
 */
class GcsObjectStoreLocalStorageHelperTest {
  private Storage storage;
  private GcsObjectStore store;

  @BeforeEach
  void setUp() {
    storage = LocalStorageHelper.getOptions().getService();
    store = new GcsObjectStore(storage, "landing");
  }

  @Test
  void writeReadStat() {
    store.write("exp/export_info_exp.json", "{\"status\":\"COMPLETE\"}".getBytes(UTF_8));
    assertThat(store.read("exp/export_info_exp.json")).asString(UTF_8).isEqualTo("{\"status\":\"COMPLETE\"}");
    StoredObject s = store.stat("exp/export_info_exp.json").orElseThrow();
    assertThat(s.key()).isEqualTo("exp/export_info_exp.json");
    assertThat(s.size()).isEqualTo(21);
    assertThat(store.stat("exp/none")).isEmpty();
    assertThatThrownBy(() -> store.read("exp/none")).isInstanceOf(ObjectNotFoundException.class);
  }

  @Test
  void listKeepsOnlyThisBucketAndPrefix() {
    store.write("exp/db/db.t/1/part-00001.gz.parquet", new byte[3]);
    store.write("exp/db/db.t/1/part-00000.gz.parquet", new byte[2]);
    store.write("exp/db/db.t/1/_SUCCESS", new byte[0]);
    store.write("other/x", new byte[1]);
    // The fake's list() ignores the bucket: the store must not report another bucket's objects.
    new GcsObjectStore(storage, "another-bucket").write("exp/db/db.t/1/zzz", new byte[1]);

    assertThat(store.list("exp/")).extracting(StoredObject::key)
        .containsExactly("exp/db/db.t/1/_SUCCESS", "exp/db/db.t/1/part-00000.gz.parquet", "exp/db/db.t/1/part-00001.gz.parquet");
    assertThat(store.list("exp/")).extracting(StoredObject::size).containsExactly(0L, 2L, 3L);
    assertThat(store.list("")).hasSize(4);
  }

  @Test
  void unicodeKeys() {
    store.write("exp/データ 1.json", "x".getBytes(UTF_8));
    assertThat(store.list("exp/デ")).extracting(StoredObject::key).containsExactly("exp/データ 1.json");
    assertThat(store.uri("exp/データ 1.json")).isEqualTo("gs://landing/exp/データ 1.json");
  }
}
