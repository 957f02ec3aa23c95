package dev.snaplake.compiler;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/** Test projects: the real sql/, fixtures under src/test/resources/projects, and inline ones. */
final class TestProjects {
  /** One compiler for the whole suite: ZetaSQL starts once per JVM anyway. */
  static final Compiler COMPILER = new Compiler();
  static final Compiler FALLBACK = Compiler.fallbackOnly();

  static final String CONFIG = """
      {
        "rawDataset": "raw",
        "managedDatasets": ["staging", "mart"],
        "archiveDataset": "snaplake_archive",
        "sources": [{"name": "app", "engine": "mysql", "database": "app", "instance": "app-prod", "s3Prefix": "rds/app-prod"}],
        "environments": {"dev": {"project": "acme-snaplake-dev", "location": "EU"}},
        "params": {}
      }
      """;

  private TestProjects() {}

  /** The repository's sql/ folder, found relative to this module. */
  static Path sampleProject() {
    Path p = Path.of("../../sql");
    if (!Files.isDirectory(p)) {
      p = Path.of("sql"); // run from the repository root
    }
    return p;
  }

  static Path resource(String name) {
    try {
      return Path.of(TestProjects.class.getResource("/projects/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Copies a fixture project to {@code dir/<name>} so that a test can add files to it. */
  static Path copy(String name, Path dir) {
    Path from = resource(name);
    Path to = dir.resolve(name);
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : walk.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return to;
  }

  /** A project in {@code dir/sql}: the default config plus {@code files} (path → content). */
  static Path project(Path dir, Map<String, String> files) {
    Map<String, String> all = new LinkedHashMap<>();
    all.put("snaplake.json", CONFIG);
    all.putAll(files);
    Path root = dir.resolve("sql");
    all.forEach((path, content) -> write(root.resolve(path), content));
    return root;
  }

  static void write(Path file, String content) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static boolean zetaSqlAvailable() {
    return ZetaSql.startup().available();
  }
}
