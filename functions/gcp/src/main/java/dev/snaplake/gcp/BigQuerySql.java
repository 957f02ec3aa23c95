package dev.snaplake.gcp;

import dev.snaplake.core.naming.Identifiers;
import dev.snaplake.core.naming.InvalidNameException;
import dev.snaplake.core.naming.ObjectId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Building blocks of the BigQuery SQL snaplake writes. Every name is validated before it is
 * quoted and every text is a properly escaped literal: nothing from outside is pasted into SQL.
 */
final class BigQuerySql {
  /** Project ids, optionally domain-scoped ({@code example.com:proj}). */
  private static final Pattern PROJECT =
      Pattern.compile("(?:[a-z][a-z0-9.-]{0,61}[a-z0-9]:)?[a-z][a-z0-9-]{4,28}[a-z0-9]");
  private static final Pattern LABEL_KEY = Pattern.compile("[a-z][a-z0-9_-]{0,62}");
  private static final Pattern LABEL_VALUE = Pattern.compile("[a-z0-9_-]{0,63}");
  private static final Pattern JOB_ID = Pattern.compile("[A-Za-z0-9_-]{1,1024}");
  static final int MAX_DESCRIPTION = 16_384;

  private BigQuerySql() {}

  static String project(String projectId) {
    if (projectId == null || !PROJECT.matcher(projectId).matches()) {
      throw new InvalidNameException("project id " + Identifiers.show(projectId) + " is not a valid GCP project id");
    }
    return projectId;
  }

  /** {@code `project.dataset.name`}. */
  static String table(String project, ObjectId id) {
    return "`" + project(project) + "." + id.dataset() + "." + id.name() + "`";
  }

  /** {@code `project.dataset.INFORMATION_SCHEMA.VIEW_NAME`}. */
  static String informationSchema(String project, String dataset, String view) {
    return "`" + project(project) + "." + dataset(dataset) + ".INFORMATION_SCHEMA." + view + "`";
  }

  static String dataset(String dataset) {
    if (!Identifiers.isDataset(dataset)) {
      throw new InvalidNameException("dataset " + Identifiers.show(dataset) + " is not a valid BigQuery dataset id");
    }
    return dataset;
  }

  /** A column, back-quoted, after checking it is a valid BigQuery column name. */
  static String column(String name) {
    if (!Identifiers.isColumn(name)) {
      throw new InvalidNameException("column " + Identifiers.show(name) + " is not a valid BigQuery column name");
    }
    return "`" + name + "`";
  }

  /** A double-quoted string literal with every special character escaped. */
  static String string(String s) {
    StringBuilder out = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '"' -> out.append("\\\"");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  /** {@code [("k", "v"), …]} in key order, after validating each label. */
  static String labels(Map<String, String> labels) {
    StringBuilder out = new StringBuilder("[");
    for (Map.Entry<String, String> e : checkLabels(labels).entrySet()) {
      if (out.length() > 1) {
        out.append(", ");
      }
      out.append('(').append(string(e.getKey())).append(", ").append(string(e.getValue())).append(')');
    }
    return out.append(']').toString();
  }

  /** BigQuery's label rules (the ASCII subset): keys start with a letter; ≤ 63 characters. */
  static Map<String, String> checkLabels(Map<String, String> labels) {
    Map<String, String> sorted = new TreeMap<>();
    for (Map.Entry<String, String> e : labels.entrySet()) {
      if (e.getKey() == null || !LABEL_KEY.matcher(e.getKey()).matches()) {
        throw new IllegalArgumentException(
            "label key " + Identifiers.show(e.getKey())
                + " is not valid in BigQuery (lowercase letters, digits, _ and -, starting with a letter, ≤ 63)");
      }
      String v = e.getValue() == null ? "" : e.getValue();
      if (!LABEL_VALUE.matcher(v).matches()) {
        throw new IllegalArgumentException(
            "label " + e.getKey() + "=" + Identifiers.show(v)
                + " is not valid in BigQuery (lowercase letters, digits, _ and -, ≤ 63)");
      }
      sorted.put(e.getKey(), v);
    }
    if (sorted.size() > 64) {
      throw new IllegalArgumentException("BigQuery allows 64 labels per resource, got " + sorted.size());
    }
    return sorted;
  }

  static String jobId(String id) {
    if (id == null || !JOB_ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "job id " + Identifiers.show(id) + " is not a valid BigQuery job id (letters, digits, _ and -, ≤ 1024)");
    }
    return id;
  }

  static String sha256Hex(String text, int bytes) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
