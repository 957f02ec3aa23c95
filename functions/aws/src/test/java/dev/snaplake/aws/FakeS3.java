package dev.snaplake.aws;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A stand-in for one S3 bucket on a JDK HTTP server, path-style: ListObjectsV2 (pages of
 * {@code max-keys}, at most 1000, continuation tokens, keys in UTF-8 byte order, URL-encoded when
 * asked), PutObject honouring {@code If-None-Match: *} (412 PreconditionFailed when the key
 * exists) and GetObject (404 NoSuchKey), with the XML bodies S3 answers. Each request is recorded;
 * errors can be queued per operation, and a hook can run just before a PUT is applied (a
 * concurrent writer).
 */
final class FakeS3 implements AutoCloseable {
  record Request(String method, String key, Map<String, String> query, Map<String, String> headers, byte[] body) {
    String operation() {
      return operationOf(method, key);
    }

    String header(String name) {
      return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }
  }

  private record Canned(int status, String code, String message) {}

  private final String bucket;
  private final HttpServer server;
  private final NavigableMap<byte[], byte[]> objects = new TreeMap<>(Arrays::compareUnsigned);
  private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, Deque<Canned>> failures = new HashMap<>();
  private Runnable beforePut = () -> {};

  FakeS3(String bucket) throws IOException {
    this.bucket = bucket;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** A client as production builds it, pointed here (path-style, since the fake has no DNS), with fake credentials. */
  S3Client client() {
    return S3Client.builder()
        .endpointOverride(endpoint())
        .forcePathStyle(true)
        .region(Region.EU_WEST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "fake-secret")))
        .build();
  }

  synchronized void put(String key, byte[] content) {
    objects.put(utf8(key), content);
  }

  synchronized void put(String key, long size) {
    put(key, new byte[(int) size]);
  }

  synchronized byte[] get(String key) {
    return objects.get(utf8(key));
  }

  synchronized int size() {
    return objects.size();
  }

  /** The next request of this operation (LIST, PUT, GET) gets this error instead. */
  synchronized void fail(String operation, int status, String code, String message) {
    failures.computeIfAbsent(operation, o -> new ArrayDeque<>()).add(new Canned(status, code, message));
  }

  /** Runs once, inside the next PUT, after its request arrived and before it is applied. */
  synchronized void beforeNextPut(Runnable r) {
    beforePut = r;
  }

  List<Request> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  List<Request> requests(String operation) {
    return requests().stream().filter(r -> r.operation().equals(operation)).toList();
  }

  private static String operationOf(String method, String key) {
    if (key.isEmpty()) {
      return method.equals("GET") ? "LIST" : method + " bucket";
    }
    return method;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath(); // decoded
      String requestBucket = path.substring(1).split("/", 2)[0];
      String key = path.length() > requestBucket.length() + 2 ? path.substring(requestBucket.length() + 2) : "";
      Map<String, String> query = parseQuery(exchange.getRequestURI().getRawQuery());
      Map<String, String> headers = new HashMap<>();
      exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v.get(0)));
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      if ("aws-chunked".equals(headers.get("content-encoding"))
          || String.valueOf(headers.get("x-amz-content-sha256")).startsWith("STREAMING-")) {
        body = unchunk(body);
      }
      Request request = new Request(exchange.getRequestMethod(), key, query, headers, body);
      requests.add(request);
      if (!requestBucket.equals(bucket)) {
        error(exchange, 404, "NoSuchBucket", "The specified bucket does not exist");
        return;
      }
      Canned failure;
      Runnable hook;
      synchronized (this) {
        Deque<Canned> q = failures.get(request.operation());
        failure = q == null ? null : q.poll();
        hook = request.operation().equals("PUT") ? beforePut : null;
        if (hook != null) {
          beforePut = () -> {};
        }
      }
      if (failure != null) {
        error(exchange, failure.status(), failure.code(), failure.message());
        return;
      }
      switch (request.operation()) {
        case "LIST" -> list(exchange, query);
        case "PUT" -> {
          hook.run();
          putObject(exchange, request);
        }
        case "GET" -> getObject(exchange, key);
        default -> error(exchange, 501, "NotImplemented", "FakeS3 does not answer " + request.operation());
      }
    }
  }

  private void list(HttpExchange exchange, Map<String, String> query) throws IOException {
    if (!"2".equals(query.get("list-type"))) {
      error(exchange, 400, "InvalidArgument", "FakeS3 answers ListObjectsV2 only");
      return;
    }
    String prefix = query.getOrDefault("prefix", "");
    int maxKeys = Math.min(1000, Integer.parseInt(query.getOrDefault("max-keys", "1000")));
    boolean urlEncoded = "url".equals(query.get("encoding-type"));
    String token = query.get("continuation-token");
    List<Map.Entry<byte[], byte[]>> page = new ArrayList<>();
    boolean truncated;
    synchronized (this) {
      NavigableMap<byte[], byte[]> from =
          token == null ? objects : objects.tailMap(Base64.getUrlDecoder().decode(token), false);
      List<Map.Entry<byte[], byte[]>> matching = new ArrayList<>();
      for (Map.Entry<byte[], byte[]> e : from.entrySet()) {
        if (new String(e.getKey(), StandardCharsets.UTF_8).startsWith(prefix)) {
          matching.add(Map.entry(e.getKey(), e.getValue()));
          if (matching.size() > maxKeys) {
            break;
          }
        }
      }
      truncated = matching.size() > maxKeys;
      page.addAll(matching.subList(0, Math.min(maxKeys, matching.size())));
    }
    StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        + "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">");
    xml.append("<Name>").append(bucket).append("</Name><Prefix>").append(encode(prefix, urlEncoded)).append("</Prefix>");
    if (token != null) {
      xml.append("<ContinuationToken>").append(token).append("</ContinuationToken>");
    }
    xml.append("<KeyCount>").append(page.size()).append("</KeyCount><MaxKeys>").append(maxKeys).append("</MaxKeys>");
    if (urlEncoded) {
      xml.append("<EncodingType>url</EncodingType>");
    }
    xml.append("<IsTruncated>").append(truncated).append("</IsTruncated>");
    for (Map.Entry<byte[], byte[]> e : page) {
      xml.append("<Contents><Key>").append(encode(new String(e.getKey(), StandardCharsets.UTF_8), urlEncoded))
          .append("</Key><LastModified>2026-11-24T05:12:00.000Z</LastModified><ETag>&quot;d41d8cd98f00b204e9800998ecf8427e&quot;</ETag>")
          .append("<ChecksumAlgorithm>CRC64NVME</ChecksumAlgorithm><ChecksumType>FULL_OBJECT</ChecksumType>")
          .append("<Size>").append(e.getValue().length).append("</Size><StorageClass>STANDARD</StorageClass></Contents>");
    }
    if (truncated) {
      xml.append("<NextContinuationToken>")
          .append(Base64.getUrlEncoder().encodeToString(page.get(page.size() - 1).getKey()))
          .append("</NextContinuationToken>");
    }
    xml.append("</ListBucketResult>");
    send(exchange, 200, "application/xml", xml.toString().getBytes(StandardCharsets.UTF_8));
  }

  private void putObject(HttpExchange exchange, Request request) throws IOException {
    String ifNoneMatch = request.header("If-None-Match");
    synchronized (this) {
      if ("*".equals(ifNoneMatch) && objects.containsKey(utf8(request.key()))) {
        error(exchange, 412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold");
        return;
      }
      objects.put(utf8(request.key()), request.body());
    }
    exchange.getResponseHeaders().add("ETag", "\"9b2cf535f27731c974343645a3985328\"");
    send(exchange, 200, null, new byte[0]);
  }

  private void getObject(HttpExchange exchange, String key) throws IOException {
    byte[] content;
    synchronized (this) {
      content = objects.get(utf8(key));
    }
    if (content == null) {
      error(exchange, 404, "NoSuchKey", "The specified key does not exist.");
      return;
    }
    send(exchange, 200, "application/json", content);
  }

  private static void error(HttpExchange exchange, int status, String code, String message) throws IOException {
    String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>" + message
        + "</Message>" + (status == 412 ? "<Condition>If-None-Match</Condition>" : "")
        + "<RequestId>4442587FB7D0A2F9</RequestId><HostId>fake-host-id</HostId></Error>";
    send(exchange, status, "application/xml", xml.getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
    if (contentType != null) {
      exchange.getResponseHeaders().add("Content-Type", contentType);
    }
    exchange.getResponseHeaders().add("x-amz-request-id", "4442587FB7D0A2F9");
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      exchange.getResponseBody().write(body);
    }
  }

  /** aws-chunked: {@code <hex size>[;chunk-signature=…]\r\n<data>\r\n} … {@code 0\r\n<trailers>\r\n}. */
  private static byte[] unchunk(byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int i = 0;
    while (i < body.length) {
      int eol = indexOf(body, i);
      String header = new String(body, i, eol - i, StandardCharsets.US_ASCII);
      int size = Integer.parseInt(header.split(";", 2)[0].trim(), 16);
      if (size == 0) {
        break;
      }
      out.write(body, eol + 2, size);
      i = eol + 2 + size + 2;
    }
    return out.toByteArray();
  }

  private static int indexOf(byte[] b, int from) {
    for (int i = from; i + 1 < b.length; i++) {
      if (b[i] == '\r' && b[i + 1] == '\n') {
        return i;
      }
    }
    throw new IllegalArgumentException("aws-chunked body without CRLF");
  }

  // S3's url encoding of keys in listings: like form encoding, with a space as %20.
  private static String encode(String s, boolean urlEncoded) {
    String text = urlEncoded ? URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20") : s;
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static Map<String, String> parseQuery(String raw) {
    Map<String, String> m = new HashMap<>();
    if (raw == null || raw.isEmpty()) {
      return m;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      m.put(k, v);
    }
    return m;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
