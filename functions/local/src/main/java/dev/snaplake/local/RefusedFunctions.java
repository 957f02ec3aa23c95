package dev.snaplake.local;

import dev.snaplake.core.sql.SqlToken;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * BigQuery functions the local warehouse cannot run, each with why: DuckDB has no equivalent, or
 * its nearest gives other values, or the function lives in BigQuery (ML, UDFs, table functions).
 */
final class RefusedFunctions {
  private static final Map<String, String> FUNCTIONS = Map.ofEntries(
      Map.entry("APPROX_TOP_COUNT", "DuckDB has no aggregate giving BigQuery's top values with their counts"),
      Map.entry("APPROX_TOP_SUM", "DuckDB has no aggregate giving BigQuery's top values with their sums"),
      Map.entry("FARM_FINGERPRINT", "DuckDB has no FarmHash; its hash() gives other values"),
      Map.entry("EXTERNAL_QUERY", "federated queries run in BigQuery only"),
      Map.entry("APPENDS", "change history is BigQuery's; the local warehouse does not keep it"),
      Map.entry("CHANGES", "change history is BigQuery's; the local warehouse does not keep it"),
      Map.entry("VECTOR_SEARCH", "vector indexes are BigQuery's"),
      Map.entry("GAP_FILL", "DuckDB has no GAP_FILL table function"),
      Map.entry("SESSION_USER", "the local warehouse has no BigQuery user"),
      Map.entry("COLLATE", "DuckDB's collations are not BigQuery's"));

  private static final Map<String, String> NAMESPACES = Map.ofEntries(
      Map.entry("ML", "BigQuery ML models live in BigQuery"),
      Map.entry("AI", "BigQuery AI functions call Vertex AI"),
      Map.entry("NET", "DuckDB has no NET functions"),
      Map.entry("KEYS", "encryption keysets are BigQuery's"),
      Map.entry("AEAD", "BigQuery's encryption functions have no DuckDB equivalent"),
      Map.entry("DETERMINISTIC_ENCRYPT", "BigQuery's encryption functions have no DuckDB equivalent"),
      Map.entry("HLL_COUNT", "DuckDB cannot read or write BigQuery's HyperLogLog++ sketches"),
      Map.entry("KLL_QUANTILES", "DuckDB cannot read or write BigQuery's KLL sketches"),
      Map.entry("OBJ", "ObjectRef values are BigQuery's"));

  private RefusedFunctions() {}

  static boolean refuses(String name) {
    return FUNCTIONS.containsKey(name);
  }

  static void check(String name, SqlToken at) {
    String why = FUNCTIONS.get(name);
    if (why == null && (name.startsWith("ST_") || name.startsWith("S2_"))) {
      why = "geography functions need DuckDB's spatial extension, which the local warehouse does not load";
    }
    if (why != null) {
      throw new UnsupportedSqlException(name, why, at.start());
    }
  }

  /** A call through a dotted name: a BigQuery namespace (ML.PREDICT) or a user-defined function (dataset.fn). */
  static UnsupportedSqlException qualified(List<SqlToken> path) {
    String name = String.join(".", path.stream().map(SqlToken::value).toList());
    String namespace = path.get(0).value().toUpperCase(Locale.ROOT);
    String why = NAMESPACES.get(namespace);
    if (why != null) {
      return new UnsupportedSqlException(name.toUpperCase(Locale.ROOT), why, path.get(0).start());
    }
    return new UnsupportedSqlException("user-defined function " + name, "persistent SQL and JavaScript functions, and"
        + " table functions, are defined in BigQuery, not in the local warehouse", path.get(0).start());
  }
}
