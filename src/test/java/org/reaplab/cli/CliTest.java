package org.reaplab.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reaplab.ProcReaderRace;
import org.reaplab.kernel.Errno;
import org.reaplab.scenario.Expectation;
import org.reaplab.scenario.format.LibraryEntry;
import org.reaplab.scenario.Scenario;
import org.reaplab.scenario.format.ScenarioLibrary;
import org.reaplab.scenario.format.ScenarioWriter;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line in process: exit codes, messages, and that every expected return value is really checked. */
class CliTest {

    record Result(int code, String out, String err) {}

    static Result cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Cli.main(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static List<String> libraryFiles() throws Exception {
        try (var files = Files.list(Path.of("src/main/resources/scenarios"))) {
            return files.map(Path::toString).filter(f -> f.endsWith(".yaml")).sorted().toList();
        }
    }

    @Test
    void checkAllVariantsOverTheLibraryPasses() throws Exception {
        List<String> args = new ArrayList<>(List.of("check"));
        args.addAll(libraryFiles());
        args.add("--all-variants");
        Result r = cli(args.toArray(String[]::new));
        assertThat(r.out()).doesNotContain("FAIL");
        assertThat(r.code()).isZero();
        int cells = 0; // every preset, plus the designs a file declares or names in expect
        for (LibraryEntry e : ScenarioLibrary.load()) cells += DesignArgs.allDesigns(e.scenario()).size();
        assertThat(cells).isGreaterThan(libraryFiles().size() * 6);
        assertThat(r.out()).contains(cells + " passed, 0 failed");
    }

    @Test
    void changingAnySingleExpectedReturnValueFails(@TempDir Path dir) {
        int mutations = 0;
        for (LibraryEntry e : ScenarioLibrary.load()) {
            Scenario s = e.scenario();
            for (Map.Entry<String, Expectation> variant : s.expect().entrySet()) {
                for (String key : variant.getValue().calls().keySet()) {
                    String ret = Errno.canonical(variant.getValue().calls().get(key));
                    String other = ret.equals("0") ? "-EINVAL" : "0";
                    Scenario mutated = withCall(s, variant.getKey(), key, other);
                    Path file = dir.resolve(e.file().replace('/', '_'));
                    writeString(file, new ScenarioWriter().toYaml(mutated));
                    Result r = cli("check", file.toString(), "--variant", variant.getKey());
                    assertThat(r.code()).as(e.file() + " " + variant.getKey() + " " + key + " " + ret + "→" + other).isEqualTo(1);
                    assertThat(r.out()).contains(key);
                    mutations++;
                }
            }
        }
        assertThat(mutations).isGreaterThan(150);
    }

    private static Scenario withCall(Scenario s, String variant, String key, String ret) {
        Map<String, Expectation> expect = new LinkedHashMap<>(s.expect());
        Expectation e = expect.get(variant);
        Map<String, String> calls = new LinkedHashMap<>(e.calls());
        calls.put(key, ret);
        expect.put(variant, new Expectation(calls, e.reaped(), e.killed(), e.violations()));
        return new Scenario(s.version(), s.name(), s.title(), s.description(), s.variant(), s.namespaces(), s.mms(),
                s.processes(), s.programs(), s.schedule(), expect, s.variantOptions(), s.lsm());
    }

    private static void writeString(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (java.io.IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
    }

    @Test
    void runPrintsTheTimelineAndTheOutcomeJson() throws Exception {
        String file = ProcReaderRace.FILE;
        Result text = cli("run", file);
        assertThat(text.code()).isZero();
        assertThat(text.out()).contains("find_lock_task_mm").contains("lmkd.process_mrelease returns -ESRCH")
                .contains("memory-pinned-after-reap-call");
        ProcReaderRace.assertBaselineLosesAndV2Reaps(v -> {
            Result json = cli("run", file, "--variant", v.id, "--json");
            assertThat(json.code()).isZero();
            JsonNode outcome = JsonMapper.builder().build().readTree(json.out());
            assertThat(outcome.path("variant").asString()).isEqualTo(v.id);
            return ProcReaderRace.seen(outcome);
        });
    }

    @Test
    void badFilesExitTwoWithFileLineAndField(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, """
                version: 1
                name: bad
                title: A bad one
                processes:
                  - { name: app, uid: 1, mm: nowhere }
                programs:
                  app:
                    - pidfd_open: { pid: app, as: fd }
                schedule:
                  policy: script
                  steps: [nobody*]
                """);
        Result r = cli("check", bad.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains(bad + ":5:").contains("nowhere");
        assertThat(r.err()).contains(":11:").contains("nobody");
        assertThat(r.err()).doesNotContain("Exception");

        Path syntax = dir.resolve("syntax.json");
        Files.writeString(syntax, "{ \"version\": 1, \"name\": ");
        Result s = cli("run", syntax.toString());
        assertThat(s.code()).isEqualTo(2);
        assertThat(s.err()).contains(syntax + ":1:");

        assertThat(cli("run", dir.resolve("missing.yaml").toString()).code()).isEqualTo(2);
        assertThat(cli("run", "src/main/resources/scenarios/01-proc-reader-race.yaml", "--variant", "nope").code()).isEqualTo(2);
        assertThat(cli("check").code()).isEqualTo(2);
    }

    @Test
    void anUnknownCommandPrintsTheUsageAndExitsTwo() {
        Result r = cli("frobnicate");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("unknown command 'frobnicate'").contains("usage: reaplab run FILE");
        assertThat(Cli.isCommand("frobnicate")).isFalse();
    }

    @Test
    void theUsageIsWrittenFromEveryCommandsOptions() {
        Result r = cli("help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("reaplab run FILE [--variant V | --design FILE] [--set KNOB=VALUE] [--json]")
                .contains("reaplab check FILE... [--variant V | --design FILE | --all-variants] [--set KNOB=VALUE]")
                .contains("reaplab explore FILE... [--variant V | --design FILE | --all-variants] [--set KNOB=VALUE] [--max-states N] [--max-seconds S] [--json] [--no-reduction] [--threads T]");
        assertThat(cli("explore", "--help").out()).isEqualTo(r.out());
    }

    @Test
    void everyCommandRejectsBadArgumentsTheSameWay() {
        String race = "src/main/resources/scenarios/01-proc-reader-race.yaml";
        for (String command : List.of("run", "check", "explore")) {
            Result unknown = cli(command, race, "--frob");
            assertThat(unknown.code()).as(command).isEqualTo(2);
            assertThat(unknown.err()).as(command).contains("reaplab " + command + ": unknown option --frob").contains("usage:");
            Result missing = cli(command, race, "--variant");
            assertThat(missing.code()).as(command).isEqualTo(2);
            assertThat(missing.err()).as(command).contains("--variant needs a value");
            assertThat(cli(command).err()).as(command).contains(command + " needs");
        }
        assertThat(cli("run", race, race).err()).contains("run takes one FILE");
        assertThat(cli("check", race, "--variant", "baseline", "--all-variants").err()).contains("--variant and --all-variants exclude each other");
        assertThat(cli("explore", race, "--max-seconds", "-1").err()).contains("--max-seconds needs a positive number, got '-1'");
    }
}
