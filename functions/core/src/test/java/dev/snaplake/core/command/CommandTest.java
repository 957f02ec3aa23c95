package dev.snaplake.core.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.snaplake.core.catalog.ManagedObject;
import dev.snaplake.core.catalog.Manifest;
import dev.snaplake.core.catalog.Materialization;
import dev.snaplake.core.naming.ObjectId;
import dev.snaplake.core.snapshot.Snapshot;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class CommandTest {
  static final Manifest MANIFEST = new Manifest(1, "m0123456789abcdef", "raw", List.of("mart"), "snaplake_archive",
      List.of(new ManagedObject(ObjectId.parse("mart.users"), Materialization.VIEW, "SELECT 1",
          List.of(ObjectId.parse("raw.app__users")), "", Map.of(), Map.of(), "", "h")));

  static Command parse(String json) {
    return Command.parse(JsonParser.parseString(json).getAsJsonObject(), MANIFEST);
  }

  @Test
  void everyCommandRoundTripsThroughItsDocument() {
    List<Command> commands = List.of(
        new Command.Rebuild(List.of(ObjectId.parse("mart.users")), Optional.of(Snapshot.parse("2026-11-24")), true),
        new Command.Rebuild(List.of(ObjectId.parse("mart.users")), Optional.empty(), false),
        new Command.Prune(true),
        new Command.Load("rds/app-prod/app-prod-2026-11-25", "app-prod-2026-11-25"),
        new Command.Apply(Optional.of(Snapshot.parse("2026-11-25")), true),
        new Command.Apply(Optional.empty(), false));
    for (Command c : commands) {
      JsonObject doc = c.toJson();
      assertThat(Command.parse(doc, MANIFEST)).as(doc.toString()).isEqualTo(c);
    }
  }

  @Test
  void aLoadTakesTheExportRootWithOrWithoutATrailingSlash() {
    assertThat(parse("{\"command\":\"load\",\"export\":\"rds/app-prod/ex-1/\"}"))
        .isEqualTo(new Command.Load("rds/app-prod/ex-1", "ex-1"));
    assertThat(parse("{\"command\":\"load\",\"export\":\"ex-1\"}")).isEqualTo(new Command.Load("ex-1", "ex-1"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "{\"command\":\"load\"}                                  | field 'export' must be the export's key prefix",
    "{\"command\":\"load\",\"export\":\"\"}                  | field 'export' must be the export's key prefix",
    "{\"command\":\"load\",\"export\":7}                     | field 'export' must be the export's key prefix",
    "{\"command\":\"load\",\"export\":\"/abs/ex\"}           | is not an export's key prefix",
    "{\"command\":\"load\",\"export\":\"a/../ex\"}           | is not an export's key prefix",
    "{\"command\":\"load\",\"export\":\"_snaplake/ex\"}      | is not an export's key prefix",
    "{\"command\":\"load\",\"export\":\"rds/ex\",\"x\":1}    | unknown field 'x'",
    "{\"command\":\"reload\"}                                | unknown command 'reload'; known commands: rebuild, prune, load, apply",
    "{\"command\":\"apply\",\"snapshot\":\"2026-02-30\"}  | apply command field 'snapshot'",
    "{\"command\":\"apply\",\"snapshot\":20261125}        | must be a date string",
    "{\"command\":\"apply\",\"prune\":1}                  | must be true or false",
    "{\"command\":\"apply\",\"dryRun\":true}              | unknown field 'dryRun'",
    "{\"command\":\"rebuild\",\"objects\":[\"mart.nope\"]}   | unknown object mart.nope",
    "{\"command\":\"rebuild\",\"objects\":[\"raw.app__users\"]} | a raw table",
    "{\"command\":\"prune\",\"dryRun\":\"yes\"}              | must be true or false",
  })
  void mistakesAreRefusedWhole(String json, String message) {
    assertThatThrownBy(() -> parse(json.strip())).isInstanceOf(InvalidCommandException.class).hasMessageContaining(message.strip());
  }
}
