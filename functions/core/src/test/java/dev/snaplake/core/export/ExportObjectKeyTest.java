package dev.snaplake.core.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snaplake.core.naming.SourceTable;
import org.junit.jupiter.api.Test;

class ExportObjectKeyTest {
  @Test
  void parsesMysqlAndPostgresDataFiles() {
    ExportObjectKey k = ExportObjectKey.parse("rds/app-prod/exp-1/app/app.users/2/part-00003-5f1c.gz.parquet");
    assertThat(k.kind()).isEqualTo(ExportObjectKind.DATA);
    assertThat(k.exportRoot()).isEqualTo("rds/app-prod/exp-1");
    assertThat(k.exportId()).isEqualTo("exp-1");
    assertThat(k.table()).isEqualTo(SourceTable.parseTarget("app.users"));
    assertThat(k.batch()).isEqualTo(2);
    assertThat(k.part()).isEqualTo(3);
    ExportObjectKey pg = ExportObjectKey.parse("exp-2/shop/public.orders/1/part-00000-x.gz.parquet");
    assertThat(pg.table()).isEqualTo(SourceTable.parseTarget("shop.public.orders"));
    assertThat(pg.exportRoot()).isEqualTo("exp-2");
  }

  @Test
  void parsesMetadataAndMarkers() {
    assertThat(ExportObjectKey.parse("p/exp-1/export_info_exp-1.json").kind()).isEqualTo(ExportObjectKind.EXPORT_INFO);
    ExportObjectKey t = ExportObjectKey.parse("p/exp-1/export_tables_info_exp-1_from_4_to_9.json");
    assertThat(t.kind()).isEqualTo(ExportObjectKind.TABLES_INFO);
    assertThat(t.fromIndex()).isEqualTo(4);
    assertThat(t.toIndex()).isEqualTo(9);
    assertThat(ExportObjectKey.parse("p/exp-1/app/app.users/1/_SUCCESS").kind()).isEqualTo(ExportObjectKind.SUCCESS_MARKER);
  }

  @Test
  void surprisingKeysAreOther() {
    for (String key : new String[] {
        "", "readme.md", "p/exp-1/export_info_other.json", "p/exp-1/app/app.users/x/part-0-a.gz.parquet",
        "p/exp-1/app/users/1/part-00000-a.gz.parquet", "p/exp-1/app/app.users/1/data.csv",
        "_snaplake/exports/p/exp-1/claim.json", "p/exp-1/export_tables_info_exp-1_from_99999999999_to_1.json"}) {
      assertThat(ExportObjectKey.parse(key).kind()).as(key).isEqualTo(ExportObjectKind.OTHER);
    }
    assertThat(ExportObjectKey.parse(null).kind()).isEqualTo(ExportObjectKind.OTHER);
  }
}
