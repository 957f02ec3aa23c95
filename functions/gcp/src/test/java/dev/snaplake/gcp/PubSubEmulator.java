package dev.snaplake.gcp;

import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The Pub/Sub emulator for tests: {@code @ExtendWith(PubSubEmulator.class)}, then take a
 * {@link Host} parameter. Uses {@code PUBSUB_EMULATOR_HOST} when it is set (CI starts the emulator
 * with {@code infra/pubsub-emulator.sh}); otherwise starts the Cloud SDK's launcher on a free port,
 * once for the whole run, and stops it at the end. When neither works the tests are skipped with
 * the reason — or fail, when {@code -Dsnaplake.requireEmulator=true} (as in CI).
 */
public final class PubSubEmulator implements BeforeAllCallback, ParameterResolver {
  private static final Logger LOG = Logger.getLogger(PubSubEmulator.class.getName());
  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(PubSubEmulator.class);
  static final String INSTALL_HINT =
      "Install it with `gcloud components install pubsub-emulator` (Debian/Ubuntu: apt-get install"
          + " google-cloud-cli-pubsub-emulator), or start one and set PUBSUB_EMULATOR_HOST"
          + " (infra/pubsub-emulator.sh start).";

  private static final java.util.concurrent.atomic.AtomicBoolean WARNED = new java.util.concurrent.atomic.AtomicBoolean();

  /** Where the emulator listens: {@code 127.0.0.1:port}. */
  public record Host(String hostPort) {}

  /** One emulator for the whole test run; closed by JUnit when the run ends. */
  static final class Instance implements AutoCloseable { // JUnit ≥ 5.13 closes AutoCloseable store values
    final String hostPort; // null when unavailable
    final String problem;
    final Process process; // null when not ours
    final long startMillis;

    Instance(String hostPort, String problem, Process process, long startMillis) {
      this.hostPort = hostPort;
      this.problem = problem;
      this.process = process;
      this.startMillis = startMillis;
    }

    @Override
    public void close() {
      if (process != null && process.isAlive()) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
          if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
          }
        } catch (InterruptedException e) {
          process.destroyForcibly();
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    Instance i = instance(context);
    if (i.hostPort == null) {
      String message = "Pub/Sub emulator not available: " + i.problem + ". " + INSTALL_HINT;
      if (Boolean.getBoolean("snaplake.requireEmulator")) {
        Assertions.fail(message + " (required: -Dsnaplake.requireEmulator=true)");
      }
      if (WARNED.compareAndSet(false, true)) {
        System.err.println("[snaplake] SKIPPING the Pub/Sub emulator tests: " + message);
      }
      Assumptions.abort(message);
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
    return p.getParameter().getType() == Host.class;
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext e) {
    return new Host(instance(e).hostPort);
  }

  private static Instance instance(ExtensionContext context) {
    return context.getRoot().getStore(NS).getOrComputeIfAbsent(Instance.class, k -> locate(), Instance.class);
  }

  private static Instance locate() {
    String env = System.getenv("PUBSUB_EMULATOR_HOST");
    if (env != null && !env.isBlank()) {
      if (answers(env.trim(), 10_000)) {
        return new Instance(env.trim(), null, null, 0);
      }
      return new Instance(null, "PUBSUB_EMULATOR_HOST=" + env + " does not answer", null, 0);
    }
    Path launcher;
    try {
      launcher = launcher();
    } catch (IOException e) {
      return new Instance(null, e.getMessage(), null, 0);
    }
    return start(launcher);
  }

  /** {@code <sdk>/platform/pubsub-emulator/bin/cloud-pubsub-emulator}, the SDK root from CLOUDSDK_ROOT or gcloud. */
  static Path launcher() throws IOException {
    String root = System.getenv("CLOUDSDK_ROOT");
    if (root == null || root.isBlank()) {
      Process p;
      try {
        p = new ProcessBuilder("gcloud", "info", "--format=value(installation.sdk_root)")
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
      } catch (IOException e) {
        throw new IOException("gcloud (the Google Cloud SDK) is not installed");
      }
      try {
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          throw new IOException("`gcloud info` did not answer within 60 s");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while asking gcloud for the SDK root");
      }
      root = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (root.isEmpty()) {
        throw new IOException("`gcloud info` reported no SDK root");
      }
    }
    Path launcher = Path.of(root, "platform", "pubsub-emulator", "bin", "cloud-pubsub-emulator");
    if (!Files.isExecutable(launcher)) {
      throw new IOException("the pubsub-emulator component is not installed (" + launcher + " is missing)");
    }
    return launcher;
  }

  private static Instance start(Path launcher) {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    } catch (IOException e) {
      return new Instance(null, "no free port: " + e.getMessage(), null, 0);
    }
    String hostPort = "127.0.0.1:" + port;
    File log = new File(System.getProperty("java.io.tmpdir"), "snaplake-pubsub-emulator-" + port + ".log");
    long t0 = System.nanoTime();
    Process process;
    try {
      process = new ProcessBuilder(List.of(launcher.toString(), "--host=127.0.0.1", "--port=" + port))
          .redirectErrorStream(true)
          .redirectOutput(log)
          .start();
    } catch (IOException e) {
      return new Instance(null, "cannot start " + launcher + ": " + e.getMessage(), null, 0);
    }
    long deadline = System.currentTimeMillis() + 60_000;
    while (System.currentTimeMillis() < deadline) {
      if (!process.isAlive()) {
        return new Instance(null, "the emulator exited during start-up (see " + log + ")", null, 0);
      }
      if (answers(hostPort, 500)) {
        long ms = (System.nanoTime() - t0) / 1_000_000;
        LOG.info("Pub/Sub emulator started on " + hostPort + " in " + ms + " ms (log " + log + ")");
        System.out.println("[snaplake] Pub/Sub emulator started on " + hostPort + " in " + ms + " ms");
        return new Instance(hostPort, null, process, ms);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    new Instance(null, null, process, 0).close();
    return new Instance(null, "the emulator did not answer on " + hostPort + " within 60 s (see " + log + ")", null, 0);
  }

  /** The emulator answers {@code Ok} to {@code GET /}. */
  static boolean answers(String hostPort, int timeoutMillis) {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    do {
      try {
        HttpURLConnection c = (HttpURLConnection) URI.create("http://" + hostPort + "/").toURL().openConnection();
        c.setConnectTimeout(500);
        c.setReadTimeout(2000);
        try {
          if (c.getResponseCode() == 200
              && new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim().equals("Ok")) {
            return true;
          }
        } finally {
          c.disconnect();
        }
      } catch (IOException | IllegalArgumentException e) {
        // not up (yet)
      }
      if (timeoutMillis > 500) {
        try {
          Thread.sleep(200);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
    } while (System.currentTimeMillis() < deadline);
    return false;
  }
}
