package dev.snaplake.compiler;

import dev.snaplake.compiler.Compilation.Model;
import dev.snaplake.compiler.Compilation.SchemaState;
import dev.snaplake.core.catalog.ManagedObject;
import dev.snaplake.core.catalog.ModelGraph;
import dev.snaplake.core.naming.ObjectId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks every model's columns and types in dependency order: a model is analyzed against the
 * raw schemas and the output schemas of the models it reads, and its own output feeds its
 * dependents. Models of one dependency level are independent and checked as one batch. A model
 * whose input has no known schema is reported as not checked, never as passed.
 */
final class TypeCheckPass {
  private static final String HINT = "columns and types come from the raw schemas and from the output of the models read";

  private final Compilation compilation;
  private final TypeChecker checker;

  TypeCheckPass(Compilation compilation, TypeChecker checker) {
    this.compilation = compilation;
    this.checker = checker;
  }

  void run(Map<ObjectId, Model> byId) {
    for (List<Model> level : levels(byId)) {
      List<Model> batch = new ArrayList<>();
      Map<ObjectId, List<TypedColumn>> tables = new LinkedHashMap<>();
      for (Model m : level) {
        if (checkable(m, byId)) {
          batch.add(m);
          for (ObjectId input : m.inputs) {
            tables.computeIfAbsent(input, id -> inputSchema(id, byId));
          }
        }
      }
      if (batch.isEmpty()) {
        continue;
      }
      List<TypeChecker.Outcome> outcomes = checker.check(tables,
          batch.stream().map(m -> m.rendered.text.substring(m.queryStart, m.queryEnd)).toList());
      for (int i = 0; i < batch.size(); i++) {
        record(batch.get(i), outcomes.get(i), byId);
      }
    }
    for (Model m : byId.values()) {
      if (m.schemaState == SchemaState.UNKNOWN) {
        m.schemaState = SchemaState.FAILED; // never reached analysis: its errors are reported
      }
    }
  }

  /** Models in dependency order, grouped by level (a model's level is above all its inputs'). */
  private static List<List<Model>> levels(Map<ObjectId, Model> byId) {
    Map<ObjectId, ManagedObject> graphable = Compilation.stubs(byId);
    graphable.keySet().removeIf(id -> byId.get(id).inCycle || byId.get(id).template == null);
    ModelGraph graph = ModelGraph.of(new ArrayList<>(graphable.values()));
    Map<ObjectId, Integer> level = new HashMap<>();
    List<List<Model>> levels = new ArrayList<>();
    for (ObjectId id : graph.order()) {
      int l = 0;
      for (ObjectId input : byId.get(id).inputs) {
        Integer below = level.get(input);
        l = below == null ? l : Math.max(l, below + 1);
      }
      level.put(id, l);
      while (levels.size() <= l) {
        levels.add(new ArrayList<>());
      }
      levels.get(l).add(byId.get(id));
    }
    return levels;
  }

  /** Whether every input of {@code m} has a known schema; if not, says so and why. */
  private boolean checkable(Model m, Map<ObjectId, Model> byId) {
    for (ObjectId input : m.inputs) {
      String reason = null;
      boolean upstreamFailed = false;
      Model upstream = byId.get(input);
      if (upstream != null) {
        if (upstream.schemaState == SchemaState.NOT_CHECKED) {
          reason = "upstream " + input + " was not checked";
        } else if (upstream.schemaState != SchemaState.CHECKED) {
          reason = "upstream " + input + " has errors";
          upstreamFailed = true;
        }
      } else {
        Optional<RawSchemas.Table> raw = compilation.rawSchemas.table(input);
        if (raw.isEmpty()) {
          reason = "the raw schemas (" + compilation.rawSchemas.source + ") do not cover " + input;
        } else if (!raw.get().available()) {
          reason = input + " has no schema: " + raw.get().unavailable();
        }
      }
      if (reason != null) {
        compilation.warning(m, referenceOffset(m, input), "not checked: " + reason,
            upstreamFailed ? "fix " + input + " first; this model's columns and types are checked then"
                : "its columns and types are checked once every input has a schema");
        m.schemaState = SchemaState.NOT_CHECKED;
        return false;
      }
    }
    return true;
  }

