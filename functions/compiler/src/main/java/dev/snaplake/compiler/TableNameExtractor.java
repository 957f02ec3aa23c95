package dev.snaplake.compiler;

import java.util.List;

/** Reads the names of the tables a statement reads, or says why the statement is not valid SQL. */
interface TableNameExtractor {
  /**
   * Table paths as the extractor sees them (a backticked part may still hold dots), or a syntax
   * error at {@code errorOffset} (a char offset into the statement) when {@code error} is set.
   */
  record Extraction(List<List<String>> names, String error, int errorOffset) {
    static Extraction of(List<List<String>> names) {
      return new Extraction(List.copyOf(names), null, -1);
    }

    static Extraction failed(String error, int offset) {
      return new Extraction(List.of(), error, offset);
    }

    boolean ok() {
      return error == null;
    }
  }

  Extraction extract(String statement);
}
