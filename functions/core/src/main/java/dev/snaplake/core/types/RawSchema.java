package dev.snaplake.core.types;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/** The columns of a raw table for one snapshot, in source order. */
public record RawSchema(List<RawColumn> columns) {
  public RawSchema {
    columns = List.copyOf(columns);
  }

  public Optional<RawColumn> column(String name) {
    return columns.stream().filter(c -> c.name().equalsIgnoreCase(name)).findFirst();
  }

  /** A short stable hash of names and natural types; equal schemas load the same way. */
  public String hash() {
    StringBuilder canonical = new StringBuilder();
    for (RawColumn c : columns) {
      canonical.append(c.name()).append(':').append(c.type()).append(';');
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
