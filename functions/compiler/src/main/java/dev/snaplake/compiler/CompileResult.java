package dev.snaplake.compiler;

import dev.snaplake.core.catalog.Manifest;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What {@link Compiler#compile} made of {@code sql/}: the manifest ({@code null} when there are
 * errors), every diagnostic (errors and warnings, sorted by file and position), the project
 * configuration ({@code null} when {@code snaplake.json} could not be read), which analyzer
 * checked the SQL ({@code "zetasql"} or {@code "fallback"}), and the checks that were skipped.
 */
public record CompileResult(
    Manifest manifest,
    List<Diagnostic> diagnostics,
    ProjectConfig config,
    String analyzer,
    List<String> skippedChecks) {
  public static final String ZETASQL = "zetasql";
  public static final String FALLBACK = "fallback";

  public CompileResult {
    diagnostics = List.copyOf(diagnostics);
    skippedChecks = List.copyOf(skippedChecks);
  }

  public boolean ok() {
    return manifest != null && diagnostics.stream().noneMatch(Diagnostic::isError);
  }

  public List<Diagnostic> errors() {
    return diagnostics.stream().filter(Diagnostic::isError).toList();
  }

  public List<Diagnostic> warnings() {
    return diagnostics.stream().filter(d -> !d.isError()).toList();
  }

  /** Every diagnostic, one per line, as {@link Diagnostic#format()} prints it. */
  public String report() {
    return diagnostics.stream().map(Diagnostic::format).collect(Collectors.joining("\n"));
  }
}