  private List<TypedColumn> inputSchema(ObjectId id, Map<ObjectId, Model> byId) {
    Model upstream = byId.get(id);
    return upstream != null ? upstream.schema : compilation.rawSchemas.table(id).orElseThrow().columns();
  }

  private void record(Model m, TypeChecker.Outcome outcome, Map<ObjectId, Model> byId) {
    if (!outcome.ok()) {
      String message = outcome.error();
      boolean unknownName = message.startsWith("Unrecognized name") || message.startsWith("Name ")
          || message.contains("not found inside");
      String hint = unknownName ? "the inputs' columns: " + inputColumns(m, byId)
          : !outcome.signatures().isEmpty() ? "it takes " + String.join(" or ", outcome.signatures().stream().limit(4).toList())
              + (outcome.signatures().size() > 4 ? " or …" : "") + "; cast the argument"
          : HINT;
      compilation.error(m, m.queryStart + outcome.errorOffset(), message, hint);
      m.schemaState = SchemaState.FAILED;
      return;
    }
    List<TypedColumn> columns = outcome.columns();
    if (!m.columnList.isEmpty()) {
      if (m.columnList.size() != columns.size()) {
        if (!m.columnListChecked) {
          compilation.error(m, m.columnListOffset, "the column list names " + m.columnList.size()
                  + " columns but the query returns " + columns.size(),
              "a column list is positional: list every column of the query, in order ("
                  + columns.stream().map(TypedColumn::name).collect(Collectors.joining(", ")) + ")");
        }
        m.schemaState = SchemaState.FAILED;
        return;
      }
      List<TypedColumn> renamed = new ArrayList<>();
      for (int i = 0; i < columns.size(); i++) {
        renamed.add(new TypedColumn(m.columnList.get(i), columns.get(i).type()));
      }
      columns = renamed;
    }
    List<SelectList.Item> items = SelectList.outputItems(m.queryTokens).orElse(List.of());
    Set<String> seen = new HashSet<>();
    boolean ok = true;
    for (int i = 0; i < columns.size(); i++) {
      String name = columns.get(i).name();
      int at = items.size() == columns.size() && items.get(i).start() >= 0 ? items.get(i).start() : m.queryStart;
      if (name.isEmpty() || name.startsWith("$")) {
        compilation.error(m, at, "column " + (i + 1) + " of the query has no name",
            "BigQuery needs every column of a " + m.materialization.name().toLowerCase(Locale.ROOT)
                + " named: add AS <name>");
        ok = false;
      } else if (!seen.add(name.toLowerCase(Locale.ROOT))) {
        compilation.error(m, at, "duplicate column name " + name + " in the query's output",
            "BigQuery refuses duplicate column names (they are case-insensitive): rename one with AS");
        ok = false;
      }
    }
    m.schema = ok ? List.copyOf(columns) : null;
    m.schemaState = ok ? SchemaState.CHECKED : SchemaState.FAILED;
  }

  private String inputColumns(Model m, Map<ObjectId, Model> byId) {
    return m.inputs.stream().map(id -> {
      List<TypedColumn> cols = inputSchema(id, byId);
      if (cols == null) {
        return id.toString();
      }
      String shown = cols.stream().limit(12).map(TypedColumn::name).collect(Collectors.joining(", "));
      return id + "(" + shown + (cols.size() > 12 ? ", …" : "") + ")";
    }).collect(Collectors.joining(", "));
  }

  /** Where the query reads {@code input}. */
  private int referenceOffset(Model m, ObjectId input) {
    for (Map.Entry<List<String>, ObjectId> e : m.resolved.entrySet()) {
      if (e.getValue().equals(input)) {
        return compilation.locate(m, e.getKey());
      }
    }
    return m.queryStart;
  }
}
