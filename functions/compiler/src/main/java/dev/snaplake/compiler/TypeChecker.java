package dev.snaplake.compiler;

import dev.snaplake.core.naming.ObjectId;
import java.util.List;
import java.util.Map;

/** Checks queries against table schemas: unknown columns, type errors; infers their output columns. */
interface TypeChecker {
  /**
   * The output columns of a valid query, or an error at {@code errorOffset} (a char offset into
   * the query) when {@code error} is set, with the function signatures that would have matched.
   */
  record Outcome(List<TypedColumn> columns, String error, int errorOffset, List<String> signatures) {
    static Outcome of(List<TypedColumn> columns) {
      return new Outcome(List.copyOf(columns), null, -1, List.of());
    }

    static Outcome failed(String error, int offset, List<String> signatures) {
      return new Outcome(List.of(), error, offset, List.copyOf(signatures));
    }

    boolean ok() {
      return error == null;
    }
  }

  /**
   * Checks every query against a catalog holding exactly {@code tables}, each readable as
   * {@code dataset.name} and {@code `dataset.name`}. Returns one outcome per query, in order.
   */
  List<Outcome> check(Map<ObjectId, List<TypedColumn>> tables, List<String> queries);
}
