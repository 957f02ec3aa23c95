package dev.snaplake.compiler;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Descriptors;
import com.google.protobuf.MessageLite;
import com.google.protobuf.WireFormat;
import com.google.zetasql.io.grpc.MethodDescriptor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Requests to ZetaSQL's local service written from bytes prepared once, responses left as bytes.
 * Its Java API serializes the language options (hundreds of features) on every call and turns
 * every response into objects; over a thousand statements that work, and the JIT compiling it,
 * cost more than the analysis itself. A request here is a fixed prefix (options, catalog id)
 * followed by the statement.
 */
final class ZetaSqlWire {
  private ZetaSqlWire() {}

  /** {@code base}'s method, taking a statement (written as field {@code sqlField} after {@code prefix}). */
  static MethodDescriptor<String, byte[]> method(MethodDescriptor<?, ?> base, ByteString prefix, int sqlField) {
    return base.toBuilder(new MethodDescriptor.Marshaller<String>() {
      @Override
      public InputStream stream(String sql) {
        byte[] utf8 = sql.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[prefix.size() + CodedOutputStream.computeByteArraySize(sqlField, utf8)];
        prefix.copyTo(out, 0);
        CodedOutputStream c = CodedOutputStream.newInstance(out, prefix.size(), out.length - prefix.size());
        try {
          c.writeByteArray(sqlField, utf8);
          c.flush();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        return new ByteArrayInputStream(out);
      }

      @Override
      public String parse(InputStream stream) {
        throw new UnsupportedOperationException("requests are only written");
      }
    }, new MethodDescriptor.Marshaller<byte[]>() {
      @Override
      public InputStream stream(byte[] value) {
        return new ByteArrayInputStream(value);
      }

      @Override
      public byte[] parse(InputStream stream) {
        try {
          return stream.readAllBytes();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }).build();
  }

  /** A message field, encoded: tag, length, bytes. */
  static ByteString field(int number, MessageLite value) {
    return encode(CodedOutputStream.computeMessageSize(number, value), c -> c.writeMessage(number, value));
  }

  /** An integer field, encoded. */
  static ByteString field(int number, long value) {
    return encode(CodedOutputStream.computeInt64Size(number, value), c -> c.writeInt64(number, value));
  }

  /** The bytes of the first occurrence of a length-delimited field, or null. */
  static ByteString read(ByteString message, int number) {
    if (message == null) {
      return null;
    }
    try {
      CodedInputStream in = message.newCodedInput();
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        if (WireFormat.getTagFieldNumber(tag) == number) {
          return in.readBytes();
        }
        in.skipField(tag);
      }
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException("unreadable ZetaSQL response", e);
    }
  }

  static int number(Descriptors.Descriptor message, String field) {
    return message.findFieldByName(field).getNumber();
  }

  private interface Writer {
    void write(CodedOutputStream c) throws IOException;
  }

  private static ByteString encode(int size, Writer writer) {
    byte[] out = new byte[size];
    CodedOutputStream c = CodedOutputStream.newInstance(out);
    try {
      writer.write(c);
      c.checkNoSpaceLeft();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return ByteString.copyFrom(out);
  }
}
