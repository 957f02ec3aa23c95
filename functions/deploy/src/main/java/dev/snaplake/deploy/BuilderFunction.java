package dev.snaplake.deploy;

import com.google.cloud.functions.CloudEventsFunction;
import com.google.gson.JsonObject;
import dev.snaplake.core.build.BuildOutcome;
import dev.snaplake.core.build.BuildTrigger;
import dev.snaplake.core.build.ManifestApply;
import dev.snaplake.core.build.ModelRebuild;
import dev.snaplake.core.build.Pruning;
import dev.snaplake.core.catalog.Manifest;
import dev.snaplake.core.command.Command;
import dev.snaplake.core.command.InvalidCommandException;
import dev.snaplake.core.catalog.ModelGraph;
import dev.snaplake.core.event.Event;
import dev.snaplake.core.event.EventCodec;
import dev.snaplake.core.event.EventType;
import dev.snaplake.core.event.InvalidEventException;
import dev.snaplake.core.export.ExportMetadataException;
import dev.snaplake.core.ingest.ExportIncompleteException;
import dev.snaplake.core.ingest.ExportIngestion;
import dev.snaplake.core.lease.Lease;
import dev.snaplake.core.ingest.IngestOutcome;
import dev.snaplake.core.naming.ObjectId;
import dev.snaplake.core.port.TransientException;
import dev.snaplake.core.port.WarehouseObject;
import dev.snaplake.core.snapshot.Snapshot;
import io.cloudevents.CloudEvent;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The builder: a Pub/Sub push of {@code google.cloud.pubsub.topic.v1.messagePublished} whose
 * message is either a snaplake event (structured CloudEvent JSON from {@code snaplake-events}) for
 * {@link ModelRebuild#onEvent}, or a command document from {@code snaplake-commands}
 * ({@link Command}: rebuild, prune).
 *
 * <ul>
 *   <li>A message that can never be handled (not base64, not JSON, neither an event nor a command,
 *       a field missing or wrong, an unknown command or object) is logged as an error and
 *       acknowledged.
 *   <li>Temporary warehouse or Pub/Sub failures propagate: the invoker answers 500 and the
 *       message is redelivered; objects already rebuilt are then CURRENT.
 *   <li>A rebuild the warehouse refuses for good (bad SQL) is published as {@code object.failed},
 *       logged as an error and acknowledged: redelivery would only fail again.
 * </ul>
 *
 * <p>Nothing is made at start-up; the manifest, the graph and the clients come with the first
 * message and are kept (one {@link ModelRebuild}, whose per-object locks serialise concurrent
 * messages of this instance).
 */
public final class BuilderFunction implements CloudEventsFunction {
  private static final StructuredLog LOG = new StructuredLog("builder");

  private final Supplier<Backend> backend;
  private final Lazy<Wiring> wiring;

  public BuilderFunction() {
    this(Backends::get);
  }

  BuilderFunction(Supplier<Backend> backend) {
    this.backend = backend;
    this.wiring = Lazy.of(() -> new Wiring(backend.get()));
  }

  /** The use cases on one backend and manifest. */
  private static final class Wiring {
    final Backend backend;
    final Manifest manifest;
    final ModelGraph graph;
    final Lazy<ModelRebuild> rebuild;
    final Lazy<Pruning> pruning;
    final Lazy<ExportIngestion> ingestion;

    Wiring(Backend b) {
      this.backend = b;
      this.manifest = b.manifest();
      this.graph = ModelGraph.of(manifest);
      // The warehouse and the bus are opened by the first message that needs them, not by a refused one.
      // Instances share nothing but the bucket: each rebuild is claimed there first (exactly once).
      this.rebuild = Lazy.of(() -> new ModelRebuild(manifest, b.warehouse(), b.eventBus(), b.clock(),
          new Lease(b.objectStore(), b.clock(), b.claimLease(), "builder:" + b.instanceName())));
      this.pruning = Lazy.of(() -> new Pruning(manifest, b.warehouse(), b.eventBus(), b.clock()));
      this.ingestion = Lazy.of(() -> new ExportIngestion(b.objectStore(), b.warehouse(), b.eventBus(),
          new ExportIngestion.Settings(b.rawDataset(), b.claimLease(), "replay:" + b.instanceName()), b.clock()));
    }
  }

  @Override
  public void accept(CloudEvent cloudEvent) {
    PubSubPush push;
    JsonObject doc;
    try {
      push = PubSubPush.parse(cloudEvent);
      doc = EventJson.object(push.text(), "Pub/Sub message data");
    } catch (PoisonEventException e) {
      LOG.error("builder message refused: " + e.getMessage(), fields(cloudEvent.getId(), null, "refused"));
      return;
    }
    if (doc.has("command")) {
      Command command;
      try {
        command = Command.parse(doc, wiring.get().manifest);
      } catch (InvalidCommandException e) {
        LOG.error("command refused: " + e.getMessage(), fields(push.messageId(), null, "refused"));
        return;
      }
      run(command, push);
      return;
    }
    Event event;
    BuildTrigger trigger;
    try {
      event = snaplakeEvent(push.text());
      trigger = BuildTrigger.of(event).orElse(null);
    } catch (PoisonEventException | InvalidEventException e) {
      LOG.error("event refused: " + e.getMessage(), fields(push.messageId(), null, "refused"));
      return;
    }
    onEvent(event, trigger, push);
  }

  private static Event snaplakeEvent(String text) {
    try {
      return EventCodec.fromJson(text);
    } catch (IllegalArgumentException e) {
      throw new PoisonEventException("message is neither a command document (no field 'command') nor a snaplake"
          + " event: " + e.getMessage(), e);
    }
  }

  /** {@code trigger} is null for event types the builder does not act on. */
  private void onEvent(Event event, BuildTrigger trigger, PubSubPush push) {
    JsonObject d = event.dataJson();
    int version = d.has("schemaVersion") ? d.get("schemaVersion").getAsInt() : EventType.SCHEMA_VERSION;
    Map<String, Object> f = fields(push.messageId(), event, "");
    if (version > EventType.SCHEMA_VERSION) {
      f.put("outcome", "unknown_schema_version");
      // A newer producer: redelivered until a builder that knows the version is deployed.
      LOG.error("event " + event.id() + " has schemaVersion " + version + "; this builder knows "
          + EventType.SCHEMA_VERSION + ": deploy the newer builder (the message will be redelivered)", f);
      throw new IllegalStateException("event schemaVersion " + version + " is newer than " + EventType.SCHEMA_VERSION);
    }
    List<BuildOutcome> outcomes = trigger == null ? List.of() : wiring.get().rebuild.get().onTrigger(trigger);
    report("event " + event.shortType() + " " + event.subject(), outcomes, f);
  }

  private void run(Command command, PubSubPush push) {
    Wiring w = wiring.get();
    if (command instanceof Command.Load l) {
      // The replay of an export's arrival: checked whole, loaded once (the claim and the done
      // marker make it safe beside a live loader); a temporary failure propagates for redelivery.
      Map<String, Object> f = fields(push.messageId(), null, "");
      f.put("command", "load");
      f.put("export", l.exportRoot());
      IngestOutcome outcome;
      try {
        outcome = w.ingestion.get().ingest(l.exportRoot(), l.exportId());
      } catch (ExportIncompleteException e) {
        f.put("outcome", "incomplete");
        LOG.warning("command load " + l.exportRoot() + ": " + e.getMessage() + " (redelivered until it is complete)", f);
        throw e;
      } catch (ExportMetadataException e) {
        // A reused id or unreadable metadata: no redelivery will change it.
        f.put("outcome", "refused");
        LOG.error("command load " + l.exportRoot() + " refused: " + e.getMessage(), f);
        return;
      }
      f.put("outcome", outcome.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT));
      LOG.info("command load " + l.exportRoot() + ": " + outcome.getClass().getSimpleName()
          + (outcome instanceof IngestOutcome.Waiting wait ? " " + wait.missing() : ""), f);
      if (outcome instanceof IngestOutcome.ClaimedElsewhere c) {
        throw new TransientException("export " + c.exportId() + " is being loaded by " + c.owner()
            + "; the command is redelivered until it is loaded", null);
      }
      return;
    }
    if (command instanceof Command.Apply a) {
      apply(w, a, push);
      return;
    }
    if (command instanceof Command.Prune p) {
      Map<String, Object> f = fields(push.messageId(), null, p.dryRun() ? "prune_planned" : "pruned");
      f.put("command", "prune");
      if (p.dryRun()) {
        List<WarehouseObject> plan = w.pruning.get().plan();
        f.put("objects", plan.size());
        LOG.info("prune (dry run) would archive and drop " + plan.size() + " object(s): "
            + plan.stream().map(o -> o.id().toString()).toList(), f);
      } else {
        List<Pruning.Pruned> pruned = w.pruning.get().apply();
        f.put("objects", pruned.size());
        LOG.info("pruned " + pruned.size() + " object(s): "
            + pruned.stream().map(x -> x.object().id() + " -> " + x.archivedAs()).toList(), f);
      }
      return;
    }
    Command.Rebuild r = (Command.Rebuild) command;
    Snapshot snapshot;
    try {
      snapshot = r.snapshot().orElseGet(() -> currentSnapshot(w, r.objects()));
    } catch (PoisonEventException e) {
      LOG.error("command refused: " + e.getMessage(), fields(push.messageId(), null, "refused"));
      return;
    }
    Set<ObjectId> roots = Set.copyOf(r.objects());
    Set<ObjectId> wanted = new TreeSet<>(roots);
    if (r.downstream()) {
      wanted.addAll(w.graph.downstream(roots));
    }
    List<BuildOutcome> outcomes = new ArrayList<>();
    for (ObjectId id : w.graph.order()) {
      if (wanted.contains(id)) {
        outcomes.add(w.rebuild.get().build(w.manifest.object(id).orElseThrow(), snapshot));
      }
    }
    Map<String, Object> f = fields(push.messageId(), null, "");
    f.put("command", "rebuild");
    f.put("snapshot", snapshot.toString());
    report("command rebuild " + r.objects() + (r.downstream() ? " and downstream" : "") + " at " + snapshot, outcomes, f);
  }

  /**
   * After a deploy: rebuild what the new manifest changed, at the snapshot the warehouse is at (or
   * the one given), then prune if asked. Safe to repeat: with nothing changed it does nothing.
   */
  private void apply(Wiring w, Command.Apply a, PubSubPush push) {
    ManifestApply apply = new ManifestApply(w.manifest, w.backend.warehouse(), w.backend.eventBus(), w.backend.clock(),
        w.rebuild.get());
    Optional<Snapshot> snapshot = a.snapshot().or(apply::newestSnapshot);
    Map<String, Object> f = fields(push.messageId(), null, "");
    f.put("command", "apply");
    if (snapshot.isEmpty()) {
      f.put("outcome", "refused");
      LOG.error("apply command refused: no managed object is built yet, so there is no current snapshot;"
          + " give \"snapshot\":\"yyyy-mm-dd\"", f);
      return;
    }
    ManifestApply.Result result = apply.apply(apply.plan(snapshot.get()), a.prune(), w.backend.buildSlots());
    f.put("snapshot", snapshot.get().toString());
    f.put("pruned", result.pruned().size());
    f.put("plan", result.plan().counts().toString());
    report("command apply at " + snapshot.get() + " (plan " + result.plan().counts() + ", "
        + result.pruned().size() + " pruned)", result.builds(), f);
  }

  /** With no snapshot given, the listed objects are rebuilt at the snapshot they are at, which must be one. */
  private static Snapshot currentSnapshot(Wiring w, List<ObjectId> objects) {
    Map<ObjectId, Optional<Snapshot>> at = new LinkedHashMap<>();
    for (ObjectId id : objects) {
      at.put(id, w.backend.warehouse().object(id).flatMap(WarehouseObject::snapshot));
    }
    List<String> neverBuilt = at.entrySet().stream().filter(e -> e.getValue().isEmpty()).map(e -> e.getKey().toString()).toList();
    if (!neverBuilt.isEmpty()) {
      throw new PoisonEventException("rebuild command without 'snapshot': " + neverBuilt
          + " never built; give \"snapshot\":\"yyyy-mm-dd\"");
    }
    Set<Snapshot> snapshots = new TreeSet<>();
    at.values().forEach(s -> snapshots.add(s.orElseThrow()));
    if (snapshots.size() > 1) {
      throw new PoisonEventException("rebuild command without 'snapshot': the objects are at different snapshots "
          + at.entrySet().stream().map(e -> e.getKey() + "@" + e.getValue().orElseThrow()).toList() + "; give \"snapshot\"");
    }
    return snapshots.iterator().next();
  }

  private static void report(String what, List<BuildOutcome> outcomes, Map<String, Object> f) {
    Map<BuildOutcome.Status, List<String>> byStatus = new EnumMap<>(BuildOutcome.Status.class);
    for (BuildOutcome o : outcomes) {
      byStatus.computeIfAbsent(o.status(), k -> new ArrayList<>())
          .add(o.object() + (o.status() == BuildOutcome.Status.REBUILT ? "" : " (" + o.detail() + ")"));
    }
    JsonObject counts = new JsonObject();
    byStatus.forEach((k, v) -> counts.addProperty(k.name().toLowerCase(java.util.Locale.ROOT), v.size()));
    f.put("builds", counts);
    List<String> failed = byStatus.getOrDefault(BuildOutcome.Status.FAILED, List.of());
    String outcome = "nothing_to_do";
    for (BuildOutcome.Status s : List.of(BuildOutcome.Status.FAILED, BuildOutcome.Status.REBUILT,
        BuildOutcome.Status.HELD, BuildOutcome.Status.WAITING)) {
      if (byStatus.containsKey(s)) {
        outcome = s.name().toLowerCase(java.util.Locale.ROOT);
        break;
      }
    }
    f.put("outcome", outcome);
    StringBuilder message = new StringBuilder(what).append(": ");
    if (outcomes.isEmpty()) {
      message.append("nothing to build");
    }
    byStatus.forEach((k, v) -> message.append(k.name().toLowerCase(java.util.Locale.ROOT)).append(' ').append(v).append(' '));
    if (!failed.isEmpty()) {
      // Temporary warehouse errors never get here (they propagate and the message is redelivered):
      // these are permanent, e.g. SQL the warehouse refuses. Redelivery would fail the same way
      // for a day, so they are reported once (object.failed) and the message is acknowledged.
      LOG.error(message.toString().strip() + "; object.failed published, the objects stay at their previous"
          + " snapshot: fix the model, deploy, then replay: snaplake replay rebuild <object> --env <env>", f);
      return;
    }
    LOG.info(message.toString().strip(), f);
  }

  private static Map<String, Object> fields(String messageId, Event event, String outcome) {
    Map<String, Object> f = new LinkedHashMap<>();
    if (event != null) {
      f.put("event", event.id());
      f.put("eventType", event.type());
      JsonObject d = event.dataJson();
      for (String k : new String[] {"export", "snapshot", "table", "object"}) {
        if (d.has(k) && d.get(k).isJsonPrimitive()) {
          f.put(k, d.get(k).getAsString());
        }
      }
    }
    f.put("outcome", outcome);
    f.put("messageId", messageId);
    return f;
  }

}
