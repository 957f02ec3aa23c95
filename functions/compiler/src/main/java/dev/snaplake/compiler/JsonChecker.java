package dev.snaplake.compiler;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import dev.snaplake.core.naming.Identifiers;
import java.io.IOException;
import java.io.StringReader;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reports problems of a JSON file at the line and column of a JSON path ({@code $.sources[0].engine}). */
final class JsonChecker {
  private final String label;
  private final List<Diagnostic> out;
  private final Map<String, int[]> positions;

  JsonChecker(String json, String label, List<Diagnostic> out) {
    this.label = label;
    this.out = out;
    this.positions = positions(json);
  }

  void error(String path, String message, String hint) {
    int[] p = position(path);
    out.add(Diagnostic.error(label, p[0], p[1], message, hint));
  }

  void warning(String path, String message, String hint) {
    int[] p = position(path);
    out.add(Diagnostic.warning(label, p[0], p[1], message, hint));
  }

  String string(JsonObject o, String key, String dflt) {
    return string(o, "$.", key, dflt);
  }

  String string(JsonObject o, String pathPrefix, String key, String dflt) {
    JsonElement e = o.get(key);
    if (e == null || e.isJsonNull()) {
      return dflt;
    }
    if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
      error(pathPrefix + key, key + " must be a string", "e.g. \"" + key + "\": \"…\"");
      return null;
    }
    return e.getAsString();
  }

  String required(JsonObject o, String path, String key) {
    if (!o.has(key)) {
      error(path, path.replace("$.", "") + " needs \"" + key + "\"", "add \"" + key + "\": \"…\"");
      return null;
    }
    return string(o, path + ".", key, null);
  }

  void unknownKeys(JsonObject o, String path, Set<String> known) {
    for (String k : o.keySet()) {
      if (!known.contains(k)) {
        warning(path + "." + k, "unknown key " + Identifiers.show(k) + " is ignored", "known keys: " + String.join(", ", known.stream().sorted().toList()));
      }
    }
  }

  private int[] position(String path) {
    String p = path;
    while (true) {
      int[] pos = positions.get(p);
      if (pos != null) {
        return pos;
      }
      int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
      if (cut <= 0) {
        return new int[] {1, 1};
      }
      p = p.substring(0, cut);
    }
  }

  /** The line and column of every JSON path in the document (best effort). */
  private static Map<String, int[]> positions(String json) {
    Map<String, int[]> map = new HashMap<>();
    try (JsonReader r = new JsonReader(new StringReader(json))) {
      r.setStrictness(Strictness.LENIENT);
      walk(r, map);
    } catch (IOException | RuntimeException e) {
      // positions are a nicety; the parser reports syntax errors
    }
    return map;
  }

  private static final Pattern AT = Pattern.compile(" at line (\\d+) column (\\d+) ");

  private static void record(JsonReader r, Map<String, int[]> map) {
    Matcher m = AT.matcher(r.toString() + " ");
    if (m.find()) {
      map.putIfAbsent(r.getPath(), new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))});
    }
  }

  private static void walk(JsonReader r, Map<String, int[]> map) throws IOException {
    JsonToken tok = r.peek();
    switch (tok) {
      case BEGIN_OBJECT -> {
        r.beginObject();
        while (r.hasNext()) {
          r.nextName();
          record(r, map);
          walk(r, map);
        }
        r.endObject();
      }
      case BEGIN_ARRAY -> {
        r.beginArray();
        while (r.hasNext()) {
          r.peek();
          record(r, map);
          walk(r, map);
        }
        r.endArray();
      }
      default -> r.skipValue();
    }
  }
}
