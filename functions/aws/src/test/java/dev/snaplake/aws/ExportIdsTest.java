package dev.snaplake.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snaplake.core.port.SnapshotSource.SourceSnapshot;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class ExportIdsTest {
  @Test
  void derivesTheIdFromInstanceAndUtcDayOfTheSnapshot() {
    SourceSnapshot s = new SourceSnapshot(
        "arn:aws:rds:eu-west-1:123456789012:snapshot:rds:app-prod-2026-11-24-23-30", Instant.parse("2026-11-24T23:30:00Z"));
    assertThat(ExportIds.forSnapshot("app-prod", s)).isEqualTo("snaplake-app-prod-2026-11-24");
    assertThat(ExportIds.forSnapshot("App-Prod", LocalDate.of(2026, 1, 2))).isEqualTo("snaplake-app-prod-2026-01-02");
    // The same snapshot always gives the same id: that is what makes StartExportTask idempotent.
    assertThat(ExportIds.forSnapshot("app-prod", s)).isEqualTo(ExportIds.forSnapshot("app-prod", s));
  }

  @Test
  void aLongInstanceNameIsCutAndHashedToFitSixtyCharacters() {
    String longName = "a".repeat(30) + "-" + "b".repeat(32); // 63, the RDS maximum
    String other = "a".repeat(30) + "-" + "c".repeat(32);
    String id = ExportIds.forSnapshot(longName, LocalDate.of(2026, 11, 24));
    assertThat(id).hasSizeLessThanOrEqualTo(60).startsWith("snaplake-aaaa").endsWith("-2026-11-24");
    assertThat(ExportIds.isValid(id)).isTrue();
    assertThat(ExportIds.forSnapshot(longName, LocalDate.of(2026, 11, 24))).isEqualTo(id);
    assertThat(ExportIds.forSnapshot(other, LocalDate.of(2026, 11, 24))).isNotEqualTo(id);
    // cut right after a hyphen: no double hyphen appears
    String hyphenAtCut = "a".repeat(32) + "-" + "b".repeat(20);
    assertThat(ExportIds.isValid(ExportIds.forSnapshot(hyphenAtCut, LocalDate.of(2026, 11, 24)))).isTrue();
    // the longest name that fits is kept whole
    String fits = "x".repeat(40);
    assertThat(ExportIds.forSnapshot(fits, LocalDate.of(2026, 11, 24))).isEqualTo("snaplake-" + fits + "-2026-11-24").hasSize(60);
  }

  @Test
  void validatesTheRdsRulesWithAReasonEach() {
    assertThat(ExportIds.validate("snaplake-app-2026-11-24")).isEqualTo("snaplake-app-2026-11-24");
    assertThat(ExportIds.validate("A" + "b".repeat(59))).hasSize(60);
    assertThatThrownBy(() -> ExportIds.validate(null)).hasMessageContaining("empty");
    assertThatThrownBy(() -> ExportIds.validate("")).hasMessageContaining("empty");
    assertThatThrownBy(() -> ExportIds.validate("a".repeat(61))).hasMessageContaining("61 characters").hasMessageContaining("at most 60");
    assertThatThrownBy(() -> ExportIds.validate("1snaplake")).hasMessageContaining("must start with a letter");
    assertThatThrownBy(() -> ExportIds.validate("-snaplake")).hasMessageContaining("must start with a letter");
    assertThatThrownBy(() -> ExportIds.validate("snaplake_app")).hasMessageContaining("'_' at position 9");
    assertThatThrownBy(() -> ExportIds.validate("snap:lake")).hasMessageContaining("':'");
    assertThatThrownBy(() -> ExportIds.validate("snaplake--app")).hasMessageContaining("two consecutive hyphens");
    assertThatThrownBy(() -> ExportIds.validate("snaplake-app-")).hasMessageContaining("ends with a hyphen");
    assertThatThrownBy(() -> ExportIds.validate("snaplake-é")).hasMessageContaining("only letters, digits and hyphens");
  }

  @Test
  void refusesAnInstanceNameRdsWouldNotHave() {
    assertThatThrownBy(() -> ExportIds.forSnapshot("app_prod", LocalDate.of(2026, 11, 24)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("DB instance or cluster identifier 'app_prod'");
    assertThatThrownBy(() -> ExportIds.forSnapshot("x".repeat(64), LocalDate.of(2026, 11, 24)))
        .hasMessageContaining("at most 63");
  }
}
