package dev.snaplake.compiler;

/** How bad a {@link Diagnostic} is: an error stops the manifest from being written. */
public enum Severity {
  ERROR,
  WARNING
}
