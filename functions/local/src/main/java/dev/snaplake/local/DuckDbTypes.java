package dev.snaplake.local;

import dev.snaplake.core.types.NaturalType;
import dev.snaplake.core.types.RawColumn;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The DuckDB type a natural BigQuery type is stored as in the local warehouse, and back.
 *
 * <p>Every natural type has its own DuckDB type but one: DuckDB decimals stop at 38 digits, so a
 * BIGNUMERIC wider than that (or unparameterised) is kept exact as text, in a VARCHAR column
 * whose comment says what it holds ({@link #marker}). Without that comment a VARCHAR column is a
 * STRING.
 */
final class DuckDbTypes {
  private DuckDbTypes() {}

  /** DuckDB's widest decimal. */
  static final int MAX_DECIMAL_DIGITS = 38;

  private static final Pattern DECIMAL = Pattern.compile("DECIMAL\\((\\d+),\\s*(\\d+)\\)");
  private static final Pattern MARKER = Pattern.compile("^BIGNUMERIC(?:\\((\\d+),(\\d+)\\))?(?= |$)");

  static String of(RawColumn c) {
    return switch (c.type()) {
      case STRING -> "VARCHAR";
      case BYTES -> "BLOB";
      case INT64 -> "BIGINT";
      case FLOAT64 -> "DOUBLE";
      case NUMERIC -> fitsDecimal(c) ? decimal(c) : "DECIMAL(38,9)";
      case BIGNUMERIC -> fitsDecimal(c) ? decimal(c) : "VARCHAR";
      case BOOL -> "BOOLEAN";
      case DATE -> "DATE";
      case TIME -> "TIME";
      case DATETIME -> "TIMESTAMP";
      case TIMESTAMP -> "TIMESTAMPTZ";
      case JSON -> "JSON";
      case INTERVAL -> "INTERVAL";
    };
  }

  /** A BIGNUMERIC kept as text: wider than DuckDB's decimals, or of unknown precision. */
  static boolean isDecimalText(RawColumn c) {
    return c.type() == NaturalType.BIGNUMERIC && !fitsDecimal(c);
  }

  /**
   * The column comment recording what a VARCHAR column holds when it is not a STRING, e.g.
   * {@code BIGNUMERIC(65,30) kept exact as text …}; empty for every other column.
   */
  static Optional<String> marker(RawColumn c) {
    if (!isDecimalText(c)) {
      return Optional.empty();
    }
    String type = c.precision() > 0 ? "BIGNUMERIC(" + c.precision() + "," + c.scale() + ")" : "BIGNUMERIC";
    return Optional.of(type + " kept exact as text: DuckDB decimals stop at " + MAX_DECIMAL_DIGITS + " digits");
  }

  /**
   * The reverse of {@link #of}: the natural type of a stored column from its DuckDB type name as
   * {@code information_schema.columns.data_type} spells it, and its comment. Empty for a type
   * snaplake never creates (a table made by hand).
   */
  static Optional<RawColumn> natural(String name, String duckType, String comment) {
    String t = duckType.toUpperCase(Locale.ROOT).trim();
    Matcher d = DECIMAL.matcher(t);
    if (d.matches()) {
      int p = Integer.parseInt(d.group(1));
      int s = Integer.parseInt(d.group(2));
      // The same rule as TypeMapping: NUMERIC holds 29 integer digits and 9 of scale.
      NaturalType type = s <= 9 && p - s <= 29 ? NaturalType.NUMERIC : NaturalType.BIGNUMERIC;
      return Optional.of(new RawColumn(name, type, "", "", p, s));
    }
    if (t.equals("VARCHAR")) {
      Matcher m = MARKER.matcher(comment == null ? "" : comment);
      if (m.find()) {
        int p = m.group(1) == null ? 0 : Integer.parseInt(m.group(1));
        int s = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
        return Optional.of(new RawColumn(name, NaturalType.BIGNUMERIC, "", "", p, s));
      }
      return Optional.of(RawColumn.of(name, NaturalType.STRING));
    }
    NaturalType type = switch (t) {
      case "BLOB" -> NaturalType.BYTES;
      case "BIGINT" -> NaturalType.INT64;
      case "DOUBLE" -> NaturalType.FLOAT64;
      case "BOOLEAN" -> NaturalType.BOOL;
      case "DATE" -> NaturalType.DATE;
      case "TIME" -> NaturalType.TIME;
      case "TIMESTAMP" -> NaturalType.DATETIME;
      case "TIMESTAMP WITH TIME ZONE", "TIMESTAMPTZ" -> NaturalType.TIMESTAMP;
      case "JSON" -> NaturalType.JSON;
      case "INTERVAL" -> NaturalType.INTERVAL;
      default -> null;
    };
    return Optional.ofNullable(type).map(n -> RawColumn.of(name, n));
  }

  private static boolean fitsDecimal(RawColumn c) {
    return c.precision() > 0 && c.precision() <= MAX_DECIMAL_DIGITS;
  }

  private static String decimal(RawColumn c) {
    return "DECIMAL(" + c.precision() + "," + c.scale() + ")";
  }
}
