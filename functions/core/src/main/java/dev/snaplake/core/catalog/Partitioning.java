package dev.snaplake.core.catalog;

import java.util.Objects;
import java.util.Set;

/**
 * How a model table is partitioned: the output column it partitions on, the unit ({@code DAY},
 * {@code HOUR}, {@code MONTH}, {@code YEAR}, or {@code RANGE} for integer ranges) and the
 * GoogleSQL expression that goes after {@code PARTITION BY}, already checked by the compiler
 * (e.g. {@code DATE(created_at)}, {@code RANGE_BUCKET(user_id, GENERATE_ARRAY(0, 1000000, 1000))}).
 */
public record Partitioning(String column, String unit, String expression) {
  public static final Set<String> UNITS = Set.of("HOUR", "DAY", "MONTH", "YEAR", "RANGE");

  public Partitioning {
    Objects.requireNonNull(column, "column");
    Objects.requireNonNull(expression, "expression");
    if (!UNITS.contains(unit)) {
      throw new IllegalArgumentException("partitioning unit must be one of " + UNITS + ", not " + unit);
    }
  }
}
