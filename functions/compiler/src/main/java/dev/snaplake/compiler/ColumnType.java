package dev.snaplake.compiler;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A BigQuery column type: a simple type ({@code INT64}, {@code STRING}…), {@code ARRAY<T>},
 * {@code STRUCT<name T, …>} or {@code RANGE<T>}. Parsed from GoogleSQL type syntax with BigQuery's
 * aliases ({@code INTEGER}, {@code FLOAT}, {@code BOOLEAN}, {@code DECIMAL}…); type parameters
 * ({@code STRING(10)}, {@code NUMERIC(10, 2)}) are accepted and dropped, since they do not change
 * what a query may do with the column.
 */
record ColumnType(String kind, ColumnType element, List<Field> fields) {
  /** A field of a STRUCT; {@code name} is empty for an anonymous field. */
  record Field(String name, ColumnType type) {}

  static final Set<String> SIMPLE = Set.of("INT64", "FLOAT64", "NUMERIC", "BIGNUMERIC", "BOOL", "STRING", "BYTES",
      "DATE", "DATETIME", "TIME", "TIMESTAMP", "JSON", "GEOGRAPHY", "INTERVAL");
  private static final Map<String, String> ALIASES = Map.ofEntries(
      Map.entry("INT", "INT64"), Map.entry("INTEGER", "INT64"), Map.entry("SMALLINT", "INT64"),
      Map.entry("BIGINT", "INT64"), Map.entry("TINYINT", "INT64"), Map.entry("BYTEINT", "INT64"),
      Map.entry("FLOAT", "FLOAT64"), Map.entry("BOOLEAN", "BOOL"), Map.entry("DECIMAL", "NUMERIC"),
      Map.entry("BIGDECIMAL", "BIGNUMERIC"), Map.entry("RECORD", "STRUCT"));

  ColumnType {
    fields = fields == null ? List.of() : List.copyOf(fields);
  }

  static ColumnType simple(String kind) {
    return new ColumnType(kind, null, List.of());
  }

  static ColumnType array(ColumnType element) {
    return new ColumnType("ARRAY", element, List.of());
  }

  static ColumnType struct(List<Field> fields) {
    return new ColumnType("STRUCT", null, fields);
  }

  /** The canonical name of a type word ({@code integer} is {@code INT64}), or null if unknown. */
  static String canonical(String word) {
    String w = word.toUpperCase(Locale.ROOT);
    String k = ALIASES.getOrDefault(w, w);
    return SIMPLE.contains(k) || k.equals("ARRAY") || k.equals("STRUCT") || k.equals("RANGE") ? k : null;
  }

  /** Parses GoogleSQL type syntax. */
  static ColumnType parse(String text) {
    Reader r = new Reader(text);
    ColumnType t = r.type();
    r.skipSpace();
    if (r.i < text.length()) {
      throw new IllegalArgumentException("unexpected '" + text.substring(r.i) + "' after the type");
    }
    return t;
  }

  /** GoogleSQL syntax: {@code ARRAY<STRUCT<a INT64, b STRING>>}. */
  String sql() {
    return switch (kind) {
      case "ARRAY" -> "ARRAY<" + element.sql() + ">";
      case "RANGE" -> "RANGE<" + element.sql() + ">";
      case "STRUCT" -> {
        StringBuilder b = new StringBuilder("STRUCT<");
        for (int i = 0; i < fields.size(); i++) {
          Field f = fields.get(i);
          b.append(i == 0 ? "" : ", ").append(f.name().isEmpty() ? "" : f.name() + " ").append(f.type().sql());
        }
        yield b.append('>').toString();
      }
      default -> kind;
    };
  }

  @Override
  public String toString() {
    return sql();
  }

  private static final class Reader {
    private final String s;
    private int i;

    Reader(String s) {
      this.s = s;
    }

    ColumnType type() {
      String word = word();
      String kind = word == null ? null : canonical(word);
      if (kind == null) {
        throw new IllegalArgumentException(word == null || word.isEmpty()
            ? "expected a type at '" + s.substring(Math.min(i, s.length())) + "'"
            : "unknown type " + word);
      }
      ColumnType t;
      switch (kind) {
        case "ARRAY", "RANGE" -> {
          expect('<');
          ColumnType element = type();
          expect('>');
          if (kind.equals("ARRAY") && element.kind().equals("ARRAY")) {
            throw new IllegalArgumentException("BigQuery has no arrays of arrays: wrap the inner array in a STRUCT");
          }
          t = new ColumnType(kind, element, List.of());
        }
        case "STRUCT" -> {
          expect('<');
          List<Field> fields = new ArrayList<>();
          while (true) {
            int mark = i;
            String first = word();
            skipSpace();
            boolean named = first != null && i < s.length() && s.charAt(i) != ',' && s.charAt(i) != '>'
                && s.charAt(i) != '<' && s.charAt(i) != '(';
            String name = "";
            if (named) {
              name = first;
            } else {
              i = mark;
            }
            fields.add(new Field(name, type()));
            skipSpace();
            if (peek(',')) {
              i++;
              continue;
            }
            expect('>');
            break;
          }
          t = struct(fields);
        }
        default -> t = simple(kind);
      }
      skipSpace();
      if (peek('(') && SIMPLE.contains(kind)) { // type parameters: STRING(10), NUMERIC(10, 2)
        int close = s.indexOf(')', i);
        if (close < 0) {
          throw new IllegalArgumentException("unclosed type parameters");
        }
        i = close + 1;
      }
      return t;
    }

    String word() {
      skipSpace();
      if (i < s.length() && s.charAt(i) == '`') {
        int close = s.indexOf('`', i + 1);
        if (close < 0) {
          throw new IllegalArgumentException("unclosed backtick");
        }
        String w = s.substring(i + 1, close);
        i = close + 1;
        return w;
      }
      int start = i;
      while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
        i++;
      }
      return start == i ? null : s.substring(start, i);
    }

    void skipSpace() {
      while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
        i++;
      }
    }

    boolean peek(char c) {
      skipSpace();
      return i < s.length() && s.charAt(i) == c;
    }

    void expect(char c) {
      if (!peek(c)) {
        throw new IllegalArgumentException("expected '" + c + "'" + (i < s.length() ? " at '" + s.substring(i) + "'" : " at the end"));
      }
      i++;
    }
  }
}
