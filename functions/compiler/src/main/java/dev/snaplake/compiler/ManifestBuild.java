package dev.snaplake.compiler;

import java.nio.file.Path;

/**
 * The build step that embeds the manifest in the function jar: {@code functions/deploy} runs it
 * at generate-resources, so a jar can only be built from SQL that compiles, and always carries
 * the manifest of the SQL it was built with. Throws (failing the build) with every error located.
 */
public final class ManifestBuild {
  private ManifestBuild() {}

  /**
   * {@code ManifestBuild <sql-dir> <manifest.json> [<schemas>]}: with raw schemas (a schema file
   * or an export folder; empty for none) columns and types are checked too, and the manifest
   * carries output schemas.
   */
  public static void main(String[] args) {
    if (args.length < 2 || args.length > 3) {
      throw new IllegalArgumentException("usage: ManifestBuild <sql-dir> <manifest.json> [<schemas>]");
    }
    Path sql = Path.of(args[0]).toAbsolutePath().normalize();
    Path out = Path.of(args[1]).toAbsolutePath().normalize();
    Path schemas = args.length == 3 && args[2] != null && !args[2].isBlank() ? Path.of(args[2]).toAbsolutePath().normalize() : null;
    if (schemas != null && !java.nio.file.Files.exists(schemas)) {
      throw new IllegalArgumentException("-Dsnaplake.schemas=" + schemas + " does not exist: give a schema file or an export folder");
    }
    CompileResult result = schemas == null ? new Compiler().compile(sql) : new Compiler().compile(sql, schemas);
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
