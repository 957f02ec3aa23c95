package dev.snaplake.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.snaplake.compiler.CompileResult;
import dev.snaplake.compiler.ProjectConfig;
import dev.snaplake.core.catalog.Manifest;
import dev.snaplake.core.command.Command;
import dev.snaplake.core.command.InvalidCommandException;
import dev.snaplake.gcp.PubSubCommands;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Replays a step of the deployed pipeline by publishing a command document on the commands
 * topic, checked first against the manifest exactly as the builder will check it.
 */
@CommandLine.Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    subcommands = {ReplayCommand.Rebuild.class, ReplayCommand.Prune.class, ReplayCommand.Load.class, ReplayCommand.Apply.class},
    description = {
      "Replays a step of the deployed pipeline: publishes a command document on the",
      "snaplake-commands topic of an environment, which the builder function carries out. The",
      "document is checked against sql/ first, as the builder will check it, so a typo fails here",
      "and not in the function's logs. Use --print to see the document and the equivalent gcloud",
      "command without publishing. With PUBSUB_EMULATOR_HOST set, publishes to the emulator.",
      "Every step is idempotent: replaying one that already happened changes nothing."
    },
    footer = {
      "",
      "Examples:",
      "  snaplake replay rebuild mart.user_spend --downstream --env prod",
      "  snaplake replay rebuild staging.users --snapshot 2026-11-24 --env dev --print",
      "  snaplake replay load rds/app-prod/app-prod-2026-11-25 --env prod",
      "  snaplake replay prune --dry-run --env prod",
      "  snaplake replay apply --prune --env prod          (what each deploy publishes)"
    })
