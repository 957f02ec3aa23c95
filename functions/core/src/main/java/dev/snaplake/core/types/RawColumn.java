package dev.snaplake.core.types;

import java.util.Objects;

/**
 * One column of a raw table: its name, the natural type it lands as, and how the export wrote
 * it (which decides whether the load can convert it directly).
 */
public record RawColumn(
    String name, NaturalType type, String sourceType, String exportedType, int precision, int scale) {
  public RawColumn {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    sourceType = sourceType == null ? "" : sourceType;
    exportedType = exportedType == null ? "" : exportedType;
  }

  public static RawColumn of(String name, NaturalType type) {
    return new RawColumn(name, type, "", "", 0, 0);
  }
}
