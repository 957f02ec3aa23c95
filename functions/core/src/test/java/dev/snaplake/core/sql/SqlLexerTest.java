package dev.snaplake.core.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.snaplake.core.sql.SqlToken.Kind;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SqlLexerTest {
  @Test
  void lexesStringsQuotedIdentifiersAndComments() {
    SqlLexer.Result r = SqlLexer.lex("""
        SELECT 'a\\'b', "c\\n", r'\\d+', b'x', '''t'r''', \"\"\"u
        v\"\"\", `raw.t`, x -- c 'unclosed
        # more
        /* multi
           line */ FROM raw . t2 WHERE y = @p AND z = 1.5e3 AND w = .5""");
    assertThat(r.problems()).isEmpty();
    List<SqlToken> t = r.tokens();
    assertThat(t).filteredOn(k -> k.kind() == Kind.STRING).extracting(SqlToken::value)
        .containsExactly("a'b", "c\n", "\\d+", "t'r", "u\nv");
    assertThat(t).filteredOn(k -> k.kind() == Kind.BYTES).extracting(SqlToken::value).containsExactly("x");
    assertThat(t).filteredOn(k -> k.kind() == Kind.QUOTED_ID).extracting(SqlToken::value).containsExactly("raw.t");
    assertThat(t).filteredOn(k -> k.kind() == Kind.PARAM).extracting(SqlToken::text).containsExactly("@p");
    assertThat(t).filteredOn(k -> k.kind() == Kind.NUMBER).extracting(SqlToken::text).containsExactly("1.5e3", ".5");
    assertThat(t).extracting(SqlToken::text).doesNotContain("c", "more", "multi");
  }

  @Test
  void reportsUnclosedLiterals() {
    assertThat(SqlLexer.lex("SELECT 'abc").problems()).extracting(SqlLexer.Problem::offset, SqlLexer.Problem::message)
        .containsExactly(tuple(7, "unclosed string literal"));
    assertThat(SqlLexer.lex("SELECT 1 /* x").problems()).extracting(SqlLexer.Problem::message)
        .containsExactly("unclosed comment");
    assertThat(SqlLexer.lex("SELECT `abc").problems()).extracting(SqlLexer.Problem::message)
        .containsExactly("unclosed quoted identifier");
    assertThat(SqlLexer.lex("SELECT 'a\\qb'").problems()).extracting(SqlLexer.Problem::offset).containsExactly(9);
    assertThat(SqlLexer.lex("SELECT 'a\\q\nb").problems()).extracting(SqlLexer.Problem::message)
        .containsExactly("unclosed string literal (a newline ends it)");
  }

  @Test
  void pathSegmentsAfterADotMayStartWithADigit() {
    List<SqlToken> t = SqlLexer.lex("FROM raw.1x").tokens();
    assertThat(t).extracting(SqlToken::text).containsExactly("FROM", "raw", ".", "1x");
    assertThat(t.get(3).kind()).isEqualTo(Kind.WORD);
  }

  @Test
  void lexAllKeepsEveryCharacter() {
    String sql = "SELECT r'\\n' AS `a`, {{ref raw.t}}.x -- c\r\n/* d */ @@v, 0x1F || b\"\\x41\"\n# e";
    List<SqlToken> t = SqlLexer.lexAll(sql).tokens();
    assertThat(t.stream().map(SqlToken::text).collect(Collectors.joining())).isEqualTo(sql);
    assertThat(t).filteredOn(k -> k.kind() == Kind.COMMENT).extracting(SqlToken::text)
        .containsExactly("-- c", "/* d */", "# e");
    assertThat(t).filteredOn(k -> k.kind() == Kind.TEMPLATE_MARKER).extracting(SqlToken::text)
        .containsExactly("{{ref raw.t}}");
    assertThat(t).filteredOn(SqlToken::significant).extracting(SqlToken::kind, SqlToken::value).containsExactly(
        tuple(Kind.WORD, "SELECT"), tuple(Kind.STRING, "\\n"), tuple(Kind.WORD, "AS"), tuple(Kind.QUOTED_ID, "a"),
        tuple(Kind.SYMBOL, ","), tuple(Kind.TEMPLATE_MARKER, "{{ref raw.t}}"), tuple(Kind.SYMBOL, "."),
        tuple(Kind.WORD, "x"), tuple(Kind.PARAM, "@@v"), tuple(Kind.SYMBOL, ","), tuple(Kind.NUMBER, "0x1F"),
        tuple(Kind.SYMBOL, "||"), tuple(Kind.BYTES, "A"));
    // lex() knows no template markers
    assertThat(SqlLexer.lex("{{x}}").tokens()).extracting(SqlToken::text).containsExactly("{", "{", "x", "}", "}");
  }

  @Test
  void lexAllStillTokenizesBrokenText() {
    String sql = "SELECT 'a\nc' /* x";
    SqlLexer.Result r = SqlLexer.lexAll(sql);
    assertThat(r.tokens().stream().map(SqlToken::text).collect(Collectors.joining())).isEqualTo(sql);
    assertThat(r.problems()).extracting(SqlLexer.Problem::message).containsExactly(
        "unclosed string literal (a newline ends it)", "unclosed string literal");
    assertThat(r.tokens()).extracting(SqlToken::kind).containsExactly(
        Kind.WORD, Kind.SPACE, Kind.STRING, Kind.SPACE, Kind.WORD, Kind.STRING);
  }

  @Test
  void tokensKnowTheirLineAndColumn() {
    List<SqlToken> t = SqlLexer.lex("ab\r\ncd\n\tx😀y\rz").tokens();
    assertThat(t).extracting(SqlToken::text, SqlToken::line, SqlToken::column).containsExactly(
        tuple("ab", 1, 1), tuple("cd", 2, 1), tuple("x", 3, 2), tuple("😀", 3, 3), tuple("y", 3, 4), tuple("z", 4, 1));
    assertThat(t.get(4).start()).isEqualTo(11);
    assertThat(t.get(4).end()).isEqualTo(12);
  }

  @Test
  void tokenPredicates() {
    List<SqlToken> t = SqlLexer.lex("select `from` FROM foo |> @ x").tokens();
    assertThat(t.get(0).is("SELECT")).isTrue();
    assertThat(t.get(0).isReserved()).isTrue();
    assertThat(t.get(1).is("from")).isFalse();
    assertThat(t.get(1).isIdentifierLike()).isTrue();
    assertThat(t.get(3).isReserved()).isFalse();
    assertThat(t.get(4).sym("|>")).isTrue();
    assertThat(t.get(5).kind()).isEqualTo(Kind.SYMBOL);
    assertThat(t.get(0).upper()).isEqualTo("SELECT");
    assertThat(t.get(1).withValue("x")).extracting(SqlToken::value, SqlToken::text).containsExactly("x", "`from`");
  }
}
