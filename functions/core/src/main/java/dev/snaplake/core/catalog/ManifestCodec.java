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
import java.util.Map;
import java.util.TreeMap;

/** manifest.json, format version 1 (docs/MODELS.md). */
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
      j.addProperty("materialization", mo.materialization().name().toLowerCase(java.util.Locale.ROOT));
      j.addProperty("file", mo.file());
      j.addProperty("contentHash", mo.contentHash());
      j.addProperty("description", mo.description());
      j.add("labels", map(mo.labels()));
      j.add("columnDescriptions", map(mo.columnDescriptions()));
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
      if (version != Manifest.FORMAT_VERSION) {
        throw new IllegalArgumentException(
            "manifest formatVersion " + version + " is not supported (expected " + Manifest.FORMAT_VERSION
                + "); rebuild it with this snaplake: snaplake compile");
      }
      List<String> managed = new ArrayList<>();
      o.getAsJsonArray("managedDatasets").forEach(e -> managed.add(e.getAsString()));
      List<ManagedObject> objects = new ArrayList<>();
      for (JsonElement e : o.getAsJsonArray("objects")) {
        JsonObject j = e.getAsJsonObject();
        List<ObjectId> inputs = new ArrayList<>();
        j.getAsJsonArray("inputs").forEach(i -> inputs.add(ObjectId.parse(i.getAsString())));
        objects.add(
            new ManagedObject(
                ObjectId.parse(j.get("id").getAsString()),
                Materialization.valueOf(j.get("materialization").getAsString().toUpperCase(java.util.Locale.ROOT)),
                j.get("sql").getAsString(),
                inputs,
                j.get("description").getAsString(),
                stringMap(j.getAsJsonObject("labels")),
                stringMap(j.getAsJsonObject("columnDescriptions")),
                j.get("file").getAsString(),
                j.get("contentHash").getAsString()));
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
