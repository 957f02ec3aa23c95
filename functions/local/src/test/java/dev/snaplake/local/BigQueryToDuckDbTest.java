package dev.snaplake.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The translation's text: what it rewrites and, as much, what it must leave alone. */
class BigQueryToDuckDbTest {
  @Test
  void translatesBackticksStringsAndCastTypes() {
    String bq = "SELECT CAST(x AS INT64) AS n, SAFE_CAST(y AS NUMERIC) AS m, \"it's\" AS s, `raw.app__users`.id FROM `staging`.`users` -- `comment`";
    assertThat(BigQueryToDuckDb.translate(bq)).isEqualTo(
        "SELECT CAST(CAST(x AS DECIMAL(38,18)) AS BIGINT) AS n, TRY_CAST(y AS DECIMAL(38,9)) AS m, 'it''s' AS s,"
            + " \"raw\".\"app__users\".id FROM \"staging\".\"users\" -- `comment`");
  }

  @Test
  void leavesColumnAliasesThatLookLikeTypesAloneOutsideCasts() {
    assertThat(BigQueryToDuckDb.translate("SELECT a AS amount, 'x' AS label, b AS string FROM t"))
        .isEqualTo("SELECT a AS amount, 'x' AS label, b AS string FROM t");
  }

  @Test
  void keepsTripleQuotedAndEscapedStrings() {
    assertThat(BigQueryToDuckDb.translate("SELECT '''a'b''' AS q, 'c\\'d' AS r, r'\\d+' AS p"))
        .isEqualTo("SELECT 'a''b' AS q, 'c''d' AS r, '\\d+' AS p");
  }

  @Test
  void leavesTheCompilersTableMarkersForRendering() {
    String bq = "SELECT app__users.id FROM {{raw raw.app__users as app__users}} JOIN {{ref staging.cards}} AS c ON TRUE";
    assertThat(BigQueryToDuckDb.translate(bq)).isEqualTo(bq);
  }

  @Test
  void dropsTheProjectOfAThreePartTableNameOnly() {
    assertThat(BigQueryToDuckDb.translate("SELECT t.a.b FROM `acme-prod.mart.t` AS t JOIN acme.mart.u ON TRUE"))
        .isEqualTo("SELECT t.a.b FROM \"mart\".\"t\" AS t JOIN mart.u ON TRUE");
  }

  @Test
  void exceptIsExcludeOnlyAfterAStar() {
    assertThat(BigQueryToDuckDb.translate("SELECT * EXCEPT (a) FROM t EXCEPT DISTINCT SELECT * FROM u"))
        .isEqualTo("SELECT * EXCLUDE (a) FROM t EXCEPT DISTINCT SELECT * FROM u");
  }

  @Test
  void anArrayAfterAKeywordIsNotASubscript() {
    assertThat(BigQueryToDuckDb.translate("SELECT CASE WHEN x THEN [1, 2] ELSE a[0] END FROM t"))
        .isEqualTo("SELECT CASE WHEN x THEN [1, 2] ELSE a[(0) + 1] END FROM t");
  }

  @Test
  void aRefusedConstructIsLocatedWhereItStarts() {
    String bq = "SELECT id,\n  APPROX_TOP_COUNT(name, 2) AS top\nFROM t";
    assertThatThrownBy(() -> BigQueryToDuckDb.translate(bq))
        .isInstanceOfSatisfying(UnsupportedSqlException.class, e -> {
          assertThat(e.construct()).isEqualTo("APPROX_TOP_COUNT");
          assertThat(e.offset()).isEqualTo(bq.indexOf("APPROX_TOP_COUNT"));
        });
  }

  @Test
  void aRefusedConstructInsideATranslatedCallIsFoundToo() {
    String bq = "SELECT SAFE_DIVIDE(1, ML.PREDICT(x)) FROM t";
    assertThatThrownBy(() -> BigQueryToDuckDb.translate(bq))
        .isInstanceOfSatisfying(UnsupportedSqlException.class, e -> assertThat(e.offset()).isEqualTo(bq.indexOf("ML.")));
  }
}
