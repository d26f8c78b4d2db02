package org.reaplab.cli;

import org.junit.jupiter.api.Test;
import org.reaplab.exploration.TestScenarios;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ExploreCommandTest {
    final ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();

    int run(String... args) {
        ExploreCommand command = new ExploreCommand(file -> switch (file.toString()) {
            case "race.yaml" -> new ScenarioFiles.Loaded(TestScenarios.procReaderRace(), List.of());
            case "readers.yaml" -> new ScenarioFiles.Loaded(TestScenarios.readerVsExit(), List.of());
            case "bad.yaml" -> new ScenarioFiles.Loaded(null, List.of("bad.yaml:3:5: /processes/0/uid: missing required field 'uid'"));
            default -> new ScenarioFiles.Loaded(null, List.of(file + ": cannot read: No such file"));
        });
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8), e = new PrintStream(err, true, StandardCharsets.UTF_8);
        try {
            return command.run(Args.parse(command, args), o, e);
        } catch (Args.BadArgs bad) {
            e.println(bad.getMessage());
            return 2;
        }
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void baselineViolatesAndPrintsTheCounterexampleWithTheViolatingStep() {
        assertThat(run("race.yaml")).isEqualTo(1);
        assertThat(out()).contains("proc-reader-race under baseline: complete")
                .contains("VIOLATION memory-pinned-after-reap-call at step")
                .contains("schedule: ")
                .contains("lmkd.process_mrelease=-ESRCH");
    }

    @Test
    void reapKillHasNoViolation() {
        assertThat(run("race.yaml", "--variant", "reap_kill_v2")).isEqualTo(0);
        assertThat(out()).contains("No schedule violates an invariant.");
    }

    @Test
    void budgetRunningOutFirstExitsThree() {
        assertThat(run("race.yaml", "--variant", "reap_kill_all_checked", "--max-states", "50")).isEqualTo(3);
        assertThat(out()).contains("INCOMPLETE (states budget ran out)");
    }

    @Test
    void allVariantsAsJson() {
        assertThat(run("race.yaml", "readers.yaml", "--all-variants", "--json")).isEqualTo(1);
        JsonNode doc = JsonMapper.builder().build().readTree(out());
        assertThat(doc.get("exitCode").asInt()).isEqualTo(1);
        assertThat(doc.get("reports")).hasSize(12);
        JsonNode first = doc.get("reports").get(0);
        assertThat(first.get("scenario").asString()).isEqualTo("proc-reader-race");
        assertThat(first.get("variant").asString()).isEqualTo("baseline");
        assertThat(first.get("outcomeClasses").get(0).get("calls").isObject()).isTrue();
        assertThat(first.get("counterexamples").get(0).get("schedule").isArray()).isTrue();
    }

    @Test
    void badInputExitsTwoNamingFileLineAndField() {
        assertThat(run("bad.yaml")).isEqualTo(2);
        assertThat(err()).contains("bad.yaml:3:5: /processes/0/uid");
        assertThat(run("missing.yaml")).isEqualTo(2);
        assertThat(err()).contains("missing.yaml: cannot read");
        assertThat(run("race.yaml", "--variant", "nope")).isEqualTo(2);
        assertThat(run("race.yaml", "--max-states", "many")).isEqualTo(2);
        assertThat(run()).isEqualTo(2);
    }
}
