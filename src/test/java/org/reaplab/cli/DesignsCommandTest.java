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

    /**
     * Every counterexample the JSON lists replays: under the design the JSON names (its canonical string),
     * the scenario run along the schedule as a script fires the invariant at the listed step. The presets
     * over the whole library, and every design of the default space over two scenarios.
     */
    @Test
    void everyJsonCounterexampleReplaysToItsInvariant() throws Exception {
        java.util.List<String> library;
        try (java.util.stream.Stream<Path> files = Files.list(Path.of("src/main/resources/scenarios"))) {
            library = files.map(Path::toString).filter(f -> f.endsWith(".yaml")).sorted().toList();
        }
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("designs"));
        args.addAll(library);
        args.addAll(java.util.List.of("--space", "presets", "--json"));
        int presets = replayAll(cli(args.toArray(String[]::new)));
        assertThat(presets).isGreaterThanOrEqualTo(6);
        int all = replayAll(cli("designs", VFORK, "src/main/resources/scenarios/09-clone-vm-sibling.yaml", "--json"));
        assertThat(all).isGreaterThan(30);
    }

    /** Replays every break of every design in a designs --json document; returns how many. */
    private static int replayAll(CliTest.Result r) throws Exception {
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode doc = JsonMapper.builder().build().readTree(r.out());
        java.util.Map<String, org.reaplab.scenario.Scenario> byName = new java.util.HashMap<>();
        for (JsonNode s : doc.get("scenarios")) {
            org.reaplab.scenario.Scenario sc = ScenarioFiles.read("src/main/resources/scenarios/" + s.get("file").asString(), System.err);
            byName.put(s.get("name").asString(), sc);
        }
        int replayed = 0;
        for (JsonNode d : doc.get("designs")) {
            String id = d.get("id").asString();
            org.reaplab.design.Design design = org.reaplab.design.Design.parse(id);
            for (JsonNode b : d.get("breaks")) {
                java.util.List<String> schedule = new java.util.ArrayList<>();
                for (JsonNode t : b.get("schedule")) schedule.add(t.asString());
                org.reaplab.exploration.Counterexample c = new org.reaplab.exploration.Counterexample(
                        b.get("invariant").asString(), b.get("step").asInt(), schedule, b.get("detail").asString(), null);
                org.reaplab.scenario.Scenario sc = byName.get(b.get("scenario").asString());
                assertThat(c.reproducedBy(c.replay(sc, design)))
                        .as(id + ": " + c.invariant() + " in " + b.get("scenario").asString() + " at step " + c.step()).isTrue();
                replayed++;
            }
        }
        return replayed;
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
