package dev.snaplake.compiler;

import dev.snaplake.core.catalog.Manifest;
import dev.snaplake.core.catalog.ManifestCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes manifest.json (format: {@link ManifestCodec}) atomically: a reader never sees half a file. */
public final class ManifestWriter {
  private ManifestWriter() {}

  public static void write(Manifest manifest, Path file) {
    Path target = file.toAbsolutePath();
    try {
      Files.createDirectories(target.getParent());
      Path tmp = Files.createTempFile(target.getParent(), ".manifest-", ".json.tmp");
      try {
        Files.writeString(tmp, ManifestCodec.toJson(manifest) + "\n", StandardCharsets.UTF_8);
        try {
          Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
