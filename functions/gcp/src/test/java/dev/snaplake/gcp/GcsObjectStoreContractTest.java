package dev.snaplake.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snaplake.core.port.ObjectStore;
import dev.snaplake.core.testing.ObjectStoreContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The contract, for {@link GcsObjectStore} through the real Storage client against
 * {@link FakeGcsServer} (LocalStorageHelper has no preconditions and null generations, so it
 * cannot pass the claim tests). Pages hold 5 objects so that listing must follow page tokens.
 */
class GcsObjectStoreContractTest extends ObjectStoreContract {
  private FakeGcsServer server;

  @Override
  protected ObjectStore newStore() throws Exception {
    server = new FakeGcsServer();
    server.pageSize(5);
    return new GcsObjectStore(server.storage(), "landing-bucket");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void urisAreGsUris() {
    assertThat(store.uri("exp/app/app.users/1/part-00000.gz.parquet"))
        .isEqualTo("gs://landing-bucket/exp/app/app.users/1/part-00000.gz.parquet");
    assertThat(store.describe()).isEqualTo("gs://landing-bucket");
  }
}
