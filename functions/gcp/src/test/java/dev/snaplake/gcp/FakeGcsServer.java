package dev.snaplake.gcp;

import com.google.cloud.NoCredentials;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.snaplake.gcp.RecordingHttpServer.Request;
import dev.snaplake.gcp.RecordingHttpServer.Response;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.zip.CRC32C;

/**
 * An in-memory GCS JSON API, just enough for {@link GcsObjectStore} through the real client:
 * list (prefix, pages), get (metadata and media, byte and suffix ranges), multipart upload with
 * {@code ifGenerationMatch} preconditions and real generations — what {@code LocalStorageHelper}
 * lacks. Every request is recorded; {@link #override} injects a canned answer for one test.
 */
final class FakeGcsServer implements AutoCloseable {
  record StoredBlob(String bucket, String name, byte[] content, long generation, String contentType) {}

  private final RecordingHttpServer http;
  /** bucket + '\n' + name → blob, in byte order of names like GCS (UTF-8 order = code point order). */
  private final Map<String, StoredBlob> blobs = new ConcurrentSkipListMap<>(FakeGcsServer::utf8Order);
  private final AtomicLong generations = new AtomicLong(1_700_000_000_000_000L);
  private final AtomicReference<Function<Request, Response>> override = new AtomicReference<>();
  private volatile int pageSize = 1000;

  FakeGcsServer() throws IOException {
    http = new RecordingHttpServer(this::handle);
  }

  /** A client pointed at this server: no credentials, no retries (so request counts are exact). */
  Storage storage() {
    return StorageOptions.http()
        .setHost(http.baseUrl())
        .setProjectId("snaplake-test")
        .setCredentials(NoCredentials.getInstance())
        .setRetrySettings(com.google.api.gax.retrying.RetrySettings.newBuilder().setMaxAttempts(1).build())
        .build()
        .getService();
  }

  void pageSize(int n) {
    pageSize = n;
  }

  /** Answers with {@code f} when it returns non-null, else as the fake would. */
  void override(Function<Request, Response> f) {
    override.set(f);
  }

  List<Request> requests() {
    return http.requests();
  }

  void clearRequests() {
    http.clear();
  }

  private Response handle(Request r) throws Exception {
    Function<Request, Response> o = override.get();
    if (o != null) {
      Response answer = o.apply(r);
      if (answer != null) {
        return answer;
      }
    }
    String path = r.rawPath();
    if (r.method().equals("POST") && path.startsWith("/upload/storage/v1/b/")) {
      String bucket = decode(path.substring("/upload/storage/v1/b/".length(), path.indexOf("/o", "/upload/storage/v1/b/".length())));
      return upload(r, bucket);
    }
    if (path.startsWith("/download/storage/v1/b/")) {
      path = path.substring("/download".length()); // media downloads: same resource, alt=media
    }
    if (path.startsWith("/storage/v1/b/")) {
      String rest = path.substring("/storage/v1/b/".length());
      int slashO = rest.indexOf("/o");
      String bucket = decode(rest.substring(0, slashO));
      String after = rest.substring(slashO + 2);
      if (after.isEmpty() && r.method().equals("GET")) {
        return list(r, bucket);
      }
      if (after.startsWith("/") && r.method().equals("GET")) {
        return get(r, bucket, decode(after.substring(1)));
      }
    }
    return Response.error(501, "notImplemented", "fake GCS does not implement " + r);
  }

  private Response list(Request r, String bucket) {
    String prefix = r.param("prefix") == null ? "" : r.param("prefix");
    int max = r.param("maxResults") == null ? pageSize : Math.min(pageSize, Integer.parseInt(r.param("maxResults")));
    String after = r.param("pageToken") == null ? null : new String(Base64.getUrlDecoder().decode(r.param("pageToken")), StandardCharsets.UTF_8);
    JsonArray items = new JsonArray();
    String last = null;
    boolean more = false;
    for (StoredBlob b : blobs.values()) {
      if (!b.bucket().equals(bucket) || !b.name().startsWith(prefix)) {
        continue;
      }
      if (after != null && utf8Order(b.name(), after) <= 0) {
        continue;
      }
      if (items.size() == max) {
        more = true;
        break;
      }
      items.add(resource(b));
      last = b.name();
    }
    JsonObject page = new JsonObject();
    page.addProperty("kind", "storage#objects");
    if (items.size() > 0) {
      page.add("items", items);
    }
    if (more) {
      page.addProperty("nextPageToken", Base64.getUrlEncoder().encodeToString(last.getBytes(StandardCharsets.UTF_8)));
    }
    return Response.json(200, page);
  }

