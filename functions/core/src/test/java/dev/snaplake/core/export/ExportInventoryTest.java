package dev.snaplake.core.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ExportInventoryTest {
  private static final String KEY = "exports/ex-1/snaplake_inventory_ex-1.json";

  @Test
  void roundTripsSortedAndLeavesItselfOut() {
    ExportInventory inventory =
        ExportInventory.of(
            "ex-1",
            Instant.parse("2026-11-25T03:00:00Z"),
            List.of(
                new ExportInventory.Entry("app/app.users/1/part-00000-a.gz.parquet", 1234),
                new ExportInventory.Entry("snaplake_inventory_ex-1.json", 99),
                new ExportInventory.Entry("export_info_ex-1.json", 500)));

    ExportInventory read = ExportInventory.parse(inventory.toJson(), KEY);

    assertThat(read).isEqualTo(inventory);
    assertThat(read.objects()).extracting(ExportInventory.Entry::path)
        .containsExactly("app/app.users/1/part-00000-a.gz.parquet", "export_info_ex-1.json");
    assertThat(read.totalBytes()).isEqualTo(1734);
  }

  @Test
  void contentHashChangesWithAnySizeOrPath() {
    Instant t = Instant.EPOCH;
    String a = ExportInventory.of("x", t, List.of(new ExportInventory.Entry("a", 1))).contentHash();
    assertThat(ExportInventory.of("x", Instant.now(), List.of(new ExportInventory.Entry("a", 1))).contentHash()).isEqualTo(a);
    assertThat(ExportInventory.of("x", t, List.of(new ExportInventory.Entry("a", 2))).contentHash()).isNotEqualTo(a);
    assertThat(ExportInventory.of("x", t, List.of(new ExportInventory.Entry("b", 1))).contentHash()).isNotEqualTo(a);
  }

  @Test
  void isRecognisedByItsKey() {
    ExportObjectKey k = ExportObjectKey.parse(KEY);
    assertThat(k.kind()).isEqualTo(ExportObjectKind.INVENTORY);
    assertThat(k.exportId()).isEqualTo("ex-1");
    assertThat(k.inventoryKey()).isEqualTo(KEY);
    assertThat(ExportObjectKey.parse("exports/ex-1/snaplake_inventory_ex-2.json").kind()).isEqualTo(ExportObjectKind.OTHER);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "{",
        "[]",
        "{\"version\":2,\"exportId\":\"ex-1\",\"writtenAt\":\"2026-11-25T03:00:00Z\",\"objects\":[]}",
        "{\"version\":1,\"exportId\":\"ex-1\",\"writtenAt\":\"yesterday\",\"objects\":[]}",
        "{\"version\":1,\"exportId\":\"ex-1\",\"writtenAt\":\"2026-11-25T03:00:00Z\"}",
        "{\"version\":1,\"exportId\":\"ex-1\",\"writtenAt\":\"2026-11-25T03:00:00Z\",\"objects\":[{\"path\":\"../x\",\"size\":1}]}",
        "{\"version\":1,\"exportId\":\"ex-1\",\"writtenAt\":\"2026-11-25T03:00:00Z\",\"objects\":[{\"path\":\"/x\",\"size\":1}]}",
        "{\"version\":1,\"exportId\":\"ex-1\",\"writtenAt\":\"2026-11-25T03:00:00Z\",\"objects\":[{\"path\":\"x\",\"size\":-1}]}",
        "{\"version\":1,\"exportId\":\"ex-1\",\"writtenAt\":\"2026-11-25T03:00:00Z\",\"objects\":[{\"path\":\"x\",\"size\":\"big\"}]}",
        "{\"version\":1,\"exportId\":\"ex-1\",\"writtenAt\":\"2026-11-25T03:00:00Z\",\"objects\":[{\"path\":\"x\",\"size\":1},{\"path\":\"x\",\"size\":1}]}",
        "{\"version\":1,\"exportId\":\"ex-1\",\"writtenAt\":\"2026-11-25T03:00:00Z\",\"objects\":[7]}",
      })
  void brokenInventoriesAreRefusedNamingTheObject(String content) {
    assertThatThrownBy(() -> ExportInventory.parse(content.getBytes(StandardCharsets.UTF_8), KEY))
        .isInstanceOf(ExportMetadataException.class)
        .hasMessageStartingWith(KEY);
  }
}
