package dev.snaplake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** replay checks a command against sql/ and the environments before anything is published. */
class ReplayCommandTest {
  @Test
  void printsTheCheckedDocumentAndTheGcloudCommand() {
    CliTest.Run r = CliTest.run("replay", "rebuild", "mart.user_spend", "--downstream", "--snapshot", "2026-11-24", "--env", "prod", "--print");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("{\"command\":\"rebuild\",\"objects\":[\"mart.user_spend\"],\"snapshot\":\"2026-11-24\",\"downstream\":true}")
        .contains("gcloud pubsub topics publish snaplake-commands --project acme-snaplake-prod --attribute command=rebuild --message '{");
    CliTest.Run load = CliTest.run("replay", "load", "rds/app-prod/app-prod-2026-11-25", "--project", "p1", "--print");
    assertThat(load.code()).as(load.err()).isZero();
    assertThat(load.out()).contains("{\"command\":\"load\",\"export\":\"rds/app-prod/app-prod-2026-11-25\"}").contains("--project p1");
    assertThat(CliTest.run("replay", "apply", "--prune", "--env", "prod", "--print").out())
        .contains("{\"command\":\"apply\",\"prune\":true}");
    assertThat(CliTest.run("replay", "prune", "--dry-run", "--env", "dev", "--print").out())
        .contains("{\"command\":\"prune\",\"dryRun\":true}").contains("acme-snaplake-dev");
  }

  @Test
  void mistakesFailBeforeAnythingIsPublished() {
    CliTest.Run unknown = CliTest.run("replay", "rebuild", "mart.usr_spend", "--env", "prod");
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err()).contains("unknown object mart.usr_spend").contains("hint:");
    CliTest.Run raw = CliTest.run("replay", "rebuild", "raw.app__users", "--env", "prod");
    assertThat(raw.err()).contains("a raw table: only managed objects are rebuilt");
    CliTest.Run date = CliTest.run("replay", "rebuild", "mart.user_spend", "--snapshot", "2026-02-30", "--env", "prod");
    assertThat(date.code()).isEqualTo(2);
    assertThat(date.err()).contains("snapshot");
    CliTest.Run env = CliTest.run("replay", "prune", "--env", "staging");
    assertThat(env.err()).contains("no environment 'staging'").contains("defined: dev, prod");
    CliTest.Run none = CliTest.run("replay", "prune");
    assertThat(none.err()).contains("which environment?").contains("--env dev|prod");
    CliTest.Run both = CliTest.run("replay", "prune", "--env", "dev", "--project", "x");
    assertThat(both.err()).contains("not both");
    CliTest.Run hostile = CliTest.run("replay", "load", "../../etc", "--env", "dev");
    assertThat(hostile.code()).isEqualTo(2);
    assertThat(hostile.err()).contains("is not an export's key prefix");
    assertThat(CliTest.run("replay", "--help").out()).contains("snaplake replay rebuild").contains("--print");
  }
}
