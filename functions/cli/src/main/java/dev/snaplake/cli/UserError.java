package dev.snaplake.cli;

/** A failure the user can fix: a one-line message, a hint, and an exit code. */
final class UserError extends RuntimeException {
  private final String hint;
  private final int exitCode;

  UserError(String message, String hint) {
    this(message, hint, 2);
  }

  UserError(String message, String hint, int exitCode) {
    super(message);
    this.hint = hint;
    this.exitCode = exitCode;
  }

  String hint() {
    return hint;
  }

  int exitCode() {
    return exitCode;
  }
}
