package dev.snaplake.core.naming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SourceTableTest {
  @Test
  void mapsMysqlAndPostgresTargetsToRawNames() {
    assertThat(SourceTable.parseTarget("app.users").rawTable("raw")).isEqualTo(new ObjectId("raw", "app__users"));
    assertThat(SourceTable.parseTarget("shop.public.orders").rawTable("raw")).isEqualTo(new ObjectId("raw", "shop__public__orders"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"app.us`ers", "app.users\"", "app.my table", "app.naïve", "app.a__b", "app.1users", "app.x;DROP TABLE y", "app.tab\nle"})
  void hostileNamesAreRefusedNeverPasted(String target) {
    assertThatThrownBy(() -> SourceTable.parseTarget(target).rawTable("raw"))
        .isInstanceOf(InvalidNameException.class).hasMessageContaining("cannot form a BigQuery table name");
  }

  @Test
  void veryLongNamesAreRefusedAndShownShort() {
    String target = "app." + "x".repeat(1100);
    assertThatThrownBy(() -> SourceTable.parseTarget(target).rawTable("raw"))
        .isInstanceOf(InvalidNameException.class).hasMessageContaining("chars)");
    assertThatThrownBy(() -> SourceTable.parseTarget("a.b.c.d")).hasMessageContaining("db.table or db.schema.table");
    assertThatThrownBy(() -> SourceTable.parseTarget("")).hasMessageContaining("empty");
  }

  @Test
  void objectIdsValidateBothParts() {
    assertThat(ObjectId.parse("mart.users").toString()).isEqualTo("mart.users");
    assertThatThrownBy(() -> ObjectId.parse("mart.users; DROP")).isInstanceOf(InvalidNameException.class);
    assertThatThrownBy(() -> ObjectId.parse("a.b.c")).isInstanceOf(InvalidNameException.class);
    assertThat(Identifiers.isColumn("_PARTITIONTIME")).isFalse();
    assertThat(Identifiers.isColumn("na me")).isFalse();
    assertThat(Identifiers.isColumn("amount_eur")).isTrue();
  }
}
