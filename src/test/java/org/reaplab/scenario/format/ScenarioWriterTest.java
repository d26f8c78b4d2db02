package org.reaplab.scenario.format;

import org.reaplab.scenario.VariantOptions;

import org.reaplab.scenario.ScheduleSpec;

import org.reaplab.scenario.Scenario;

import org.reaplab.scenario.ProcessSpec;

import org.reaplab.scenario.Op;

import org.reaplab.scenario.LsmRule;

import org.reaplab.scenario.Expectation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.reaplab.scenario.format.ScenarioParserTest.resource;

class ScenarioWriterTest {

    private final ScenarioParser parser = new ScenarioParser();
    private final ScenarioWriter writer = new ScenarioWriter();

    private Scenario parse(String text) {
        ParseResult r = parser.parse(text, "written");
        assertThat(r.problems()).as(r.report() + "\n--- text:\n" + text).isEmpty();
        return r.scenario();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/scenario-formats/contract-example.yaml", "/scenarios-test/10-every-field.yaml",
            "/scenarios-test/01-minimal.yml", "/scenarios-test/02-minimal.json"})
    void roundTripsThroughJsonAndYaml(String file) {
        Scenario s = parse(resource(file));
        assertThat(parse(writer.toJson(s))).isEqualTo(s);
        assertThat(parse(writer.toYaml(s))).isEqualTo(s);
        // writing is stable: what was written once is written the same way again
        assertThat(writer.toYaml(parse(writer.toYaml(s)))).isEqualTo(writer.toYaml(s));
        assertThat(writer.canonicalJson(parse(writer.toJson(s)))).isEqualTo(writer.canonicalJson(s));
    }

    @Test
    void everyLibraryScenarioRoundTrips() {
        List<LibraryEntry> library = ScenarioLibrary.load();
        assertThat(library).isNotEmpty();
        for (LibraryEntry e : library) {
            Scenario s = e.scenario();
            assertThat(parse(writer.toYaml(s))).as(e.file()).isEqualTo(s);
            assertThat(parse(writer.toJson(s))).as(e.file()).isEqualTo(s);
        }
    }

    @Test
    void yamlIsLaidOutLikeTheFormatsExamples() {
        String yaml = writer.toYaml(parse(resource("/scenario-formats/contract-example.yaml")));
        assertThat(yaml).startsWith("version: 1\nname: proc-reader-race\n")
                .contains("\nprocesses:\n- {name: lmkd, uid: 1069, caps: [CAP_KILL]}\n")
                .contains("\n  lmkd:\n  - pidfd_open: {pid: app, as: fd}\n  - kill_and_reap: {pidfd: fd}\n")
                .contains("\n  steps: [ps@mmput, lmkd*, app*, ps*]\n")
                .contains("\n    calls: {lmkd.process_mrelease: -ESRCH}\n")
                .doesNotContain("shmem") // defaults are left out
                .doesNotContain("file: cmdline");
    }

    @Test
    void defaultsAreLeftOut() {
        Scenario s = parse("""
                version: 1
                name: minimal
                title: Minimal
                variant: baseline
                namespaces: [ { name: box, parent: root } ]
                processes: [ { name: app, uid: 0, threads: 1, vfork: false, caps: [] } ]
                programs:
                  app: [ { exit: { code: 0 } }, { read_proc: { pid: app, file: cmdline, pages: 2 } } ]
                schedule: { policy: round_robin }
                """);
        assertThat(writer.toJson(s)).isEqualTo("""
                {
                  "version" : 1,
                  "name" : "minimal",
                  "title" : "Minimal",
                  "namespaces" : [ {
                    "name" : "box"
                  } ],
                  "processes" : [ {
                    "name" : "app",
                    "uid" : 0
                  } ],
                  "programs" : {
                    "app" : [ "exit", {
                      "read_proc" : {
                        "pid" : "app"
                      }
                    } ]
                  }
                }
                """);
    }

    @Test
    void awkwardStringsSurviveYaml() {
        List<String> names = List.of("true", "No", "null", "007", "1e5", "0x1F", "1_000", "-x", "_", "on", "inf");
        List<ProcessSpec> processes = new java.util.ArrayList<>();
        Map<String, List<Op>> programs = new LinkedHashMap<>();
        for (String n : names) {
            processes.add(new ProcessSpec(n, 1, null, null, List.of(), null, 1, false, null, null, false, false, false));
            programs.put(n, List.of(new Op.PidfdOpen(names.get(0), "fd_" + n.replace("-", "_"), List.of()),
                    new Op.Kill(n, "0")));
        }
        Scenario s = new Scenario(1, "awkward", "a: b # c, [x] {y} 'q' \"dq\" é → ü",
                "  indented first line\ntrailing spaces   \n\n- a list item: with colon\n\ttab\n", "baseline",
                List.of(), List.of(), processes, programs,
                new ScheduleSpec("script", List.of("007*", "true@mmput", "1e5", "-x*"), null, null),
                Map.of("baseline", new Expectation(Map.of("null.kill", "-EPERM", "007.pidfd_open#2", "3"), Map.of(),
                        Set.of("true", "No"), List.of())),
                null, List.of(new LsmRule("on", "inf", "-EACCES")));
        assertThat(parse(writer.toYaml(s))).isEqualTo(s);
        assertThat(parse(writer.toJson(s))).isEqualTo(s);
    }

    @Test
    void canonicalJsonIsTheSameForEquivalentSpellings() {
        Scenario a = parse("""
                {
                  "version": 1, "name": "canon", "title": "Canon", "variant": "baseline",
                  "namespaces": [ { "name": "box", "parent": "root" } ],
                  "mms": [ { "name": "m", "memory": { "anon": 5, "file": 0 }, "flags": ["MMF_OOM_SKIP", "MMF_UNSTABLE"] } ],
                  "processes": [
                    { "name": "app", "uid": 7, "euid": 7, "suid": 7, "mm": "m", "ns": "root", "caps": ["CAP_SYS_PTRACE", "CAP_KILL"] },
                    { "name": "b", "uid": 8, "threads": 1 }
                  ],
                  "programs": {
                    "app": [ { "process_mrelease": { "pidfd": "PIDFD_SELF_THREAD_GROUP", "flags": -1 } },
                             { "clone": { "flags": ["CLONE_THREAD", "CLONE_VM"], "as": "t" } } ],
                    "t": []
                  },
                  "schedule": { "policy": "round_robin", "seed": 9 },
                  "expect": { "baseline": { "killed": ["app", "b"], "violations": [] } },
                  "lsm": []
                }
                """);
        Scenario b = parse("""
                version: 1
                name: canon
                title: Canon
                namespaces: [ { name: box } ]
                mms: [ { name: m, memory: { anon: 5 }, flags: [MMF_UNSTABLE, MMF_OOM_SKIP] } ]
                processes:
                  - { name: app, uid: 7, mm: m, caps: [CAP_KILL, CAP_SYS_PTRACE] }
                  - { name: b, uid: 8 }
                programs:
                  app:
                    - process_mrelease: { pidfd: PIDFD_SELF_THREAD_GROUP, flags: 4294967295 }
                    - clone: { flags: [CLONE_VM, CLONE_THREAD], as: t }
                expect:
                  baseline: { killed: [b, app] }
                variantOptions: {}
                """);
        assertThat(a).isNotEqualTo(b);
        assertThat(writer.canonicalJson(a)).isEqualTo(writer.canonicalJson(b));
        assertThat(writer.canonicalJson(a)).startsWith("{\"expect\":{\"baseline\":{\"killed\":[\"app\",\"b\"]}},\"mms\":")
                .doesNotContain(" ").doesNotContain("\n")
                .contains("\"caps\":[\"CAP_KILL\",\"CAP_SYS_PTRACE\"]")
                .contains("{\"process_mrelease\":{\"flags\":4294967295,\"pidfd\":\"PIDFD_SELF_THREAD_GROUP\"}}")
                .doesNotContain("euid").doesNotContain("root").doesNotContain("seed").doesNotContain("violations");
    }

    @Test
    void canonicalJsonChangesWithTheContent() {
        Scenario s = parse(resource("/scenario-formats/contract-example.yaml"));
        String base = writer.canonicalJson(s);
        Scenario otherSteps = new Scenario(s.version(), s.name(), s.title(), s.description(), s.variant(), s.namespaces(),
                s.mms(), s.processes(), s.programs(),
                new ScheduleSpec("script", List.of("lmkd*", "ps@mmput", "app*", "ps*"), 7L, "round_robin"),
                s.expect(), s.variantOptions(), s.lsm());
        Scenario otherVariant = new Scenario(s.version(), s.name(), s.title(), s.description(), "reap_kill_v2",
                s.namespaces(), s.mms(), s.processes(), s.programs(), s.schedule(), s.expect(), s.variantOptions(), s.lsm());
        assertThat(writer.canonicalJson(otherSteps)).isNotEqualTo(base);
        assertThat(writer.canonicalJson(otherVariant)).isNotEqualTo(base);
        // an empty "killed" list (nobody may be killed) is not the same as no "killed" key (not compared)
        Scenario noKilled = new Scenario(s.version(), s.name(), s.title(), s.description(), s.variant(), s.namespaces(),
                s.mms(), s.processes(), s.programs(), s.schedule(),
                Map.of("baseline", new Expectation(Map.of(), Map.of(), null, null)), s.variantOptions(), s.lsm());
        Scenario emptyKilled = new Scenario(s.version(), s.name(), s.title(), s.description(), s.variant(), s.namespaces(),
                s.mms(), s.processes(), s.programs(), s.schedule(),
                Map.of("baseline", new Expectation(Map.of(), Map.of(), Set.of(), null)), s.variantOptions(), s.lsm());
        assertThat(writer.canonicalJson(noKilled)).isNotEqualTo(writer.canonicalJson(emptyKilled));
    }

    @Test
    void toleratesRecordsBuiltInCode() {
        Scenario s = new Scenario(1, "coded", "Built in code", null, null, null, null,
                List.of(new ProcessSpec("app", 0, null, null, null, null, 1, false, null, null, false, false, false)),
                null, ScheduleSpec.script(List.of("app"), null), null,
                new VariantOptions(null, new VariantOptions.PidfdMmGroup("pgrp_like")), null);
        Scenario back = parse(writer.toYaml(s));
        assertThat(back.processes()).extracting(ProcessSpec::name).containsExactly("app");
        assertThat(back.schedule()).isEqualTo(ScheduleSpec.script(List.of("app"), null));
        assertThat(back.variantOptions()).isEqualTo(new VariantOptions(VariantOptions.ReapKillAllChecked.DEFAULTS,
                new VariantOptions.PidfdMmGroup("pgrp_like")));
        assertThat(parse(writer.toJson(s))).isEqualTo(back);
    }

    @Test
    void internalOperationsCannotBeWritten() {
        Scenario s = new Scenario(1, "oom", "OOM", null, "kernel_oom", List.of(), List.of(),
                List.of(new ProcessSpec("app", 0, null, null, List.of(), null, 1, false, null, null, false, false, false)),
                Map.of("app", List.of(new Op.OomKill("fd"))), ScheduleSpec.ROUND_ROBIN, Map.of(), null, List.of());
        assertThatThrownBy(() -> writer.toJson(s)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("oom_kill_process is internal");
    }
}
