package dev.snaplake.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * Writes a realistic model catalog for the compile benchmark: {@code sql/snaplake.json}, N models
 * in a dependency graph exactly {@code depth} levels deep over 20 raw tables, and
 * {@code schemas.json} with the raw tables' columns. Models mix CTEs, aggregates, window
 * functions, joins, unions, QUALIFY and partitioned, clustered tables, 20 to 80 lines each, with
 * the header metadata users write; every one is valid against the schemas, so a full compile
 * checks all of them. The same seed writes the same files.
 */
public final class ModelCatalogGenerator {
  /** A column the generator knows the kind of: INT64, NUMERIC, FLOAT64, STRING, DATE, TIMESTAMP, DATETIME, BOOL. */
  private record Col(String name, String type) {
    boolean numeric() {
      return type.equals("INT64") || type.equals("NUMERIC") || type.equals("FLOAT64");
    }
  }

  /** A table a model can read: its reference, its columns and its level (0 for raw tables). */
  private record Table(String ref, List<Col> cols, int level) {}

  private static final String[] RAW = {"users", "accounts", "cards", "merchants", "transactions", "transfers",
      "payments", "refunds", "disputes", "devices", "sessions", "logins", "addresses", "kyc_checks", "loans",
      "repayments", "balances", "fx_rates", "fees", "notifications"};
  private static final String[] DOMAINS = {"payments", "risk", "growth", "finance", "support", "lending", "ops"};
  private static final String[] EXTRA_TYPES = {"STRING", "INT64", "NUMERIC", "FLOAT64", "DATE", "BOOL", "STRING"};

  private final Random random;
  private final List<Table> raw = new ArrayList<>();
  private final List<List<Table>> levels = new ArrayList<>();

  private ModelCatalogGenerator(long seed) {
    this.random = new Random(seed);
  }

  /** Writes {@code dir/sql/…} and {@code dir/schemas.json}; returns the number of lines of SQL. */
  public static long write(Path dir, int models, int depth, long seed) throws IOException {
    return new ModelCatalogGenerator(seed).generate(dir, models, depth);
  }

  private long generate(Path dir, int models, int depth) throws IOException {
    Path sql = dir.resolve("sql");
    Files.createDirectories(sql);
    write(sql.resolve("snaplake.json"), """
        {
          "rawDataset": "raw",
          "managedDatasets": ["staging", "core", "mart"],
          "archiveDataset": "snaplake_archive",
          "sources": [{"name": "app", "engine": "mysql", "database": "app", "instance": "app-prod", "s3Prefix": "rds/app-prod"}],
          "environments": {"dev": {"project": "acme-snaplake-dev", "location": "EU"}},
          "params": {"start_date": "2024-01-01"}
        }
        """);
    StringBuilder schemas = new StringBuilder("{\"tables\": {\n");
    for (int i = 0; i < RAW.length; i++) {
      List<Col> cols = new ArrayList<>(List.of(new Col("id", "INT64"), new Col("user_id", "INT64"),
          new Col("created_at", "TIMESTAMP"), new Col("updated_at", "DATETIME"), new Col("event_date", "DATE"),
          new Col("amount", "NUMERIC"), new Col("fee", "FLOAT64"), new Col("quantity", "INT64"),
          new Col("status", "STRING"), new Col("country", "STRING"), new Col("channel", "STRING"),
          new Col("is_flagged", "BOOL")));
      int extra = 2 + random.nextInt(10);
      for (int k = 0; k < extra; k++) {
        cols.add(new Col(RAW[i] + "_attr_" + k, EXTRA_TYPES[random.nextInt(EXTRA_TYPES.length)]));
      }
      raw.add(new Table("raw.app__" + RAW[i], cols, 0));
      schemas.append(i == 0 ? "" : ",\n").append("  \"raw.app__").append(RAW[i]).append("\": [");
      for (int k = 0; k < cols.size(); k++) {
        schemas.append(k == 0 ? "" : ", ").append("{\"name\": \"").append(cols.get(k).name())
            .append("\", \"type\": \"").append(cols.get(k).type()).append("\"}");
      }
      schemas.append("]");
    }
    write(dir.resolve("schemas.json"), schemas.append("\n}}\n").toString());
    long lines = 0;
    for (int i = 0; i < models; i++) {
      int level = 1 + i * depth / models; // equal shares per level, level 1 first
      while (levels.size() <= level) {
        levels.add(new ArrayList<>());
      }
      String dataset = level <= depth * 3 / 10 ? "staging" : level <= depth * 7 / 10 ? "core" : "mart";
      String name = DOMAINS[i % DOMAINS.length] + "_" + kindName(i) + "_" + i;
      List<Col> out = new ArrayList<>();
      String text = model(i, dataset, name, level, out);
      levels.get(level).add(new Table(dataset + "." + name, out, level));
      write(sql.resolve(dataset).resolve(name + ".sql"), text);
      lines += text.lines().count();
    }
    return lines;
  }

