package dev.snaplake.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.snaplake.core.build.BuildOutcome;
import dev.snaplake.core.build.Pruning;
import dev.snaplake.core.event.Event;
import dev.snaplake.core.ingest.ExportReport;
import dev.snaplake.core.ingest.IngestOutcome;
import dev.snaplake.core.ingest.TableOutcome;
import dev.snaplake.core.types.RawColumn;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Renders what a run did: for people (text) or machines (JSON). */
final class RunSummary {
  private RunSummary() {}

  static void print(LocalPipeline.ExportRun run, PrintStream out) {
    IngestOutcome o = run.outcome();
    ExportReport report = o instanceof IngestOutcome.Loaded l ? l.report() : o instanceof IngestOutcome.AlreadyLoaded a ? a.report() : null;
    String id = o == null ? run.exportRoot() : o.exportId();
    for (String note : run.notes()) {
      out.println("Note: export " + id + ": " + note);
    }
    if (report == null) {
      out.println("Export " + id + ": " + describe(o));
      return;
    }
    boolean fresh = o instanceof IngestOutcome.Loaded;
    out.printf("Export %s (snapshot %s): %s%n", id, report.snapshot(),
        fresh ? "loaded in " + seconds(report.millis()) : "already loaded earlier; not loaded again");
    out.println("  Raw tables");
    int width = report.tables().stream().mapToInt(t -> name(t).length()).max().orElse(10);
    for (TableOutcome t : report.tables()) {
      if (t.isLoaded()) {
        out.printf("    %-" + width + "s  %,10d rows  %2d files  %s%n", name(t), t.rows(), t.files(),
            t.rows() == 0 && t.files() == 0 ? "(no Parquet file: empty partition)" : "");
        if (!t.schema().columns().isEmpty()) {
          out.println("      " + t.schema().columns().stream().map(RunSummary::column).collect(Collectors.joining(", ")));
        }
      } else {
        out.printf("    %-" + width + "s  %s: %s%n", name(t), t.status(), t.reason());
      }
    }
    for (String w : report.warnings()) {
      out.println("    warning: " + w);
    }
    List<BuildOutcome> rebuilt = run.builds().stream().filter(b -> b.status() == BuildOutcome.Status.REBUILT).toList();
    if (!rebuilt.isEmpty()) {
      out.println("  Models rebuilt, pinned to " + report.snapshot() + " (in order)");
      int i = 1;
      for (BuildOutcome b : rebuilt) {
        out.printf("    %2d. %-32s %-28s %6d ms%n", i++, b.object(), b.detail(), b.millis());
      }
    } else if (fresh) {
      out.println("  Models: none rebuilt");
    }
    for (BuildOutcome b : run.builds()) {
      if (b.status() == BuildOutcome.Status.HELD || b.status() == BuildOutcome.Status.FAILED) {
        out.printf("  %s %s: %s%n", b.status() == BuildOutcome.Status.HELD ? "Held at previous snapshot:" : "FAILED:", b.object(), b.detail());
      }
    }
    for (Pruning.Pruned p : run.pruned()) {
      out.printf("  Pruned %s (%s, not defined in sql/): definition archived as %s%n", p.object().id(),
          p.object().kind().name().toLowerCase(Locale.ROOT), p.archivedAs());
    }
    out.printf("  %d events published; %s for this export%n", run.events().size(), seconds(run.millis()));
  }

  static String describe(IngestOutcome o) {
    if (o == null) {
      return "no objects";
    }
    if (o instanceof IngestOutcome.Waiting w) {
      return "not complete yet, waiting for: " + String.join("; ", w.missing().subList(0, Math.min(5, w.missing().size())))
          + (w.missing().size() > 5 ? " (+" + (w.missing().size() - 5) + " more)" : "");
    }
    if (o instanceof IngestOutcome.ClaimedElsewhere c) {
      return "being loaded by " + c.owner() + " (lease until " + c.leaseUntil() + ")";
    }
    if (o instanceof IngestOutcome.Ignored i) {
      return "ignored: " + i.reason();
    }
    return o.toString();
  }

  private static String name(TableOutcome t) {
    return t.rawTable() != null ? t.rawTable() : t.target();
  }

  private static String column(RawColumn c) {
    return c.name() + " " + c.type().sqlName();
  }

  static String seconds(long millis) {
    return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
  }

  static String json(List<LocalPipeline.ExportRun> runs, long totalMillis, String warehouse) {
    JsonObject root = new JsonObject();
    root.addProperty("warehouse", warehouse);
    root.addProperty("millis", totalMillis);
    JsonArray exports = new JsonArray();
    for (LocalPipeline.ExportRun run : runs) {
      JsonObject e = new JsonObject();
      e.addProperty("exportRoot", run.exportRoot());
      IngestOutcome o = run.outcome();
      e.addProperty("outcome", o == null ? "none" : o.getClass().getSimpleName());
      JsonArray notes = new JsonArray();
      run.notes().forEach(notes::add);
      e.add("notes", notes);
      if (o instanceof IngestOutcome.Loaded l) {
        e.add("report", com.google.gson.JsonParser.parseString(l.report().toJson()));
      } else if (o instanceof IngestOutcome.AlreadyLoaded a) {
        e.add("report", com.google.gson.JsonParser.parseString(a.report().toJson()));
      } else {
        e.addProperty("detail", describe(o));
      }
      JsonArray builds = new JsonArray();
      for (BuildOutcome b : run.builds()) {
        JsonObject j = new JsonObject();
        j.addProperty("object", b.object().toString());
        j.addProperty("snapshot", b.snapshot().toString());
        j.addProperty("status", b.status().name());
        j.addProperty("detail", b.detail());
        j.addProperty("millis", b.millis());
        builds.add(j);
      }
      e.add("builds", builds);
      JsonArray pruned = new JsonArray();
      for (Pruning.Pruned p : run.pruned()) {
        JsonObject j = new JsonObject();
        j.addProperty("object", p.object().id().toString());
        j.addProperty("archivedAs", p.archivedAs().toString());
        pruned.add(j);
      }
      e.add("pruned", pruned);
      JsonArray events = new JsonArray();
      for (Event ev : run.events()) {
        events.add(ev.type());
      }
      e.add("events", events);
      e.addProperty("millis", run.millis());
      exports.add(e);
    }
    root.add("exports", exports);
    return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(root);
  }
}
