package dev.snaplake.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.snaplake.local.DuckDbWarehouse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "query",
    mixinStandardHelpOptions = true,
    description = "Runs one SQL statement on the local DuckDB warehouse and prints the rows.",
    footer = {
      "",
      "Examples:",
      "  snaplake query --warehouse .snaplake/demo/warehouse.duckdb \"SELECT * FROM mart.user_spend LIMIT 5\"",
      "  snaplake query --warehouse w.duckdb --format json \"DESCRIBE raw.app__users\"",
      "",
      "Datasets are DuckDB schemas: raw, staging, mart. Raw tables hold every snapshot; filter on",
      "_snapshot (e.g. WHERE _snapshot = DATE '2026-11-25')."
    })
final class QueryCommand implements Callable<Integer> {
  enum Format { table, csv, json }

  @Option(names = "--warehouse", required = true, paramLabel = "FILE", description = "The DuckDB warehouse file.")
  Path warehouse;

  @Option(names = "--format", defaultValue = "table", description = "table, csv or json (an array of objects, one per row). Default: ${DEFAULT-VALUE}.")
  Format format;

  @Parameters(paramLabel = "SQL", description = "The statement, quoted.")
  String sql;

  @Override
  public Integer call() {
    if (!Files.exists(warehouse)) {
      throw new UserError("warehouse file " + warehouse + " does not exist", "create one with: snaplake demo (or snaplake run --warehouse " + warehouse + " ...)");
    }
    List<Map<String, Object>> rows;
    try (DuckDbWarehouse w = DuckDbWarehouse.open(warehouse)) {
      rows = w.query(sql);
    } catch (dev.snaplake.local.WarehouseException e) {
      throw new UserError(e.getMessage(), "check the table names with: snaplake query --warehouse " + warehouse + " \"SHOW ALL TABLES\"");
    }
    switch (format) {
      case json -> System.out.println(json(rows));
      case csv -> csv(rows);
      default -> table(rows);
    }
    return 0;
  }

  private static String json(List<Map<String, Object>> rows) {
    JsonArray a = new JsonArray();
    for (Map<String, Object> row : rows) {
      JsonObject o = new JsonObject();
      row.forEach((k, v) -> {
        if (v == null) {
          o.add(k, com.google.gson.JsonNull.INSTANCE);
        } else if (v instanceof Number n && !(v instanceof java.math.BigDecimal) && !(v instanceof java.math.BigInteger)) {
          o.addProperty(k, n);
        } else if (v instanceof Boolean b) {
          o.addProperty(k, b);
        } else {
          o.addProperty(k, text(v));
        }
      });
      a.add(o);
    }
    return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeNulls().create().toJson(a);
  }

  private static void csv(List<Map<String, Object>> rows) {
    if (rows.isEmpty()) {
      return;
    }
    System.out.println(String.join(",", rows.get(0).keySet().stream().map(QueryCommand::csvField).toList()));
    for (Map<String, Object> row : rows) {
      System.out.println(String.join(",", row.values().stream().map(v -> v == null ? "" : csvField(text(v))).toList()));
    }
  }

  private static String csvField(String s) {
    return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
  }

  private static void table(List<Map<String, Object>> rows) {
    if (rows.isEmpty()) {
      System.out.println("(no rows)");
      return;
    }
    List<String> names = new ArrayList<>(rows.get(0).keySet());
    int[] widths = new int[names.size()];
    List<String[]> cells = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      widths[i] = names.get(i).length();
    }
    for (Map<String, Object> row : rows) {
      String[] line = new String[names.size()];
      int i = 0;
      for (Object v : row.values()) {
        line[i] = v == null ? "NULL" : text(v);
        if (line[i].length() > 60) {
          line[i] = line[i].substring(0, 57) + "...";
        }
        widths[i] = Math.max(widths[i], line[i].length());
        i++;
      }
      cells.add(line);
    }
    StringBuilder sep = new StringBuilder();
    StringBuilder head = new StringBuilder();
    for (int i = 0; i < names.size(); i++) {
      head.append(i == 0 ? "" : " | ").append(String.format("%-" + widths[i] + "s", names.get(i)));
      sep.append(i == 0 ? "" : "-+-").append("-".repeat(widths[i]));
    }
    System.out.println(head);
    System.out.println(sep);
    for (String[] line : cells) {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < line.length; i++) {
        b.append(i == 0 ? "" : " | ").append(String.format("%-" + widths[i] + "s", line[i]));
      }
      System.out.println(b);
    }
    System.out.println("(" + rows.size() + " row" + (rows.size() == 1 ? "" : "s") + ")");
  }

  static String text(Object v) {
    if (v instanceof byte[] bytes) {
      return "0x" + java.util.HexFormat.of().formatHex(bytes);
    }
    if (v instanceof java.sql.Blob blob) {
      try {
        return "0x" + java.util.HexFormat.of().formatHex(blob.getBytes(1, (int) blob.length()));
      } catch (java.sql.SQLException e) {
        return "<blob>";
      }
    }
    return String.valueOf(v);
  }
}
