package dev.snaplake.deploy;

import dev.snaplake.core.catalog.Manifest;
import dev.snaplake.core.catalog.ManifestCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The manifest compiled from {@code sql/} and embedded in the function jar at {@value #RESOURCE}. */
public final class ClasspathManifest {
  public static final String RESOURCE = "/snaplake/manifest.json";

  private ClasspathManifest() {}

  public static Manifest load() {
    return load(ClasspathManifest.class);
  }

  /** Reads the resource through {@code anchor}'s class loader (the function's, under the invoker). */
  public static Manifest load(Class<?> anchor) {
    try (InputStream in = anchor.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            "no " + RESOURCE + " in the function jar: the deploy build embeds it (./mvnw -pl functions/deploy -am package) and"
                + " rebuild functions/deploy, which embeds it");
      }
      return ManifestCodec.fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  /** Whether a manifest is embedded. */
  public static boolean present(Class<?> anchor) {
    return anchor.getResource(RESOURCE) != null;
  }
}
