package dev.snaplake.gcp;

import com.google.api.gax.retrying.RetrySettings;
import com.google.cloud.NoCredentials;
import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryOptions;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.snaplake.gcp.RecordingHttpServer.Request;
import dev.snaplake.gcp.RecordingHttpServer.Response;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Canned BigQuery REST answers for the real client, recording every request. Jobs are accepted
 * and DONE at once unless {@link #onJobInsert} says otherwise; inserted jobs can be read back;
 * tables exist once created (or {@link #table}d); {@code jobs.query} answers {@link #onQuery}.
 */
final class FakeBigQueryServer implements AutoCloseable {
  static final String PROJECT = "snaplake-test";

  private final RecordingHttpServer http;
  final Map<String, JsonObject> jobs = new ConcurrentHashMap<>();
  final Map<String, JsonObject> tables = new ConcurrentHashMap<>();
  private volatile Function<Request, Response> onJobInsert = r -> null;
  private volatile Function<Request, Response> onQuery = r -> queryResponse(List.of(), List.of());
  private volatile Function<Request, Response> intercept = r -> null;
  private volatile boolean datasetsExist = true;
  /** When jobs were created; the client re-reads an "already exists" job itself if under 24 h old. */
  static volatile long jobCreationTime = -1;

  FakeBigQueryServer() throws IOException {
    jobCreationTime = -1;
    http = new RecordingHttpServer(this::handle);
  }

  /** A client pointed here: no credentials, a fixed project, no client-side retries. */
  BigQuery bigquery() {
    return BigQueryOptions.newBuilder()
        .setHost(http.baseUrl())
        .setProjectId(PROJECT)
        .setCredentials(NoCredentials.getInstance())
        .setRetrySettings(RetrySettings.newBuilder().setMaxAttempts(1).build())
        .build()
        .getService();
  }

  List<Request> requests() {
    return http.requests();
  }

  void clearRequests() {
    http.clear();
  }

  /** Requests of one method whose path ends with {@code suffix}. */
  List<Request> requests(String method, String suffix) {
    return requests().stream().filter(r -> r.method().equals(method) && r.rawPath().endsWith(suffix)).toList();
  }

  /** Bodies of every jobs.insert, in order. */
  List<JsonObject> jobInserts() {
    return requests("POST", "/projects/" + PROJECT + "/jobs").stream().map(Request::json).toList();
  }

  /** A custom answer to jobs.insert; returning null lets the fake accept the job. */
  void onJobInsert(Function<Request, Response> f) {
    onJobInsert = f;
  }

  void onQuery(Function<Request, Response> f) {
    onQuery = f;
  }

  /** Answers any request before the fake does; returning null lets the fake answer. */
  void intercept(Function<Request, Response> f) {
    intercept = f;
  }

  /** Bodies of the jobs.insert calls that are load jobs, in order. */
  List<JsonObject> loadInserts() {
    return jobInserts().stream().filter(j -> j.getAsJsonObject("configuration").has("load")).toList();
  }

  /** Bodies of the jobs.insert calls that are query jobs, in order. */
  List<JsonObject> queryInserts() {
    return jobInserts().stream().filter(j -> j.getAsJsonObject("configuration").has("query")).toList();
  }

  /** tables.patch requests, in order. */
  List<Request> patches() {
    return requests().stream().filter(FakeBigQueryServer::isPatch).toList();
  }

  /** A table with this schema, {@code name:TYPE[:MODE][:precision,scale]} per column, and labels. */
  void table(String dataset, String table, List<String> columns, Map<String, String> labels) {
    table(dataset, table);
    JsonObject t = tables.get(dataset + "." + table);
    JsonArray fields = new JsonArray();
    for (String c : columns) {
      String[] p = c.split(":");
      JsonObject f = new JsonObject();
      f.addProperty("name", p[0]);
      f.addProperty("type", p[1]);
      f.addProperty("mode", p.length > 2 && !p[2].isEmpty() ? p[2] : "NULLABLE");
      if (p.length > 3) {
        String[] ps = p[3].split(",");
        f.addProperty("precision", ps[0]);
        f.addProperty("scale", ps[1]);
      }
      fields.add(f);
    }
    JsonObject schema = new JsonObject();
    schema.add("fields", fields);
    t.add("schema", schema);
    JsonObject partitioning = new JsonObject();
    partitioning.addProperty("type", "DAY");
    t.add("timePartitioning", partitioning);
    JsonObject l = new JsonObject();
    labels.forEach(l::addProperty);
    t.add("labels", l);
  }

  /** The table's labels as stored now. */
  Map<String, String> labels(String dataset, String table) {
    Map<String, String> out = new java.util.TreeMap<>();
    JsonObject t = tables.get(dataset + "." + table);
    if (t != null && t.has("labels")) {
      t.getAsJsonObject("labels").entrySet().forEach(e -> out.put(e.getKey(), e.getValue().getAsString()));
    }
    return out;
  }

  void datasetsExist(boolean b) {
    datasetsExist = b;
  }

  void table(String dataset, String table) {
    JsonObject t = new JsonObject();
    JsonObject ref = new JsonObject();
    ref.addProperty("projectId", PROJECT);
    ref.addProperty("datasetId", dataset);
    ref.addProperty("tableId", table);
    t.add("tableReference", ref);
    t.addProperty("type", "TABLE");
    tables.put(dataset + "." + table, t);
  }

  private Response handle(Request r) {
    Response intercepted = intercept.apply(r);
    if (intercepted != null) {
      return intercepted;
    }
    String p = r.rawPath();
    String prefix = "/bigquery/v2/projects/" + PROJECT;
    if (!p.startsWith(prefix)) {
      return Response.error(404, "notFound", "fake BigQuery: unknown path " + r);
    }
    String rest = p.substring(prefix.length());
    if (rest.equals("/jobs") && r.method().equals("POST")) {
      Response custom = onJobInsert.apply(r);
      if (custom != null) {
        return custom;
      }
      JsonObject job = r.json();
      String id = job.getAsJsonObject("jobReference").get("jobId").getAsString();
      if (jobs.containsKey(id)) {
        return Response.error(409, "duplicate", "Already Exists: Job " + PROJECT + ":US." + id);
      }
      JsonObject done = doneJob(job, null);
      jobs.put(id, done);
      return Response.json(200, done);
    }
    if (rest.startsWith("/jobs/") && r.method().equals("GET")) {
      String id = decode(rest.substring("/jobs/".length()));
      JsonObject job = jobs.get(id);
      if (job == null) {
        return Response.error(404, "notFound", "Not found: Job " + PROJECT + ":" + id);
      }
      return Response.json(200, selectFields(job, r.param("fields")));
    }
    if (rest.equals("/queries") && r.method().equals("POST")) {
      return onQuery.apply(r);
    }
    if (rest.startsWith("/datasets/")) {
      String[] parts = rest.substring("/datasets/".length()).split("/");
      String dataset = decode(parts[0]);
      if (parts.length == 1) {
        if (r.method().equals("GET")) {
          if (!datasetsExist) {
            return Response.error(404, "notFound", "Not found: Dataset " + PROJECT + ":" + dataset);
          }
          JsonObject d = new JsonObject();
          JsonObject ref = new JsonObject();
          ref.addProperty("projectId", PROJECT);
          ref.addProperty("datasetId", dataset);
          d.add("datasetReference", ref);
          return Response.json(200, d);
        }
      } else if (parts.length == 2 && r.method().equals("POST") && !isPatch(r)) { // tables.insert: /datasets/d/tables
        JsonObject t = r.json();
        if (!t.has("type")) {
          t.addProperty("type", t.has("view") ? "VIEW" : "TABLE"); // as BigQuery answers
        }
        String table = t.getAsJsonObject("tableReference").get("tableId").getAsString();
        if (tables.putIfAbsent(dataset + "." + table, t) != null) {
          return Response.error(409, "duplicate", "Already Exists: Table " + PROJECT + ":" + dataset + "." + table);
        }
        return Response.json(200, t);
      } else if (parts.length == 3) {
        String key = dataset + "." + decode(parts[2]);
        if (r.method().equals("GET")) {
          JsonObject t = tables.get(key);
          return t == null ? Response.error(404, "notFound", "Not found: Table " + PROJECT + ":" + key) : Response.json(200, t);
        }
        if (isPatch(r)) { // tables.patch: the fields sent replace those stored; labels merge key by key
          JsonObject t = tables.get(key);
          if (t == null) {
            return Response.error(404, "notFound", "Not found: Table " + PROJECT + ":" + key);
          }
          JsonObject patch = r.json();
          for (Map.Entry<String, JsonElement> e : patch.entrySet()) {
            if (e.getKey().equals("labels")) {
              JsonObject labels = t.has("labels") ? t.getAsJsonObject("labels") : new JsonObject();
              for (Map.Entry<String, JsonElement> l : e.getValue().getAsJsonObject().entrySet()) {
                if (l.getValue().isJsonNull()) {
                  labels.remove(l.getKey());
                } else {
                  labels.add(l.getKey(), l.getValue());
                }
              }
              t.add("labels", labels);
            } else if (!e.getKey().equals("tableReference")) {
              t.add(e.getKey(), e.getValue());
            }
          }
          return Response.json(200, t);
        }
        if (r.method().equals("DELETE")) {
          return tables.remove(key) == null
              ? Response.error(404, "notFound", "Not found: Table " + PROJECT + ":" + key)
              : new Response(204, null, new byte[0], Map.of());
        }
      }
      if (parts.length == 1 && r.method().equals("POST")) {
        return Response.json(200, r.json());
      }
    }
    if (rest.equals("/datasets") && r.method().equals("POST")) {
      return Response.json(200, r.json());
    }
    return Response.error(501, "notImplemented", "fake BigQuery does not implement " + r);
  }

  /** PATCH, or POST with the method override the JDK transport needs for PATCH. */
  static boolean isPatch(Request r) {
    return r.method().equals("PATCH")
        || (r.method().equals("POST") && "PATCH".equalsIgnoreCase(r.header("x-http-method-override")));
  }

  /** Honours a partial-response {@code fields=a,b(c)} selector on top-level fields, as BigQuery does. */
  static JsonObject selectFields(JsonObject resource, String fields) {
    if (fields == null || fields.isBlank()) {
      return resource;
    }
    JsonObject out = new JsonObject();
    for (String f : fields.replaceAll("\\([^)]*\\)", "").split(",")) {
      String name = f.trim().split("/")[0];
      if (resource.has(name)) {
        out.add(name, resource.get(name));
      }
    }
    return out;
  }

  /** The job as BigQuery returns it once DONE; {@code errorReason} non-null makes it failed. */
  static JsonObject doneJob(JsonObject inserted, String[] error) {
    JsonObject job = inserted.deepCopy();
    job.addProperty("kind", "bigquery#job");
    JsonObject ref = job.getAsJsonObject("jobReference");
    ref.addProperty("location", "US");
    job.addProperty("id", PROJECT + ":US." + ref.get("jobId").getAsString());
    JsonObject status = new JsonObject();
    status.addProperty("state", "DONE");
    if (error != null) {
      JsonObject err = new JsonObject();
      err.addProperty("reason", error[0]);
      err.addProperty("message", error[1]);
      status.add("errorResult", err);
      JsonArray errors = new JsonArray();
      errors.add(err.deepCopy());
      status.add("errors", errors);
    }
    job.add("status", status);
    JsonObject stats = new JsonObject();
    long created = jobCreationTime > 0 ? jobCreationTime : System.currentTimeMillis() - 1000;
    stats.addProperty("creationTime", Long.toString(created));
    stats.addProperty("startTime", Long.toString(created + 100));
    stats.addProperty("endTime", Long.toString(created + 200));
    JsonObject config = job.getAsJsonObject("configuration");
    if (config != null && config.has("load")) {
      JsonObject load = new JsonObject();
      load.addProperty("inputFiles", "2");
      load.addProperty("outputRows", "1234");
      load.addProperty("outputBytes", "56789");
      stats.add("load", load);
    } else {
      JsonObject query = new JsonObject();
      query.addProperty("totalBytesProcessed", "0");
      stats.add("query", query);
    }
    job.add("statistics", stats);
    return job;
  }

  /**
   * The job DONE and failed as BigQuery reports a load error: {@code errorResult}, then one
   * {@code errors[]} entry per file (location → message).
   */
  static JsonObject failedJob(JsonObject inserted, String reason, String message, Map<String, String> fileErrors) {
    JsonObject job = doneJob(inserted, new String[] {reason, message});
    JsonArray errors = job.getAsJsonObject("status").getAsJsonArray("errors");
    fileErrors.forEach((location, text) -> {
      JsonObject e = new JsonObject();
      e.addProperty("reason", reason);
      e.addProperty("location", location);
      e.addProperty("message", text);
      errors.add(e);
    });
    return job;
  }

  static Response doneJobResponse(Request r, String reason, String message) {
    return Response.json(200, doneJob(r.json(), reason == null ? null : new String[] {reason, message}));
  }

  /** A jobs.query answer: STRING columns unless named {@code name:TYPE}. */
  static Response queryResponse(List<String> columns, List<List<Object>> rows) {
    JsonObject res = new JsonObject();
    res.addProperty("kind", "bigquery#queryResponse");
    JsonArray fields = new JsonArray();
    for (String c : columns) {
      JsonObject f = new JsonObject();
      String[] nt = c.split(":");
      f.addProperty("name", nt[0]);
      f.addProperty("type", nt.length > 1 ? nt[1] : "STRING");
      f.addProperty("mode", "NULLABLE");
      fields.add(f);
    }
    JsonObject schema = new JsonObject();
    schema.add("fields", fields);
    res.add("schema", schema);
    JsonObject ref = new JsonObject();
    ref.addProperty("projectId", PROJECT);
    ref.addProperty("jobId", "job_query_" + Math.abs(System.nanoTime()));
    ref.addProperty("location", "US");
    res.add("jobReference", ref);
    JsonArray rs = new JsonArray();
    for (List<Object> row : rows) {
      JsonArray f = new JsonArray();
      for (Object v : row) {
        JsonObject cell = new JsonObject();
        if (v == null) {
          cell.add("v", com.google.gson.JsonNull.INSTANCE);
        } else {
          cell.addProperty("v", v.toString());
        }
        f.add(cell);
      }
      JsonObject r = new JsonObject();
      r.add("f", f);
      rs.add(r);
    }
    res.add("rows", rs);
    res.addProperty("totalRows", Integer.toString(rows.size()));
    res.addProperty("jobComplete", true);
    res.addProperty("cacheHit", false);
    res.addProperty("totalBytesProcessed", "0");
    return Response.json(200, res);
  }

  static String queryText(Request r) {
    JsonElement q = r.json().get("query");
    return q == null ? "" : q.getAsString();
  }

  static List<String> parameterNames(Request r) {
    List<String> names = new ArrayList<>();
    JsonElement ps = r.json().get("queryParameters");
    if (ps != null) {
      ps.getAsJsonArray().forEach(p -> names.add(p.getAsJsonObject().get("name").getAsString()));
    }
    return names;
  }

  private static String decode(String raw) {
    return java.net.URLDecoder.decode(raw.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    http.close();
  }
}
