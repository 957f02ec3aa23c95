package dev.snaplake.local;

import java.util.List;
import java.util.Map;

/**
 * Casts and the conditional and arithmetic functions whose DuckDB spelling or NULL handling
 * differs: SAFE_DIVIDE is NULL on a zero divisor, GREATEST and LEAST are NULL if any argument is,
 * CONCAT is NULL if any argument is (DuckDB's concat skips NULLs; its {@code ||} does not).
 */
final class ConversionFunctions {
  static final Map<String, FunctionRule> RULES = Map.ofEntries(
      Map.entry("CAST", c -> cast(c, "CAST")),
      Map.entry("SAFE_CAST", c -> cast(c, "TRY_CAST")),
      Map.entry("SAFE_DIVIDE", c -> binary(c, "(%s / NULLIF(%s, 0))")),
      Map.entry("SAFE_MULTIPLY", c -> binary(c, "TRY(%s * %s)")),
      Map.entry("SAFE_ADD", c -> binary(c, "TRY(%s + %s)")),
      Map.entry("SAFE_SUBTRACT", c -> binary(c, "TRY(%s - %s)")),
      Map.entry("SAFE_NEGATE", c -> "TRY(-(" + c.sql(0) + "))"),
      Map.entry("DIV", c -> binary(c, "(%s // %s)")),
      Map.entry("GREATEST", c -> nullIfAnyNull(c, "greatest")),
      Map.entry("LEAST", c -> nullIfAnyNull(c, "least")),
      Map.entry("CONCAT", c -> c.arity() == 1 ? c.sql(0) : "(" + String.join(" || ", c.sqls()) + ")"),
      Map.entry("GENERATE_UUID", c -> "CAST(uuid() AS VARCHAR)"),
      Map.entry("PARSE_JSON", c -> "CAST(" + c.sql(0) + " AS JSON)"),
      Map.entry("TO_JSON_STRING", c -> {
        c.requireArity(1, 1);
        return "CAST(to_json(" + c.sql(0) + ") AS VARCHAR)";
      }),
      // BigQuery hashes are BYTES and TO_HEX is lower-case; DuckDB's hashes are hex text.
      Map.entry("MD5", c -> "unhex(md5(" + c.sql(0) + "))"),
      Map.entry("SHA1", c -> "unhex(sha1(" + c.sql(0) + "))"),
      Map.entry("SHA256", c -> "unhex(sha256(" + c.sql(0) + "))"),
      Map.entry("TO_HEX", c -> "lower(hex(" + c.sql(0) + "))"),
      Map.entry("FROM_HEX", c -> "unhex(" + c.sql(0) + ")"));

  private ConversionFunctions() {}

  /** {@code CAST(x AS INT64)}: the type is translated; a FORMAT clause is refused. */
  private static String cast(Call c, String function) {
    c.requireArity(1, 1);
    List<List<SqlNode>> parts = Call.splitAt(c.arg(0), "AS");
    if (parts.size() != 2) {
      throw c.unsupported(c.name() + " without AS", "write " + c.name() + "(value AS type)");
    }
    List<List<SqlNode>> format = Call.splitAt(parts.get(1), "FORMAT");
    if (format.size() > 1) {
      throw c.unsupported(c.name() + " … FORMAT", "DuckDB casts have no format clause; use FORMAT_DATE or PARSE_DATE");
    }
    String type = TypeNames.translate(parts.get(1));
    String value = c.sql(parts.get(0));
    if (SqlNode.significant(parts.get(1)).get(0) instanceof SqlNode.Leaf l && l.token().is("TIMESTAMP")) {
      // A string may carry an offset or zone, which DuckDB's TIMESTAMP would drop; TIMESTAMPTZ applies it.
      return function + "(" + function + "(" + value + " AS TIMESTAMPTZ) AS TIMESTAMP)";
    }
    if (type.equals("BIGINT")) {
      // BigQuery rounds a FLOAT64 half away from zero (2.5 → 3); DuckDB's DOUBLE cast rounds half
      // to even (2.5 → 2), its DECIMAL cast away from zero. 18 decimals keep every double exact
      // enough to round the same way, and any INT64 fits.
      return function + "(" + function + "(" + value + " AS DECIMAL(38,18)) AS BIGINT)";
    }
    return function + "(" + value + " AS " + type + ")";
  }

  private static String binary(Call c, String template) {
    c.requireArity(2, 2);
    return String.format(template, "(" + c.sql(0) + ")", "(" + c.sql(1) + ")");
  }

  private static String nullIfAnyNull(Call c, String function) {
    List<String> args = c.sqls();
    String anyNull = String.join(" OR ", args.stream().map(a -> "(" + a + ") IS NULL").toList());
    return "CASE WHEN " + anyNull + " THEN NULL ELSE " + function + "(" + String.join(", ", args) + ") END";
  }
}
