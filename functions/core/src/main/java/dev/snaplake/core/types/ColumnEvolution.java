package dev.snaplake.core.types;

import java.util.Objects;

/**
 * How one raw column changes between the table as stored and a new snapshot's export, and the
 * column the table must have afterwards. Both warehouses apply the same rules, so a snapshot is
 * accepted or quarantined the same way on BigQuery and on DuckDB.
 *
 * <p>Accepted: the same type; a narrower exact type that fits the stored one (a source DECIMAL
 * that lost precision); a safe widening that keeps every stored value exact (INT64 → NUMERIC
 * or BIGNUMERIC, NUMERIC → BIGNUMERIC, more integer digits or more scale). INT → BIGINT and a
 * VARCHAR length change need nothing: both sides are INT64 and STRING already. Anything else —
 * a value that would change meaning or lose digits — is incompatible.
 */
public record ColumnEvolution(Kind kind, RawColumn result, String reason) {
  public enum Kind {
    /** Nothing to do. */
    SAME,
    /** The new values fit the stored column as it is; nothing to do. */
    FITS,
    /** The stored column must be widened to {@link #result()} before loading. */
    WIDENS,
    /** The snapshot cannot be loaded into this table; it is quarantined. */
    INCOMPATIBLE
  }

  public ColumnEvolution {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(result, "result");
    reason = reason == null ? "" : reason;
  }

  /** Integer digits and scale of BigQuery's unparameterised NUMERIC and BIGNUMERIC. */
  private static final int NUMERIC_INTEGER_DIGITS = 29;
  private static final int NUMERIC_SCALE = 9;
  private static final int BIGNUMERIC_INTEGER_DIGITS = 38;
  private static final int BIGNUMERIC_SCALE = 38;
  private static final int INT64_DIGITS = 19;

  /**
   * Classifies the change from the stored column to the incoming one. The names are assumed
   * equal (case-insensitively); the result keeps the stored name.
   */
  public static ColumnEvolution of(RawColumn stored, RawColumn incoming) {
    NaturalType from = stored.type();
    NaturalType to = incoming.type();
    if (!isExactNumber(from) || !isExactNumber(to)) {
      return from == to
          ? new ColumnEvolution(Kind.SAME, stored, "")
          : incompatible(stored, incoming);
    }
    int storedInt = integerDigits(stored);
    int storedScale = scale(stored);
    int newInt = Math.max(storedInt, integerDigits(incoming));
    int newScale = Math.max(storedScale, scale(incoming));
    if (from == to && newInt == storedInt && newScale == storedScale) {
      boolean identical = integerDigits(incoming) == storedInt && scale(incoming) == storedScale;
      return new ColumnEvolution(identical ? Kind.SAME : Kind.FITS, stored, "");
    }
    if (newInt == storedInt && newScale == storedScale) {
      return new ColumnEvolution(Kind.FITS, stored, "");
    }
    // A widening: the narrowest exact type holding every stored and every new value. A stored
    // BIGNUMERIC stays one: BigQuery cannot narrow a column's type.
    NaturalType type =
        newInt <= NUMERIC_INTEGER_DIGITS && newScale <= NUMERIC_SCALE && from != NaturalType.BIGNUMERIC
            ? NaturalType.NUMERIC
            : NaturalType.BIGNUMERIC;
    if (newInt > BIGNUMERIC_INTEGER_DIGITS || newScale > BIGNUMERIC_SCALE) {
      return incompatible(stored, incoming);
    }
    RawColumn widened =
        new RawColumn(stored.name(), type, incoming.sourceType(), incoming.exportedType(), newInt + newScale, newScale);
    return new ColumnEvolution(
        Kind.WIDENS,
        widened,
        describe(stored) + " widened to " + describe(widened) + " for " + describe(incoming));
  }

  private static ColumnEvolution incompatible(RawColumn stored, RawColumn incoming) {
    return new ColumnEvolution(
        Kind.INCOMPATIBLE,
        stored,
        "column " + stored.name() + " changed from " + describe(stored) + " to " + describe(incoming)
            + ", which would change or lose stored values");
  }

  /** e.g. {@code NUMERIC(12,2) (DECIMAL(12,2))} or {@code INT64 (bigint)}. */
  public static String describe(RawColumn c) {
    String type = c.type().sqlName();
    if (isDecimal(c.type()) && c.precision() > 0) {
      type += "(" + c.precision() + "," + c.scale() + ")";
    }
    return c.sourceType().isEmpty() ? type : type + " (" + c.sourceType() + ")";
  }

  private static boolean isExactNumber(NaturalType t) {
    return t == NaturalType.INT64 || isDecimal(t);
  }

  private static boolean isDecimal(NaturalType t) {
    return t == NaturalType.NUMERIC || t == NaturalType.BIGNUMERIC;
  }

  private static int integerDigits(RawColumn c) {
    return switch (c.type()) {
      case INT64 -> INT64_DIGITS;
      case NUMERIC -> c.precision() > 0 ? c.precision() - c.scale() : NUMERIC_INTEGER_DIGITS;
      default -> c.precision() > 0 ? c.precision() - c.scale() : BIGNUMERIC_INTEGER_DIGITS;
    };
  }

  private static int scale(RawColumn c) {
    return switch (c.type()) {
      case INT64 -> 0;
      case NUMERIC -> c.precision() > 0 ? c.scale() : NUMERIC_SCALE;
      default -> c.precision() > 0 ? c.scale() : BIGNUMERIC_SCALE;
    };
  }
}
