package dev.snaplake.compiler;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.snaplake.core.naming.Identifiers;
import dev.snaplake.core.naming.InvalidNameException;
import dev.snaplake.core.naming.ObjectId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A schema file: the raw tables models read, under the names models use, with their BigQuery
 * types. Columns are written as BigQuery's own JSON schema ({@code bq show --schema}) writes them,
 * so such a dump can be pasted in:
 *
 * <pre>
 * {"tables": {
 *   "raw.app__users": [
 *     {"name": "id", "type": "NUMERIC"},
 *     {"name": "tags", "type": "ARRAY&lt;STRING&gt;"},
 *     {"name": "address", "type": "RECORD", "mode": "REPEATED", "fields": [{"name": "city", "type": "STRING"}]}
 *   ]
 * }}
 * </pre>
 *
 * <p>{@code type} is GoogleSQL type syntax or a legacy name ({@code INTEGER}, {@code FLOAT},
 * {@code BOOLEAN}, {@code RECORD} with {@code fields}); {@code mode} {@code REPEATED} makes it an
 * array; {@code description} is ignored. The file lists every raw table: a model reading one that
 * is not in it is an error.
 */
final class SchemaFile {
  private static final Set<String> COLUMN_KEYS = Set.of("name", "type", "mode", "fields", "description");
  private static final Pattern AT = Pattern.compile("line (\\d+) column (\\d+)");
  private static final String TYPE_HINT = "e.g. INT64, STRING, NUMERIC, TIMESTAMP, ARRAY<STRING>, STRUCT<a INT64, b STRING>";

  private SchemaFile() {}

