package dev.snaplake.core.export;

import dev.snaplake.core.port.ObjectStore;
import dev.snaplake.core.port.StoredObject;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * What a data file's Parquet footer says: how many rows the file holds. A Parquet file ends with
 * its footer (the FileMetaData struct in Thrift compact encoding), the footer's length as 4 bytes
 * little-endian, and the magic {@code PAR1}; {@code num_rows} is field 3 of FileMetaData. Read
 * with one tail read of the object, and a second only when the footer is longer than the first.
 */
public record ParquetFooter(String key, long numRows) {
  /**
   * The first tail read. Footers grow with columns × row groups: a few KiB for an RDS part file,
   * so one read almost always suffices, and a larger one costs the same single request.
   */
  public static final int FIRST_READ = 64 * 1024;

  private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] ENCRYPTED_MAGIC = "PARE".getBytes(StandardCharsets.US_ASCII);
  /** The 4-byte footer length and the 4-byte magic after the footer. */
  private static final int TRAILER = 8;
  /** Leading magic, trailer and at least one byte of footer. */
  private static final int SMALLEST_FILE = 4 + TRAILER + 1;
  private static final short NUM_ROWS = 3;

  /** What to do about a file whose footer cannot be read: it is bad in the bucket or in the export. */
  static final String RECOPY =
      "copy the object again from the S3 export (delete it here and re-run the transfer), or re-export the snapshot";

  /**
   * Reads the footer of {@code file} (its size as listed).
   *
   * @throws ParquetFooterException naming the object when it is not a whole Parquet file
   * @throws dev.snaplake.core.port.ObjectNotFoundException when it is gone since the listing
   */
  public static ParquetFooter read(ObjectStore store, StoredObject file) {
    return read(store, file, FIRST_READ);
  }

  static ParquetFooter read(ObjectStore store, StoredObject file, int firstRead) {
    if (firstRead < TRAILER) {
      throw new IllegalArgumentException("the first read must hold the trailer: " + firstRead);
    }
    String key = file.key();
    if (file.size() < SMALLEST_FILE) {
      throw bad(key, "is " + file.size() + " bytes, too short to be a Parquet file (at least " + SMALLEST_FILE + ")");
    }
    int asked = (int) Math.min(firstRead, file.size());
    byte[] tail = store.readTail(key, asked);
    if (tail.length != asked) {
      throw bad(key, "returned " + tail.length + " of the last " + asked + " bytes of its listed " + file.size()
          + ": it changed since it was listed");
    }
    int footerLength = footerLength(key, file.size(), tail);
    if (footerLength + TRAILER > tail.length) {
      tail = store.readTail(key, footerLength + TRAILER);
      // Another trailer or fewer bytes than asked: the object was replaced between the reads.
      if (tail.length < footerLength + TRAILER || footerLength(key, file.size(), tail) != footerLength) {
        throw bad(key, "changed while its footer was read (" + file.size() + " bytes when listed)");
      }
    }
    return new ParquetFooter(key, numRows(key, tail, tail.length - TRAILER - footerLength, tail.length - TRAILER));
  }

  /** Checks the trailer at the end of {@code tail} and returns the footer length it gives. */
  private static int footerLength(String key, long size, byte[] tail) {
    int m = tail.length - 4;
    if (matches(tail, m, ENCRYPTED_MAGIC)) {
      throw bad(key, "has an encrypted footer (magic PARE), which snaplake cannot read: export without Parquet encryption");
    }
    if (!matches(tail, m, MAGIC)) {
      throw bad(key, "is not a whole Parquet file: it ends with " + hex(tail, m)
          + ", not the magic PAR1 (50 41 52 31), so it was cut short or is not Parquet");
    }
    long length = (tail[m - 4] & 0xFFL) | (tail[m - 3] & 0xFFL) << 8 | (tail[m - 2] & 0xFFL) << 16 | (tail[m - 1] & 0xFFL) << 24;
    if (length == 0 || length > size - 4 - TRAILER) {
      throw bad(key, "says its footer is " + length + " bytes, but the file has " + Math.max(0, size - 4 - TRAILER)
          + " bytes before the trailer: it is truncated or corrupt");
    }
    return (int) length;
  }

  /** Field 3 of the FileMetaData struct in {@code [from, to)}, every other field stepped over. */
  private static long numRows(String key, byte[] tail, int from, int to) {
    CompactThriftReader in = new CompactThriftReader(tail, from, to);
    Long rows = null;
    try {
      short last = 0;
      for (CompactThriftReader.Field f = in.field(last); f.type() != CompactThriftReader.STOP; f = in.field(last)) {
        if (f.id() == NUM_ROWS) {
          if (f.type() != CompactThriftReader.I64) {
            throw new CompactThriftReader.Corrupt("num_rows (field 3) has compact type " + f.type() + ", not i64");
          }
          rows = in.i64();
        } else {
          in.skip(f.type());
        }
        last = f.id();
      }
    } catch (CompactThriftReader.Corrupt e) {
      throw bad(key, "has a corrupt footer (" + e.getMessage() + " of a " + (to - from) + "-byte footer)");
    }
    if (rows == null) {
      throw bad(key, "has a footer without num_rows (FileMetaData field 3)");
    }
    if (rows < 0) {
      throw bad(key, "has a footer saying " + rows + " rows");
    }
    return rows;
  }

  private static boolean matches(byte[] b, int at, byte[] expected) {
    for (int i = 0; i < expected.length; i++) {
      if (b[at + i] != expected[i]) {
        return false;
      }
    }
    return true;
  }

  private static String hex(byte[] b, int at) {
    StringBuilder s = new StringBuilder();
    for (int i = at; i < at + 4; i++) {
      s.append(s.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%02x", b[i] & 0xFF));
    }
    return s.toString();
  }

  private static ParquetFooterException bad(String key, String what) {
    return new ParquetFooterException(key + " " + what + ". " + Character.toUpperCase(RECOPY.charAt(0)) + RECOPY.substring(1) + ".");
  }
}
