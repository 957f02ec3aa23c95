package dev.snaplake.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snaplake.core.naming.ObjectId;
import dev.snaplake.core.snapshot.Snapshot;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RawLoadLabelsTest {
  static final Snapshot S = Snapshot.parse("2026-11-24");

  @Test
  void theLabelNamesTheRecordJobWithinBigQuerysLabelRules() {
    String job = RawLoadLabels.recordJobId(new ObjectId("raw", "a_very_long_table_name_" + "x".repeat(900)), S,
        "snaplake_load_" + "y".repeat(900));
    String value = RawLoadLabels.value(S, job + "_r2");
    assertThat(value).matches("[0-9a-f]{24}_r2");
    BigQuerySql.checkLabels(Map.of(RawLoadLabels.key(S), value)); // ≤ 63, lowercase: accepted
    assertThat(RawLoadLabels.recordJobIdOf(S, value)).isEqualTo(job + "_r2");
  }

  @Test
  void theSameLoadGetsTheSameRecordJobAndADifferentLoadAnother() {
    ObjectId t = new ObjectId("raw", "app__users");
    assertThat(RawLoadLabels.recordJobId(t, S, "a")).isEqualTo(RawLoadLabels.recordJobId(t, S, "a"))
        .isNotEqualTo(RawLoadLabels.recordJobId(t, S, "b"));
  }

  @Test
  void thePatchAddsTheSnapshotAndRemovesTheOldestBeyondTheWindow() {
    Map<String, String> labels = Map.of("managed-by", "snaplake", "snaplake-load-20261122", "a",
        "snaplake-load-20261123", "b");
    Map<String, String> patch = RawLoadLabels.patch(labels, S, "c", 2);
    Map<String, String> expected = new HashMap<>();
    expected.put("snaplake-load-20261124", "c");
    expected.put("snaplake-load-20261122", null);
    assertThat(patch).isEqualTo(expected);
  }

  @Test
  void theTableNeverGoesOverBigQuerys64Labels() {
    Map<String, String> labels = new HashMap<>();
    for (int i = 0; i < 63; i++) {
      labels.put("team" + i, "x"); // someone else's labels
    }
    labels.put("snaplake-load-20261123", "b");
    Map<String, String> patch = RawLoadLabels.patch(labels, S, "c", 30);
    Map<String, String> expected = new HashMap<>();
    expected.put("snaplake-load-20261124", "c");
    expected.put("snaplake-load-20261123", null);
    assertThat(patch).isEqualTo(expected); // 63 others leave room for one load label: the newest
  }

  @Test
  void anAlreadyLabelledLoadNeedsNoPatch() {
    assertThat(RawLoadLabels.patch(Map.of("snaplake-load-20261124", "c"), S, "c", 30)).isEmpty();
  }

  @Test
  void onlyALaterLabelSendsAnOlderSnapshotToTheHistory() {
    Map<String, String> labels = Map.of("snaplake-load-20261123", "b", "managed-by", "snaplake");
    assertThat(RawLoadLabels.hasLaterThan(labels, Snapshot.parse("2026-11-22"))).isTrue();
    assertThat(RawLoadLabels.hasLaterThan(labels, S)).isFalse();
  }
}
