package dev.snaplake.core.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snaplake.core.port.StoredObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExportListingTest {
  private static ExportListing listing(String... keys) {
    return ExportListing.of("rds/e1", "e1", java.util.Arrays.stream(keys).map(k -> new StoredObject(k, 1, 1)).toList());
  }

  @Test
  void tablesInfoRangesMayStartAtZeroOrOneButMustBeContiguous() {
    assertThat(listing("rds/e1/export_tables_info_e1_from_0_to_3.json", "rds/e1/export_tables_info_e1_from_4_to_6.json").tablesInfoGaps()).isEmpty();
    assertThat(listing("rds/e1/export_tables_info_e1_from_1_to_96.json").tablesInfoGaps()).isEmpty();
    assertThat(listing("rds/e1/export_tables_info_e1_from_4_to_6.json").tablesInfoGaps())
        .singleElement().asString().isEqualTo("no export_tables_info file covers tables 1 to 3");
    assertThat(listing("rds/e1/export_tables_info_e1_from_0_to_3.json", "rds/e1/export_tables_info_e1_from_3_to_6.json").tablesInfoGaps())
        .singleElement().asString().contains("overlaps");
    assertThat(listing().tablesInfoGaps()).containsExactly("the export has no export_tables_info file");
  }

  @Test
  void classifiesEveryObjectInOnePassAndIgnoresStrangersAndMarkers() {
    ExportListing l = listing(
        "rds/e1/export_info_e1.json",
        "rds/e1/app/app.users/1/part-00000-a.gz.parquet",
        "rds/e1/app/app.users/1/_SUCCESS",
        "rds/e1/db/public.orders/2/part-00003-b.gz.parquet",
        "rds/e1/notes.txt",
        "rds/e2/export_info_e2.json");
    assertThat(l.exportInfo()).isPresent();
    assertThat(l.dataFiles()).hasSize(2);
    assertThat(l.dataFiles().values().stream().flatMap(List::stream).map(f -> f.object().key()))
        .containsExactlyInAnyOrder("rds/e1/app/app.users/1/part-00000-a.gz.parquet", "rds/e1/db/public.orders/2/part-00003-b.gz.parquet");
    assertThat(l.ignored()).containsExactly("rds/e1/notes.txt", "rds/e2/export_info_e2.json");
  }
}
