package dev.snaplake.core.export;

/**
 * Reads Thrift's compact protocol (the encoding of a Parquet footer) from a byte array, enough
 * to pick one field of a struct and step over every other value whatever its type. Written by
 * hand because the footer is the only Thrift snaplake reads and core depends on Gson only.
 * Every read is bounds-checked, so a corrupt footer ends in {@link Corrupt}, never in a loop,
 * a huge allocation or a stack overflow.
 */
final class CompactThriftReader {
  // Compact protocol type ids (thrift/doc/specs/thrift-compact-protocol.md).
  static final int STOP = 0;
  static final int BOOL_TRUE = 1;
  static final int BOOL_FALSE = 2;
  static final int BYTE = 3;
  static final int I16 = 4;
  static final int I32 = 5;
  static final int I64 = 6;
  static final int DOUBLE = 7;
  static final int BINARY = 8;
  static final int LIST = 9;
  static final int SET = 10;
  static final int MAP = 11;
  static final int STRUCT = 12;
  static final int UUID = 13;
  /** Parquet's deepest real nesting is a handful of levels; more means garbage. */
  private static final int MAX_DEPTH = 64;

  /** The bytes are not a well-formed compact struct; the message says where. */
  static final class Corrupt extends Exception {
    Corrupt(String message) {
      super(message);
    }
  }

  /** A field header: its id and type; type {@link #STOP} ends the struct. */
  record Field(short id, int type) {}

  private final byte[] bytes;
  private final int end;
  private int pos;

  CompactThriftReader(byte[] bytes, int from, int to) {
    this.bytes = bytes;
    this.pos = from;
    this.end = to;
  }

  int position() {
    return pos;
  }

  /** Reads the next field header of a struct whose previous field had id {@code lastId}. */
  Field field(short lastId) throws Corrupt {
    int b = u8();
    int type = b & 0x0F;
    if (type == STOP) {
      return new Field((short) 0, STOP);
    }
    int delta = b >>> 4;
    short id = delta != 0 ? (short) (lastId + delta) : (short) zigzag(varint(5));
    return new Field(id, type);
  }

  long i64() throws Corrupt {
    return zigzag(varint(10));
  }

  /** Steps over one value of {@code type}, nested values included. */
  void skip(int type) throws Corrupt {
    skip(type, 0);
  }

  private void skip(int type, int depth) throws Corrupt {
    if (depth > MAX_DEPTH) {
      throw new Corrupt("values nested more than " + MAX_DEPTH + " deep at byte " + pos);
    }
    switch (type) {
      case BOOL_TRUE, BOOL_FALSE -> {} // in a struct field the value is the type itself
      case BYTE -> advance(1);
      case I16, I32 -> varint(5);
      case I64 -> varint(10);
      case DOUBLE -> advance(8);
      case UUID -> advance(16);
      case BINARY -> advance(length("binary"));
      case LIST, SET -> {
        int header = u8();
        int size = header >>> 4;
        int elementType = header & 0x0F;
        if (size == 15) {
          size = length("list");
        }
        for (int i = 0; i < size; i++) {
          skipElement(elementType, depth + 1);
        }
      }
      case MAP -> {
        int size = length("map");
        if (size > 0) {
          int kinds = u8();
          for (int i = 0; i < size; i++) {
            skipElement(kinds >>> 4, depth + 1);
            skipElement(kinds & 0x0F, depth + 1);
          }
        }
      }
      case STRUCT -> {
        short last = 0;
        for (Field f = field(last); f.type() != STOP; f = field(last)) {
          skip(f.type(), depth + 1);
          last = f.id();
        }
      }
      default -> throw new Corrupt("unknown compact type " + type + " at byte " + (pos - 1));
    }
  }

  /** In lists, sets and maps a boolean takes a byte of its own, unlike in a struct field. */
  private void skipElement(int type, int depth) throws Corrupt {
    if (type == BOOL_TRUE || type == BOOL_FALSE) {
      advance(1);
    } else {
      skip(type, depth);
    }
  }

  /** A size or length: a non-negative varint that cannot exceed the bytes left. */
  private int length(String what) throws Corrupt {
    int at = pos;
    long n = varint(5);
    // Every element takes at least one byte, so a larger count can only be garbage.
    if (n < 0 || n > end - pos) {
      throw new Corrupt(what + " of " + n + " at byte " + at + " runs past the footer's end (" + (end - pos) + " bytes left)");
    }
    return (int) n;
  }

  private long varint(int maxBytes) throws Corrupt {
    long value = 0;
    for (int i = 0; i < maxBytes; i++) {
      int b = u8();
      value |= (long) (b & 0x7F) << (7 * i);
      if ((b & 0x80) == 0) {
        return value;
      }
    }
    throw new Corrupt("varint longer than " + maxBytes + " bytes ending at byte " + pos);
  }

  private static long zigzag(long n) {
    return (n >>> 1) ^ -(n & 1);
  }

  private int u8() throws Corrupt {
    if (pos >= end) {
      throw new Corrupt("unexpected end at byte " + pos);
    }
    return bytes[pos++] & 0xFF;
  }

  private void advance(int n) throws Corrupt {
    if (n > end - pos) {
      throw new Corrupt("a value of " + n + " bytes at byte " + pos + " runs past the footer's end");
    }
    pos += n;
  }
}
