package dev.snaplake.deploy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Captures the functions' structured log lines for one test: {@code @RegisterExtension final CapturedLogs logs}. */
final class CapturedLogs implements BeforeEachCallback, AfterEachCallback {
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

  @Override
  public void beforeEach(ExtensionContext context) {
    StructuredLog.redirect(new PrintStream(buffer, true, StandardCharsets.UTF_8));
  }

  @Override
  public void afterEach(ExtensionContext context) {
    StructuredLog.redirect(System.out);
  }

  /** Everything logged so far, one JSON object per line. */
  String text() {
    return buffer.toString(StandardCharsets.UTF_8);
  }
}
