package dev.snaplake.compiler;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Starts ZetaSQL once per JVM, on first use (≈ 1–2 s: the native library loads and its in-process
 * server starts), and remembers why it could not start. Set the system property
 * {@code snaplake.zetasql=off} to skip it and use the pure-Java {@link TokenExtractor}.
 */
final class ZetaSql {
  record Startup(TableNameExtractor extractor, String failure, Duration duration) {
    boolean available() {
      return extractor != null;
    }
  }

  /** The type checker, or why it could not start. */
  record Checker(TypeChecker checker, String failure) {}

  private static volatile boolean started;

  private ZetaSql() {}

  private static final class Holder {
    static final Startup STARTUP = start();
  }

  static Startup startup() {
    return Holder.STARTUP;
  }

  /** Started on first use only, when raw schemas are given: it opens its own channels. */
  private static final class CheckerHolder {
    static final Checker CHECKER = startChecker();
  }

  /** The column and type checker; needs {@link #startup()} to be available. */
  static Checker typeChecker() {
    return CheckerHolder.CHECKER;
  }

  private static Checker startChecker() {
    Startup s = startup();
    if (!s.available()) {
      return new Checker(null, s.failure());
    }
    try {
      return new Checker(ZetaSqlTypeChecker.start(), null);
    } catch (RuntimeException | LinkageError e) {
      return new Checker(null, describe(e));
    }
  }

  /** How long ZetaSQL took to start, once it has been started. */
  static Optional<Duration> startupTime() {
    return started && Holder.STARTUP.available() ? Optional.of(Holder.STARTUP.duration()) : Optional.empty();
  }

  private static Startup start() {
    long t0 = System.nanoTime();
    try {
      String setting = System.getProperty("snaplake.zetasql", "on").trim();
      if (setting.equalsIgnoreCase("off") || setting.equalsIgnoreCase("false")) {
        return new Startup(null, "disabled by -Dsnaplake.zetasql=" + setting, Duration.ZERO);
      }
      TableNameExtractor e = ZetaSqlExtractor.start();
      return new Startup(e, null, Duration.ofNanos(System.nanoTime() - t0));
    } catch (Throwable t) { // UnsatisfiedLinkError, NoClassDefFoundError, ExceptionInInitializerError…
      if (t instanceof VirtualMachineError && !(t instanceof StackOverflowError)) {
        throw (VirtualMachineError) t;
      }
      return new Startup(null, describe(t), Duration.ofNanos(System.nanoTime() - t0));
    } finally {
      started = true;
    }
  }

  static String describe(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String msg = root.getMessage() == null ? "" : ": " + root.getMessage();
    if (msg.length() > 200) {
      msg = msg.substring(0, 200) + "…";
    }
    String arch = System.getProperty("os.name", "?") + "/" + System.getProperty("os.arch", "?");
    return root.getClass().getSimpleName() + msg + " on " + arch.toLowerCase(Locale.ROOT);
  }
}
