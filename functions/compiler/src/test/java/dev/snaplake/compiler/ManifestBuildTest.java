package dev.snaplake.compiler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snaplake.core.catalog.ManifestCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The build step that embeds the manifest in the function jar. */
class ManifestBuildTest {
  @TempDir Path dir;

  @Test
  void writesTheManifestOfSqlThatCompiles() throws Exception {
    Path sql = TestProjects.project(dir, Map.of("mart/users.sql", "SELECT id FROM raw.app__users"));
    Path out = dir.resolve("classes/snaplake/manifest.json");

    ManifestBuild.main(new String[] {sql.toString(), out.toString(), ""});

    assertThat(ManifestCodec.fromJson(Files.readString(out)).objects()).extracting(o -> o.id().toString())
        .containsExactly("mart.users");
  }

  @Test
  void sqlThatDoesNotCompileFailsTheBuildWithEveryErrorLocatedAndWritesNothing() {
    Path sql = TestProjects.project(dir, Map.of(
        "mart/a.sql", "SELECT id FROM mart.b",
        "mart/b.sql", "SELECT id FROM mart.a",
        "mart/c.sql", "SELEC 1"));
    Path out = dir.resolve("manifest.json");

    assertThatThrownBy(() -> ManifestBuild.main(new String[] {sql.toString(), out.toString()}))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("does not compile; no function jar is built from it")
        .hasMessageContaining("mart/c.sql:1:")
        .hasMessageContaining("cycle");
    assertThat(out).doesNotExist();
  }

  @Test
  void aSchemasPathThatDoesNotExistIsNamed() {
    Path sql = TestProjects.project(dir, Map.of("mart/users.sql", "SELECT id FROM raw.app__users"));
    assertThatThrownBy(() -> ManifestBuild.main(new String[] {sql.toString(), dir.resolve("m.json").toString(), "/no/such/schemas"}))
        .hasMessageContaining("-Dsnaplake.schemas=/no/such/schemas does not exist");
    assertThatThrownBy(() -> ManifestBuild.main(new String[] {sql.toString()})).hasMessageContaining("usage: ManifestBuild");
  }
}
