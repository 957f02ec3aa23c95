package dev.snaplake.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snaplake.core.sql.SqlLexer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LexerAndPositionsTest {
  @Test
  void mapsPositionsBothWays() {
    SourceText s = new SourceText("ab\r\ncd\n\tx😀y\rz");
    assertThat(s.position(0)).isEqualTo(new SourceText.Position(1, 1));
    assertThat(s.position(5)).isEqualTo(new SourceText.Position(2, 2));
    assertThat(s.position(s.text().indexOf('y'))).isEqualTo(new SourceText.Position(3, 4));
    assertThat(s.position(s.text().indexOf('z'))).isEqualTo(new SourceText.Position(4, 1));
    // ZetaSQL counts code points and expands tabs to multiples of 8.
    assertThat(s.offsetOfZetaSqlLocation(3, 9)).isEqualTo(s.text().indexOf('x'));
    assertThat(s.offsetOfZetaSqlLocation(3, 11)).isEqualTo(s.text().indexOf('y'));
    assertThat(s.offsetOfZetaSqlLocation(2, 1)).isEqualTo(4);
  }

  @Test
  void zetaSqlErrorPositionsMatchOurs() {
    org.junit.jupiter.api.Assumptions.assumeTrue(TestProjects.zetaSqlAvailable(), "ZetaSQL unavailable");
    TableNameExtractor z = ZetaSql.startup().extractor();
    for (String sql : List.of("SELECT 'ééé' FROM raw.t WHERE zz ==", "SELECT\t1 FROM raw.t WHERE zz ==",
        "SELECT '😀' FROM raw.t\r\n WHERE zz ==", "SELECT 1\rFROM raw.t WHERE zz ==")) {
      TableNameExtractor.Extraction x = z.extract(sql);
      assertThat(x.error()).isNotNull();
      assertThat(sql.substring(x.errorOffset())).as(sql).isEqualTo("=");
    }
    TableNameExtractor.Extraction q = z.extract("SELECT a FROM raw.t QUALIFY x = 1 AND y = = 2");
    assertThat(q.error()).startsWith("Syntax error");
    assertThat("SELECT a FROM raw.t QUALIFY x = 1 AND y = = 2".substring(q.errorOffset())).isEqualTo("= 2");
  }

  @Test
  void rendersParamsAndMapsOffsetsBack() {
    String original = "A {{ params.x }} B {{params.long_name}} C";
    Rendered r = Rendered.render(original, Map.of("x", "1", "long_name", "value"));
    assertThat(r.text).isEqualTo("A 1 B value C");
    assertThat(r.problems).isEmpty();
    assertThat(r.original(r.text.indexOf('B'))).isEqualTo(original.indexOf('B'));
    assertThat(r.original(r.text.indexOf('C'))).isEqualTo(original.indexOf('C'));
    assertThat(r.original(r.text.indexOf("value") + 2)).isEqualTo(original.indexOf("{{params"));
    Rendered bad = Rendered.render("x {{ params.nope }} {% if %} {{ ds }} {{ unclosed", Map.of());
    assertThat(bad.problems).extracting(Rendered.Problem::message).containsExactly(
        "undefined template parameter params.nope",
        "Jinja statements ({% … %}) are not supported in model files",
        "unsupported template expression {{ ds }}",
        "unclosed template expression {{");
  }

  @Test
  void readsTheSelectList() {
    assertThat(SelectList.outputNames(SqlLexer.lex(
        "WITH a AS (SELECT 1 x, 2 y) SELECT DISTINCT a.x, y AS z, COUNT(*) n, f(1, 2), `q`, CASE WHEN TRUE THEN 1 END AS c FROM a")
        .tokens())).hasValueSatisfying(l -> assertThat(l).containsExactly("x", "z", "n", null, "q", "c"));
    assertThat(SelectList.outputNames(SqlLexer.lex("SELECT * EXCEPT (a) FROM t").tokens())).isEmpty();
    assertThat(SelectList.outputNames(SqlLexer.lex("SELECT t.* FROM t").tokens())).isEmpty();
  }
}
