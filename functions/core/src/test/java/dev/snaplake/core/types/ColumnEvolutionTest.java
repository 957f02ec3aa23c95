package dev.snaplake.core.types;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snaplake.core.types.ColumnEvolution.Kind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ColumnEvolutionTest {
  private static RawColumn column(String spec) {
    // TYPE or TYPE(p,s)
    int open = spec.indexOf('(');
    if (open < 0) {
      return new RawColumn("amount", NaturalType.valueOf(spec), "", "", 0, 0);
    }
    String[] ps = spec.substring(open + 1, spec.length() - 1).split(";");
    return new RawColumn(
        "amount", NaturalType.valueOf(spec.substring(0, open)), "", "", Integer.parseInt(ps[0]), Integer.parseInt(ps[1]));
  }

  @ParameterizedTest(name = "{0} then {1}: {2} {3}")
  @CsvSource({
    // stored,              incoming,            kind,         result
    "INT64,                 INT64,               SAME,         INT64",
    "STRING,                STRING,              SAME,         STRING",
    "NUMERIC(12;2),         NUMERIC(12;2),       SAME,         NUMERIC(12;2)",
    "NUMERIC(12;2),         NUMERIC(10;2),       FITS,         NUMERIC(12;2)",
    "NUMERIC,               NUMERIC(12;2),       FITS,         NUMERIC",
    "NUMERIC(12;2),         BIGNUMERIC(12;2),    FITS,         NUMERIC(12;2)",
    "BIGNUMERIC(50;20),     NUMERIC(12;2),       FITS,         BIGNUMERIC(50;20)",
    "NUMERIC(25;0),         INT64,               FITS,         NUMERIC(25;0)",
    "NUMERIC(10;2),         NUMERIC(14;2),       WIDENS,       NUMERIC(14;2)",
    "NUMERIC(10;2),         NUMERIC(10;4),       WIDENS,       NUMERIC(12;4)",
    "INT64,                 NUMERIC(12;2),       WIDENS,       NUMERIC(21;2)",
    "NUMERIC(12;2),         INT64,               WIDENS,       NUMERIC(21;2)",
    "NUMERIC(20;0),         BIGNUMERIC(36;0),    WIDENS,       BIGNUMERIC(36;0)",
    "NUMERIC(12;2),         NUMERIC(12;11),      WIDENS,       BIGNUMERIC(21;11)",
    "BIGNUMERIC(12;2),      NUMERIC(14;2),       WIDENS,       BIGNUMERIC(14;2)",
    "INT64,                 STRING,              INCOMPATIBLE, INT64",
    "INT64,                 FLOAT64,             INCOMPATIBLE, INT64",
    "DATETIME,              TIMESTAMP,           INCOMPATIBLE, DATETIME",
    "STRING,                BYTES,               INCOMPATIBLE, STRING",
    "BIGNUMERIC(40;0),      BIGNUMERIC(40;39),   INCOMPATIBLE, BIGNUMERIC(40;0)",
  })
  void classifiesEveryChange(String stored, String incoming, Kind kind, String result) {
    ColumnEvolution e = ColumnEvolution.of(column(stored.trim()), column(incoming.trim()));

    assertThat(e.kind()).isEqualTo(kind);
    RawColumn expected = column(result.trim());
    assertThat(e.result().type()).isEqualTo(expected.type());
    assertThat(e.result().precision()).isEqualTo(expected.precision());
    assertThat(e.result().scale()).isEqualTo(expected.scale());
    assertThat(e.result().name()).isEqualTo("amount");
    if (kind == Kind.INCOMPATIBLE) {
      assertThat(e.reason()).contains("column amount changed from").contains("lose");
    }
  }
}
