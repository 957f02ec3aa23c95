package dev.snaplake.core.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snaplake.core.port.ObjectNotFoundException;
import dev.snaplake.core.port.StoredObject;
import dev.snaplake.core.testing.CountingObjectStore;
import dev.snaplake.core.testing.InMemoryObjectStore;
import dev.snaplake.core.testing.Parquet;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Footers of real DuckDB-written Parquet, corrupted copies of them, and hand-built footers. */
class ParquetFooterTest {
  private static final String KEY = "rds/app-prod/exp-1/app/app.users/1/part-00000-0f0e.gz.parquet";
  private final CountingObjectStore store = new CountingObjectStore(new InMemoryObjectStore());

  private StoredObject put(byte[] content) {
    store.write(KEY, content);
    return store.stat(KEY).orElseThrow();
  }

  private static int footerLength(byte[] file) {
    int m = file.length - 8;
    return (file[m] & 0xFF) | (file[m + 1] & 0xFF) << 8 | (file[m + 2] & 0xFF) << 16 | (file[m + 3] & 0xFF) << 24;
  }

  // ---- real files ------------------------------------------------------------------------------

  @Test
  void readsTheRowCountOfRealParquetWithOneTailRead() {
    assertThat(ParquetFooter.read(store, put(Parquet.bytes(Parquet.TEN_ROWS))).numRows()).isEqualTo(10);
    assertThat(ParquetFooter.read(store, put(Parquet.bytes(Parquet.ROW_GROUPS))).numRows()).isEqualTo(5000);
    assertThat(ParquetFooter.read(store, put(Parquet.bytes(Parquet.NO_ROWS))).numRows()).isZero();
    assertThat(store.calls("readTail")).isEqualTo(3);
    assertThat(store.calls("read")).as("never the whole file").isZero();
  }

  @Test
  void aFooterLongerThanTheFirstReadIsReadAgainWithItsLength() {
    byte[] file = Parquet.bytes(Parquet.TEN_ROWS);
    assertThat(footerLength(file)).isGreaterThan(64);
    assertThat(ParquetFooter.read(store, put(file), 64).numRows()).isEqualTo(10);
    assertThat(store.calls("readTail")).isEqualTo(2);
  }

  @Test
  void aFooterThatFitsTheFirstReadExactlyNeedsNoSecond() {
    byte[] file = Parquet.bytes(Parquet.TEN_ROWS);
    assertThat(ParquetFooter.read(store, put(file), footerLength(file) + 8).numRows()).isEqualTo(10);
    assertThat(store.calls("readTail")).isEqualTo(1);
  }

  // ---- corrupt copies ----------------------------------------------------------------------------

  @Test
  void aFileThatDoesNotEndWithTheMagicIsNotParquet() {
    byte[] file = Parquet.bytes(Parquet.TEN_ROWS);
    file[file.length - 1] = 'X';
    assertThatThrownBy(() -> ParquetFooter.read(store, put(file)))
        .isInstanceOf(ParquetFooterException.class)
        .hasMessageStartingWith(KEY + " is not a whole Parquet file: it ends with 50 41 52 58, not the magic PAR1")
        .hasMessageContaining("Copy the object again from the S3 export")
        .hasMessageContaining("re-export the snapshot");
  }

  @Test
  void aCopyCutShortIsRefused() {
    byte[] file = Parquet.bytes(Parquet.ROW_GROUPS);
    assertThatThrownBy(() -> ParquetFooter.read(store, put(Arrays.copyOf(file, file.length - 200))))
        .isInstanceOf(ParquetFooterException.class)
        .hasMessageContaining(KEY + " is not a whole Parquet file")
        .hasMessageContaining("Copy the object again from the S3 export");
  }

  @Test
  void aFooterLengthBeyondTheFileIsRefused() {
    byte[] file = Parquet.bytes(Parquet.TEN_ROWS);
    // The leading magic and the last 100 bytes: the trailer says 524 bytes of footer, 88 are there.
    byte[] cut = new byte[104];
    System.arraycopy(file, 0, cut, 0, 4);
    System.arraycopy(file, file.length - 100, cut, 4, 100);
    assertThatThrownBy(() -> ParquetFooter.read(store, put(cut)))
        .isInstanceOf(ParquetFooterException.class)
        .hasMessageContaining(KEY + " says its footer is 524 bytes, but the file has 92 bytes before the trailer")
        .hasMessageContaining("truncated or corrupt")
        .hasMessageContaining("re-export the snapshot");
  }