  private static String kindName(int i) {
    return switch (i % 4) {
      case 0 -> "daily";
      case 1 -> "enriched";
      case 2 -> "latest";
      default -> "monthly";
    };
  }

  private String model(int i, String dataset, String name, int level, List<Col> out) {
    Table primary = level == 1 ? raw.get(random.nextInt(raw.size())) : pick(levels.get(level - 1));
    Table other = pickBelow(level);
    StringBuilder body = new StringBuilder();
    boolean table = i % 4 == 2;
    switch (i % 4) {
      case 0 -> aggregate(primary, body, out);
      case 1 -> join(primary, other, body, out);
      case 2 -> latest(primary, body, out);
      default -> union(primary, other, body, out);
    }
    StringBuilder sb = new StringBuilder();
    sb.append("-- ").append(describe(i, primary, other)).append('\n');
    sb.append("-- owner: ").append(DOMAINS[i % DOMAINS.length]).append("-team@acme.com\n");
    sb.append("CREATE OR REPLACE ").append(table ? "TABLE " : "VIEW ");
    sb.append(i % 3 == 0 ? "{{ params.dataset_name }}.{{ params.table_name }}" : dataset + "." + name).append('\n');
    if (table) {
      String clusterString = out.stream().filter(c -> c.type().equals("STRING")).map(Col::name).findFirst().orElse(null);
      sb.append("PARTITION BY event_date\n");
      sb.append("CLUSTER BY user_id").append(clusterString == null ? "" : ", " + clusterString).append('\n');
    }
    sb.append("OPTIONS (\n");
    sb.append("  description = \"").append(describe(i, primary, other)).append("\",\n");
    sb.append("  labels = [(\"git\", \"true\"), (\"team\", \"data\"), (\"domain\", \"")
        .append(DOMAINS[i % DOMAINS.length]).append("\")]\n");
    sb.append(")\nAS\n").append(body);
    return sb.toString();
  }

  private static String describe(int i, Table primary, Table other) {
    return switch (i % 4) {
      case 0 -> "Daily totals per user from " + primary.ref() + ", with 7-day rolling sums";
      case 1 -> primary.ref() + " enriched with " + other.ref() + " on user and day";
      case 2 -> "Latest row per user and day of " + primary.ref() + ", partitioned by day";
      default -> "Monthly values per user across " + primary.ref() + " and " + other.ref();
    };
  }

  /** CTEs, GROUP BY and window functions over one input. */
  private void aggregate(Table p, StringBuilder sb, List<Col> out) {
    List<Col> nums = pickCols(p, true, 2, 5);
    List<Col> strs = pickCols(p, false, 1, 2);
    Set<String> names = new HashSet<>();
    sb.append("WITH base AS (\n  SELECT\n    p.user_id,\n    p.event_date");
    for (Col c : nums) {
      sb.append(",\n    p.").append(c.name());
    }
    for (Col c : strs) {
      sb.append(",\n    p.").append(c.name());
    }
    sb.append("\n  FROM ").append(p.ref()).append(" AS p\n  WHERE p.event_date >= DATE '{{ params.start_date }}'\n")
        .append("    AND p.").append(nums.get(0).name()).append(" IS NOT NULL\n),\n");
    sb.append("daily AS (\n  SELECT\n    user_id,\n    event_date,\n    ").append(strs.get(0).name())
        .append(",\n    COUNT(*) AS row_count");
    List<String> totals = new ArrayList<>();
    for (int k = 0; k < nums.size(); k++) {
      String fn = k % 3 == 0 ? "SUM" : k % 3 == 1 ? "MAX" : "AVG";
      String alias = fn.toLowerCase(Locale.ROOT) + "_" + nums.get(k).name();
      sb.append(",\n    ").append(fn).append('(').append(nums.get(k).name()).append(") AS ").append(alias);
      totals.add(alias);
    }
    sb.append("\n  FROM base\n  GROUP BY user_id, event_date, ").append(strs.get(0).name()).append("\n)\n");
    sb.append("SELECT\n  user_id,\n  event_date,\n  ").append(strs.get(0).name()).append(" AS segment,\n  row_count AS rows_per_day");
    out.add(new Col("user_id", "INT64"));
    out.add(new Col("event_date", "DATE"));
    out.add(new Col(unique("segment", names), "STRING"));
    out.add(new Col(unique("rows_per_day", names), "INT64"));
    for (int k = 0; k < totals.size(); k++) {
      String t = totals.get(k);
      String total = unique("total_" + (k + 1), names);
      String rolling = unique("rolling_7d_" + (k + 1), names);
      String previous = unique("previous_" + (k + 1), names);
      sb.append(",\n  ").append(t).append(" AS ").append(total);
      sb.append(",\n  SUM(").append(t).append(") OVER (\n    PARTITION BY user_id\n    ORDER BY event_date\n")
          .append("    ROWS BETWEEN 6 PRECEDING AND CURRENT ROW\n  ) AS ").append(rolling);
      sb.append(",\n  LAG(").append(t).append(") OVER (PARTITION BY user_id ORDER BY event_date) AS ").append(previous);
      out.add(new Col(total, "FLOAT64"));
      out.add(new Col(rolling, "FLOAT64"));
      out.add(new Col(previous, "FLOAT64"));
    }
    String month = unique("event_month", names);
    sb.append(",\n  DATE_TRUNC(event_date, MONTH) AS ").append(month).append("\nFROM daily\n");
    out.add(new Col(month, "DATE"));
  }

