package dev.snaplake.local;

import dev.snaplake.core.catalog.ManagedObject;
import dev.snaplake.core.catalog.SqlDialect;
import dev.snaplake.core.catalog.SqlTemplate;
import dev.snaplake.core.snapshot.Snapshot;
import dev.snaplake.core.sql.SqlLexer;
import dev.snaplake.core.sql.SqlToken;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A model's SQL as the local warehouse runs it, and every failure told against the model's file:
 * a construct that cannot be translated is refused before anything runs; when DuckDB rejects the
 * translation, the error says whether the local warehouse is short or the SQL (or its data) is wrong.
 */
final class LocalModel {
  static final String STILL_RUNS_ON_BIGQUERY = "It still runs on BigQuery, and `snaplake compile` validates it on"
      + " BigQuery's rules; to build this model locally, write it with what the local warehouse runs"
      + " (docs/MODELS.md, \"The local warehouse\").";

  /** DuckDB errors that mean the translation fell short rather than the SQL being wrong. */
  private static final List<Pattern> LIMITATIONS = List.of(
      Pattern.compile("Parser Error: [^\n]*?at or near \"([^\"]+)\""),
      Pattern.compile("Parser Error: ()"),
      Pattern.compile("Catalog Error: \\w+ Function with name \"?(\\w+)\"? does not exist"),
      Pattern.compile("Binder Error: No function matches the given name and argument types '(\\w+)\\("),
      Pattern.compile("Not implemented Error: ()"));
  private static final List<Pattern> SQL_ERRORS = List.of(
      Pattern.compile("Binder Error: Referenced column \"?(\\w+)\"? not found"),
      Pattern.compile("Catalog Error: Table with name \"?(\\w+)\"? does not exist"),
      Pattern.compile("(?:Conversion|Out of Range|Invalid Input|Constraint) Error: ()"),
      Pattern.compile("Binder Error: ()"));

  private LocalModel() {}

  /** The DuckDB SQL of {@code o} pinned to {@code snapshot}; a construct DuckDB lacks is refused here. */
  static String sql(ManagedObject o, SqlDialect dialect, Snapshot snapshot) {
    String translated;
    try {
      translated = BigQueryToDuckDb.translate(o.sql());
    } catch (UnsupportedSqlException u) {
      throw new WarehouseException("not supported by the local warehouse: " + u.construct() + " at "
          + ModelSource.of(o.file(), o.sql()).at(u.offset(), o.sql()) + " (" + o.id() + "): " + u.reason() + ". "
          + STILL_RUNS_ON_BIGQUERY, u);
    }
    // Translate the reviewed SQL first, then pin: the pinned references are DuckDB already.
    return SqlTemplate.render(translated, dialect, snapshot);
  }

  /** DuckDB refused the translated model. */
  static WarehouseException failed(ManagedObject o, SQLException e) {
    String message = cause(e.getMessage());
    for (Pattern p : LIMITATIONS) {
      Matcher m = p.matcher(message);
      if (m.find()) {
        return new WarehouseException("not supported by the local warehouse: " + firstLine(message) + " at "
            + where(o, m.group(1)) + " (" + o.id() + "). The translation to DuckDB does not cover this construct. "
            + STILL_RUNS_ON_BIGQUERY, e);
      }
    }
    for (Pattern p : SQL_ERRORS) {
      Matcher m = p.matcher(message);
      if (m.find()) {
        return new WarehouseException("SQL error in " + where(o, m.group(1)) + " (" + o.id() + "): " + firstLine(message)
            + ". This is the SQL or its data, not a limit of the local warehouse: fix the model (`snaplake compile`"
            + " checks it on BigQuery's rules).", e);
      }
    }
    return new WarehouseException("DuckDB rejected " + o.file() + " (" + o.id() + "): " + firstLine(message)
        + ". Either the SQL is wrong or the local warehouse cannot run it. " + STILL_RUNS_ON_BIGQUERY, e);
  }

  /** The model's file, at the first place its query names {@code name} when DuckDB named one. */
  private static String where(ManagedObject o, String name) {
    if (name == null || name.isEmpty()) {
      return o.file();
    }
    Optional<SqlToken> at = SqlLexer.lexAll(o.sql()).tokens().stream()
        .filter(t -> t.isIdentifierLike() && t.value().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT)))
        .findFirst();
    return at.map(t -> ModelSource.of(o.file(), o.sql()).at(t.start(), o.sql())).orElse(o.file());
  }

  /** DuckDB's JDBC driver may wrap the error ("… pending query result\nError: Binder Error: …"). */
  private static String cause(String message) {
    if (message == null) {
      return "";
    }
    int wrapped = message.indexOf("Error: ", message.indexOf("pending query result") + 1);
    return message.contains("pending query result") && wrapped >= 0 ? message.substring(wrapped + "Error: ".length()) : message;
  }

  private static String firstLine(String message) {
    int nl = message.indexOf('\n');
    return (nl < 0 ? message : message.substring(0, nl)).strip();
  }
}