  @Test
  void aFooterTruncatedAtItsEndIsCorrupt() {
    byte[] file = Parquet.bytes(Parquet.TEN_ROWS);
    int length = footerLength(file);
    byte[] footer = Arrays.copyOfRange(file, file.length - 8 - length, file.length - 8);
    // The footer's first 100 bytes as a whole footer: the struct runs past its end.
    byte[] cut = withFooter(Arrays.copyOf(footer, 100));
    assertThatThrownBy(() -> ParquetFooter.read(store, put(cut)))
        .isInstanceOf(ParquetFooterException.class)
        .hasMessageStartingWith(KEY + " has a corrupt footer (")
        .hasMessageContaining("of a 100-byte footer")
        .hasMessageContaining("re-export the snapshot");
  }

  @Test
  void tooShortToBeParquet() {
    assertThatThrownBy(() -> ParquetFooter.read(store, put("PAR1PAR1".getBytes(StandardCharsets.US_ASCII))))
        .isInstanceOf(ParquetFooterException.class)
        .hasMessageContaining(KEY + " is 8 bytes, too short to be a Parquet file");
    assertThat(store.calls("readTail")).as("decided from the listed size").isZero();
    assertThatThrownBy(() -> ParquetFooter.read(store, put(new byte[0]))).hasMessageContaining("is 0 bytes");
  }

  @Test
  void anEncryptedFooterIsNamed() {
    byte[] file = Parquet.bytes(Parquet.TEN_ROWS);
    file[file.length - 1] = 'E';
    assertThatThrownBy(() -> ParquetFooter.read(store, put(file)))
        .isInstanceOf(ParquetFooterException.class)
        .hasMessageContaining(KEY + " has an encrypted footer (magic PARE)");
  }

  @Test
  void anObjectReplacedByAShorterOneSinceTheListingIsNamed() {
    StoredObject listed = put(Parquet.bytes(Parquet.ROW_GROUPS));
    store.write(KEY, Parquet.bytes(Parquet.TEN_ROWS));
    assertThatThrownBy(() -> ParquetFooter.read(store, listed))
        .isInstanceOf(ParquetFooterException.class)
        .hasMessageContaining(KEY + " returned 916 of the last 8160 bytes of its listed 8160: it changed since it was listed");
  }

  @Test
  void aMissingObjectIsNotFound() {
    assertThatThrownBy(() -> ParquetFooter.read(store, new StoredObject(KEY, 916, 1)))
        .isInstanceOf(ObjectNotFoundException.class);
  }

  // ---- hand-built footers: every compact type the skipper must step over ------------------------

  @Test
  void everyCompactTypeIsSteppedOverToReachNumRows() {
    Compact c = new Compact();
    c.field(1, 5).zigzag(2); // version: i32
    c.field(2, 9).listHeader(20, 12); // schema: a list of 20 structs, the long list header
    for (int i = 0; i < 20; i++) {
      c.begin().field(1, 1).field(2, 2); // two booleans: the value is the type
      c.field(3, 8).binary("column_" + i);
      c.field(4, 3).raw(0x7F); // byte
      c.field(5, 4).zigzag(-300); // i16
      c.field(6, 7).raw(0, 0, 0, 0, 0, 0, 0xF0, 0x3F); // double 1.0
      c.field(40, 12).field(1, 6).zigzag(123456789012L).stop(); // a long-form field id, nested struct
      c.stop();
    }
    c.field(4, 11).varint(2).raw(0x88).binary("k1").binary("v1").binary("k2").binary("v2"); // map<binary, binary>
    c.field(5, 10).listHeader(3, 1).raw(1, 2, 1); // set<bool>: a byte per element
    c.field(6, 9).listHeader(2, 9).listHeader(1, 6).zigzag(5).listHeader(0, 5); // list<list<i64>>
    c.field(7, 11).varint(0); // empty map: no type byte
    c.field(8, 13).raw(new byte[16]); // uuid
    c.field(-5, 3).raw(1); // a field id that goes down: long form
    c.field(3, 6).zigzag(4_000_000_000L); // num_rows, last
    c.stop();
    assertThat(ParquetFooter.read(store, put(withFooter(c.bytes()))).numRows()).isEqualTo(4_000_000_000L);
  }