  /** A LEFT JOIN of two inputs with CASE, COALESCE and a ranking window. */
  private void join(Table a, Table b, StringBuilder sb, List<Col> out) {
    Set<String> names = new HashSet<>(List.of("user_id", "event_date"));
    List<Col> aCols = new ArrayList<>(pickCols(a, true, 3, 10));
    aCols.addAll(pickCols(a, false, 1, 4));
    List<Col> bNums = pickCols(b, true, 1, 4);
    sb.append("SELECT\n  a.user_id,\n  a.event_date");
    out.add(new Col("user_id", "INT64"));
    out.add(new Col("event_date", "DATE"));
    for (Col c : aCols) {
      String alias = unique(c.name(), names);
      sb.append(",\n  a.").append(c.name()).append(alias.equals(c.name()) ? "" : " AS " + alias);
      out.add(new Col(alias, c.type()));
    }
    for (int k = 0; k < bNums.size(); k++) {
      String alias = unique("joined_" + (k + 1), names);
      sb.append(",\n  COALESCE(b.").append(bNums.get(k).name()).append(", 0) AS ").append(alias);
      out.add(new Col(alias, bNums.get(k).type()));
    }
    Col n1 = aCols.get(0);
    String band = unique("band", names);
    String rank = unique("recency_rank", names);
    String combined = unique("combined_1", names);
    sb.append(",\n  CASE\n    WHEN a.").append(n1.name()).append(" >= 1000 THEN 'high'\n    WHEN a.").append(n1.name())
        .append(" >= 100 THEN 'medium'\n    WHEN a.").append(n1.name()).append(" IS NULL THEN 'unknown'\n    ELSE 'low'\n  END AS ")
        .append(band);
    sb.append(",\n  ROW_NUMBER() OVER (PARTITION BY a.user_id ORDER BY a.event_date DESC) AS ").append(rank);
    sb.append(",\n  a.").append(n1.name()).append(" + COALESCE(b.").append(bNums.get(0).name()).append(", 0) AS ")
        .append(combined);
    out.add(new Col(band, "STRING"));
    out.add(new Col(rank, "INT64"));
    out.add(new Col(combined, "FLOAT64"));
    sb.append("\nFROM ").append(a.ref()).append(" AS a\nLEFT JOIN ").append(b.ref()).append(" AS b\n")
        .append("  ON b.user_id = a.user_id\n  AND b.event_date = a.event_date\nWHERE a.event_date IS NOT NULL\n");
  }

  /** A partitioned, clustered table: the latest row per user and day (QUALIFY), with ratios. */
  private void latest(Table p, StringBuilder sb, List<Col> out) {
    Set<String> names = new HashSet<>(List.of("user_id", "event_date"));
    List<Col> strs = pickCols(p, false, 1, 3);
    List<Col> nums = pickCols(p, true, 2, 8);
    sb.append("SELECT\n  p.user_id,\n  p.event_date");
    out.add(new Col("user_id", "INT64"));
    out.add(new Col("event_date", "DATE"));
    for (Col c : strs) {
      String alias = unique(c.name(), names);
      sb.append(",\n  p.").append(c.name()).append(alias.equals(c.name()) ? "" : " AS " + alias);
      out.add(new Col(alias, "STRING"));
    }
    for (Col c : nums) {
      String alias = unique(c.name(), names);
      sb.append(",\n  p.").append(c.name()).append(alias.equals(c.name()) ? "" : " AS " + alias);
      out.add(new Col(alias, c.type()));
    }
    String rows = unique("user_rows", names);
    String ratio = unique("ratio_1", names);
    String days = unique("days_since_start", names);
    sb.append(",\n  COUNT(*) OVER (PARTITION BY p.user_id) AS ").append(rows);
    sb.append(",\n  SAFE_DIVIDE(\n    CAST(p.").append(nums.get(0).name()).append(" AS FLOAT64),\n    NULLIF(CAST(p.")
        .append(nums.get(1).name()).append(" AS FLOAT64), 0)\n  ) AS ").append(ratio);
    sb.append(",\n  DATE_DIFF(p.event_date, DATE '{{ params.start_date }}', DAY) AS ").append(days);
    out.add(new Col(rows, "INT64"));
    out.add(new Col(ratio, "FLOAT64"));
    out.add(new Col(days, "INT64"));
    sb.append("\nFROM ").append(p.ref()).append(" AS p\nWHERE p.event_date IS NOT NULL\nQUALIFY ROW_NUMBER() OVER (\n")
        .append("  PARTITION BY p.user_id, p.event_date\n  ORDER BY p.").append(nums.get(0).name()).append(" DESC\n) = 1\n");
  }

