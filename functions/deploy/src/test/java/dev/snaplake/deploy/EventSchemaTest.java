package dev.snaplake.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import dev.snaplake.core.event.Event;
import dev.snaplake.core.event.EventCodec;
import dev.snaplake.core.event.EventType;
import dev.snaplake.core.export.ExportInventory;
import dev.snaplake.core.naming.ObjectId;
import dev.snaplake.core.port.LoadRecord;
import dev.snaplake.core.port.ModelBuild;
import dev.snaplake.core.port.RawLoad;
import dev.snaplake.core.port.Warehouse;
import dev.snaplake.core.port.WarehouseObject;
import dev.snaplake.core.snapshot.Snapshot;
import dev.snaplake.local.DuckDbWarehouse;
import dev.snaplake.local.FolderObjectStore;
import dev.snaplake.local.InProcessEventBus;
import dev.snaplake.local.sample.SampleExport;
import dev.snaplake.local.sample.SampleExportResult;
import dev.snaplake.local.sample.SampleExportSpec;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The event schemas (docs/EVENTS.md, version {@link EventType#SCHEMA_VERSION}) are checked three
 * ways for every type {@link EventType} declares: its row in EVENTS.md lists exactly the data
 * fields of its fixture {@code events/<type>.json}; the fixture goes through {@link EventCodec}
 * unchanged; and the loader and builder, driven through their functions on a DuckDB warehouse,
 * really publish it shaped like the fixture (every key and JSON kind, recursively).
 */
class EventSchemaTest {
  static final Path EVENTS_MD = Path.of("../../docs/EVENTS.md");
  static final Snapshot DAY_1 = Snapshot.parse("2026-11-23");

  /** What the "subject" column of EVENTS.md says → the data field that holds it. */
  static final Map<String, String> SUBJECT_FIELD =
      Map.of("raw table id", "table", "export id", "export", "object id", "object");

  @TempDir Path tmp;
  @RegisterExtension final CapturedLogs logs = new CapturedLogs();

  @Test
  void everyTypeHasAFixtureAndARowOfEventsMdListingExactlyItsDataFields() throws IOException {
    String md = Files.readString(EVENTS_MD);
    assertThat(md).as("EVENTS.md states the schema version it describes")
        .contains("describes version **" + EventType.SCHEMA_VERSION + "**");
    Map<String, Row> rows = rows(md);
    assertThat(rows.keySet()).as("types documented in EVENTS.md vs EventType").containsExactlyInAnyOrderElementsOf(types());
    for (String type : types()) {
      Row row = rows.get(type);
      JsonObject fixture = fixture(type);
      JsonObject data = fixture.getAsJsonObject("data");
      assertThat(fixture.get("type").getAsString()).as(fixtureName(type) + " type").isEqualTo(type);
      assertThat(data.get("schemaVersion")).as(fixtureName(type) + " schemaVersion").isEqualTo(new JsonPrimitive(EventType.SCHEMA_VERSION));

      Set<String> documented = new LinkedHashSet<>();
      row.fields().forEach(f -> documented.add(f.name()));
      documented.add("schemaVersion"); // "Every data object has schemaVersion"
      assertThat(data.keySet()).as(fixtureName(type) + " data fields vs the row of EVENTS.md")
          .containsExactlyInAnyOrderElementsOf(documented);
      for (DocField f : row.fields()) {
        String where = fixtureName(type) + " data." + f.name();
        JsonElement v = data.get(f.name());
        if (!f.list()) {
          assertThat(v.isJsonArray() || v.isJsonObject()).as(where + " is a single value in EVENTS.md").isFalse();
          continue;
        }
        assertThat(v.isJsonArray()).as(where + " is a list in EVENTS.md").isTrue();
        JsonArray items = v.getAsJsonArray();
        assertThat(items).as(where + " shows at least one element").isNotEmpty();
        if (f.sub().isEmpty()) {
          items.forEach(i -> assertThat(i.isJsonPrimitive()).as(where + "[] holds plain values in EVENTS.md").isTrue());
          continue;
        }
        Set<String> seen = new LinkedHashSet<>();
        for (JsonElement i : items) {
          assertThat(i.isJsonObject()).as(where + "[] holds objects in EVENTS.md").isTrue();
          seen.addAll(i.getAsJsonObject().keySet());
          f.sub().forEach((name, optional) -> {
            if (!optional) {
              assertThat(i.getAsJsonObject().keySet()).as(where + "[] element, required fields").contains(name);
            }
          });
        }
        assertThat(seen).as(where + "[] fields vs EVENTS.md").containsExactlyInAnyOrderElementsOf(f.sub().keySet());
      }
      assertThat(fixture.get("subject")).as(fixtureName(type) + " subject is the " + row.subject())
          .isEqualTo(data.get(subjectField(row)));
      assertId(fixtureName(type), fixture, idPatterns(md));
    }
  }

  @Test
  void everyFixtureGoesThroughTheCodecUnchanged() {
    for (String type : types()) {
      String text = fixtureText(type);
      JsonElement again = JsonParser.parseString(EventCodec.toJson(EventCodec.fromJson(text)));
      assertThat(pretty(again)).as(fixtureName(type) + " after fromJson/toJson").isEqualTo(pretty(JsonParser.parseString(text)));
    }
  }

  /**
   * Day 1 loads and builds everything. Day 2's export has a table RDS skipped ({@code app.cards},
   * whose models are held), one it failed, one the warehouse refuses (quarantined) and an object
   * outside its inventory (a warning); the builder first finds its rebuild refused (failed), then
   * the redelivery rebuilds; a hand-made view is pruned. Every event published on day 2 is
   * compared with its fixture.
   */
  @Test
  void theFunctionsPublishEveryTypeShapedLikeItsFixture() throws Exception {
    String md = Files.readString(EVENTS_MD);
    Map<String, Row> rows = rows(md);
    Map<String, String> idPatterns = idPatterns(md);
    InProcessEventBus bus = new InProcessEventBus();
    DuckDbWarehouse duck = DuckDbWarehouse.inMemory();
    Switchable warehouse = new Switchable(duck);
    TestBackend b = new TestBackend(LoaderFunctionTest.BUCKET, () -> new FolderObjectStore(tmp), () -> warehouse, () -> bus);
    LoaderFunction loader = new LoaderFunction(() -> b);
    BuilderFunction builder = new BuilderFunction(() -> b);

    SampleExportResult day1 = SampleExport.write(tmp, new SampleExportSpec("app", DAY_1.date(), 200, 3, "rds/app-prod", 1));
    loader.accept(LoaderFunctionTest.finalized(LoaderFunctionTest.BUCKET, inventoryKey(day1)));
    int seen = pump(builder, bus, 0);
    assertThat(duck.object(ObjectId.parse("mart.cards_per_country")).flatMap(WarehouseObject::snapshot)).contains(DAY_1);

    SampleExportResult day2 = SampleExport.write(tmp, new SampleExportSpec("app", LoaderFunctionTest.DAY, 200, 3, "rds/app-prod", 1));
    rdsSkipsAndFails(day2, "app.cards", "app.merchants");
    Files.writeString(day2.exportRoot().resolve("copied-by-hand.txt"), "not in the inventory");
    warehouse.refuseLoadOf = "app__transactions";
    loader.accept(LoaderFunctionTest.finalized(LoaderFunctionTest.BUCKET, inventoryKey(day2)));
    int day2From = seen;
    warehouse.refuseRebuilds = "Parser Error: syntax error at or near \"FROM\"";
    seen = pump(builder, bus, seen);
    warehouse.refuseRebuilds = null;
    Event usersLoaded = bus.published().subList(day2From, seen).stream()
        .filter(e -> e.type().equals(EventType.TABLE_LOADED) && e.subject().equals("raw.app__users")).findFirst().orElseThrow();
    builder.accept(BuilderFunctionTest.push(EventCodec.toJson(usersLoaded))); // the redelivery
    seen = pump(builder, bus, seen);
    duck.execute("CREATE VIEW mart.stray AS SELECT 42 AS answer");
    builder.accept(BuilderFunctionTest.push("{\"command\":\"prune\"}"));
    pump(builder, bus, seen);

    Map<String, List<Event>> byType = new TreeMap<>();
    bus.published().subList(day2From, bus.published().size())
        .forEach(e -> byType.computeIfAbsent(e.type(), k -> new ArrayList<>()).add(e));
    assertThat(byType.keySet()).as("types published on day 2").containsExactlyInAnyOrderElementsOf(types());
    for (String type : types()) {
      JsonObject fixture = fixture(type);
      String fixtureShape = pretty(shape(fixture));
      for (Event e : byType.get(type)) {
        String what = type + " " + e.subject();
        JsonObject json = JsonParser.parseString(EventCodec.toJson(e)).getAsJsonObject();
        assertThat(pretty(shape(json))).as(what + ": keys and kinds vs " + fixtureName(type)).isEqualTo(fixtureShape);
        for (String same : List.of("specversion", "type", "source", "datacontenttype")) {
          assertThat(json.get(same)).as(what + " " + same).isEqualTo(fixture.get(same));
        }
        JsonObject data = json.getAsJsonObject("data");
        assertThat(data.get("schemaVersion")).as(what + " schemaVersion").isEqualTo(new JsonPrimitive(EventType.SCHEMA_VERSION));
        assertThat(rows).as("EVENTS.md documents " + type).containsKey(type);
        assertThat(json.get("subject")).as(what + " subject").isEqualTo(data.get(subjectField(rows.get(type))));
        assertId(what, json, idPatterns);
        Set<String> attributes = new LinkedHashSet<>(List.of("type"));
        Stream.of("export", "table", "object", "snapshot").filter(data::has).forEach(attributes::add);
        assertThat(e.attributes().keySet()).as(what + " Pub/Sub attributes").containsExactlyInAnyOrderElementsOf(attributes);
        assertThat(EventCodec.fromJson(EventCodec.toJson(e))).as(what + " through the codec").isEqualTo(e);
      }
    }
    duck.close();
  }

  // ---- EventType, fixtures

  /** Every public String constant of EventType but PREFIX: the types. */
  static List<String> types() {
    List<String> types = new ArrayList<>();
    for (Field f : EventType.class.getFields()) {
      int m = f.getModifiers();
      if (Modifier.isStatic(m) && Modifier.isFinal(m) && f.getType() == String.class && !f.getName().equals("PREFIX")) {
        try {
          types.add((String) f.get(null));
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    assertThat(types).isNotEmpty().allMatch(t -> t.startsWith(EventType.PREFIX));
    return types;
  }

  /** {@code dev.snaplake.table.loaded} → {@code table-loaded.json}. */
  static String fixtureName(String type) {
    return type.substring(EventType.PREFIX.length()).replace('.', '-') + ".json";
  }

  static String fixtureText(String type) {
    try (InputStream in = EventSchemaTest.class.getResourceAsStream("/events/" + fixtureName(type))) {
      assertThat(in).as("fixture src/test/resources/events/" + fixtureName(type) + " for " + type).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static JsonObject fixture(String type) {
    return JsonParser.parseString(fixtureText(type)).getAsJsonObject();
  }

  // ---- EVENTS.md

  /** A data field of the table: {@code name}, {@code name[]}, optional with {@code ?}, list fields with their own fields. */
  record DocField(String name, boolean list, boolean optional, Map<String, Boolean> sub) {}

  record Row(String type, String subject, List<DocField> fields) {}

  private static final Pattern NAME = Pattern.compile("`([A-Za-z]+)(\\[\\])?`(\\?)?");
  private static final Pattern ITEM = Pattern.compile(
      "((?:`[A-Za-z]+(?:\\[\\])?`\\??)(?:/`[A-Za-z]+(?:\\[\\])?`\\??)*)(?:\\s*\\{([^{}]*)\\})?");

  /** The rows of the types table: {@code | `type` | subject | published when | data |}. */
  static Map<String, Row> rows(String md) {
    Map<String, Row> rows = new LinkedHashMap<>();
    for (String line : md.lines().toList()) {
      if (!line.startsWith("| `" + EventType.PREFIX)) {
        continue;
      }
      String[] cells = line.split("\\|", -1);
      assertThat(cells).as("EVENTS.md row has 4 columns: " + line).hasSize(6);
      Matcher type = Pattern.compile("`([a-z.]+)`").matcher(cells[1].strip());
      assertThat(type.matches()).as("EVENTS.md type column: " + cells[1]).isTrue();
      Row row = new Row(type.group(1), cells[2].strip(), fields(type.group(1), cells[4]));
      assertThat(rows.put(row.type(), row)).as("EVENTS.md documents " + row.type() + " once").isNull();
    }
    return rows;
  }

  /** The data column: parenthesised remarks dropped, then comma-separated items, each read strictly. */
  static List<DocField> fields(String type, String cell) {
    String text = cell;
    for (String before = null; !text.equals(before); ) {
      before = text;
      text = text.replaceAll("\\s*\\([^()]*\\)", "");
    }
    List<DocField> fields = new ArrayList<>();
    for (String item : splitOutsideBraces(text.strip())) {
      Matcher m = ITEM.matcher(item.strip());
      if (!m.matches()) {
        throw new AssertionError("EVENTS.md, " + type + ": cannot read data field '" + item.strip() + "'");
      }
      Map<String, Boolean> sub = new LinkedHashMap<>();
      if (m.group(2) != null) {
        for (String s : m.group(2).split(",")) {
          Matcher n = NAME.matcher(s.strip());
          if (!n.matches() || n.group(2) != null) {
            throw new AssertionError("EVENTS.md, " + type + ": cannot read sub-field '" + s.strip() + "' of " + m.group(1));
          }
          sub.put(n.group(1), n.group(3) != null);
        }
      }
      Matcher n = NAME.matcher(m.group(1));
      while (n.find()) {
        boolean list = n.group(2) != null;
        if (!sub.isEmpty() && !list) {
          throw new AssertionError("EVENTS.md, " + type + ": " + n.group() + " has fields but is not a list (`name[]`)");
        }
        fields.add(new DocField(n.group(1), list, n.group(3) != null, sub));
      }
    }
    return fields;
  }

  private static List<String> splitOutsideBraces(String s) {
    List<String> out = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      depth += c == '{' ? 1 : c == '}' ? -1 : 0;
      if (c == ',' && depth == 0) {
        out.add(s.substring(start, i));
        start = i + 1;
      }
    }
    out.add(s.substring(start));
    return out;
  }

  static String subjectField(Row row) {
    String field = SUBJECT_FIELD.get(row.subject());
    assertThat(field).as("EVENTS.md subject of " + row.type() + ": '" + row.subject() + "' is one of " + SUBJECT_FIELD.keySet())
        .isNotNull();
    return field;
  }

  /** The ids EVENTS.md spells out: "The id of `table.quarantined` is `table.quarantined:<export>:<table>`". */
  static Map<String, String> idPatterns(String md) {
    assertThat(md).contains("Ids are deterministic (`<short type>:<key>`)");
    Map<String, String> patterns = new LinkedHashMap<>();
    Matcher m = Pattern.compile("The id of\\s+`([a-z.]+)`\\s+is\\s+`([^`]+)`").matcher(md);
    while (m.find()) {
      patterns.put(EventType.PREFIX + m.group(1), m.group(2));
    }
    return patterns;
  }

  /** {@code <short type>:<key>}, and exactly the documented pattern (placeholders are data fields) where there is one. */
  static void assertId(String what, JsonObject event, Map<String, String> patterns) {
    String type = event.get("type").getAsString();
    String id = event.get("id").getAsString();
    assertThat(id).as(what + " id").startsWith(type.substring(EventType.PREFIX.length()) + ":")
        .hasSizeGreaterThan(type.length() - EventType.PREFIX.length() + 1);
    String pattern = patterns.get(type);
    if (pattern != null) {
      JsonObject data = event.getAsJsonObject("data");
      Matcher p = Pattern.compile("<([A-Za-z]+)>").matcher(pattern);
      StringBuilder expected = new StringBuilder();
      while (p.find()) {
        assertThat(data.has(p.group(1))).as(what + ": id placeholder <" + p.group(1) + "> is a data field").isTrue();
        p.appendReplacement(expected, Matcher.quoteReplacement(data.get(p.group(1)).getAsString()));
      }
      p.appendTail(expected);
      assertThat(id).as(what + " id, documented as " + pattern).isEqualTo(expected.toString());
    }
  }

  // ---- shapes

  /** The same JSON with every value replaced by its kind and every list by its distinct element shapes. */
  static JsonElement shape(JsonElement e) {
    if (e.isJsonObject()) {
      JsonObject s = new JsonObject();
      new TreeMap<>(e.getAsJsonObject().asMap()).forEach((k, v) -> s.add(k, shape(v)));
      return s;
    }
    if (e.isJsonArray()) {
      TreeMap<String, JsonElement> distinct = new TreeMap<>();
      e.getAsJsonArray().forEach(i -> {
        JsonElement s = shape(i);
        distinct.put(s.toString(), s);
      });
      JsonArray a = new JsonArray();
      distinct.values().forEach(a::add);
      return a;
    }
    if (e.isJsonNull()) {
      return new JsonPrimitive("null");
    }
    JsonPrimitive p = e.getAsJsonPrimitive();
    return new JsonPrimitive(p.isNumber() ? "number" : p.isBoolean() ? "boolean" : "string");
  }

  static String pretty(JsonElement e) {
    return new GsonBuilder().setPrettyPrinting().create().toJson(e);
  }

  // ---- the run

  static String inventoryKey(SampleExportResult export) {
    return ExportInventory.key(export.exportRootKey(), export.exportId());
  }

  /** Delivers every event published from {@code from} on to the builder, as the subscription would; returns the new end. */
  private static int pump(BuilderFunction builder, InProcessEventBus bus, int from) {
    int i = from;
    for (; i < bus.published().size(); i++) {
      builder.accept(BuilderFunctionTest.push(EventCodec.toJson(bus.published().get(i))));
    }
    return i;
  }

  /**
   * As RDS reports it: {@code skipped} exported no file and is SKIPPED, {@code failed} is FAILED;
   * the inventory is written again for what is then in the export root.
   */
  private static void rdsSkipsAndFails(SampleExportResult export, String skipped, String failed) throws IOException {
    Path root = export.exportRoot();
    List<Path> tablesInfo;
    try (Stream<Path> s = Files.list(root)) {
      tablesInfo = s.filter(p -> p.getFileName().toString().startsWith("export_tables_info_")).toList();
    }
    int changed = 0;
    for (Path p : tablesInfo) {
      JsonObject doc = JsonParser.parseString(Files.readString(p)).getAsJsonObject();
      for (JsonElement t : doc.getAsJsonArray("perTableStatus")) {
        JsonObject entry = t.getAsJsonObject();
        String target = entry.get("target").getAsString();
        if (target.equals(skipped)) {
          for (String k : List.of("sizeGB", "tableStatistics", "schemaMetadata")) {
            entry.remove(k);
          }
          entry.addProperty("status", "SKIPPED");
          entry.addProperty("warningMessage", "Table was skipped: it has no columns that can be exported");
          changed++;
        } else if (target.equals(failed)) {
          entry.addProperty("status", "FAILED");
          entry.addProperty("warningMessage", "Table export failed: the table could not be read");
          changed++;
        }
      }
      Files.writeString(p, doc.toString());
    }
    assertThat(changed).isEqualTo(2);
    Path skippedFiles = root.resolve(skipped.substring(0, skipped.indexOf('.'))).resolve(skipped);
    try (Stream<Path> s = Files.walk(skippedFiles)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
    String inventoryName = ExportInventory.fileName(export.exportId());
    Path inventory = root.resolve(inventoryName);
    ExportInventory before = ExportInventory.parse(Files.readAllBytes(inventory), inventoryName);
    List<ExportInventory.Entry> entries = new ArrayList<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.filter(Files::isRegularFile).filter(p -> !p.equals(inventory)).toList()) {
        entries.add(new ExportInventory.Entry(root.relativize(p).toString().replace('\\', '/'), Files.size(p)));
      }
    }
    Files.write(inventory, ExportInventory.of(export.exportId(), before.writtenAt(), entries).toJson());
  }

  /** The real warehouse, refusing one table's load (an incompatible type change) or every rebuild (SQL it rejects) when told. */
  static final class Switchable implements Warehouse {
    final DuckDbWarehouse w;
    volatile String refuseLoadOf;
    volatile String refuseRebuilds;

    Switchable(DuckDbWarehouse w) {
      this.w = w;
    }

    public LoadRecord loadRaw(RawLoad load) {
      if (load.table().name().equals(refuseLoadOf)) {
        throw new IllegalStateException(load.table() + ": column amount changed from NUMERIC to STRING");
      }
      return w.loadRaw(load);
    }

    public void rebuild(ModelBuild build) {
      if (refuseRebuilds != null) {
        throw new IllegalStateException(refuseRebuilds);
      }
      w.rebuild(build);
    }

    public Optional<LoadRecord> rawLoad(ObjectId t, Snapshot s) { return w.rawLoad(t, s); }
    public List<WarehouseObject> objects(String dataset) { return w.objects(dataset); }
    public Optional<WarehouseObject> object(ObjectId id) { return w.object(id); }
    public void archiveAndDrop(ObjectId id, ObjectId archiveAs) { w.archiveAndDrop(id, archiveAs); }
    public List<Map<String, Object>> query(String sql) { return w.query(sql); }
  }
}
