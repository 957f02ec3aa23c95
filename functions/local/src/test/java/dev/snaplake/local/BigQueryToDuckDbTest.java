package dev.snaplake.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BigQueryToDuckDbTest {
  @Test
  void translatesBackticksStringsAndCastTypes() {
    String bq = "SELECT CAST(x AS INT64) AS n, SAFE_CAST(y AS NUMERIC) AS m, \"it's\" AS s, `raw.app__users`.id FROM `staging`.`users` -- `comment`";
    assertThat(BigQueryToDuckDb.translate(bq)).isEqualTo(
        "SELECT CAST(x AS BIGINT) AS n, TRY_CAST(y AS DECIMAL(38,9)) AS m, 'it''s' AS s, \"raw\".\"app__users\".id FROM \"staging\".\"users\" -- `comment`");
  }

  @Test
  void leavesColumnAliasesThatLookLikeTypesAloneOutsideCasts() {
    assertThat(BigQueryToDuckDb.translate("SELECT a AS amount, 'x' AS label FROM t"))
        .isEqualTo("SELECT a AS amount, 'x' AS label FROM t");
  }

  @Test
  void keepsTripleQuotedAndEscapedStrings() {
    assertThat(BigQueryToDuckDb.translate("SELECT '''a'b''' AS q, 'c\\'d' AS r")).isEqualTo("SELECT 'a''b' AS q, 'c''d' AS r");
  }
}
