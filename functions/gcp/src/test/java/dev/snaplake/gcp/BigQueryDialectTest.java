package dev.snaplake.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snaplake.core.catalog.SqlTemplate;
import dev.snaplake.core.naming.InvalidNameException;
import dev.snaplake.core.naming.ObjectId;
import dev.snaplake.core.snapshot.Snapshot;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BigQueryDialectTest {
  final BigQueryDialect dialect = new BigQueryDialect("acme-analytics-prod");
  final Snapshot s = Snapshot.parse("20261124");

  @Test
  void rawReadsArePinnedToTheSnapshotsPartition() {
    assertThat(dialect.rawAt(new ObjectId("raw", "app__users"), s))
        .isEqualTo("(SELECT * FROM `acme-analytics-prod.raw.app__users` WHERE _PARTITIONDATE = DATE '2026-11-24')");
  }

  @Test
  void rendersATemplate() {
    String sql = "SELECT * FROM {{raw raw.app__orders as o}} JOIN {{ref mart.users}} u ON u.id = o.user_id";
    assertThat(SqlTemplate.render(sql, dialect, s))
        .isEqualTo("SELECT * FROM (SELECT * FROM `acme-analytics-prod.raw.app__orders` WHERE _PARTITIONDATE = DATE"
            + " '2026-11-24') AS o JOIN `acme-analytics-prod.mart.users` u ON u.id = o.user_id");
  }

  @Test
  void domainScopedProjectsAreQuotedWhole() {
    assertThat(new BigQueryDialect("example.com:analytics").object(new ObjectId("mart", "x")))
        .isEqualTo("`example.com:analytics.mart.x`");
  }

  @Test
  void projectIdsAreValidated() {
    assertThatThrownBy(() -> new BigQueryDialect("bad`project")).isInstanceOf(InvalidNameException.class);
    assertThatThrownBy(() -> new BigQueryDialect("Upper-Case")).isInstanceOf(InvalidNameException.class);
  }

  @Test
  void literalsAndLabels() {
    assertThat(BigQuerySql.string("a \"b\" \\ c\nd\u0001")).isEqualTo("\"a \\\"b\\\" \\\\ c\\nd\\u0001\"");
    assertThat(BigQuerySql.labels(Map.of("b", "2", "a", "")))
        .isEqualTo("[(\"a\", \"\"), (\"b\", \"2\")]");
    assertThatThrownBy(() -> BigQuerySql.labels(Map.of("a", "x".repeat(64)))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BigQuerySql.labels(Map.of("1a", "x"))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void labelsReadBackFromTableOptions() {
    assertThat(BigQueryWarehouse.parseLabels(
            "[STRUCT(\"managed-by\", \"snaplake\"), STRUCT(\"snapshot\", \"20261124\"), STRUCT(\"content-hash\", \"\")]"))
        .containsExactly(Map.entry("managed-by", "snaplake"), Map.entry("snapshot", "20261124"), Map.entry("content-hash", ""));
    assertThat(BigQueryWarehouse.parseLabels(null)).isEmpty();
  }
}
