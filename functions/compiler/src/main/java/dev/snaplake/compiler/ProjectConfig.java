package dev.snaplake.compiler;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.snaplake.core.naming.Identifiers;
import dev.snaplake.core.types.SourceEngine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code sql/snaplake.json}, the project configuration:
 *
 * <pre>
 * {
 *   "rawDataset": "raw",                         // where the loader writes raw tables (default "raw")
 *   "managedDatasets": ["staging", "mart"],      // datasets whose objects come only from sql/
 *   "archiveDataset": "snaplake_archive",        // where pruned definitions are archived (default)
 *   "sources": [{"name": "app", "engine": "mysql", "database": "app",
 *                "instance": "app-prod", "s3Prefix": "rds/app-prod"}],
 *   "environments": {"dev": {"project": "acme-snaplake-dev", "location": "EU"}, …},
 *   "params": {"country": "DE"}                  // values of {{ params.NAME }} in model files
 * }
 * </pre>
 */
public record ProjectConfig(
    String rawDataset,
    List<String> managedDatasets,
    String archiveDataset,
    List<Source> sources,
    Map<String, Environment> environments,
    Map<String, String> params) {

  public static final String FILE_NAME = "snaplake.json";
  public static final String DEFAULT_RAW_DATASET = "raw";
  public static final String DEFAULT_ARCHIVE_DATASET = "snaplake_archive";
  /** Template parameters that come from a model's path, never from {@code params}. */
  public static final Set<String> PATH_PARAMS = Set.of("dataset_name", "table_name");

  /** One source database instance whose snapshots are exported. {@code engine}: mysql or postgresql. */
  public record Source(String name, String engine, String database, String instance, String s3Prefix) {
    public SourceEngine sourceEngine() {
      return SourceEngine.valueOf(engine.toUpperCase(Locale.ROOT));
    }
  }

  /** One deployment: its own GCP project, and the BigQuery location of its datasets. */
  public record Environment(String project, String location) {}

  public ProjectConfig {
    Objects.requireNonNull(rawDataset, "rawDataset");
    Objects.requireNonNull(archiveDataset, "archiveDataset");
    managedDatasets = List.copyOf(managedDatasets);
    sources = List.copyOf(sources);
    environments = Collections.unmodifiableMap(new LinkedHashMap<>(environments));
    params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
  }

  public boolean isManaged(String dataset) {
    return managedDatasets.contains(dataset);
  }

  /** The environment called {@code name}; an error names the ones that exist. */
  public Environment environment(String name) {
    Environment e = environments.get(name);
    if (e == null) {
      throw new IllegalArgumentException("no environment " + Identifiers.show(name) + " in " + FILE_NAME
          + "; defined: " + String.join(", ", environments.keySet()));
    }
    return e;
  }

  /**
   * Reads and validates {@code file}.
   *
   * @throws IllegalArgumentException listing every problem when the file is not valid
   * @throws UncheckedIOException when it cannot be read
   */
  public static ProjectConfig read(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
    List<Diagnostic> problems = new ArrayList<>();
    ProjectConfig config = parse(text, file.toString(), problems);
    List<Diagnostic> errors = problems.stream().filter(Diagnostic::isError).toList();
    if (config == null || !errors.isEmpty()) {
      throw new IllegalArgumentException(errors.stream().map(Diagnostic::format).collect(Collectors.joining("\n")));
    }
    return config;
  }

  private static final Pattern PROJECT_ID = Pattern.compile("[a-z][a-z0-9-]{4,28}[a-z0-9]");
  private static final Pattern LOCATION = Pattern.compile("[A-Za-z][A-Za-z0-9-]{0,62}");
  private static final Pattern INSTANCE = Pattern.compile("[A-Za-z][A-Za-z0-9-]{0,62}");
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");
  private static final Set<String> TOP_KEYS =
      Set.of("rawDataset", "managedDatasets", "archiveDataset", "sources", "environments", "params");

  /** Parses {@code json}; problems go to {@code out}. Returns null when there are errors. */
  static ProjectConfig parse(String json, String label, List<Diagnostic> out) {
    JsonChecker c = new JsonChecker(json, label, out);
    JsonObject o;
    try {
      JsonElement root = JsonParser.parseString(json);
      if (!root.isJsonObject()) {
        c.error("$", FILE_NAME + " must hold a JSON object", "see docs/MODELS.md");
        return null;
      }
      o = root.getAsJsonObject();
    } catch (JsonParseException e) {
      String msg = e.getMessage() == null ? "malformed JSON" : e.getMessage();
      Matcher m = Pattern.compile("line (\\d+) column (\\d+)").matcher(msg);
      int line = 1;
      int col = 1;
      if (m.find()) {
        line = Integer.parseInt(m.group(1));
        col = Integer.parseInt(m.group(2));
      }
      out.add(Diagnostic.error(label, line, col, FILE_NAME + " is not valid JSON: " + firstLine(msg),
          "fix the JSON syntax"));
      return null;
    }
    int before = countErrors(out);
    for (String key : o.keySet()) {
      if (!TOP_KEYS.contains(key)) {
        c.warning("$." + key, "unknown key " + Identifiers.show(key) + " is ignored", "known keys: " + String.join(", ", TOP_KEYS.stream().sorted().toList()));
      }
    }
    String raw = c.string(o, "rawDataset", DEFAULT_RAW_DATASET);
    String archive = c.string(o, "archiveDataset", DEFAULT_ARCHIVE_DATASET);
    if (raw != null && !Identifiers.isDataset(raw)) {
      c.error("$.rawDataset", "rawDataset " + Identifiers.show(raw) + " is not a valid dataset id", "letters, digits and underscores");
    }
    if (archive != null && !Identifiers.isDataset(archive)) {
      c.error("$.archiveDataset", "archiveDataset " + Identifiers.show(archive) + " is not a valid dataset id", "letters, digits and underscores");
    }
    if (raw != null && raw.equals(archive)) {
      c.error("$.archiveDataset", "archiveDataset must differ from rawDataset", "use e.g. snaplake_archive");
    }
    List<String> managed = new ArrayList<>();
    JsonElement md = o.get("managedDatasets");
    if (md == null || !md.isJsonArray() || md.getAsJsonArray().isEmpty()) {
      c.error(md == null ? "$" : "$.managedDatasets", "managedDatasets must be a non-empty list of dataset ids",
          "e.g. \"managedDatasets\": [\"staging\", \"mart\"]");
    } else {
      for (int i = 0; i < md.getAsJsonArray().size(); i++) {
        JsonElement e = md.getAsJsonArray().get(i);
        String path = "$.managedDatasets[" + i + "]";
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
          c.error(path, "managedDatasets entries must be strings", "e.g. \"mart\"");
          continue;
        }
        String d = e.getAsString();
        if (!Identifiers.isDataset(d)) {
          c.error(path, "managed dataset " + Identifiers.show(d) + " is not a valid dataset id", "letters, digits and underscores");
        } else if (d.equals(raw)) {
          c.error(path, "the raw dataset " + d + " cannot be managed: only the loader writes it", "remove it from managedDatasets");
        } else if (d.equals(archive)) {
          c.error(path, "the archive dataset " + d + " cannot be managed", "remove it from managedDatasets");
        } else if (managed.stream().anyMatch(x -> x.equalsIgnoreCase(d))) {
          c.error(path, "managed dataset " + d + " is listed twice", "list it once");
        } else {
          managed.add(d);
        }
      }
    }
    List<Source> sources = sources(o, c);
    Map<String, Environment> environments = environments(o, c);
    Map<String, String> params = params(o, c);
    if (countErrors(out) > before || raw == null || archive == null) {
      return null;
    }
    return new ProjectConfig(raw, managed, archive, sources, environments, params);
  }

  private static List<Source> sources(JsonObject o, JsonChecker c) {
    List<Source> sources = new ArrayList<>();
    JsonElement s = o.get("sources");
    if (s == null) {
      return sources;
    }
    if (!s.isJsonArray()) {
      c.error("$.sources", "sources must be a list", "e.g. [{\"name\":\"app\",\"engine\":\"mysql\",…}]");
      return sources;
    }
    for (int i = 0; i < s.getAsJsonArray().size(); i++) {
      String path = "$.sources[" + i + "]";
      JsonElement e = s.getAsJsonArray().get(i);
      if (!e.isJsonObject()) {
        c.error(path, "a source must be an object", "{\"name\":…, \"engine\":…, \"database\":…, \"instance\":…, \"s3Prefix\":…}");
        continue;
      }
      JsonObject so = e.getAsJsonObject();
      c.unknownKeys(so, path, Set.of("name", "engine", "database", "instance", "s3Prefix"));
      String name = c.required(so, path, "name");
      String engine = c.required(so, path, "engine");
      String database = c.required(so, path, "database");
      String instance = c.required(so, path, "instance");
      String prefix = c.string(so, path + ".", "s3Prefix", "");
      if (name != null && !NAME.matcher(name).matches()) {
        c.error(path + ".name", "source name " + Identifiers.show(name) + " is not valid", "lowercase letters, digits and underscores");
      }
      if (name != null && sources.stream().anyMatch(x -> x.name().equals(name))) {
        c.error(path + ".name", "source " + name + " is defined twice", "give each source its own name");
      }
      if (engine != null && !engine.equals("mysql") && !engine.equals("postgresql")) {
        c.error(path + ".engine", "engine " + Identifiers.show(engine) + " is not supported", "mysql or postgresql (Aurora included)");
      }
      if (database != null && (!Identifiers.isTable(database) || database.contains("__"))) {
        c.error(path + ".database", "database " + Identifiers.show(database) + " cannot form raw table names",
            "letters, digits and single underscores");
      }
      if (instance != null && !INSTANCE.matcher(instance).matches()) {
        c.error(path + ".instance", "instance " + Identifiers.show(instance) + " is not an RDS identifier", "letters, digits and hyphens");
      }
      if (prefix != null && prefix.contains(":")) {
        c.error(path + ".s3Prefix", "s3Prefix cannot contain ':' (RDS export rejects it)", "use / separated words");
      }
      if (name != null && engine != null && database != null && instance != null) {
        sources.add(new Source(name, engine, database, instance, prefix == null ? "" : prefix));
      }
    }
    return sources;
  }

  private static Map<String, Environment> environments(JsonObject o, JsonChecker c) {
    Map<String, Environment> envs = new LinkedHashMap<>();
    JsonElement e = o.get("environments");
    if (e == null) {
      return envs;
    }
    if (!e.isJsonObject()) {
      c.error("$.environments", "environments must be an object of name → {project, location}", "e.g. {\"dev\": {\"project\": \"acme-dev\", \"location\": \"EU\"}}");
      return envs;
    }
    for (Map.Entry<String, JsonElement> en : e.getAsJsonObject().entrySet()) {
      String path = "$.environments." + en.getKey();
      if (!NAME.matcher(en.getKey()).matches()) {
        c.error(path, "environment name " + Identifiers.show(en.getKey()) + " is not valid", "lowercase letters, digits and underscores");
      }
      if (!en.getValue().isJsonObject()) {
        c.error(path, "an environment must be an object {project, location}", "e.g. {\"project\": \"acme-dev\", \"location\": \"EU\"}");
        continue;
      }
      JsonObject eo = en.getValue().getAsJsonObject();
      c.unknownKeys(eo, path, Set.of("project", "location"));
      String project = c.required(eo, path, "project");
      String location = c.required(eo, path, "location");
      if (project != null && !PROJECT_ID.matcher(project).matches()) {
        c.error(path + ".project", "project " + Identifiers.show(project) + " is not a GCP project id",
            "6–30 lowercase letters, digits and hyphens, starting with a letter");
      }
      if (location != null && !LOCATION.matcher(location).matches()) {
        c.error(path + ".location", "location " + Identifiers.show(location) + " is not a BigQuery location", "e.g. EU, US, europe-west3");
      }
      if (project != null && location != null) {
        envs.put(en.getKey(), new Environment(project, location));
      }
    }
    return envs;
  }

  private static Map<String, String> params(JsonObject o, JsonChecker c) {
    Map<String, String> params = new LinkedHashMap<>();
    JsonElement e = o.get("params");
    if (e == null) {
      return params;
    }
    if (!e.isJsonObject()) {
      c.error("$.params", "params must be an object of name → string", "e.g. {\"country\": \"DE\"}");
      return params;
    }
    for (Map.Entry<String, JsonElement> en : e.getAsJsonObject().entrySet()) {
      String path = "$.params." + en.getKey();
      if (!Identifiers.isColumn(en.getKey())) {
        c.error(path, "param name " + Identifiers.show(en.getKey()) + " is not valid", "letters, digits and underscores");
      } else if (PATH_PARAMS.contains(en.getKey())) {
        c.error(path, "param " + en.getKey() + " comes from each model's path and cannot be set", "remove it from params");
      }
      if (!en.getValue().isJsonPrimitive()) {
        c.error(path, "param values must be strings, numbers or booleans", "e.g. \"DE\"");
        continue;
      }
      String value = en.getValue().getAsString();
      if (value.contains("{{") || value.contains("}}") || value.contains("{%")) {
        c.error(path, "param " + en.getKey() + " contains template braces", "a param value is plain text: remove {{, }} and {%");
        continue;
      }
      params.put(en.getKey(), value);
    }
    return params;
  }

  private static int countErrors(List<Diagnostic> out) {
    return (int) out.stream().filter(Diagnostic::isError).count();
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
