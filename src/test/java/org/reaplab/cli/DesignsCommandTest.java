package org.reaplab.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.reaplab.cli.CliTest.cli;

/** {@code designs} in process: texts, JSON with replayable counterexamples, bad input exits 2. */
class DesignsCommandTest {
    static final String RACE = "src/main/resources/scenarios/01-proc-reader-race.yaml";
    static final String VFORK = "src/main/resources/scenarios/08-vfork-child.yaml";

    @Test
    void theTextIsTheRankedTableWithTheSentenceAndItsCommand() {
        CliTest.Result r = cli("designs", RACE, VFORK, "--space", "presets", "--text");
        assertThat(r.code()).isZero();
        String flat = r.out().replaceAll("\\s+", " ");
        assertThat(flat).containsPattern("\\d of 6 designs break no safety invariant on these 2 scenarios");
        assertThat(flat).contains("rank F status", "baseline", "reap_kill_v2",
                "Reproduce: java -jar target/reaplab.jar designs " + RACE + " " + VFORK + " --space presets --text");
        assertThat(r.err()).contains("designs: 12/12 explorations");
    }

    @Test
    void jsonListsEachDesignsViolationsWithTheirSchedules() throws Exception {
        CliTest.Result r = cli("designs", VFORK, "--space", "presets", "--json");
        assertThat(r.code()).isZero();
        JsonNode doc = JsonMapper.builder().build().readTree(r.out());
        JsonNode v2 = null;
        for (JsonNode d : doc.get("designs")) if (d.get("id").asString().equals("reap_kill_v2")) v2 = d;
        assertThat(v2).isNotNull();
        assertThat(v2.get("status").asString()).isEqualTo("unsafe");
        JsonNode b = v2.get("breaks").get(0);
        assertThat(b.get("invariant").asString()).isEqualTo("live-task-on-reaped-mm");
        assertThat(b.get("scenario").asString()).isEqualTo("vfork-child");
        assertThat(b.get("schedule").size()).isEqualTo(b.get("step").asInt());
    }

    @Test
    void aScorecardAndAVerdictRow() {
        CliTest.Result card = cli("designs", VFORK, "--space", "presets", "--design", "reap_kill_v2");
        assertThat(card.code()).isZero();
        assertThat(card.out()).startsWith("Design reap_kill_v2 (preset reap_kill_v2): rank ");
        assertThat(card.out().replaceAll("\\s+", " ")).contains("--space presets --design reap_kill_v2 --text");
        CliTest.Result row = cli("designs", VFORK, "--space", "presets", "--scenario", "vfork-child");
        assertThat(row.code()).isZero();
        assertThat(row.out()).startsWith("Scenario vfork-child (08-vfork-child.yaml) under 6 designs");
    }

    @Test
    void badInputExitsTwo(@TempDir Path dir) throws Exception {
        assertThat(cli("designs", RACE, "--space", "nowhere").code()).isEqualTo(2);
        CliTest.Result unknown = cli("designs", RACE, "--space", "presets", "--design", "reap_kill_v9");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("design 'reap_kill_v9' is not in the space 'presets'");
        assertThat(cli("designs", RACE, "--space", "presets", "--scenario", "nope").code()).isEqualTo(2);
        assertThat(cli("designs", RACE, "--max-states", "many").code()).isEqualTo(2);
        Path broken = dir.resolve("broken.yaml");
        Files.writeString(broken, "version: 1\nname: x\nprocesses: 7\n");
        CliTest.Result bad = cli("designs", broken.toString(), "--space", "presets");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains(broken + ":");
    }
}
