package dev.snaplake.cli;

import dev.snaplake.compiler.CompileResult;
import dev.snaplake.compiler.Compiler;
import dev.snaplake.compiler.Diagnostic;
import dev.snaplake.core.catalog.Manifest;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Compiles sql/ into a manifest, or fails with every error located. */
final class ManifestSource {
  private ManifestSource() {}

  static CompileResult compile(Path sqlDir, PrintStream err) {
    return compile(sqlDir, null, err);
  }

  /** @param schemas raw schemas (a schema file or an export folder) to check columns and types against, or null */
  static CompileResult compile(Path sqlDir, Path schemas, PrintStream err) {
    if (!Files.isDirectory(sqlDir)) {
      throw new UserError("SQL folder " + sqlDir + " does not exist", "pass --sql DIR pointing at the folder with snaplake.json and <dataset>/<name>.sql files");
    }
    if (schemas != null && !Files.exists(schemas)) {
      throw new UserError("--schemas " + schemas + " does not exist",
          "pass a schema file ({\"tables\": {\"raw.app__users\": [...]}}) or a folder holding an RDS export (see docs/MODELS.md)");
    }
    CompileResult result = schemas == null ? new Compiler().compile(sqlDir) : new Compiler().compile(sqlDir, schemas);
    for (Diagnostic d : result.diagnostics()) {
      err.println(d.format());
    }
    return result;
  }

  static Manifest manifest(Path sqlDir, PrintStream err) {
    CompileResult result = compile(sqlDir, err);
    if (!result.ok()) {
      long errors = result.diagnostics().stream().filter(d -> d.isError()).count();
      throw new UserError(sqlDir + " has " + errors + " error(s); nothing was changed", "fix the files listed above, then check with: snaplake compile --sql " + sqlDir);
    }
    return result.manifest();
  }
}
