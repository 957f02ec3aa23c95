package dev.snaplake.core.catalog;

import dev.snaplake.core.naming.ObjectId;
import dev.snaplake.core.snapshot.Snapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A model's query with its table references marked by the compiler, so that a snapshot can be
 * pinned and a project qualified without parsing SQL again:
 *
 * <ul>
 *   <li>{@code {{raw dataset.table}}} – a raw table read without an alias;
 *   <li>{@code {{raw dataset.table as alias}}} – the same, where the reader must supply the alias
 *       the query relied on (the table's own name);
 *   <li>{@code {{ref dataset.name}}} – another managed object.
 * </ul>
 */
public final class SqlTemplate {
  private static final Pattern MARKER =
      Pattern.compile("\\{\\{(raw|ref) ([A-Za-z0-9_]+)\\.([A-Za-z0-9_]+)(?: as ([A-Za-z0-9_]+))?}}");

  private SqlTemplate() {}

  public static String raw(ObjectId id, String alias) {
    return "{{raw " + id + (alias == null ? "" : " as " + alias) + "}}";
  }

  public static String ref(ObjectId id) {
    return "{{ref " + id + "}}";
  }

  /** Renders the template for a warehouse, every raw reference pinned to {@code snapshot}. */
  public static String render(String template, SqlDialect dialect, Snapshot snapshot) {
    Matcher m = MARKER.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      ObjectId id = new ObjectId(m.group(2), m.group(3));
      String replacement;
      if (m.group(1).equals("raw")) {
        replacement = dialect.rawAt(id, snapshot) + (m.group(4) == null ? "" : " AS " + m.group(4));
      } else {
        replacement = dialect.object(id);
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** Every object the template references, in order of appearance. */
  public static List<ObjectId> references(String template) {
    List<ObjectId> refs = new ArrayList<>();
    Matcher m = MARKER.matcher(template);
    while (m.find()) {
      ObjectId id = new ObjectId(m.group(2), m.group(3));
      if (!refs.contains(id)) {
        refs.add(id);
      }
    }
    return refs;
  }
}