  static RawSchemas read(Path file, String rawDataset, List<Diagnostic> out) {
    String label = file.toString();
    if (!Files.isRegularFile(file)) {
      out.add(Diagnostic.error(label, 1, 1, "no schema file or export folder " + file,
          "pass --schemas a JSON schema file (docs/MODELS.md) or a folder holding an RDS export"));
      return null;
    }
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8), label, rawDataset, out);
    } catch (IOException e) {
      out.add(Diagnostic.error(label, 1, 1, "cannot read the schema file: " + e.getMessage(), ""));
      return null;
    }
  }

  /** Parses {@code json}; problems go to {@code out}. Null when the file is not usable. */
  static RawSchemas parse(String json, String label, String rawDataset, List<Diagnostic> out) {
    JsonElement root;
    try {
      root = JsonParser.parseString(json);
    } catch (JsonParseException e) {
      String msg = e.getMessage() == null ? "malformed JSON" : e.getMessage();
      Matcher m = AT.matcher(msg);
      boolean at = m.find();
      int nl = msg.indexOf('\n');
      String first = (nl < 0 ? msg : msg.substring(0, nl)).replaceFirst("^[\\w.]+Exception: ", "")
          .replaceFirst(" at line \\d+ column \\d+.*", "");
      out.add(Diagnostic.error(label, at ? Integer.parseInt(m.group(1)) : 1, at ? Integer.parseInt(m.group(2)) : 1,
          "the schema file is not valid JSON: " + first, "fix the JSON syntax"));
      return null;
    }
    JsonChecker c = new JsonChecker(json, label, out);
    if (!root.isJsonObject() || !root.getAsJsonObject().has("tables")
        || !root.getAsJsonObject().get("tables").isJsonObject()) {
      c.error("$", "a schema file is an object {\"tables\": {\"" + rawDataset + ".<table>\": [columns…]}}",
          "see docs/MODELS.md, \"Schema file\"");
      return null;
    }
    c.unknownKeys(root.getAsJsonObject(), "$", Set.of("tables"));
    Map<ObjectId, RawSchemas.Table> tables = new LinkedHashMap<>();
    for (Map.Entry<String, JsonElement> en : root.getAsJsonObject().getAsJsonObject("tables").entrySet()) {
      String path = "$.tables." + en.getKey();
      ObjectId id = tableId(en.getKey(), rawDataset, path, c);
      if (!en.getValue().isJsonArray() || en.getValue().getAsJsonArray().isEmpty()) {
        c.error(path, "the columns of " + en.getKey() + " must be a non-empty list",
            "[{\"name\": \"id\", \"type\": \"INT64\"}, …]");
        continue;
      }
      List<TypedColumn> columns = columns(en.getValue().getAsJsonArray(), path, c, true);
      if (id != null && columns != null) {
        tables.put(id, new RawSchemas.Table(columns, null));
      }
    }
    if (out.stream().anyMatch(d -> d.isError() && d.file().equals(label))) {
      return null;
    }
    return new RawSchemas(label, true, tables);
  }

  private static ObjectId tableId(String key, String rawDataset, String path, JsonChecker c) {
    String[] parts = key.split("\\.", -1);
    if (parts.length != 2 || !parts[0].equals(rawDataset)) {
      c.error(path, "table " + Identifiers.show(key) + " is not named " + rawDataset + ".<table>",
          "name raw tables as models read them, e.g. " + rawDataset + ".app__users");
      return null;
    }
    try {
      return new ObjectId(parts[0], parts[1]);
    } catch (InvalidNameException e) {
      c.error(path, "table " + Identifiers.show(key) + " is not a valid table name", e.getMessage());
      return null;
    }
  }

  /** The columns (or STRUCT fields, which may be anonymous) at {@code path}; null after an error. */
  private static List<TypedColumn> columns(JsonArray array, String path, JsonChecker c, boolean topLevel) {
    List<TypedColumn> columns = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    boolean ok = true;
    for (int i = 0; i < array.size(); i++) {
      String at = path + "[" + i + "]";
      if (!array.get(i).isJsonObject()) {
        c.error(at, "a column is an object {\"name\": …, \"type\": …}", "e.g. {\"name\": \"id\", \"type\": \"INT64\"}");
        ok = false;
        continue;
      }
      JsonObject col = array.get(i).getAsJsonObject();
      c.unknownKeys(col, at, COLUMN_KEYS);
      String name = c.string(col, at + ".", "name", null);
      if (name == null) {
        if (!col.has("name")) {
          c.error(at, "a column needs a \"name\"", "e.g. {\"name\": \"id\", \"type\": \"INT64\"}");
        }
        ok = false;
        continue;
      }
      if (topLevel ? !Identifiers.isColumn(name) : !name.isEmpty() && !Identifiers.isColumn(name)) {
        c.error(at + ".name", "column " + Identifiers.show(name) + " is not a valid column name",
            "letters, digits and underscores, not starting with a digit or a reserved prefix");
        ok = false;
      } else if (!name.isEmpty() && !seen.add(name.toLowerCase(Locale.ROOT))) {
        c.error(at + ".name", "column " + name + " is listed twice", "column names are case-insensitive: list each once");
        ok = false;
      }
      ColumnType type = type(col, at, c);
      if (type == null) {
        ok = false;
        continue;
      }
      columns.add(new TypedColumn(name, type));
    }
    return ok ? columns : null;
  }

  private static ColumnType type(JsonObject col, String at, JsonChecker c) {
    String text = c.string(col, at + ".", "type", null);
    if (text == null) {
      if (!col.has("type")) {
        c.error(at, "a column needs a \"type\"", TYPE_HINT);
      }
      return null;
    }
    ColumnType type;
    JsonElement fields = col.get("fields");
    if (fields != null) {
      String kind = ColumnType.canonical(text.trim());
      if (!"STRUCT".equals(kind) || !fields.isJsonArray() || fields.getAsJsonArray().isEmpty()) {
        c.error(at + ".fields", "\"fields\" goes with type RECORD or STRUCT and lists at least one field",
            "e.g. {\"name\": \"address\", \"type\": \"RECORD\", \"fields\": [{\"name\": \"city\", \"type\": \"STRING\"}]}");
        return null;
      }
      List<TypedColumn> nested = columns(fields.getAsJsonArray(), at + ".fields", c, false);
      if (nested == null) {
        return null;
      }
      type = ColumnType.struct(nested.stream().map(f -> new ColumnType.Field(f.name(), f.type())).toList());
    } else {
      try {
        type = ColumnType.parse(text);
      } catch (IllegalArgumentException e) {
        c.error(at + ".type", Identifiers.show(text) + " is not a BigQuery type: " + e.getMessage(), TYPE_HINT);
        return null;
      }
    }
    String mode = c.string(col, at + ".", "mode", "NULLABLE");
    if (mode == null) {
      return null;
    }
    switch (mode.toUpperCase(Locale.ROOT)) {
      case "NULLABLE", "REQUIRED" -> {
        return type;
      }
      case "REPEATED" -> {
        if (type.kind().equals("ARRAY")) {
          c.error(at + ".mode", "a REPEATED ARRAY would be an array of arrays", "drop the mode or the ARRAY<…>");
          return null;
        }
        return ColumnType.array(type);
      }
      default -> {
        c.error(at + ".mode", "mode " + Identifiers.show(mode) + " is not NULLABLE, REQUIRED or REPEATED", "drop it or use one of those");
        return null;
      }
    }
  }
}
