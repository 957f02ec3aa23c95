package dev.snaplake.core.testing;

import dev.snaplake.core.port.ObjectStore;

class InMemoryObjectStoreTest extends ObjectStoreContract {
  @Override
  protected ObjectStore newStore() {
    return new InMemoryObjectStore();
  }
}
