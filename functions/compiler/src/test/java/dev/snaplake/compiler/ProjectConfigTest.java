package dev.snaplake.compiler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectConfigTest {
  @Test
  void readsTheSampleProjectConfig() {
    ProjectConfig c = ProjectConfig.read(TestProjects.sampleProject().resolve("snaplake.json"));
    assertThat(c.rawDataset()).isEqualTo("raw");
    assertThat(c.managedDatasets()).containsExactly("staging", "mart");
    assertThat(c.archiveDataset()).isEqualTo("snaplake_archive");
    assertThat(c.sources()).containsExactly(new ProjectConfig.Source("app", "mysql", "app", "app-prod", "rds/app-prod"));
    assertThat(c.sources().get(0).sourceEngine()).isEqualTo(dev.snaplake.core.types.SourceEngine.MYSQL);
    assertThat(c.environments()).containsOnlyKeys("dev", "prod");
    assertThat(c.environment("dev")).isEqualTo(new ProjectConfig.Environment("acme-snaplake-dev", "EU"));
    assertThat(c.params()).isEmpty();
    assertThatThrownBy(() -> c.environment("qa")).hasMessageContaining("defined: dev, prod");
  }

  @Test
  void reportsEveryProblemWithItsPosition() {
    String json = """
        {
          "rawDataset": "raw",
          "managedDatasets": ["staging", "raw", "bad-name"],
          "sources": [{"name": "app", "engine": "oracle", "database": "app", "instance": "app-prod"}],
          "environments": {"dev": {"project": "Acme", "location": "EU"}},
          "params": {"table_name": "x", "marker": "{{raw raw.x}}"},
          "colour": "blue"
        }
        """;
    List<Diagnostic> out = new ArrayList<>();
    assertThat(ProjectConfig.parse(json, "sql/snaplake.json", out)).isNull();
    assertThat(out).extracting(Diagnostic::format).allSatisfy(l -> assertThat(l).startsWith("sql/snaplake.json:"));
    assertThat(out).extracting(d -> d.line() + ":" + d.message()).contains(
        "3:the raw dataset raw cannot be managed: only the loader writes it",
        "3:managed dataset 'bad-name' is not a valid dataset id",
        "4:engine 'oracle' is not supported",
        "5:project 'Acme' is not a GCP project id",
        "6:param table_name comes from each model's path and cannot be set",
        "6:param marker contains template braces",
        "7:unknown key 'colour' is ignored");
  }

  @Test
  void syntaxErrorsHaveAPosition(@TempDir Path dir) {
    List<Diagnostic> out = new ArrayList<>();
    assertThat(ProjectConfig.parse("{\n  \"rawDataset\": \"raw\",,\n}", "sql/snaplake.json", out)).isNull();
    assertThat(out).singleElement().satisfies(d -> {
      assertThat(d.line()).isEqualTo(2);
      assertThat(d.message()).startsWith("snaplake.json is not valid JSON");
    });
    Path sql = TestProjects.project(dir, Map.of("snaplake.json", "{\"managedDatasets\": []}"));
    CompileResult r = TestProjects.COMPILER.compile(sql);
    assertThat(r.ok()).isFalse();
    assertThat(r.config()).isNull();
    assertThat(r.errors()).extracting(Diagnostic::format).singleElement().asString()
        .startsWith("sql/snaplake.json:1:").contains("managedDatasets must be a non-empty list");
    assertThatThrownBy(() -> ProjectConfig.read(sql.resolve("snaplake.json")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("managedDatasets");
  }

  @Test
  void aMissingFolderOrConfigIsAnError(@TempDir Path dir) {
    assertThat(TestProjects.COMPILER.compile(dir.resolve("nope")).errors()).extracting(Diagnostic::message)
        .singleElement().asString().startsWith("no such directory");
    assertThat(TestProjects.COMPILER.compile(dir).errors()).extracting(Diagnostic::message)
        .containsExactly("missing snaplake.json");
  }
}
