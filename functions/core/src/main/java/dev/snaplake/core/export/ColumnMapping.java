package dev.snaplake.core.export;

/** One entry of {@code schemaMetadata.originalTypeMappings}: how RDS exported a source column. */
public record ColumnMapping(
    String columnName,
    String originalType,
    String expectedExportedType,
    int originalCharMaxLength,
    int numPrecision,
    int numScale,
    int dateTimePrecision) {}
