package dev.snaplake.gcp;

import com.google.cloud.bigquery.Field;
import com.google.cloud.bigquery.FieldList;
import com.google.cloud.bigquery.Schema;
import dev.snaplake.core.catalog.ManagedObject;
import dev.snaplake.core.naming.Identifiers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A model's column descriptions, matched to its columns the way BigQuery matches names (ignoring
 * case) and checked against BigQuery's limit, either against the compiler's output schema before
 * the DDL or against the schema BigQuery reports after it.
 */
final class ColumnDescriptions {
  /** BigQuery's limit on a column description, in characters. */
  static final int MAX_LENGTH = 1_024;

  private final ManagedObject object;

  private ColumnDescriptions(ManagedObject object) {
    this.object = object;
  }

  /** The object's descriptions, after checking their lengths. */
  static ColumnDescriptions of(ManagedObject o) {
    for (Map.Entry<String, String> e : new TreeMap<>(o.columnDescriptions()).entrySet()) {
      int length = e.getValue().codePointCount(0, e.getValue().length());
      if (length > MAX_LENGTH) {
        throw new IllegalArgumentException(o.id() + " (" + o.file() + "): the description of column "
            + Identifiers.show(e.getKey()) + " has " + length + " characters; BigQuery allows " + MAX_LENGTH
            + " per column. Shorten it (the table description takes up to " + BigQuerySql.MAX_DESCRIPTION + ").");
      }
    }
    return new ColumnDescriptions(o);
  }

  boolean isEmpty() {
    return object.columnDescriptions().isEmpty();
  }

  /**
   * Each of {@code columns} (in order) with its description, or null; throws, naming the column
   * and the file, when a description is for a column not among them. {@code afterCreate} says
   * the object was just rebuilt from its SQL, so the message says what state it is in.
   */
  Map<String, String> forColumns(List<String> columns, boolean afterCreate) {
    Map<String, String> byLowerName = new TreeMap<>();
    for (String c : columns) {
      byLowerName.put(c.toLowerCase(Locale.ROOT), c);
    }
    Map<String, String> out = new LinkedHashMap<>();
    columns.forEach(c -> out.put(c, null));
    for (Map.Entry<String, String> e : new TreeMap<>(object.columnDescriptions()).entrySet()) {
      String column = byLowerName.get(e.getKey().toLowerCase(Locale.ROOT));
      if (column == null) {
        throw new IllegalArgumentException(object.id() + (afterCreate ? " was rebuilt, but its" : ":")
            + " column descriptions " + (afterCreate ? "were not set" : "cannot be set") + ": " + object.file()
            + " describes column " + Identifiers.show(e.getKey()) + ", which " + object.id() + " does not have (its"
            + " columns: " + String.join(", ", columns) + "). Fix the column name in the description or the query,"
            + " then compile again.");
      }
      if (out.get(column) != null) {
        throw new IllegalArgumentException(object.id() + " (" + object.file() + ") describes column " + column
            + " twice (names differ only in case); keep one description.");
      }
      out.put(column, e.getValue());
    }
    return out;
  }

  /** The schema BigQuery reports with the descriptions set on its top-level fields. */
  Schema applyTo(Schema reported) {
    FieldList fields = reported == null ? FieldList.of() : reported.getFields();
    Map<String, String> wanted = forColumns(fields.stream().map(Field::getName).toList(), true);
    List<Field> described = new ArrayList<>();
    for (Field f : fields) {
      String d = wanted.get(f.getName());
      described.add(d == null ? f : f.toBuilder().setDescription(d).build());
    }
    return Schema.of(described);
  }
}
