package dev.snaplake.gcp;

import com.google.cloud.bigquery.Field;
import com.google.cloud.bigquery.Schema;
import com.google.cloud.bigquery.StandardSQLTypeName;
import dev.snaplake.core.naming.ObjectId;
import dev.snaplake.core.types.ColumnEvolution;
import dev.snaplake.core.types.NaturalType;
import dev.snaplake.core.types.RawColumn;
import dev.snaplake.core.types.RawSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What an existing raw table needs before a snapshot is loaded into it, column by column by
 * {@link ColumnEvolution} (the rule DuckDB applies too).
 *
 * <ul>
 *   <li>WIDENS: {@code ALTER COLUMN … SET DATA TYPE NUMERIC(p, s)|BIGNUMERIC(p, s)}, lossless for
 *       the stored values (INT64 → NUMERIC → BIGNUMERIC, more digits), before the load.
 *   <li>A column whose table type differs from the snapshot's (a FITS of INT64 into NUMERIC, or a
 *       widened one): the load writes it with a CAST to the table's type, since a Parquet load
 *       refuses "Field x has changed type".
 *   <li>A column the snapshot no longer has stays, NULL in the new partition; if it is REQUIRED it
 *       is relaxed ({@code DROP NOT NULL}) first. New columns are added by the load itself.
 *   <li>INCOMPATIBLE: nothing is changed and the snapshot is not loaded.
 * </ul>
 */
record RawTableEvolution(List<String> alterations, Map<String, NaturalType> casts, List<String> incompatibilities) {
  RawTableEvolution {
    alterations = List.copyOf(alterations);
    casts = Map.copyOf(casts);
    incompatibilities = List.copyOf(incompatibilities);
  }

  static RawTableEvolution none() {
    return new RawTableEvolution(List.of(), Map.of(), List.of());
  }

  static RawTableEvolution of(Schema stored, RawSchema incoming) {
    Map<String, Field> byName = new LinkedHashMap<>();
    if (stored != null) {
      for (Field f : stored.getFields()) {
        byName.put(key(f.getName()), f);
      }
    }
    List<String> alterations = new ArrayList<>();
    Map<String, NaturalType> casts = new LinkedHashMap<>();
    List<String> incompatible = new ArrayList<>();
    for (RawColumn column : incoming.columns()) {
      Field field = byName.remove(key(column.name()));
      if (field == null) {
        continue; // a new column: the load adds it (ALLOW_FIELD_ADDITION)
      }
      Optional<RawColumn> current = rawColumn(field);
      if (current.isEmpty()) {
        incompatible.add("column " + field.getName() + " is stored as " + describe(field)
            + ", which snaplake never writes; the snapshot has " + ColumnEvolution.describe(column));
        continue;
      }
      ColumnEvolution evolution = ColumnEvolution.of(current.get(), column);
      switch (evolution.kind()) {
        case SAME -> { }
        case FITS -> { }
        case WIDENS -> alterations.add("ALTER COLUMN " + BigQuerySql.column(field.getName()) + " SET DATA TYPE "
            + typeSql(evolution.result()));
        case INCOMPATIBLE -> incompatible.add(evolution.reason());
      }
      if (evolution.kind() != ColumnEvolution.Kind.INCOMPATIBLE && evolution.result().type() != column.type()) {
        casts.put(column.name(), evolution.result().type());
      }
    }
    for (Field dropped : byName.values()) {
      if (dropped.getMode() == Field.Mode.REQUIRED) {
        alterations.add("ALTER COLUMN " + BigQuerySql.column(dropped.getName()) + " DROP NOT NULL");
      }
    }
    return new RawTableEvolution(alterations, casts, incompatible);
  }

  boolean isIncompatible() {
    return !incompatibilities.isEmpty();
  }

  /** The one DDL statement doing every alteration, if any is needed. */
  Optional<String> ddl(String project, ObjectId table) {
    if (alterations.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of("ALTER TABLE " + BigQuerySql.table(project, table) + "\n  " + String.join(",\n  ", alterations));
  }

  /** The stored column as a raw column; empty for what snaplake never writes (RECORD, GEOGRAPHY, REPEATED…). */
  static Optional<RawColumn> rawColumn(Field f) {
    if (f.getMode() == Field.Mode.REPEATED) {
      return Optional.empty();
    }
    NaturalType type =
        switch (f.getType().getStandardType()) {
          case INT64 -> NaturalType.INT64;
          case FLOAT64 -> NaturalType.FLOAT64;
          case BOOL -> NaturalType.BOOL;
          case STRING -> NaturalType.STRING;
          case BYTES -> NaturalType.BYTES;
          case NUMERIC -> NaturalType.NUMERIC;
          case BIGNUMERIC -> NaturalType.BIGNUMERIC;
          case DATE -> NaturalType.DATE;
          case TIME -> NaturalType.TIME;
          case DATETIME -> NaturalType.DATETIME;
          case TIMESTAMP -> NaturalType.TIMESTAMP;
          case JSON -> NaturalType.JSON;
          case INTERVAL -> NaturalType.INTERVAL;
          default -> null;
        };
    if (type == null) {
      return Optional.empty();
    }
    int precision = f.getPrecision() == null ? 0 : f.getPrecision().intValue();
    int scale = f.getScale() == null ? 0 : f.getScale().intValue();
    return Optional.of(new RawColumn(f.getName(), type, "", "", precision, scale));
  }

  /** {@code NUMERIC(20, 2)}: a widened column keeps exactly the digits the rule decided. */
  static String typeSql(RawColumn c) {
    return c.precision() > 0 ? c.type().sqlName() + "(" + c.precision() + ", " + c.scale() + ")" : c.type().sqlName();
  }

  private static String describe(Field f) {
    StandardSQLTypeName t = f.getType().getStandardType();
    return (f.getMode() == Field.Mode.REPEATED ? "ARRAY<" + t + ">" : t.name());
  }

  private static String key(String name) {
    return name.toLowerCase(Locale.ROOT); // BigQuery column names are case-insensitive
  }
}