final class ReplayCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Where to publish, and against which models to check. */
  static final class Target {
    @Option(names = "--env", paramLabel = "NAME", description = "An environment of sql/snaplake.json (its project is used), e.g. dev or prod.")
    String env;

    @Option(names = "--project", paramLabel = "ID", description = "The GCP project instead of --env.")
    String project;

    @Option(names = "--topic", defaultValue = "snaplake-commands", paramLabel = "ID", description = "The commands topic. Default: ${DEFAULT-VALUE}.")
    String topic;

    @Option(names = "--sql", paramLabel = "DIR", description = "The SQL models folder to check against. Default: sql/ of this snaplake.")
    Path sql;

    @Option(names = "--print", description = "Print the document and the gcloud command instead of publishing.")
    boolean print;

    int publish(JsonObject doc) {
      Path sqlDir = sql != null ? sql : SnaplakeCommand.home().resolve("sql");
      CompileResult compiled = ManifestSource.compile(sqlDir, System.err);
      if (!compiled.ok()) {
        throw new UserError(sqlDir + " does not compile, so the command cannot be checked", "fix it first: snaplake compile --sql " + sqlDir);
      }
      Manifest manifest = compiled.manifest();
      try {
        Command.parse(doc, manifest);
      } catch (InvalidCommandException e) {
        throw new UserError(e.getMessage(), "see: snaplake replay --help");
      }
      String projectId = project(compiled.config());
      String json = doc.toString();
      if (print) {
        System.out.println(json);
        System.out.println("gcloud pubsub topics publish " + topic + " --project " + projectId
            + " --attribute command=" + doc.get("command").getAsString() + " --message '" + json.replace("'", "'\\''") + "'");
        return 0;
      }
      String emulator = System.getenv("PUBSUB_EMULATOR_HOST");
      try (PubSubCommands commands = emulator != null && !emulator.isBlank()
          ? PubSubCommands.forEmulator(emulator, projectId, topic)
          : PubSubCommands.create(projectId, topic)) {
        String id = commands.publish(doc);
        System.out.println("published " + json);
        System.out.println("  as message " + id + " on projects/" + projectId + "/topics/" + topic
            + (emulator != null && !emulator.isBlank() ? " (emulator " + emulator + ")" : ""));
        System.out.println("  the builder's log line for it carries \"messageId\":\"" + id + "\"");
        return 0;
      } catch (RuntimeException e) {
        throw new UserError("could not publish to projects/" + projectId + "/topics/" + topic + ": " + e.getMessage(),
            "check `gcloud auth application-default login` and that the topic exists (terraform apply creates it)");
      }
    }

    private String project(ProjectConfig config) {
      if (project != null && env != null) {
        throw new UserError("give --env or --project, not both", "e.g. --env prod");
      }
      if (project != null) {
        return project;
      }
      if (env == null) {
        throw new UserError("which environment? none given",
            "pass --env " + String.join("|", config.environments().keySet()) + " (from snaplake.json) or --project ID");
      }
      try {
        return config.environment(env).project();
      } catch (IllegalArgumentException e) {
        throw new UserError(e.getMessage(), "pass one of them with --env, or --project ID");
      }
    }
  }

  @CommandLine.Command(
      name = "rebuild",
      mixinStandardHelpOptions = true,
      description = {"Rebuilds models at a snapshot (by default the one they are at), optionally with everything downstream."},
      footer = {"", "Example:", "  snaplake replay rebuild mart.user_spend mart.card_spend --downstream --env prod"})
  static final class Rebuild implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "OBJECT", description = "dataset.name of each model, e.g. mart.user_spend")
    List<String> objects;

    @Option(names = "--snapshot", paramLabel = "YYYY-MM-DD", description = "The snapshot to pin them to. Default: the one they are at now.")
    String snapshot;

    @Option(names = "--downstream", description = "Also rebuild every model that reads them, in dependency order.")
    boolean downstream;

    @Mixin Target target;

    @Override
    public Integer call() {
      JsonObject doc = new JsonObject();
      doc.addProperty("command", "rebuild");
      JsonArray list = new JsonArray();
      objects.forEach(list::add);
      doc.add("objects", list);
      if (snapshot != null) {
        doc.addProperty("snapshot", snapshot);
      }
      doc.addProperty("downstream", downstream);
      return target.publish(doc);
    }
  }

  @CommandLine.Command(
      name = "prune",
      mixinStandardHelpOptions = true,
      description = {"Archives then drops every object in the managed datasets that sql/ does not define (--dry-run: only logs them)."},
      footer = {"", "Example:", "  snaplake replay prune --dry-run --env prod"})
  static final class Prune implements Callable<Integer> {
    @Option(names = "--dry-run", description = "Only log what would be pruned.")
    boolean dryRun;

    @Mixin Target target;

    @Override
    public Integer call() {
      JsonObject doc = new JsonObject();
      doc.addProperty("command", "prune");
      doc.addProperty("dryRun", dryRun);
      return target.publish(doc);
    }
  }

  @CommandLine.Command(
      name = "load",
      mixinStandardHelpOptions = true,
      description = {
        "Checks an export in the landing bucket whole and loads it if it is complete and not loaded",
        "yet: what the arrival of its objects does. Safe beside a running loader (one claim per export)."
      },
      footer = {"", "Example:", "  snaplake replay load rds/app-prod/app-prod-2026-11-25 --env prod"})
  static final class Load implements Callable<Integer> {
    @Parameters(paramLabel = "EXPORT", description = "The export's key prefix in the landing bucket: <s3-prefix>/<export-id>.")
    String export;

    @Mixin Target target;

    @Override
    public Integer call() {
      JsonObject doc = new JsonObject();
      doc.addProperty("command", "load");
      doc.addProperty("export", export);
      return target.publish(doc);
    }
  }

  @CommandLine.Command(
      name = "apply",
      mixinStandardHelpOptions = true,
      description = {
        "Makes the warehouse match the deployed manifest: rebuilds what changed at the snapshot the",
        "warehouse is at (or --snapshot), then prunes with --prune. Publish it after each deploy;",
        "with nothing changed it does nothing."
      },
      footer = {"", "Example:", "  snaplake replay apply --prune --env prod"})
  static final class Apply implements Callable<Integer> {
    @Option(names = "--snapshot", paramLabel = "YYYY-MM-DD", description = "Default: the newest snapshot any managed object is at.")
    String snapshot;

    @Option(names = "--prune", description = "Also archive and drop what sql/ does not define.")
    boolean prune;

    @Mixin Target target;

    @Override
    public Integer call() {
      JsonObject doc = new JsonObject();
      doc.addProperty("command", "apply");
      if (snapshot != null) {
        doc.addProperty("snapshot", snapshot);
      }
      doc.addProperty("prune", prune);
      return target.publish(doc);
    }
  }
}
