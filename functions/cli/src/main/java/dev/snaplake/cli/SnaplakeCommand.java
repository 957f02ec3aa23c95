package dev.snaplake.cli;

import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The snaplake command line. */
@Command(
    name = "snaplake",
    mixinStandardHelpOptions = true,
    version = "snaplake 0.1.0",
    subcommands = {
      DemoCommand.class,
      SampleExportCommand.class,
      RunCommand.class,
      QueryCommand.class,
      CompileCommand.class,
      PlanCommand.class,
      ApplyCommand.class,
      ReplayCommand.class,
      CommandLine.HelpCommand.class
    },
    description = {
      "Turns daily RDS snapshot exports into a governed BigQuery warehouse: every table loaded",
      "with its natural types, every reviewed SQL model in sql/ rebuilt as soon as its inputs",
      "are at the new snapshot, and whatever nobody reviewed pruned.",
      "",
      "Without a cloud account everything runs on the embedded default: a folder as the",
      "bucket, DuckDB as the warehouse, an in-process event bus.",
      ""
    },
    footer = {
      "",
      "Start here:",
      "  snaplake demo                     the whole pipeline on a generated export, twice",
      "  snaplake help <command>           what a command does, with examples"
    })
public final class SnaplakeCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static void main(String[] args) {
    // The Google clients log through SLF4J, which warns on stderr when no logger is bound; the
    // CLI reports for itself, so bind the silent one that ships inside slf4j-api.
    System.setProperty("slf4j.provider", "org.slf4j.helpers.NOP_FallbackServiceProvider");
    System.setProperty("slf4j.internal.verbosity", "WARN"); // not even a line saying so
    System.exit(execute(args));
  }

  public static int execute(String... args) {
    CommandLine cli = new CommandLine(new SnaplakeCommand());
    cli.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          String message = ex.getMessage() == null ? ex.toString() : ex.getMessage();
          commandLine.getErr().println("snaplake " + commandLine.getCommandName() + ": error: " + firstLine(message));
          String hint = ex instanceof UserError u ? u.hint() : "run with SNAPLAKE_DEBUG=1 for the stack trace";
          commandLine.getErr().println("  hint: " + hint);
          if (System.getenv("SNAPLAKE_DEBUG") != null) {
            ex.printStackTrace(commandLine.getErr());
          }
          return ex instanceof UserError u ? u.exitCode() : 1;
        });
    return cli.execute(args);
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  /** Where the project lives: the launcher passes it; otherwise the working directory. */
  static Path home() {
    String home = System.getProperty("snaplake.home");
    return home == null ? Path.of("").toAbsolutePath() : Path.of(home);
  }
}