  /** A UNION ALL of two inputs aggregated per month. */
  private void union(Table a, Table b, StringBuilder sb, List<Col> out) {
    Col na = pickCols(a, true, 1, 1).get(0);
    Col nb = pickCols(b, true, 1, 1).get(0);
    sb.append("WITH unioned AS (\n  SELECT\n    user_id,\n    event_date,\n    CAST(").append(na.name())
        .append(" AS FLOAT64) AS value,\n    'primary' AS source\n  FROM ").append(a.ref()).append('\n');
    sb.append("  UNION ALL\n  SELECT\n    user_id,\n    event_date,\n    CAST(").append(nb.name())
        .append(" AS FLOAT64) AS value,\n    'secondary' AS source\n  FROM ").append(b.ref()).append("\n),\n");
    sb.append("monthly AS (\n  SELECT\n    user_id,\n    DATE_TRUNC(event_date, MONTH) AS event_date,\n    source,\n")
        .append("    COUNT(*) AS rows_n,\n    SUM(value) AS total_value,\n    MIN(value) AS min_value,\n")
        .append("    MAX(value) AS max_value,\n    COUNTIF(value > 0) AS positive_n\n  FROM unioned\n")
        .append("  GROUP BY user_id, DATE_TRUNC(event_date, MONTH), source\n)\n");
    sb.append("SELECT\n  user_id,\n  event_date,\n  source,\n  rows_n,\n  total_value,\n  min_value,\n  max_value,\n")
        .append("  positive_n,\n  SAFE_DIVIDE(positive_n, rows_n) AS positive_share,\n")
        .append("  total_value - LAG(total_value) OVER (PARTITION BY user_id, source ORDER BY event_date) AS month_change\n")
        .append("FROM monthly\nWHERE rows_n > 0\n");
    out.add(new Col("user_id", "INT64"));
    out.add(new Col("event_date", "DATE"));
    out.add(new Col("source", "STRING"));
    out.add(new Col("rows_n", "INT64"));
    out.add(new Col("total_value", "FLOAT64"));
    out.add(new Col("min_value", "FLOAT64"));
    out.add(new Col("max_value", "FLOAT64"));
    out.add(new Col("positive_n", "INT64"));
    out.add(new Col("positive_share", "FLOAT64"));
    out.add(new Col("month_change", "FLOAT64"));
  }

  /** Between {@code min} and {@code max} distinct numeric (or STRING) columns, never user_id or event_date. */
  private List<Col> pickCols(Table t, boolean numeric, int min, int max) {
    List<Col> candidates = new ArrayList<>(t.cols().stream()
        .filter(c -> !c.name().equals("user_id") && !c.name().equals("event_date"))
        .filter(c -> numeric ? c.numeric() : c.type().equals("STRING")).toList());
    java.util.Collections.shuffle(candidates, random);
    int n = Math.min(candidates.size(), min + random.nextInt(max - min + 1));
    if (n < min) {
      throw new IllegalStateException(t.ref() + " has too few " + (numeric ? "numeric" : "STRING") + " columns");
    }
    return candidates.subList(0, n);
  }

  private Table pick(List<Table> tables) {
    return tables.get(random.nextInt(tables.size()));
  }

  /** Any table below {@code level}: a raw table or a model. */
  private Table pickBelow(int level) {
    int l = random.nextInt(level);
    return l == 0 || levels.size() <= l || levels.get(l).isEmpty() ? pick(raw) : pick(levels.get(l));
  }

  private static String unique(String name, Set<String> names) {
    String n = name;
    for (int k = 2; !names.add(n.toLowerCase(Locale.ROOT)); k++) {
      n = name + "_" + k;
    }
    return n;
  }

  private static void write(Path file, String content) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, content, StandardCharsets.UTF_8);
  }
}
