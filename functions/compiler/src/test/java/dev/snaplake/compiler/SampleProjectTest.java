package dev.snaplake.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snaplake.core.catalog.ManagedObject;
import dev.snaplake.core.catalog.Manifest;
import dev.snaplake.core.catalog.ManifestCodec;
import dev.snaplake.core.catalog.Materialization;
import dev.snaplake.core.catalog.ModelGraph;
import dev.snaplake.core.catalog.SqlDialect;
import dev.snaplake.core.catalog.SqlTemplate;
import dev.snaplake.core.naming.ObjectId;
import dev.snaplake.core.snapshot.Snapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleProjectTest {
  private static CompileResult result;
  private static Manifest manifest;

  @BeforeAll
  static void compile() {
    result = TestProjects.COMPILER.compile(TestProjects.sampleProject());
    manifest = result.manifest();
  }

  private static ObjectId id(String s) {
    return ObjectId.parse(s);
  }

  private static ManagedObject object(String s) {
    return manifest.object(id(s)).orElseThrow();
  }

  @Test
  void compilesWithoutDiagnostics() {
    assertThat(result.diagnostics()).as(result.report()).isEmpty();
    assertThat(result.ok()).isTrue();
    assertThat(result.analyzer()).isEqualTo(TestProjects.zetaSqlAvailable() ? "zetasql" : "fallback");
    assertThat(result.config().rawDataset()).isEqualTo("raw");
    assertThat(result.config().managedDatasets()).containsExactly("staging", "mart");
    assertThat(result.config().environment("prod").project()).isEqualTo("acme-snaplake-prod");
    assertThat(manifest.formatVersion()).isEqualTo(Manifest.FORMAT_VERSION);
    assertThat(manifest.rawDataset()).isEqualTo("raw");
    assertThat(manifest.archiveDataset()).isEqualTo("snaplake_archive");
    assertThat(manifest.hash()).hasSize(16);
  }

  @Test
  void infersTheExpectedEdges() {
    Map<String, String> edges = new TreeMap<>();
    manifest.objects().forEach(o -> edges.put(o.id().toString(),
        o.inputs().stream().map(ObjectId::toString).collect(Collectors.joining(","))));
    assertThat(edges).containsExactlyInAnyOrderEntriesOf(Map.of(
        "staging.users", "raw.app__users",
        "staging.cards", "raw.app__cards",
        "staging.merchants", "raw.app__merchants",
        "staging.transactions", "raw.app__transactions",
        "mart.card_spend", "staging.cards,staging.transactions",
        "mart.user_spend", "mart.card_spend,staging.users",
        "mart.country_spend", "mart.user_spend",
        "mart.merchant_daily_volume", "staging.merchants,staging.transactions",
        "mart.user_balances", "raw.app__balances,raw.app__users",
        "mart.user_audit_summary", "raw.app__audit_log"));
  }

  @Test
  void graphIsDeepEnoughAndMixesMaterializations() {
    ModelGraph graph = ModelGraph.of(manifest);
    int maxDepth = manifest.objects().stream().mapToInt(o -> graph.depth(o.id())).max().orElse(0);
    assertThat(maxDepth).isGreaterThanOrEqualTo(3);
    assertThat(graph.depth(id("mart.country_spend"))).isEqualTo(3);
    assertThat(object("mart.merchant_daily_volume").materialization()).isEqualTo(Materialization.TABLE);
    assertThat(manifest.objects()).filteredOn(o -> o.inputs().contains(id("raw.app__audit_log"))).hasSize(1);
    assertThat(graph.downstream(java.util.Set.of(id("raw.app__transactions"))))
        .containsExactly(id("staging.transactions"), id("mart.card_spend"), id("mart.merchant_daily_volume"),
            id("mart.user_spend"), id("mart.country_spend"));
  }

  @Test
  void everyObjectHasMetadata() {
    assertThat(manifest.objects()).hasSizeGreaterThanOrEqualTo(8).allSatisfy(o -> {
      assertThat(o.description()).isNotBlank();
      assertThat(o.labels()).containsEntry("git", "true").containsEntry("team", "data").containsKey("domain");
      assertThat(o.contentHash()).hasSize(16);
      assertThat(o.file()).isEqualTo("sql/" + o.id().dataset() + "/" + o.id().name() + ".sql");
    });
    assertThat(object("staging.transactions").columnDescriptions())
        .containsEntry("amount_eur", "amount * fx_rate, rounded to cents (half away from zero)");
    assertThat(object("staging.merchants").description())
        .isEqualTo("Merchants with a spending category derived from the merchant category code (MCC).");
  }

  @Test
  void templatesCarryMarkersAndNoRawReferences() {
    for (ManagedObject o : manifest.objects()) {
      String sql = o.sql();
      assertThat(SqlTemplate.references(sql)).containsExactlyInAnyOrderElementsOf(o.inputs());
      String withoutMarkers = sql.replaceAll("\\{\\{(raw|ref) [^}]*}}", "");
      assertThat(withoutMarkers).as(o.id().toString()).doesNotContain("raw.").doesNotContain("{{").doesNotContain("`raw");
      assertThat(sql).doesNotStartWithIgnoringCase("CREATE").doesNotEndWith(";");
    }
    // No alias in the query: the marker carries the table's name so that app__users.x still resolves.
    assertThat(object("staging.users").sql()).contains("FROM {{raw raw.app__users as app__users}}\nWHERE is_active");
    assertThat(object("staging.cards").sql()).contains("FROM {{raw raw.app__cards as app__cards}}");
    // An alias in the query: none in the marker.
    assertThat(object("mart.user_balances").sql())
        .contains("FROM {{raw raw.app__balances}} AS b")
        .contains("JOIN {{raw raw.app__users}} AS u ON u.id = b.user_id");
    assertThat(object("staging.transactions").sql()).contains("FROM {{raw raw.app__transactions}} t");
    assertThat(object("mart.user_spend").sql())
        .contains("FROM {{ref staging.users}} AS u")
        .contains("LEFT JOIN {{ref mart.card_spend}} AS cs");
  }

  @Test
  void renderedTemplatesAreValidSql() {
    org.junit.jupiter.api.Assumptions.assumeTrue(TestProjects.zetaSqlAvailable(), "ZetaSQL unavailable");
    SqlDialect dialect = new SqlDialect() {
      @Override
      public String rawAt(ObjectId raw, Snapshot snapshot) {
        return "(SELECT * EXCEPT (_snapshot) FROM `acme.raw." + raw.name() + "` WHERE _snapshot = 'S')";
      }

      @Override
      public String object(ObjectId id) {
        return "`acme." + id + "`";
      }
    };
    for (ManagedObject o : manifest.objects()) {
      String sql = SqlTemplate.render(o.sql(), dialect, null);
      TableNameExtractor.Extraction x = ZetaSql.startup().extractor().extract(sql);
      assertThat(x.error()).as(o.id() + ": " + sql).isNull();
    }
  }

  @Test
  void isDeterministicAndRoundTrips(@TempDir Path dir) throws Exception {
    Manifest again = TestProjects.COMPILER.compile(TestProjects.sampleProject()).manifest();
    assertThat(again).isEqualTo(manifest);
    Path file = dir.resolve("out/manifest.json");
    ManifestWriter.write(manifest, file);
    Manifest read = ManifestCodec.fromJson(Files.readString(file));
    assertThat(read).isEqualTo(manifest);
    assertThat(Files.list(file.getParent()).toList()).containsExactly(file);
  }

  @Test
  void fallbackExtractorGivesTheSameManifest() {
    CompileResult fallback = TestProjects.FALLBACK.compile(TestProjects.sampleProject());
    assertThat(fallback.ok()).as(fallback.report()).isTrue();
    assertThat(fallback.analyzer()).isEqualTo("fallback");
    assertThat(fallback.skippedChecks()).hasSize(2).first().asString().startsWith("syntax validation (ZetaSQL unavailable");
    List<ManagedObject> objects = fallback.manifest().objects();
    assertThat(objects).extracting(ManagedObject::id, ManagedObject::inputs)
        .containsExactlyElementsOf(manifest.objects().stream()
            .map(o -> org.assertj.core.groups.Tuple.tuple(o.id(), o.inputs())).toList());
    assertThat(fallback.manifest()).isEqualTo(manifest);
  }
}
