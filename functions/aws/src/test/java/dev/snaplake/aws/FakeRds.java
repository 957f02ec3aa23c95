package dev.snaplake.aws;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * A stand-in for the RDS endpoint on a JDK HTTP server: records each AWS Query-protocol request
 * (form-encoded {@code Action=…&Version=2014-10-31&…}) and answers with the XML queued for its
 * action, in order. An action with nothing queued gets a 400 error the client cannot mistake.
 */
final class FakeRds implements AutoCloseable {
  static final String NS = "http://rds.amazonaws.com/doc/2014-10-31/";

  record Request(String method, String path, String contentType, Map<String, String> params) {
    String action() {
      return params.get("Action");
    }
  }

  private record Canned(int status, String body) {}

  private final HttpServer server;
  private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, Deque<Canned>> canned = new HashMap<>();

  FakeRds() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** A client as production builds it, but pointed here, with fake static credentials. */
  RdsClient client() {
    return RdsClient.builder()
        .endpointOverride(endpoint())
        .region(Region.EU_WEST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "fake-secret")))
        .build();
  }

  synchronized void respond(String action, String resultXml) {
    canned.computeIfAbsent(action, a -> new ArrayDeque<>())
        .add(new Canned(200, "<" + action + "Response xmlns=\"" + NS + "\"><" + action + "Result>" + resultXml + "</"
            + action + "Result><ResponseMetadata><RequestId>req-" + action + "</RequestId></ResponseMetadata></"
            + action + "Response>"));
  }

  synchronized void fail(String action, int status, String code, String message) {
    canned.computeIfAbsent(action, a -> new ArrayDeque<>())
        .add(new Canned(status, "<ErrorResponse xmlns=\"" + NS + "\"><Error><Type>Sender</Type><Code>" + code
            + "</Code><Message>" + message + "</Message></Error><RequestId>err-1</RequestId></ErrorResponse>"));
  }

  List<Request> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  List<Request> requests(String action) {
    return requests().stream().filter(r -> action.equals(r.action())).toList();
  }

  private void handle(HttpExchange exchange) throws IOException {
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readAllBytes();
    }
    Map<String, String> params = parseForm(new String(body, StandardCharsets.UTF_8));
    String query = exchange.getRequestURI().getRawQuery();
    if (query != null) {
      params.putAll(parseForm(query));
    }
    requests.add(new Request(
        exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
        exchange.getRequestHeaders().getFirst("Content-Type"), params));
    Canned c;
    synchronized (this) {
      Deque<Canned> q = canned.get(params.get("Action"));
      c = q == null || q.isEmpty()
          ? new Canned(400, "<ErrorResponse><Error><Type>Sender</Type><Code>FakeRdsNothingQueued</Code><Message>no"
              + " response queued for " + params.get("Action") + "</Message></Error><RequestId>x</RequestId></ErrorResponse>")
          : q.poll();
    }
    byte[] out = c.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "text/xml");
    exchange.getResponseHeaders().add("x-amzn-RequestId", "req-1");
    exchange.sendResponseHeaders(c.status(), out.length);
    exchange.getResponseBody().write(out);
    exchange.close();
  }

  static Map<String, String> parseForm(String form) {
    Map<String, String> m = new LinkedHashMap<>();
    if (form.isEmpty()) {
      return m;
    }
    for (String pair : form.split("&")) {
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      m.put(k, v);
    }
    return m;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