  private Response get(Request r, String bucket, String name) {
    StoredBlob b = blobs.get(bucket + "\n" + name);
    if (b == null) {
      return Response.error(404, "notFound", "No such object: " + bucket + "/" + name);
    }
    if (!"media".equals(r.param("alt"))) {
      return Response.json(200, resource(b));
    }
    byte[] content = b.content();
    int from = 0;
    int to = content.length; // exclusive
    String range = r.header("range");
    if (range != null && range.startsWith("bytes=")) {
      String spec = range.substring(6);
      int dash = spec.indexOf('-');
      if (dash == 0) {
        // A suffix range, the last N bytes; unsatisfiable on an empty object (RFC 9110 §14.1.2).
        if (content.length == 0) {
          return Response.error(416, "requestedRangeNotSatisfiable", "range not satisfiable");
        }
        from = (int) Math.max(0, content.length - Long.parseLong(spec.substring(1)));
      } else {
        from = Integer.parseInt(spec.substring(0, dash));
        if (dash < spec.length() - 1) {
          to = (int) Math.min(content.length, Long.parseLong(spec.substring(dash + 1)) + 1);
        }
      }
    }
    Map<String, String> headers = new java.util.LinkedHashMap<>();
    headers.put("x-goog-generation", Long.toString(b.generation()));
    headers.put("x-goog-metageneration", "1");
    headers.put("x-goog-stored-content-length", Integer.toString(content.length));
    headers.put("x-goog-hash", "crc32c=" + crc32c(content) + ",md5=" + md5(content));
    if (from > 0 || range != null) {
      if (from >= content.length && content.length > 0) {
        return Response.error(416, "requestedRangeNotSatisfiable", "range not satisfiable");
      }
      byte[] part = java.util.Arrays.copyOfRange(content, Math.min(from, content.length), Math.max(Math.min(from, content.length), to));
      if (content.length > 0) {
        headers.put("Content-Range", "bytes " + from + "-" + (to - 1) + "/" + content.length);
      }
      return new Response(content.length > 0 ? 206 : 200, b.contentType(), part, headers);
    }
    return new Response(200, b.contentType(), content, headers);
  }

  private Response upload(Request r, String bucket) {
    if (!"multipart".equals(r.param("uploadType"))) {
      return Response.error(501, "notImplemented", "fake GCS supports multipart uploads only, got " + r);
    }
    String contentType = r.header("content-type");
    String boundary = contentType.substring(contentType.indexOf("boundary=") + 9).replace("\"", "");
    String body = new String(r.body(), StandardCharsets.ISO_8859_1); // byte-preserving
    String delimiter = "--" + boundary;
    String[] parts = body.split(java.util.regex.Pattern.quote(delimiter));
    // parts[0] is the preamble, then metadata, then content, then "--" epilogue
    String metaPart = parts[1];
    String dataPart = parts[2];
    String metaJson = new String(partBody(metaPart).getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    byte[] content = partBody(dataPart).getBytes(StandardCharsets.ISO_8859_1);
    JsonObject meta = JsonParser.parseString(metaJson).getAsJsonObject();
    String name = meta.has("name") ? meta.get("name").getAsString() : r.param("name");
    synchronized (blobs) {
      StoredBlob current = blobs.get(bucket + "\n" + name);
      String match = r.param("ifGenerationMatch");
      if (match != null) {
        long expected = Long.parseLong(match);
        boolean ok = expected == 0 ? current == null : current != null && current.generation() == expected;
        if (!ok) {
          return Response.error(412, "conditionNotMet", "At least one of the pre-conditions you specified did not hold.");
        }
      }
      String type = meta.has("contentType") ? meta.get("contentType").getAsString() : "application/octet-stream";
      StoredBlob b = new StoredBlob(bucket, name, content, generations.incrementAndGet(), type);
      blobs.put(bucket + "\n" + name, b);
      return Response.json(200, resource(b));
    }
  }

  /** Strips the part's headers (up to the blank line) and the CRLF before the next delimiter. */
  private static String partBody(String part) {
    int start = part.indexOf("\r\n\r\n") + 4;
    int end = part.endsWith("\r\n") ? part.length() - 2 : part.length();
    return part.substring(start, end);
  }

  private static JsonObject resource(StoredBlob b) {
    JsonObject o = new JsonObject();
    o.addProperty("kind", "storage#object");
    o.addProperty("id", b.bucket() + "/" + b.name() + "/" + b.generation());
    o.addProperty("name", b.name());
    o.addProperty("bucket", b.bucket());
    o.addProperty("generation", Long.toString(b.generation()));
    o.addProperty("metageneration", "1");
    o.addProperty("contentType", b.contentType());
    o.addProperty("size", Integer.toString(b.content().length));
    o.addProperty("md5Hash", md5(b.content()));
    o.addProperty("crc32c", crc32c(b.content()));
    o.addProperty("storageClass", "STANDARD");
    o.addProperty("timeCreated", "2026-11-24T10:00:00.000Z");
    o.addProperty("updated", "2026-11-24T10:00:00.000Z");
    o.addProperty("etag", "CAE=");
    return o;
  }

  static String crc32c(byte[] content) {
    CRC32C c = new CRC32C();
    c.update(content);
    return Base64.getEncoder().encodeToString(ByteBuffer.allocate(4).putInt((int) c.getValue()).array());
  }

  static String md5(byte[] content) {
    try {
      return Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(content));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String decode(String raw) {
    return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  /** GCS lists in UTF-8 byte order, which is code point order (not UTF-16 order). */
  static int utf8Order(String a, String b) {
    return java.util.Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void close() {
    http.close();
  }
}
