package dev.snaplake.compiler;

import java.nio.file.Path;

/**
 * The build step that embeds the manifest in the function jar: {@code functions/deploy} runs it
 * at generate-resources, so a jar can only be built from SQL that compiles, and always carries
 * the manifest of the SQL it was built with. Throws (failing the build) with every error located.
 */
public final class ManifestBuild {
  private ManifestBuild() {}

  /** {@code ManifestBuild <sql-dir> <manifest.json>} */
  public static void main(String[] args) {
    if (args.length != 2) {
      throw new IllegalArgumentException("usage: ManifestBuild <sql-dir> <manifest.json>");
    }
    Path sql = Path.of(args[0]).toAbsolutePath().normalize();
    Path out = Path.of(args[1]).toAbsolutePath().normalize();
    CompileResult result = new Compiler().compile(sql);
    result.warnings().forEach(d -> System.err.println(d.format()));
    if (!result.ok()) {
      StringBuilder errors = new StringBuilder(sql + " does not compile; no function jar is built from it:");
      result.errors().forEach(d -> errors.append('\n').append(d.format()));
      throw new IllegalStateException(errors.toString());
    }
    ManifestWriter.write(result.manifest(), out);
    System.out.println("snaplake: embedded the manifest of " + sql + " (" + result.manifest().objects().size()
        + " objects, hash " + result.manifest().hash() + ", analyzer " + result.analyzer() + ") as " + out);
    result.skippedChecks().forEach(s -> System.out.println("snaplake: skipped check: " + s));
  }
}
