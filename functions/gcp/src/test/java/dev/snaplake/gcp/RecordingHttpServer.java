package dev.snaplake.gcp;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;

/**
 * A JDK HTTP server on 127.0.0.1 that records every request and answers with a handler: the
 * request-level stand-in for the GCS and BigQuery JSON APIs (neither has an emulator here).
 */
final class RecordingHttpServer implements AutoCloseable {
  static {
    // Without TCP_NODELAY every small exchange waits ~40 ms for a delayed ACK.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  record Request(String method, String rawPath, String rawQuery, Map<String, String> query, Map<String, String> headers, byte[] body) {
    String path() {
      return URLDecoder.decode(rawPath.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    String param(String name) {
      return query.get(name);
    }

    String header(String name) {
      return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }

    String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }

    JsonObject json() {
      return JsonParser.parseString(bodyText()).getAsJsonObject();
    }

    @Override
    public String toString() {
      return method + " " + rawPath + (rawQuery == null ? "" : "?" + rawQuery);
    }
  }

  record Response(int status, String contentType, byte[] body, Map<String, String> headers) {
    static Response json(int status, String json) {
      return new Response(status, "application/json; charset=UTF-8", json.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    static Response json(int status, JsonObject json) {
      return json(status, json.toString());
    }

    /** A Google API error body, e.g. {@code error(412, "conditionNotMet", "…")}. */
    static Response error(int status, String reason, String message) {
      JsonObject detail = new JsonObject();
      detail.addProperty("domain", "global");
      detail.addProperty("reason", reason);
      detail.addProperty("message", message);
      JsonObject err = new JsonObject();
      err.addProperty("code", status);
      err.addProperty("message", message);
      com.google.gson.JsonArray errors = new com.google.gson.JsonArray();
      errors.add(detail);
      err.add("errors", errors);
      JsonObject root = new JsonObject();
      root.add("error", err);
      return json(status, root);
    }
  }

  interface Handler {
    Response handle(Request request) throws Exception;
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(4);
  private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
  private volatile Handler handler;

  RecordingHttpServer(Handler handler) throws IOException {
    this.handler = handler;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::exchange);
    server.setExecutor(executor);
    server.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  void handler(Handler h) {
    this.handler = h;
  }

  List<Request> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  void clear() {
    requests.clear();
  }

  private void exchange(HttpExchange ex) throws IOException {
    Response response;
    try {
      Map<String, String> headers = new LinkedHashMap<>();
      ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), String.join(",", v)));
      byte[] body;
      try (InputStream in = ex.getRequestBody()) {
        body = in.readAllBytes();
      }
      if ("gzip".equalsIgnoreCase(headers.get("content-encoding"))) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
          body = in.readAllBytes();
        }
      }
      String rawQuery = ex.getRequestURI().getRawQuery();
      Request r = new Request(ex.getRequestMethod(), ex.getRequestURI().getRawPath(), rawQuery, parseQuery(rawQuery), headers, body);
      requests.add(r);
      response = handler.handle(r);
    } catch (Throwable t) {
      t.printStackTrace();
      response = Response.error(500, "testServerError", "test server: " + t);
    }
    response.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
    if (response.contentType() != null) {
      ex.getResponseHeaders().set("Content-Type", response.contentType());
    }
    boolean empty = response.body() == null || response.body().length == 0;
    ex.sendResponseHeaders(response.status(), empty ? -1 : response.body().length);
    if (!empty) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(response.body());
      }
    }
    ex.close();
  }

  static Map<String, String> parseQuery(String rawQuery) {
    Map<String, String> q = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return q;
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      q.put(k, v);
    }
    return q;
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
