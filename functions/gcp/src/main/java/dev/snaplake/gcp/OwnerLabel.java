package dev.snaplake.gcp;

import dev.snaplake.core.catalog.ManagedObject;
import dev.snaplake.core.naming.Identifiers;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A model's owner as the label {@code owner}: BigQuery has no owner option, and a label is what
 * people filter on in the console and in billing exports. Label values are lowercase letters,
 * digits, {@code _} and {@code -} (≤ 63), so {@code Data-Team@acme.com, ops@acme.com} becomes
 * {@code data-team_acme_com_ops_acme_com}.
 */
final class OwnerLabel {
  static final String KEY = "owner";
  private static final int MAX_VALUE = 63;

  private OwnerLabel() {}

  /** The label value for an owner: lower-cased, each run of other characters one {@code _}. */
  static String value(String owner) {
    return owner.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]+", "_");
  }

  /** {@code labels} plus the object's owner label, if it has an owner. */
  static Map<String, String> add(ManagedObject o, Map<String, String> labels) {
    if (o.owner().isBlank()) {
      return labels;
    }
    String value = value(o.owner().strip());
    if (value.length() > MAX_VALUE) {
      throw new IllegalArgumentException(o.id() + " (" + o.file() + "): the owner " + Identifiers.show(o.owner())
          + " becomes the label owner=" + value + ", " + value.length() + " characters; BigQuery allows " + MAX_VALUE
          + ". Shorten the -- owner: line (a group address rather than a list of people, say).");
    }
    String own = labels.get(KEY);
    if (own != null && !own.equals(value)) {
      throw new IllegalArgumentException(o.id() + " (" + o.file() + ") has the label owner=" + own
          + " and the owner line " + Identifiers.show(o.owner()) + " (label owner=" + value
          + "); they disagree: keep one of them.");
    }
    Map<String, String> out = new LinkedHashMap<>(labels);
    out.put(KEY, value);
    return out;
  }
}
