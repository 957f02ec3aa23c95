package dev.snaplake.gcp;

import dev.snaplake.core.naming.ObjectId;
import dev.snaplake.core.snapshot.Snapshot;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The raw table's own labels say which snapshots are loaded, so a readiness check costs a free
 * tables.get instead of a billed query: {@code snaplake-load-<yyyymmdd>} → the id (suffix) of the
 * load's record job, whose query parameters hold the whole {@code LoadRecord} (jobs.get is free
 * too). Labels are ≤ 63 lowercase characters, so the value is a hash, not the record; tables.patch
 * merges labels key by key, so concurrent loads of different snapshots do not undo each other.
 * A table keeps at most {@code window} such labels (and never more than BigQuery's 64 labels);
 * older snapshots are found in the {@code _snaplake_state.loads} history.
 */
final class RawLoadLabels {
  static final String PREFIX = "snaplake-load-";
  static final String RECORD_JOB_PREFIX = "snaplake_record_";
  private static final int MAX_LABELS = 64;

  private RawLoadLabels() {}

  static String key(Snapshot s) {
    return PREFIX + s.partitionId();
  }

  /** The deterministic id of the job recording this load: one per (table, snapshot, load job). */
  static String recordJobId(ObjectId table, Snapshot s, String loadJobId) {
    return RECORD_JOB_PREFIX + s.partitionId() + "_"
        + BigQuerySql.sha256Hex(table + "|" + s + "|" + loadJobId, 12);
  }

  /** The label value naming a record job ({@code <hash>} or {@code <hash>_r<n>}). */
  static String value(Snapshot s, String recordJobId) {
    String prefix = RECORD_JOB_PREFIX + s.partitionId() + "_";
    if (!recordJobId.startsWith(prefix)) {
      throw new IllegalArgumentException("not a record job of " + s + ": " + recordJobId);
    }
    return recordJobId.substring(prefix.length());
  }

  static String recordJobIdOf(Snapshot s, String value) {
    return RECORD_JOB_PREFIX + s.partitionId() + "_" + value;
  }

  static Optional<String> pointer(Map<String, String> labels, Snapshot s) {
    return Optional.ofNullable(labels == null ? null : labels.get(key(s))).filter(v -> !v.isEmpty());
  }

  /** Whether a later snapshot is labelled: an unlabelled earlier one may be in the history only. */
  static boolean hasLaterThan(Map<String, String> labels, Snapshot s) {
    return labels != null && labels.keySet().stream().anyMatch(k -> k.startsWith(PREFIX)
        && k.substring(PREFIX.length()).compareTo(s.partitionId()) > 0);
  }

  /**
   * The labels to patch so the table points at this load: its own key, and null (remove) for the
   * oldest load labels beyond the window or BigQuery's 64 labels. Empty when nothing changes.
   */
  static Map<String, String> patch(Map<String, String> current, Snapshot s, String value, int window) {
    Map<String, String> labels = current == null ? Map.of() : current;
    TreeSet<String> loads = new TreeSet<>();
    int others = 0;
    for (String k : labels.keySet()) {
      if (k.startsWith(PREFIX)) {
        loads.add(k);
      } else {
        others++;
      }
    }
    loads.add(key(s));
    int keep = Math.max(0, Math.min(window, MAX_LABELS - others));
    Map<String, String> patch = new HashMap<>();
    List<String> newestFirst = List.copyOf(loads.descendingSet());
    for (int i = 0; i < newestFirst.size(); i++) {
      String k = newestFirst.get(i);
      boolean kept = i < keep;
      if (k.equals(key(s))) {
        if (kept && !value.equals(labels.get(k))) {
          patch.put(k, value);
        } else if (!kept && labels.containsKey(k)) {
          patch.put(k, null);
        }
      } else if (!kept) {
        patch.put(k, null);
      }
    }
    return patch;
  }
}
