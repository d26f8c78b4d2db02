package org.reaplab.scenario.format;

import org.reaplab.scenario.Scenario;

import org.reaplab.scenario.Op;

import org.reaplab.scenario.Expectation;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The file format's round-2 extensions: pgrp, memcg, setpgid, exec and the new expect fields. */
class ScenarioExtensionsRound2Test {
    static final String BASE = """
            version: 1
            name: ext
            title: ext
            mms:
              - { name: m, memory: { anon: 8 } }
              - { name: fresh, memory: { anon: 4 } }
            processes:
              - { name: shell, uid: 1, mm: m, threads: 2, memcg: jobs }
              - { name: job, uid: 1, parent: shell, pgrp: shell }
            programs:
              shell:
                - exec: { mm: fresh }
              job:
                - setpgid
                - setpgid: { pid: job, pgid: shell }
            expect:
              baseline:
                resident: { m: 0, fresh: 4 }
                exitMmapBy: { m: shell, fresh: none }
                freed: { m: true }
                panic: false
                killedInCoredump: []
            """;

    static ParseResult parse(String text) {
        return new ScenarioParser().parse(text, "ext.yaml");
    }

    @Test
    void readsAndWritesTheExtensionsBack() {
        ParseResult r = parse(BASE);
        assertThat(r.problems()).as(r.report()).isEmpty();
        Scenario s = r.scenario();
        assertThat(s.process("shell").memcg()).isEqualTo("jobs");
        assertThat(s.process("job").pgrp()).isEqualTo("shell");
        assertThat(s.programs().get("shell")).containsExactly(new Op.Exec("fresh"));
        assertThat(s.programs().get("job")).containsExactly(new Op.Setpgid(null, null), new Op.Setpgid("job", "shell"));
        Expectation e = s.expect().get("baseline");
        assertThat(e.resident()).isEqualTo(Map.of("m", 0L, "fresh", 4L));
        assertThat(e.exitMmapBy()).isEqualTo(Map.of("m", "shell", "fresh", Expectation.NONE));
        assertThat(e.freed()).isEqualTo(Map.of("m", true));
        assertThat(e.panic()).isFalse();
        assertThat(e.killedInCoredump()).isEqualTo(Set.of());
        ScenarioWriter w = new ScenarioWriter();
        for (String text : List.of(w.toYaml(s), w.toJson(s))) {
            ParseResult again = parse(text);
            assertThat(again.problems()).as(again.report()).isEmpty();
            assertThat(again.scenario()).isEqualTo(s);
        }
    }

    @Test
    void rejectsAnExecMmThatAProcessHasAnExecInAnotherThreadAndAnUnknownGroup() {
        String bad = BASE.replace("- exec: { mm: fresh }", "- exec: { mm: m }")
                .replace("pgrp: shell }", "pgrp: nobody }")
                .replace("  job:\n", "  shell/1:\n    - exec: { mm: fresh }\n  job:\n");
        ParseResult r = parse(bad);
        assertThat(r.ok()).isFalse();
        String report = r.report();
        assertThat(report).contains("mm 'm' is used by a process already");
        assertThat(report).contains("exec runs in a process's first thread");
        assertThat(report).contains("unknown process group 'nobody'");
    }

    @Test
    void anMmNobodyUsesIsStillAnErrorUnlessAnExecBuildsIt() {
        ParseResult r = parse(BASE.replace("    - exec: { mm: fresh }\n", "    - touch\n"));
        assertThat(r.report()).contains("mm 'fresh' is used by no process");
    }

    @Test
    void expectExtensionsAreChecked() {
        ParseResult r = parse(BASE.replace("resident: { m: 0, fresh: 4 }", "resident: { m: lots, nomm: 1 }")
                .replace("exitMmapBy: { m: shell, fresh: none }", "exitMmapBy: { m: ghost }")
                .replace("panic: false", "panic: maybe"));
        String report = r.report();
        assertThat(report).contains("nomm").contains("ghost").contains("'panic' of expect.baseline must be true or false");
        assertThat(report).contains("whole number of pages");
    }
}
