package dev.snaplake.core.catalog;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.snaplake.core.naming.ObjectId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * manifest.json (docs/MODELS.md). Writes format version {@link Manifest#FORMAT_VERSION}; reads
 * every version from {@link Manifest#OLDEST_READABLE_VERSION} on, fields a version lacks empty.
 */
public final class ManifestCodec {
  private ManifestCodec() {}

  public static String toJson(Manifest m) {
    JsonObject o = new JsonObject();
    o.addProperty("formatVersion", m.formatVersion());
    o.addProperty("hash", m.hash());
    o.addProperty("rawDataset", m.rawDataset());
    JsonArray managed = new JsonArray();
    m.managedDatasets().forEach(managed::add);
    o.add("managedDatasets", managed);
    o.addProperty("archiveDataset", m.archiveDataset());
    JsonArray objects = new JsonArray();
    for (ManagedObject mo : m.objects()) {
      JsonObject j = new JsonObject();
      j.addProperty("id", mo.id().toString());
      j.addProperty("materialization", mo.materialization().name().toLowerCase(Locale.ROOT));
      j.addProperty("file", mo.file());
      j.addProperty("contentHash", mo.contentHash());
      j.addProperty("description", mo.description());
      j.addProperty("owner", mo.owner());
      j.add("labels", map(mo.labels()));
      j.add("columnDescriptions", map(mo.columnDescriptions()));
      mo.partitioning().ifPresent(p -> {
        JsonObject po = new JsonObject();
        po.addProperty("column", p.column());
        po.addProperty("unit", p.unit());
        po.addProperty("expression", p.expression());
        j.add("partitioning", po);
      });
      JsonArray clustering = new JsonArray();
      mo.clustering().forEach(clustering::add);
      j.add("clustering", clustering);
      JsonArray schema = new JsonArray();
      for (OutputColumn c : mo.schema()) {
        JsonObject co = new JsonObject();
        co.addProperty("name", c.name());
        co.addProperty("type", c.type());
        schema.add(co);
      }
      j.add("schema", schema);
      JsonArray inputs = new JsonArray();
      mo.inputs().forEach(i -> inputs.add(i.toString()));
      j.add("inputs", inputs);
      j.addProperty("sql", mo.sql());
      objects.add(j);
    }
    o.add("objects", objects);
    return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(o);
  }

  public static Manifest fromJson(String json) {
    try {
      JsonObject o = JsonParser.parseString(json).getAsJsonObject();
      int version = o.get("formatVersion").getAsInt();
      if (version < Manifest.OLDEST_READABLE_VERSION || version > Manifest.FORMAT_VERSION) {
        throw new IllegalArgumentException(
            "manifest formatVersion " + version + " is not supported (this snaplake reads "
                + Manifest.OLDEST_READABLE_VERSION + " to " + Manifest.FORMAT_VERSION
                + "); rebuild it with this snaplake: snaplake compile");
      }
      List<String> managed = new ArrayList<>();
      o.getAsJsonArray("managedDatasets").forEach(e -> managed.add(e.getAsString()));
      List<ManagedObject> objects = new ArrayList<>();
      for (JsonElement e : o.getAsJsonArray("objects")) {
        objects.add(object(e.getAsJsonObject()));
      }
      return new Manifest(
          version,
          o.get("hash").getAsString(),
          o.get("rawDataset").getAsString(),
          managed,
          o.get("archiveDataset").getAsString(),
          objects);
    } catch (JsonParseException | IllegalStateException | NullPointerException | UnsupportedOperationException e) {
      throw new IllegalArgumentException("manifest.json is malformed (" + e + "); rebuild it: snaplake compile", e);
    }
  }

  private static ManagedObject object(JsonObject j) {
    List<ObjectId> inputs = new ArrayList<>();
    j.getAsJsonArray("inputs").forEach(i -> inputs.add(ObjectId.parse(i.getAsString())));
    // Fields added by format version 2 are optional, so version 1 files read with them empty.
    Optional<Partitioning> partitioning = Optional.empty();
    JsonElement p = j.get("partitioning");
    if (p != null && p.isJsonObject()) {
      JsonObject po = p.getAsJsonObject();
      partitioning = Optional.of(new Partitioning(
          po.get("column").getAsString(), po.get("unit").getAsString(), po.get("expression").getAsString()));
    }
    List<String> clustering = new ArrayList<>();
    JsonElement c = j.get("clustering");
    if (c != null && c.isJsonArray()) {
      c.getAsJsonArray().forEach(x -> clustering.add(x.getAsString()));
    }
    List<OutputColumn> schema = new ArrayList<>();
    JsonElement s = j.get("schema");
    if (s != null && s.isJsonArray()) {
      for (JsonElement x : s.getAsJsonArray()) {
        JsonObject co = x.getAsJsonObject();
        schema.add(new OutputColumn(co.get("name").getAsString(), co.get("type").getAsString()));
      }
    }
    JsonElement owner = j.get("owner");
    return new ManagedObject(
        ObjectId.parse(j.get("id").getAsString()),
        Materialization.valueOf(j.get("materialization").getAsString().toUpperCase(Locale.ROOT)),
        j.get("sql").getAsString(),
        inputs,
        j.get("description").getAsString(),
        stringMap(j.getAsJsonObject("labels")),
        stringMap(j.getAsJsonObject("columnDescriptions")),
        j.get("file").getAsString(),
        j.get("contentHash").getAsString(),
        owner == null || owner.isJsonNull() ? "" : owner.getAsString(),
        partitioning,
        clustering,
        schema);
  }

  private static JsonObject map(Map<String, String> m) {
    JsonObject o = new JsonObject();
    new TreeMap<>(m).forEach(o::addProperty);
    return o;
  }

  private static Map<String, String> stringMap(JsonObject o) {
    Map<String, String> m = new TreeMap<>();
    if (o != null) {
      o.entrySet().forEach(en -> m.put(en.getKey(), en.getValue().getAsString()));
    }
    return m;
  }
}
