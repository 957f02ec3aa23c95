package dev.snaplake.local.sample;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A MySQL column type and what RDS snapshot export makes of it (RDS User Guide, "Data conversion
 * when exporting to an Amazon S3 bucket", MySQL table), expressed as the DuckDB type that makes
 * DuckDB's Parquet writer produce the same physical/logical Parquet type.
 *
 * <pre>
 * BIGINT                          INT64
 * BIGINT UNSIGNED                 FIXED_LEN_BYTE_ARRAY DECIMAL(20,0)   (DuckDB: DECIMAL(20,0))
 * INT/MEDIUMINT UNSIGNED          INT64
 * TINYINT/SMALLINT/MEDIUMINT/INT  INT32
 * YEAR                            INT32
 * FLOAT/DOUBLE                    DOUBLE
 * DECIMAL(p,s) p &lt;= 38           DECIMAL(p,s)
 * DECIMAL(p,s) p &gt; 38            STRING
 * CHAR/BINARY/VARBINARY/BLOB/BIT  BYTE_ARRAY, no string annotation    (DuckDB: BLOB)
 * VARCHAR/TEXT/ENUM/SET/JSON      STRING (BYTE_ARRAY UTF8)
 * DATETIME/TIMESTAMP              INT64 TIMESTAMP_MICROS              (DuckDB: TIMESTAMP)
 * DATE/TIME                       STRING ('2026-11-24', '13:45:01')
 * </pre>
 *
 * @param originalType lower-case MySQL type name as RDS reports it ({@code bigint unsigned}, {@code varchar})
 * @param expectedExportedType the Parquet type as RDS describes it in {@code export_tables_info}
 * @param charMaxLength {@code originalCharMaxLength}
 * @param numPrecision {@code originalNumPrecision}
 * @param numScale {@code originalNumScale} (decimals only, else -1)
 * @param dateTimePrecision {@code originalDateTimePrecision}
 * @param duckType DuckDB type the exported value has
 */
record MySqlType(
    String originalType,
    String expectedExportedType,
    int charMaxLength,
    int numPrecision,
    int numScale,
    int dateTimePrecision,
    String duckType) {

  /** Parses a MySQL column type as written in DDL: {@code varchar(255)}, {@code bigint unsigned}, {@code enum('a','b')}. */
  static MySqlType parse(String ddl) {
    String t = ddl.strip();
    String lower = t.toLowerCase(Locale.ROOT);
    boolean unsigned = lower.endsWith(" unsigned");
    if (unsigned) {
      t = t.substring(0, t.length() - " unsigned".length()).strip();
      lower = t.toLowerCase(Locale.ROOT);
    }
    String base = lower;
    List<String> args = List.of();
    int open = t.indexOf('(');
    if (open >= 0) {
      if (!t.endsWith(")")) {
        throw new IllegalArgumentException("bad MySQL type: " + ddl);
      }
      base = lower.substring(0, open).strip();
      args = splitArgs(t.substring(open + 1, t.length() - 1));
    }
    String u = unsigned ? " unsigned" : "";
    switch (base) {
      case "bigint":
        return unsigned
            ? new MySqlType("bigint unsigned", "fixed_len_byte_array(9)", 0, 20, -1, 0, "DECIMAL(20,0)")
            : new MySqlType("bigint", "int64", 0, 19, -1, 0, "BIGINT");
      case "int":
      case "integer":
        return unsigned
            ? new MySqlType("int unsigned", "int64", 0, 10, -1, 0, "BIGINT")
            : new MySqlType("int", "int32", 0, 10, -1, 0, "INTEGER");
      case "mediumint":
        return unsigned
            ? new MySqlType("mediumint unsigned", "int64", 0, 8, -1, 0, "BIGINT")
            : new MySqlType("mediumint", "int32", 0, 7, -1, 0, "INTEGER");
      case "smallint":
        return new MySqlType("smallint" + u, "int32", 0, 5, -1, 0, "INTEGER");
      case "tinyint":
        // TINYINT(1) is MySQL's boolean: RDS reports the display width 1 as precision.
        return new MySqlType(
            "tinyint" + u, "int32", 0, args.isEmpty() ? 3 : Integer.parseInt(args.get(0)), -1, 0, "INTEGER");
      case "year":
        return new MySqlType("year", "int32", 0, 0, -1, 0, "INTEGER");
      case "float":
        return new MySqlType("float", "double", 0, 12, -1, 0, "DOUBLE");
      case "double":
        return new MySqlType("double", "double", 0, 22, -1, 0, "DOUBLE");
      case "decimal":
      case "numeric": {
        int p = args.isEmpty() ? 10 : Integer.parseInt(args.get(0));
        int s = args.size() < 2 ? 0 : Integer.parseInt(args.get(1));
        return p <= 38
            ? new MySqlType("decimal" + u, "decimal(" + p + "," + s + ")", 0, p, s, 0, "DECIMAL(" + p + "," + s + ")")
            : new MySqlType("decimal" + u, "string", 0, p, s, 0, "VARCHAR");
      }
      case "char":
        return new MySqlType("char", "binary", args.isEmpty() ? 1 : Integer.parseInt(args.get(0)), 0, -1, 0, "BLOB");
      case "binary":
        return new MySqlType("binary", "binary", args.isEmpty() ? 1 : Integer.parseInt(args.get(0)), 0, -1, 0, "BLOB");
      case "varbinary":
        return new MySqlType("varbinary", "binary", Integer.parseInt(args.get(0)), 0, -1, 0, "BLOB");
      case "tinyblob":
      case "blob":
      case "mediumblob":
      case "longblob":
        return new MySqlType(base, "binary", blobLength(base), 0, -1, 0, "BLOB");
      case "bit":
        return new MySqlType("bit", "binary", 0, args.isEmpty() ? 1 : Integer.parseInt(args.get(0)), -1, 0, "BLOB");
      case "varchar":
        return new MySqlType("varchar", "binary (UTF8)", Integer.parseInt(args.get(0)), 0, -1, 0, "VARCHAR");
      case "tinytext":
      case "text":
      case "mediumtext":
      case "longtext":
        return new MySqlType(base, "binary (UTF8)", blobLength(base), 0, -1, 0, "VARCHAR");
      case "enum":
      case "set": {
        int max = 0;
        int sum = 0;
        for (String a : args) {
          int len = unquote(a).length();
          max = Math.max(max, len);
          sum += len;
        }
        int len = base.equals("enum") ? max : sum + Math.max(0, args.size() - 1);
        return new MySqlType(base, "binary (UTF8)", len, 0, -1, 0, "VARCHAR");
      }
      case "json":
        return new MySqlType("json", "binary (UTF8)", 0, 0, -1, 0, "VARCHAR");
      case "date":
        return new MySqlType("date", "binary (UTF8)", 0, 0, -1, 0, "VARCHAR");
      case "time":
        return new MySqlType("time", "binary (UTF8)", 0, 0, -1, fsp(args), "VARCHAR");
      case "datetime":
        return new MySqlType("datetime", "int64 (TIMESTAMP_MICRO)", 0, 0, -1, fsp(args), "TIMESTAMP");
      case "timestamp":
        return new MySqlType("timestamp", "int64 (TIMESTAMP_MICRO)", 0, 0, -1, fsp(args), "TIMESTAMP");
      default:
        throw new IllegalArgumentException("unsupported MySQL type: " + ddl);
    }
  }

  /**
   * SQL turning a natural DuckDB value of this MySQL type (BIGINT for integers, VARCHAR for CHAR,
   * DATE for DATE, TIME for TIME, TIMESTAMP for DATETIME, BLOB for BINARY/BIT, DECIMAL for DECIMAL)
   * into what RDS exports.
   */
  String exportExpression(String natural) {
    switch (originalType) {
      case "char":
        return "encode(CAST(" + natural + " AS VARCHAR))";
      case "date":
        return "CAST(CAST(" + natural + " AS DATE) AS VARCHAR)";
      case "time":
        // 'HH:MM:SS' plus dateTimePrecision fractional digits
        return "substr(CAST(CAST(" + natural + " AS TIME) AS VARCHAR) || '.000000', 1, "
            + (dateTimePrecision == 0 ? 8 : 9 + dateTimePrecision) + ")";
      case "datetime":
      case "timestamp":
        // MySQL keeps only dateTimePrecision fractional digits.
        return dateTimePrecision >= 6
            ? "CAST(" + natural + " AS TIMESTAMP)"
            : "make_timestamp(epoch_us(CAST(" + natural + " AS TIMESTAMP)) // " + pow10(6 - dateTimePrecision)
                + " * " + pow10(6 - dateTimePrecision) + ")";
      default:
        if (isDecimal() && numPrecision > 38) {
          // exported as the decimal's text with all its scale digits: '1234.5600000000'
          return "CAST(CAST(" + natural + " AS DECIMAL(38," + numScale + ")) AS VARCHAR)";
        }
        return "CAST(" + natural + " AS " + duckType + ")";
    }
  }

  boolean isDecimal() {
    return originalType.startsWith("decimal");
  }

  private static long pow10(int n) {
    long r = 1;
    for (int i = 0; i < n; i++) {
      r *= 10;
    }
    return r;
  }

  private static int fsp(List<String> args) {
    return args.isEmpty() ? 0 : Integer.parseInt(args.get(0));
  }

  private static int blobLength(String base) {
    if (base.startsWith("tiny")) {
      return 255;
    }
    if (base.startsWith("medium")) {
      return 16_777_215;
    }
    if (base.startsWith("long")) {
      return Integer.MAX_VALUE; // 4294967295 in MySQL; capped to an int here
    }
    return 65_535;
  }

  private static String unquote(String s) {
    String t = s.strip();
    if (t.length() >= 2 && t.startsWith("'") && t.endsWith("'")) {
      return t.substring(1, t.length() - 1).replace("''", "'");
    }
    return t;
  }

  private static List<String> splitArgs(String inner) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < inner.length(); i++) {
      char c = inner.charAt(i);
      if (c == '\'') {
        quoted = !quoted;
      }
      if (c == ',' && !quoted) {
        out.add(cur.toString().strip());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    if (cur.length() > 0 || !out.isEmpty()) {
      out.add(cur.toString().strip());
    }
    return out;
  }
}