  @Test
  void aFooterWithoutNumRowsIsRefused() {
    Compact c = new Compact().field(1, 5).zigzag(2).stop();
    assertThatThrownBy(() -> ParquetFooter.read(store, put(withFooter(c.bytes()))))
        .isInstanceOf(ParquetFooterException.class)
        .hasMessageContaining(KEY + " has a footer without num_rows (FileMetaData field 3)");
  }

  @Test
  void numRowsOfAnotherTypeOrNegativeIsRefused() {
    assertThatThrownBy(() -> ParquetFooter.read(store, put(withFooter(new Compact().field(3, 5).zigzag(10).stop().bytes()))))
        .hasMessageContaining("num_rows (field 3) has compact type 5, not i64");
    assertThatThrownBy(() -> ParquetFooter.read(store, put(withFooter(new Compact().field(3, 6).zigzag(-1).stop().bytes()))))
        .hasMessageContaining("has a footer saying -1 rows");
  }

  @Test
  void hostileFootersEndInAClearErrorNotALoopOrAnOverflow() {
    Compact deep = new Compact();
    for (int i = 0; i < 200; i++) {
      deep.field(1, 12);
    }
    assertThatThrownBy(() -> ParquetFooter.read(store, put(withFooter(deep.bytes()))))
        .hasMessageContaining("nested more than 64 deep");
    Compact huge = new Compact().field(2, 9).listHeader(1 << 30, 12).stop();
    assertThatThrownBy(() -> ParquetFooter.read(store, put(withFooter(huge.bytes()))))
        .hasMessageContaining("list of 1073741824")
        .hasMessageContaining("runs past the footer's end");
    Compact unknown = new Compact().field(1, 14);
    assertThatThrownBy(() -> ParquetFooter.read(store, put(withFooter(unknown.bytes()))))
        .hasMessageContaining("unknown compact type 14");
    Compact endless = new Compact().field(3, 6).raw(0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01);
    assertThatThrownBy(() -> ParquetFooter.read(store, put(withFooter(endless.bytes()))))
        .hasMessageContaining("varint longer than 10 bytes");
  }

  /** A file of the leading magic, a data byte, then {@code footer}, its length and the magic. */
  private static byte[] withFooter(byte[] footer) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes("PAR1".getBytes(StandardCharsets.US_ASCII));
    out.write(0);
    out.writeBytes(footer);
    out.write(footer.length);
    out.write(footer.length >> 8);
    out.write(footer.length >> 16);
    out.write(footer.length >> 24);
    out.writeBytes("PAR1".getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }

  /** Writes Thrift compact encoding by the spec, independently of the reader under test. */
  private static final class Compact {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final java.util.ArrayDeque<Integer> lastIds = new java.util.ArrayDeque<>(java.util.List.of(0));

    /** A field header; a type of 12 (struct) opens a nested struct that {@link #stop} closes. */
    Compact field(int id, int type) {
      int delta = id - lastIds.peek();
      if (delta > 0 && delta <= 15) {
        out.write(delta << 4 | type);
      } else {
        out.write(type);
        zigzag(id);
      }
      lastIds.pop();
      lastIds.push(id);
      if (type == 12) {
        lastIds.push(0);
      }
      return this;
    }

    /** A struct element of a list: its field ids start again from 0. */
    Compact begin() {
      lastIds.push(0);
      return this;
    }

    Compact stop() {
      out.write(0);
      if (lastIds.size() > 1) {
        lastIds.pop();
      }
      return this;
    }

    /** A list or set header; each struct element then starts with {@link #begin}. */
    Compact listHeader(int size, int elementType) {
      if (size < 15) {
        out.write(size << 4 | elementType);
      } else {
        out.write(0xF0 | elementType);
        varint(size);
      }
      return this;
    }

    Compact zigzag(long n) {
      return varint((n << 1) ^ (n >> 63));
    }

    Compact varint(long n) {
      while ((n & ~0x7FL) != 0) {
        out.write((int) ((n & 0x7F) | 0x80));
        n >>>= 7;
      }
      out.write((int) n);
      return this;
    }

    Compact binary(String s) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      varint(b.length);
      out.writeBytes(b);
      return this;
    }

    Compact raw(int... bytes) {
      for (int b : bytes) {
        out.write(b);
      }
      return this;
    }

    Compact raw(byte[] bytes) {
      out.writeBytes(bytes);
      return this;
    }

    byte[] bytes() {
      return out.toByteArray();
    }
  }
}
