package dev.snaplake.aws;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The exporter's AWS Lambda entry point, {@code dev.snaplake.aws.ExportInventoryFunction::handle}:
 * invoked by an EventBridge rule on RDS-EVENT-0161/0164 (snapshot export completed), or directly
 * with {@code {"exportTaskIdentifier": "…"}} to replay one export. A plain method: Lambda's Java
 * runtime turns the event JSON into the Map and the returned Map into JSON, with no Lambda library.
 *
 * <p>It returns one outcome per export task and logs each as a JSON line. Anything it could not do
 * throws with a message saying what to do, so the invocation fails visibly (Lambda's Errors metric,
 * its retries of asynchronous events, the on-failure destination); retrying is safe, every step
 * being idempotent.
 *
 * <p>Nothing is made at start-up: the clients come with the first invocation.
 */
public final class ExportInventoryFunction {
  private static final Gson GSON = new Gson();

  private final Supplier<InventoryOnCompletion> useCase;
  private InventoryOnCompletion made;

  /** Lambda's constructor: configured from the environment (see {@link ExporterConfig}). */
  public ExportInventoryFunction() {
    this(() -> fromEnvironment(System.getenv()));
  }

  ExportInventoryFunction(Supplier<InventoryOnCompletion> useCase) {
    this.useCase = Objects.requireNonNull(useCase, "useCase");
  }

  public Map<String, Object> handle(Map<String, Object> event) {
    List<InventoryOutcome> outcomes;
    try {
      InventoryRequest request = InventoryRequest.parse(GSON.toJsonTree(event));
      outcomes = useCase().handle(request);
    } catch (RuntimeException e) {
      log("ERROR", e.getMessage(), null);
      throw e;
    }
    outcomes.forEach(o -> log("INFO", o.key() != null ? "inventory " + o.toMap().get("result") + ": " + o.key() : o.reason(), o));
    return Map.of("outcomes", outcomes.stream().map(InventoryOutcome::toMap).toList());
  }

  // A failed construction (bad configuration) is not kept: the next invocation says it again.
  private synchronized InventoryOnCompletion useCase() {
    if (made == null) {
      made = useCase.get();
    }
    return made;
  }

  static InventoryOnCompletion fromEnvironment(Map<String, String> env) {
    ExporterConfig config = ExporterConfig.fromEnvironment(env);
    RdsClient rds = RdsClient.builder().region(config.region()).build();
    S3Client s3 = S3Client.builder().region(config.region()).build();
    return new InventoryOnCompletion(
        new RdsExportTasks(rds), new ExportInventoryWriter(s3, Clock.systemUTC()), config.destination());
  }

  /** One JSON object per line: CloudWatch Logs Insights reads its fields. */
  private static void log(String level, String message, InventoryOutcome outcome) {
    JsonObject line = outcome == null ? new JsonObject() : GSON.toJsonTree(outcome.toMap()).getAsJsonObject();
    line.addProperty("level", level);
    line.addProperty("message", message == null ? "" : message.replace("\n", "\\n"));
    line.addProperty("component", "exporter");
    System.out.println(line);
  }
}
