package dev.snaplake.core.catalog;

import java.util.Objects;

/**
 * One column of a model's output as the compiler inferred it: its name and its BigQuery type in
 * GoogleSQL syntax ({@code INT64}, {@code ARRAY<STRUCT<a INT64, b STRING>>}).
 */
public record OutputColumn(String name, String type) {
  public OutputColumn {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
  }
}
