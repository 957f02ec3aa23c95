package dev.snaplake.compiler;

import dev.snaplake.core.catalog.OutputColumn;

/** A column with its type: of a raw table, or of a model's output as ZetaSQL inferred it. */
record TypedColumn(String name, ColumnType type) {
  OutputColumn output() {
    return new OutputColumn(name, type.sql());
  }
}
