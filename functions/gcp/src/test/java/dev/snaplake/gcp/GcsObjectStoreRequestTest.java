package dev.snaplake.gcp;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.storage.StorageException;
import dev.snaplake.core.port.ObjectNotFoundException;
import dev.snaplake.core.port.StoredObject;
import dev.snaplake.gcp.RecordingHttpServer.Request;
import dev.snaplake.gcp.RecordingHttpServer.Response;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What {@link GcsObjectStore} sends on the wire, and how it reads the answers. */
class GcsObjectStoreRequestTest {
  private FakeGcsServer server;
  private GcsObjectStore store;

  @BeforeEach
  void start() throws Exception {
    server = new FakeGcsServer();
    store = new GcsObjectStore(server.storage(), "landing");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private List<Request> uploads() {
    return server.requests().stream().filter(r -> r.rawPath().startsWith("/upload/")).toList();
  }

  @Test
  void createIfAbsentSendsIfGenerationMatchZero() {
    assertThat(store.createIfAbsent("claims/exp-1.json", "a".getBytes(UTF_8))).isTrue();
    Request upload = uploads().get(0);
    assertThat(upload.method()).isEqualTo("POST");
    assertThat(upload.param("ifGenerationMatch")).isEqualTo("0");
    assertThat(upload.param("uploadType")).isEqualTo("multipart");
    assertThat(upload.bodyText()).contains("\"name\":\"claims/exp-1.json\"").contains("\"bucket\":\"landing\"");
  }

  @Test
  void preconditionFailedMeansSomeoneElseWon() {
    server.override(r -> r.rawPath().startsWith("/upload/")
        ? Response.error(412, "conditionNotMet", "At least one of the pre-conditions you specified did not hold.")
        : null);
    assertThat(store.createIfAbsent("claims/exp-1.json", "a".getBytes(UTF_8))).isFalse();
    assertThat(store.replaceIfGeneration("claims/exp-1.json", "b".getBytes(UTF_8), 42)).isFalse();
    assertThat(uploads()).hasSize(2);
  }

  @Test
  void otherErrorsAreNotMistakenForALostRace() {
    server.override(r -> r.rawPath().startsWith("/upload/") ? Response.error(403, "forbidden", "no permission") : null);
    assertThatThrownBy(() -> store.createIfAbsent("claims/x", new byte[1]))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("no permission");
    server.override(r -> r.rawPath().startsWith("/upload/") ? Response.error(503, "backendError", "try later") : null);
    assertThatThrownBy(() -> store.replaceIfGeneration("claims/x", new byte[1], 7)).isInstanceOf(StorageException.class);
  }

  @Test
  void replaceIfGenerationSendsTheExpectedGeneration() {
    store.write("lease", "a".getBytes(UTF_8));
    long g = store.stat("lease").orElseThrow().generation();
    server.clearRequests();
    assertThat(store.replaceIfGeneration("lease", "b".getBytes(UTF_8), g)).isTrue();
    assertThat(uploads().get(0).param("ifGenerationMatch")).isEqualTo(Long.toString(g));
    assertThat(store.replaceIfGeneration("lease", "c".getBytes(UTF_8), g)).isFalse();
  }

  @Test
  void replaceIfGenerationNeverSendsZero() {
    // ifGenerationMatch=0 would turn a replace into a create.
    assertThat(store.replaceIfGeneration("fresh", "b".getBytes(UTF_8), 0)).isFalse();
    assertThat(uploads()).isEmpty();
    assertThat(store.stat("fresh")).isEmpty();
  }

  @Test
  void plainWriteSendsNoPrecondition() {
    store.write("a", "x".getBytes(UTF_8));
    store.write("a", "y".getBytes(UTF_8));
    assertThat(uploads()).hasSize(2).allSatisfy(r -> assertThat(r.param("ifGenerationMatch")).isNull());
  }

  @Test
  void listAsksForThePrefixAndFollowsEveryPage() {
    server.pageSize(2);
    for (int i = 0; i < 7; i++) {
      store.write("exp/t/" + i + ".parquet", new byte[i]);
    }
    store.write("other/1", new byte[1]);
    server.clearRequests();
    List<StoredObject> listed = store.list("exp/");
    assertThat(listed).extracting(StoredObject::key)
        .containsExactly("exp/t/0.parquet", "exp/t/1.parquet", "exp/t/2.parquet", "exp/t/3.parquet",
            "exp/t/4.parquet", "exp/t/5.parquet", "exp/t/6.parquet");
    assertThat(listed.get(6).size()).isEqualTo(6);
    assertThat(listed).allSatisfy(o -> assertThat(o.generation()).isPositive());
    List<Request> lists = server.requests();
    assertThat(lists).hasSize(4).allSatisfy(r -> {
      assertThat(r.rawPath()).isEqualTo("/storage/v1/b/landing/o");
      assertThat(r.param("prefix")).isEqualTo("exp/");
      assertThat(r.param("delimiter")).isNull(); // recursive
    });
    assertThat(lists.get(0).param("pageToken")).isNull();
    assertThat(lists.subList(1, 4)).allSatisfy(r -> assertThat(r.param("pageToken")).isNotBlank());
    assertThat(lists.get(0).param("fields")).contains("nextPageToken").contains("generation").contains("size");
  }

  @Test
  void keysAreEncodedInThePath() {
    store.write("exp 1/ä+b.json", "x".getBytes(UTF_8));
    server.clearRequests();
    assertThat(store.stat("exp 1/ä+b.json")).isPresent();
    assertThat(server.requests().get(0).path()).isEqualTo("/storage/v1/b/landing/o/exp 1/ä+b.json");
    assertThat(server.requests().get(0).rawPath()).contains("exp%201%2F");
  }

  @Test
  void missingObjects() {
    assertThat(store.stat("nope")).isEmpty();
    assertThatThrownBy(() -> store.read("nope"))
        .isInstanceOf(ObjectNotFoundException.class)
        .hasMessageContaining("nope")
        .hasMessageContaining("gs://landing");
  }

  @Test
  void readTailIsOneSuffixRangedGetWithoutAskingTheSizeFirst() {
    byte[] file = new byte[100_000];
    for (int i = 0; i < file.length; i++) {
      file[i] = (byte) (i % 251);
    }
    store.write("exp 1/app/app.users/1/part-00000.gz.parquet", file);
    server.clearRequests();

    byte[] tail = store.readTail("exp 1/app/app.users/1/part-00000.gz.parquet", 65_536);

    assertThat(tail).isEqualTo(java.util.Arrays.copyOfRange(file, file.length - 65_536, file.length));
    assertThat(server.requests()).singleElement().satisfies(r -> {
      assertThat(r.method()).isEqualTo("GET");
      assertThat(r.path()).endsWith("/b/landing/o/exp 1/app/app.users/1/part-00000.gz.parquet");
      assertThat(r.param("alt")).isEqualTo("media");
      assertThat(r.header("range")).isEqualTo("bytes=-65536");
    });
  }

  @Test
  void readTailOfAnObjectShorterThanAskedIsOneGetOfAllOfIt() {
    store.write("small", "PAR1 tiny".getBytes(UTF_8));
    server.clearRequests();
    assertThat(store.readTail("small", 65_536)).isEqualTo("PAR1 tiny".getBytes(UTF_8));
    assertThat(server.requests()).singleElement().satisfies(r -> assertThat(r.header("range")).isEqualTo("bytes=-65536"));
  }

  @Test
  void readTailOfAnEmptyObjectIsEmptyThoughGcsRefusesTheRange() {
    store.write("exp/t/1/_SUCCESS", new byte[0]);
    server.clearRequests();
    assertThat(store.readTail("exp/t/1/_SUCCESS", 8)).isEmpty();
    assertThat(server.requests()).singleElement().satisfies(r -> assertThat(r.header("range")).isEqualTo("bytes=-8"));
  }

  @Test
  void readTailErrorsNameTheObject() {
    assertThatThrownBy(() -> store.readTail("nope/part-00000.gz.parquet", 8))
        .isInstanceOf(ObjectNotFoundException.class)
        .hasMessageContaining("nope/part-00000.gz.parquet")
        .hasMessageContaining("gs://landing");
    store.write("there", new byte[10]);
    server.override(r -> "media".equals(r.param("alt")) ? Response.error(403, "forbidden", "no permission") : null);
    assertThatThrownBy(() -> store.readTail("there", 8))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("cannot read the tail of gs://landing/there")
        .hasMessageContaining("no permission");
  }

  @Test
  void rejectsKeysGcsCannotHold() {
    assertThatThrownBy(() -> store.write("a\nb", new byte[0])).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.stat("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new GcsObjectStore(server.storage(), "Bad Bucket")).isInstanceOf(IllegalArgumentException.class);
  }
}
