package dev.snaplake.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snaplake.core.naming.ObjectId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ManifestCodecTest {
  private static final ManagedObject TABLE = new ManagedObject(ObjectId.parse("mart.daily"), Materialization.TABLE,
      "SELECT d, n FROM {{ref staging.t}}", List.of(ObjectId.parse("staging.t")), "Daily counts",
      Map.of("git", "true"), Map.of("n", "rows"), "sql/mart/daily.sql", "0123456789abcdef", "data@acme.com",
      Optional.of(new Partitioning("d", "MONTH", "DATE_TRUNC(d, MONTH)")), List.of("n"),
      List.of(new OutputColumn("d", "DATE"), new OutputColumn("n", "ARRAY<STRUCT<a INT64, b STRING>>")));

  @Test
  void versionTwoRoundTripsOwnerLayoutAndSchema() {
    Manifest m = new Manifest(Manifest.FORMAT_VERSION, "abc", "raw", List.of("staging", "mart"), "snaplake_archive",
        List.of(TABLE));
    String json = ManifestCodec.toJson(m);
    assertThat(json).contains("\"formatVersion\": 2").contains("\"expression\": \"DATE_TRUNC(d, MONTH)\"")
        .contains("\"type\": \"ARRAY<STRUCT<a INT64, b STRING>>\"");
    assertThat(ManifestCodec.fromJson(json)).isEqualTo(m);
  }

  @Test
  void versionOneManifestsStillRead() {
    String v1 = """
        {"formatVersion": 1, "hash": "h", "rawDataset": "raw", "managedDatasets": ["mart"],
         "archiveDataset": "snaplake_archive",
         "objects": [{"id": "mart.v", "materialization": "view", "file": "sql/mart/v.sql", "contentHash": "c",
                      "description": "d", "labels": {"git": "true"}, "columnDescriptions": {},
                      "inputs": ["raw.app__users"], "sql": "SELECT 1 FROM {{raw raw.app__users}}"}]}
        """;
    ManagedObject o = ManifestCodec.fromJson(v1).objects().get(0);
    assertThat(o.owner()).isEmpty();
    assertThat(o.partitioning()).isEmpty();
    assertThat(o.clustering()).isEmpty();
    assertThat(o.schema()).isEmpty();
    assertThat(o.labels()).containsEntry("git", "true");
  }

  @Test
  void unknownVersionsAndUnitsAreRefused() {
    assertThatThrownBy(() -> ManifestCodec.fromJson("{\"formatVersion\": 3}"))
        .hasMessageContaining("formatVersion 3 is not supported (this snaplake reads 1 to 2)");
    assertThatThrownBy(() -> ManifestCodec.fromJson("{\"formatVersion\": 0}")).hasMessageContaining("not supported");
    assertThatThrownBy(() -> new Partitioning("d", "WEEK", "d")).hasMessageContaining("partitioning unit must be one of");
  }
}
