package dev.snaplake.local;

import dev.snaplake.core.types.NaturalType;
import dev.snaplake.core.types.RawColumn;
import dev.snaplake.core.types.SourceEngine;
import dev.snaplake.core.types.TypeMapping;
import java.util.Locale;

/**
 * The expression turning a Parquet column, as DuckDB reads it, into the value its raw column
 * stores. RDS writes CHAR as bytes, DATE and TIME as text, TINYINT(1) as an integer and, for
 * PostgreSQL, nearly everything as text: this is where they get their natural type back, the
 * same way BigQuery's staging conversion does (RawColumnConversions in the gcp module).
 *
 * <p>A conversion that can fail gives NULL instead (TRY_CAST, {@code try(decode())}, a pattern
 * check) and comes with {@link Value#refused()}, true for a source value it cannot convert: the
 * load counts those first and refuses the snapshot if there is any, as the BigQuery load does.
 * Where DuckDB accepts more than BigQuery (TIME 24:00:00, dates before year 1 or after 9999,
 * {@code infinity}, exponents in decimals) the value is first checked against the form BigQuery
 * takes, so both warehouses refuse the same values. The one value made NULL on purpose is MySQL's
 * zero date, matched exactly.
 */
final class ParquetValues {
  private ParquetValues() {}

  /** MySQL's zero DATE as RDS writes it (text). */
  static final String MYSQL_ZERO_DATE = "0000-00-00";
  /** MySQL's zero DATETIME / TIMESTAMP as text, with or without a zero fraction. */
  static final String MYSQL_ZERO_DATETIME = "0000-00-00 00:00:00(\\.0+)?";

  // The forms BigQuery's CAST takes, for the text RDS writes: [H]H:[M]M:[S]S[.DDDDDD] with hours
  // 0..23; YYYY-[M]M-[D]D from year 0001 (9999 is the last four-digit year).
  private static final String TIME = "([01]?[0-9]|2[0-3]):[0-5]?[0-9]:[0-5]?[0-9](\\.[0-9]{1,6})?";
  private static final String DATE = "(000[1-9]|00[1-9][0-9]|0[1-9][0-9]{2}|[1-9][0-9]{3})-[0-9]{1,2}-[0-9]{1,2}";
  private static final String DATETIME = DATE + "([ T]" + TIME + ")?";
  private static final String OFFSET = "([+-][0-9]{1,2}(:?[0-9]{2})?|Z)?";

  /**
   * The value a column stores, and what the load must refuse.
   *
   * @param expression the converted value (NULL where the source is NULL, is a MySQL zero date,
   *     or cannot be converted)
   * @param refused a condition true for a source value the expression cannot convert, or null
   *     when the conversion cannot fail
   * @param example the source value as a message shows it: the text, or the bytes as a blob
   * @param checked the same conversion without its guards, for a load that has already refused
   *     every value {@code refused} matches (a pattern check on a billion values is not free)
   */
  record Value(String expression, String refused, String example, String checked) {
    boolean canFail() {
      return refused != null;
    }
  }

  /** As {@link #value}, the expression only. */
  static String expression(SourceEngine engine, RawColumn incoming, String parquetType, RawColumn stored) {
    return value(engine, incoming, parquetType, stored).expression();
  }

