package dev.snaplake.local;

/** How one BigQuery function is spelled in DuckDB: the whole call, its arguments already translated. */
@FunctionalInterface
interface FunctionRule {
  String translate(Call call);

  /** Same arguments, DuckDB's name. */
  static FunctionRule renamed(String duckDbName) {
    return c -> duckDbName + "(" + String.join(", ", c.sqls()) + ")";
  }
}
