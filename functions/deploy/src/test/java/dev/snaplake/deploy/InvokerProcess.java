package dev.snaplake.deploy;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The real Functions Framework invoker (java-function-invoker 2.0.0) serving one function in a
 * child JVM, as Cloud Functions runs it: {@code java -jar invoker.jar --classpath <function> --target
 * <class> --port N}. The function's class path is this test's class path without the invoker, so
 * the function is loaded by the invoker's isolating class loader, as in production.
 */
final class InvokerProcess implements AutoCloseable {
  private final Process process;
  private final int port;
  private final Path log;

  private InvokerProcess(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** Starts the invoker; its output goes to {@code target/invoker-logs/<name>.log}, kept for reading after a failure. */
  static InvokerProcess start(String target, Map<String, String> env, String name) throws IOException, InterruptedException {
    Path log = Files.createDirectories(Path.of("target", "invoker-logs")).resolve(name + ".log");
    List<String> classpath = Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator));
    String invokerJar = classpath.stream().filter(p -> p.contains("java-function-invoker")).findFirst()
        .orElseThrow(() -> new IllegalStateException("java-function-invoker is not on the test class path"));
    String functionClasspath = classpath.stream()
        .filter(p -> !p.equals(invokerJar))
        .filter(p -> !p.contains("surefire") && !p.contains("junit") && !p.contains("assertj") && !p.contains("byte-buddy"))
        .collect(Collectors.joining(File.pathSeparator));
    int port = freePort();
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss1m",
        "-jar", invokerJar,
        "--classpath", functionClasspath,
        "--target", target,
        "--port", Integer.toString(port)));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().remove("K_SERVICE");
    pb.environment().putAll(env);
    InvokerProcess p = new InvokerProcess(pb.start(), port, log);
    p.awaitListening(Duration.ofSeconds(30));
    return p;
  }

  int port() {
    return port;
  }

  String log() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  private void awaitListening(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the invoker exited with " + process.exitValue() + ":\n" + log());
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    close();
    throw new IllegalStateException("the invoker did not listen on " + port + " within " + timeout + ":\n" + log());
  }

  /** SIGTERM, as Cloud Run sends: shutdown hooks run (the test backend closes DuckDB). */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    }
  }
}