  /**
   * @param incoming the column as this snapshot's export describes it
   * @param parquetType the DuckDB type of the Parquet column, e.g. {@code BLOB}, {@code DECIMAL(20,0)}
   * @param stored the table's column after evolution: the value is converted to its type
   */
  static Value value(SourceEngine engine, RawColumn incoming, String parquetType, RawColumn stored) {
    String col = DuckDbDialect.quote(incoming.name());
    String p = parquetType.toUpperCase(Locale.ROOT);
    String target = DuckDbTypes.of(stored);
    String source = TypeMapping.baseType(incoming.sourceType());
    boolean postgres = engine == SourceEngine.POSTGRESQL;
    boolean text = p.equals("VARCHAR");
    String value = col;
    if (postgres && source.equals("money") && text) {
      // '-$1,234.56' (lc_monetary en_US): keep digits, point and sign, as BigQuery's conversion does.
      value = "regexp_replace(" + col + ", '[^0-9.-]', '', 'g')";
    }
    boolean decimal = stored.type() == NaturalType.NUMERIC || stored.type() == NaturalType.BIGNUMERIC;
    if (decimal && text) {
      // Exact or refused, against the snapshot's declared digits (TypeMapping.exactDecimalPattern).
      String exact = "regexp_full_match(" + value + ", " + DuckDbDialect.literal(TypeMapping.exactDecimalPattern(incoming))
          + ")";
      String converted = DuckDbTypes.isDecimalText(stored)
          ? (stored.precision() > 0 ? DecimalText.padded(value, stored.scale()) : value)
          : "CAST(" + value + " AS " + target + ")";
      return fallible(col, "CASE WHEN " + exact + " THEN " + converted + " END", null, converted);
    }
    if (DuckDbTypes.isDecimalText(stored)) {
      // a Parquet DECIMAL (or integer) into a column kept as text: always exact
      String asText = "CAST(" + value + " AS VARCHAR)";
      return plain(stored.precision() > 0 ? DecimalText.padded(asText, stored.scale()) : asText);
    }
    if (p.equals("BLOB")) {
      if (target.equals("BLOB")) {
        return plain(col);
      }
      // bytes that are not UTF-8 are refused (BigQuery's CAST refuses them too)
      String decoded = "try(decode(" + col + "))";
      String trusted = "decode(" + col + ")";
      return fallible(col, target.equals("VARCHAR") ? decoded : "TRY_CAST(" + decoded + " AS " + target + ")", null,
          target.equals("VARCHAR") ? trusted : "CAST(" + trusted + " AS " + target + ")");
    }
    if (target.equals("BOOLEAN") && p.contains("INT")) {
      return plain("(" + col + " <> 0)");
    }
    if (stored.type() == NaturalType.JSON && postgres && isPostgresArray(source)) {
      // An array's text ({1,2}) is not JSON: kept losslessly as a JSON string, as on BigQuery.
      return plain("to_json(" + col + ")");
    }
    if (target.equals("TIMESTAMPTZ") && p.equals("TIMESTAMP")) {
      return plain("timezone('UTC', " + col + ")"); // microseconds since the epoch, UTC
    }
    if (target.equals("TIMESTAMP") && p.equals("TIMESTAMP WITH TIME ZONE")) {
      return plain("timezone('UTC', " + col + ")"); // a UTC-adjusted Parquet timestamp holding a DATETIME
    }
    if (p.equals(target) && value.equals(col)) {
      return plain(col);
    }
    if (!text) {
      // between DuckDB types (a wider integer, a FITS or widened decimal): exact by the evolution
      // rule; should it fail, the load fails naming the column
      return plain("CAST(" + value + " AS " + target + ")");
    }
    String zero = null;
    if (!postgres && target.equals("DATE")) {
      zero = col + " = " + DuckDbDialect.literal(MYSQL_ZERO_DATE);
    } else if (!postgres && (target.equals("TIMESTAMP") || target.equals("TIMESTAMPTZ"))) {
      zero = "regexp_full_match(" + col + ", " + DuckDbDialect.literal(MYSQL_ZERO_DATETIME) + ")";
    }
    // time with time zone: the natural type has no zone, the offset is dropped (as on BigQuery)
    String time = postgres && (source.equals("time with time zone") || source.equals("timetz"))
        ? "regexp_extract(" + value + ", '^[0-9:.]+')"
        : value;
    String form = switch (target) {
      case "TIME" -> TIME;
      case "DATE" -> DATE;
      case "TIMESTAMP" -> DATETIME;
      case "TIMESTAMPTZ" -> DATETIME + OFFSET;
      default -> null;
    };
    if (target.equals("JSON")) {
      return fallible(col, "CASE WHEN json_valid(" + value + ") THEN CAST(" + value + " AS JSON) END", zero,
          "CAST(" + value + " AS JSON)");
    }
    String input = target.equals("TIME") ? time : value;
    String cast = "TRY_CAST(" + input + " AS " + target + ")";
    String converted = form == null ? cast
        : "CASE WHEN regexp_full_match(" + input + ", " + DuckDbDialect.literal(form) + ") THEN " + cast + " END";
    return fallible(col, converted, zero, cast);
  }

