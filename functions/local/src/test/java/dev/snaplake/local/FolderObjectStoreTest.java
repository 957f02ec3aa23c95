package dev.snaplake.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snaplake.core.port.ObjectStore;
import dev.snaplake.core.testing.ObjectStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderObjectStoreTest extends ObjectStoreContract {
  @TempDir Path dir;

  @Override
  protected ObjectStore newStore() {
    return new FolderObjectStore(dir);
  }

  @Test
  void keysCannotEscapeTheBucketFolder() {
    FolderObjectStore s = new FolderObjectStore(dir.resolve("bucket"));
    assertThatThrownBy(() -> s.write("../outside", new byte[] {1})).hasMessageContaining("escapes the bucket folder");
    assertThatThrownBy(() -> s.read("/etc/passwd")).hasMessageContaining("invalid object key");
  }

  @Test
  void temporaryFilesAreNeverListed() {
    FolderObjectStore s = new FolderObjectStore(dir);
    s.createIfAbsent("a/claim", new byte[] {1});
    s.write("a/x", new byte[] {1});
    assertThat(s.list("")).extracting(o -> o.key()).containsExactly("a/claim", "a/x");
  }
}