  private static Value plain(String expression) {
    return new Value(expression, null, null, expression);
  }

  /**
   * {@code zero}, when not null, matches the source value made NULL on purpose (a MySQL zero date);
   * {@code unguarded} is {@code converted} without the checks {@code refused} already made.
   */
  private static Value fallible(String col, String converted, String zero, String unguarded) {
    String expression = zero == null ? converted : "CASE WHEN " + zero + " THEN NULL ELSE " + converted + " END";
    String checked = zero == null ? unguarded : "CASE WHEN " + zero + " THEN NULL ELSE " + unguarded + " END";
    String refused = col + " IS NOT NULL" + (zero == null ? "" : " AND NOT (" + zero + ")") + " AND (" + converted
        + ") IS NULL";
    return new Value(expression, refused, col, checked);
  }

  /** Starts the message of a load refused for values it cannot convert (as on BigQuery). */
  static final String HEAD = "values that cannot be converted: ";
  static final String WHAT_TO_DO = ". Correct these values in the source database, or leave the table out of the"
      + " export, then export the snapshot again: snaplake never stores a value it cannot convert as NULL";
  /** How many characters (bytes for bytes) of an example a message shows. */
  static final int EXAMPLE_LENGTH = 100;

  /** {@code DATE}, {@code NUMERIC(12,2)}: the natural type a message names. */
  static String typeName(RawColumn c) {
    boolean decimal = c.type() == NaturalType.NUMERIC || c.type() == NaturalType.BIGNUMERIC;
    return c.type().sqlName() + (decimal && c.precision() > 0 ? "(" + c.precision() + "," + c.scale() + ")" : "");
  }

  /**
   * An example value as BigQuery's {@code FORMAT('%T')} shows it: {@code "text"} with escapes, or
   * {@code b"\xff"} for bytes; cut after {@value #EXAMPLE_LENGTH} characters (bytes) with an ellipsis.
   */
  static String example(Object value) throws java.sql.SQLException {
    byte[] bytes = value instanceof byte[] raw ? raw
        : value instanceof java.sql.Blob blob ? blob.getBytes(1, (int) Math.min(blob.length(), Integer.MAX_VALUE))
        : null;
    if (bytes != null) {
      StringBuilder out = new StringBuilder("b\"");
      for (int i = 0; i < Math.min(bytes.length, EXAMPLE_LENGTH); i++) {
        int b = bytes[i] & 0xff;
        if (b >= 0x20 && b < 0x7f && b != '"' && b != '\\') {
          out.append((char) b);
        } else {
          out.append(String.format(Locale.ROOT, "\\x%02x", b));
        }
      }
      return out.append('"').append(bytes.length > EXAMPLE_LENGTH ? "…" : "").toString();
    }
    String text = String.valueOf(value);
    int cut = text.codePointCount(0, text.length()) > EXAMPLE_LENGTH ? text.offsetByCodePoints(0, EXAMPLE_LENGTH) : -1;
    StringBuilder out = new StringBuilder("\"");
    for (char ch : (cut < 0 ? text : text.substring(0, cut)).toCharArray()) {
      switch (ch) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> out.append(ch);
      }
    }
    return out.append('"').append(cut < 0 ? "" : "…").toString();
  }

  private static boolean isPostgresArray(String source) {
    return source.endsWith("[]") || source.startsWith("_") || source.equals("array");
  }
}
