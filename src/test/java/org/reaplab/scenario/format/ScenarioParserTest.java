package org.reaplab.scenario.format;

import org.reaplab.scenario.VariantOptions;

import org.reaplab.scenario.ScheduleSpec;

import org.reaplab.scenario.Scenario;

import org.reaplab.scenario.ProcessSpec;

import org.reaplab.scenario.Op;

import org.reaplab.scenario.NamespaceSpec;

import org.reaplab.scenario.MmSpec;

import org.reaplab.scenario.Memory;

import org.reaplab.scenario.LsmRule;

import org.reaplab.scenario.Expectation;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScenarioParserTest {

    private final ScenarioParser parser = new ScenarioParser();

    static String resource(String path) {
        try (InputStream in = ScenarioParserTest.class.getResourceAsStream(path)) {
            assertThat(in).as(path).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private Scenario valid(String text) {
        ParseResult r = parser.parse(text, "test.yaml");
        assertThat(r.problems()).as(r.report()).isEmpty();
        assertThat(r.ok()).isTrue();
        return r.scenario();
    }

    // ---- the contract's example ----

    @Test
    void parsesTheContractExample() {
        Scenario s = valid(resource("/scenario-formats/contract-example.yaml"));

        assertThat(s.version()).isEqualTo(1);
        assertThat(s.name()).isEqualTo("proc-reader-race");
        assertThat(s.title()).isEqualTo("LMKD loses the race to exit_mm while ps reads cmdline");
        assertThat(s.description()).isEqualTo("...\n");
        assertThat(s.variant()).isEqualTo("baseline");
        assertThat(s.namespaces()).containsExactly(new NamespaceSpec("container", "root"));
        assertThat(s.mms()).containsExactly(new MmSpec("app_mm", new Memory(65536, 1024, 0, 0, 0, 0, 0, 0, 0), List.of(), List.of()));
        assertThat(s.processes()).extracting(ProcessSpec::name).containsExactly("lmkd", "app", "helper", "child", "ps", "init2");
        assertThat(s.process("lmkd")).isEqualTo(new ProcessSpec("lmkd", 1069, null, null, List.of("CAP_KILL"), null, 1,
                false, null, null, false, false, false));
        assertThat(s.process("app").threads()).isEqualTo(2);
        ProcessSpec child = s.process("child");
        assertThat(child.vfork()).isTrue();
        assertThat(child.parent()).isEqualTo("app");
        assertThat(child.mm()).isEqualTo("app_mm");
        assertThat(s.process("init2").init()).isTrue();
        assertThat(s.process("init2").namespace()).isEqualTo("container");
        assertThat(s.programs()).containsOnlyKeys("lmkd", "ps");
        assertThat(s.programs().get("lmkd")).containsExactly(new Op.PidfdOpen("app", "fd", List.of()), new Op.KillAndReap("fd"));
        assertThat(s.programs().get("ps")).containsExactly(new Op.ReadProc("app", "cmdline", 2));
        assertThat(s.schedule()).isEqualTo(new ScheduleSpec("script", List.of("ps@mmput", "lmkd*", "app*", "ps*"), 7L, "round_robin"));
        assertThat(s.expect()).containsOnlyKeys("baseline", "reap_kill_v2");
        assertThat(s.expect().get("baseline")).isEqualTo(new Expectation(Map.of("lmkd.process_mrelease", "-ESRCH"),
                Map.of("app_mm", false), null, null));
        assertThat(s.expect().get("reap_kill_v2")).isEqualTo(new Expectation(Map.of("lmkd.process_mrelease", "0"),
                Map.of("app_mm", true), Set.of("app"), List.of()));
        assertThat(s.variantOptions()).isNull();
        assertThat(s.lsm()).isEmpty();
    }

    @Test
    void jsonAndYamlOfTheSameScenarioAreEqual() {
        Scenario yaml = valid(resource("/scenario-formats/contract-example.yaml"));
        Scenario json = valid(resource("/scenario-formats/contract-example.json"));
        assertThat(json).isEqualTo(yaml);
    }

    @Test
    void formatIsChosenByTheFirstNonBlankCharacter() {
        String json = "\n  {\"version\": 1, \"name\": \"j\", \"title\": \"T\", \"processes\": [{\"name\": \"a\", \"uid\": 0}]}";
        assertThat(valid(json).name()).isEqualTo("j");
        // YAML flow style that is not JSON is read as JSON, and fails as JSON
        ParseResult r = parser.parse("{version: 1}", "x");
        assertThat(r.problems()).singleElement().satisfies(p -> assertThat(p.message()).startsWith("JSON syntax error"));
    }

    // ---- every field and operation, with defaults ----

    @Test
    void readsEveryFieldAndOperation() {
        Scenario s = valid(resource("/scenarios-test/10-every-field.yaml"));

        assertThat(s.variant()).isEqualTo("reap_kill_all_checked");
        assertThat(s.namespaces()).containsExactly(new NamespaceSpec("container", "root"), new NamespaceSpec("nested", "container"));
        assertThat(s.mm("app_mm")).isEqualTo(new MmSpec("app_mm", new Memory(65536, 1024, 16, 8, 512, 4, 2, 32, 1),
                List.of("MMF_MULTIPROCESS"), List.of("anon", "shmem")));
        assertThat(s.process("lmkd")).isEqualTo(new ProcessSpec("lmkd", 1069, 1069, 0, List.of("CAP_KILL", "CAP_SYS_PTRACE"),
                null, 1, false, null, null, false, false, false));
        assertThat(s.process("svc")).isEqualTo(new ProcessSpec("svc", 1000, null, null, List.of(), "svc_mm", 1, false, null,
                "container", true, false, true));
        assertThat(s.process("vhost").kthread()).isTrue();

        assertThat(s.programs().get("lmkd")).containsExactly(
                new Op.PidfdOpen("app", "fd", List.of("PIDFD_NONBLOCK")),
                new Op.PidfdOpen("app/1", "tfd", List.of("PIDFD_THREAD")),
                new Op.PidfdSendSignal("fd", "0", List.of()),
                new Op.PidfdSendSignal("tfd", "SIGKILL", List.of("PIDFD_SIGNAL_THREAD")),
                new Op.ProcessMrelease("fd", 0),
                new Op.ProcessMrelease("fd", 1),
                new Op.ProcessMrelease("fd", -1L),
                new Op.ProcessMrelease("-1", 1),
                new Op.ProcessMrelease("PIDFD_SELF_THREAD_GROUP", 4),
                new Op.KillAndReap("fd"),
                new Op.SendPidfd("fd", "ps", "fd_in_ps"),
                new Op.Kill("svc", "SIGKILL"),
                new Op.Open("proc_dir", "app", "procfd"),
                new Op.Open("regular", null, "plain"),
                new Op.PidfdSendSignal("procfd", "SIGKILL", List.of()),
                new Op.Waitpid("helper2"));
        assertThat(s.programs().get("app")).containsExactly(
                new Op.Clone(List.of("CLONE_VM"), "helper2"),
                new Op.Clone(List.of("CLONE_VM", "CLONE_THREAD"), "app_t"),
                new Op.IoWait(true),
                new Op.Touch(),
                new Op.Exit(3, false));
        assertThat(s.programs().get("app/1")).containsExactly(new Op.Coredump(5));
        assertThat(s.programs().get("app/2")).containsExactly(new Op.Exit(0, true));
        assertThat(s.programs().get("helper2")).containsExactly(new Op.Setuid(0), new Op.Exit(0, false));
        assertThat(s.programs().get("ps")).containsExactly(
                new Op.ReadProc("app", "environ", 4),
                new Op.ProcessVmReadv("app", 3),
                new Op.PidfdSendSignal("fd_in_ps", "SIGKILL", List.of("PIDFD_SIGNAL_MM_GROUP")));
        assertThat(s.programs().get("vhost")).containsExactly(
                new Op.KthreadUseMm("app_mm", true),
                new Op.KthreadUnuseMm(),
                new Op.KthreadUseMm("svc_mm", false),
                new Op.KthreadUnuseMm());
        assertThat(s.programs().get("svc")).containsExactly(new Op.IoWait(false), new Op.Coredump(3));

        assertThat(s.schedule()).isEqualTo(new ScheduleSpec("script", List.of("ps@get_task_mm", "lmkd", "lmkd*", "app*",
                "oom_reaper*", "helper2", "app_t*", "app/1@coredump_wait"), 42L, "random"));
        assertThat(s.expect().get("baseline").calls()).containsExactly(
                Map.entry("lmkd.process_mrelease", "-ESRCH"), Map.entry("lmkd.process_mrelease#2", "-EINVAL"),
                Map.entry("ps.read_proc", "4096"), Map.entry("lmkd.pidfd_open", "3"));
        assertThat(s.expect().get("reap_kill_all_checked").killed()).containsExactlyInAnyOrder("app", "child", "helper2");
        assertThat(s.expect().get("reap_kill_all_checked").violations()).containsExactly("memory-pinned-after-reap-call");
        assertThat(s.expect().get("kernel_oom")).isEqualTo(new Expectation(Map.of("lmkd.oom_kill_process", "0"), Map.of(),
                Set.of(), List.of()));
        assertThat(s.variantOptions()).isEqualTo(new VariantOptions(
                new VariantOptions.ReapKillAllChecked(false, false, "einval", true), new VariantOptions.PidfdMmGroup("pgrp_like")));
        assertThat(s.lsm()).containsExactly(new LsmRule("lmkd", "svc", "-EACCES"), new LsmRule("lmkd", "helper2", "-EPERM"));
    }

    @Test
    void parsedScenariosAreImmutable() {
        Scenario s = valid(resource("/scenarios-test/10-every-field.yaml"));
        assertThatThrownBy(() -> s.programs().put("x", List.of())).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> s.programs().get("app").add(new Op.Touch())).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> s.processes().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> s.expect().get("baseline").calls().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> s.expect().get("baseline").reaped().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> s.expect().get("reap_kill_all_checked").killed().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void absentSectionsTakeTheirDefaults() {
        Scenario s = valid("""
                version: 1
                name: defaults
                title: Defaults
                processes:
                  - { name: app, uid: 1000 }
                """);
        assertThat(s.description()).isNull();
        assertThat(s.variant()).isEqualTo("baseline");
        assertThat(s.namespaces()).isEmpty();
        assertThat(s.mms()).isEmpty();
        assertThat(s.programs()).isEmpty();
        assertThat(s.schedule()).isEqualTo(ScheduleSpec.ROUND_ROBIN);
        assertThat(s.expect()).isEmpty();
        assertThat(s.variantOptions()).isNull();
        assertThat(s.lsm()).isEmpty();
        assertThat(s.process("app")).isEqualTo(new ProcessSpec("app", 1000, null, null, List.of(), null, 1, false, null,
                null, false, false, false));
    }

    @Test
    void partialVariantOptionsAndRandomScheduleTakeDefaults() {
        Scenario s = valid("""
                version: 1
                name: opts
                title: Options
                processes: [ { name: app, uid: 1000 } ]
                schedule: { policy: random }
                variantOptions:
                  reap_kill_all_checked: { rejectThreadPidfd: true }
                """);
        assertThat(s.schedule()).isEqualTo(new ScheduleSpec("random", List.of(), ScenarioParser.DEFAULT_SEED, null));
        assertThat(s.variantOptions()).isEqualTo(new VariantOptions(
                new VariantOptions.ReapKillAllChecked(true, true, "split", true), VariantOptions.PidfdMmGroup.DEFAULTS));
    }

    // ---- one test per class of error: line, column, pointer and message ----

    private static void assertProblem(Problem p, int line, int column, String pointer, String fragment) {
        assertThat(p.source()).isEqualTo("test.yaml");
        assertThat(p.message()).as(p.format()).contains(fragment);
        assertThat(p.pointer()).as(p.format()).isEqualTo(pointer);
        assertThat(p.line()).as(p.format()).isEqualTo(line);
        assertThat(p.column()).as(p.format()).isEqualTo(column);
    }

    private Problem onlyProblem(String text) {
        ParseResult r = parser.parse(text, "test.yaml");
        assertThat(r.scenario()).isNull();
        assertThat(r.ok()).isFalse();
        assertThat(r.problems()).as(r.report()).hasSize(1);
        return r.problems().get(0);
    }

    @Test
    void yamlSyntaxError() {
        Problem p = onlyProblem("""
                version: 1
                name: base
                title: [Base
                processes: []
                """);
        assertProblem(p, 4, 10, "/title", "YAML syntax error: expected ',' or ']'");
        assertThat(p.message()).contains("while parsing a flow sequence at line 3, column 8");
    }

    @Test
    void yamlTabIndentation() {
        Problem p = onlyProblem("version: 1\nprocesses:\n\t- { name: a, uid: 0 }\n");
        assertProblem(p, 3, 1, "/processes", "YAML syntax error");
        assertThat(p.message()).contains("tab");
    }

    @Test
    void jsonSyntaxError() {
        Problem p = onlyProblem("""
                {
                  "version": 1,
                  "name": "base",
                  "title": "Base"
                  "processes": []
                }
                """);
        assertProblem(p, 5, 3, "", "JSON syntax error: Unexpected character");
        assertThat(p.message()).contains("was expecting comma");
    }

    @Test
    void jsonTruncated() {
        Problem p = onlyProblem("{\"version\": 1, \"processes\": [{\"name\": \"a\"");
        assertThat(p.message()).startsWith("JSON syntax error: Unexpected end-of-input").doesNotContain("Source");
        assertThat(p.pointer()).isEqualTo("/processes/0");
    }

    @Test
    void unknownTopLevelField() {
        Problem p = onlyProblem("""
                version: 1
                name: base
                title: Base
                author: me
                processes: [ { name: app, uid: 0 } ]
                """);
        assertProblem(p, 4, 1, "/author", "unknown field 'author'; expected one of version, name, title, description, variant,");
    }

    @Test
    void unknownOpField() {
        Problem p = onlyProblem("""
                version: 1
                name: base
                title: Base
                processes: [ { name: lmkd, uid: 0 }, { name: app, uid: 0 } ]
                programs:
                  lmkd:
                    - pidfd_open: { pid: app, as: fd }
                    - kill_and_reap: { pidfd: fd, flags: 1 }
                """);
        assertProblem(p, 8, 35, "/programs/lmkd/1/kill_and_reap/flags", "unknown field 'flags' in kill_and_reap; expected one of pidfd");
    }

    @Test
    void unknownOperation() {
        Problem p = onlyProblem("""
                version: 1
                name: base
                title: Base
                processes: [ { name: app, uid: 0 } ]
                programs:
                  app:
                    - touch
                    - mmap: { pages: 3 }
                """);
        assertProblem(p, 8, 7, "/programs/app/1/mmap", "unknown operation 'mmap'; expected one of pidfd_open, pidfd_send_signal,");
    }

    @Test
    void internalOomKillHasNoFileSyntax() {
        Problem p = onlyProblem("""
                version: 1
                name: base
                title: Base
                processes: [ { name: app, uid: 0 } ]
                programs:
                  app: [ { oom_kill_process: { pidfd: PIDFD_SELF_THREAD_GROUP } } ]
                """);
        assertProblem(p, 6, 12, "/programs/app/0/oom_kill_process", "oom_kill_process is internal");
    }

    @Test
    void unknownThreadInSchedule() {
        Problem p = onlyProblem("""
                version: 1
                name: base
                title: Base
                processes: [ { name: lmkd, uid: 0 }, { name: app, uid: 0, threads: 2 } ]
                schedule:
                  policy: script
                  steps: [lmkd*, app/1, nobody*]
                """);
        assertProblem(p, 7, 25, "/schedule/steps/2", "step 2 ('nobody*') names unknown thread 'nobody'");
        assertThat(p.message()).contains("known threads: lmkd, app, app/1, oom_reaper");
    }

    @Test
    void badStepSyntax() {
        ParseResult r = parser.parse("""
                version: 1
                name: base
                title: Base
                processes: [ { name: app, uid: 0 } ]
                schedule: { policy: script, steps: ["app@", "*", "app@exit mm", 5] }
                """, "test.yaml");
        assertThat(r.problems()).extracting(Problem::pointer)
                .containsExactly("/schedule/steps/0", "/schedule/steps/1", "/schedule/steps/2", "/schedule/steps/3");
        assertThat(r.problems().get(0).message()).contains("after '@' comes a kernel function name");
        assertThat(r.problems().get(3).message()).contains("must be a string");
    }

    @Test
    void stepsNeedPolicyScript() {
        Problem p = onlyProblem("""
                version: 1
                name: base
                title: Base
                processes: [ { name: app, uid: 0 } ]
                schedule: { steps: [app*] }
                """);
        assertProblem(p, 5, 20, "/schedule/steps", "'steps' are only followed by policy script");
    }

    @Test
    void referenceToMissingMm() {
        Problem p = onlyProblem("""
                version: 1
                name: base
                title: Base
                processes:
                  - { name: app, uid: 0, mm: app_mm }
                """);
        assertProblem(p, 5, 30, "/processes/0/mm", "unknown mm 'app_mm' in process 'app'; no mms are declared");
    }

    @Test
    void kthreadUseMmOfMissingMm() {
        Problem p = onlyProblem("""
                version: 1
                name: base
                title: Base
                mms: [ { name: app_mm } ]
                processes: [ { name: app, uid: 0, mm: app_mm }, { name: vhost, uid: 0, kthread: true } ]
                programs:
                  vhost: [ { kthread_use_mm: { mm: appmm } } ]
                """);
        assertProblem(p, 7, 36, "/programs/vhost/0/kthread_use_mm/mm", "unknown mm 'appmm'; declared mms: app_mm");
    }

    @Test
    void kthreadOperationsBelongToKthreadsAndNest() {
        ParseResult r = parser.parse("""
                version: 1
                name: base
                title: Base
                mms: [ { name: m } ]
                processes: [ { name: app, uid: 0, mm: m }, { name: vhost, uid: 0, kthread: true } ]
                programs:
                  vhost:
                    - kthread_unuse_mm
                    - kthread_use_mm: { mm: m }
                    - kthread_use_mm: { mm: m }
                  app:
                    - kthread_use_mm: { mm: m }
                """, "test.yaml");
        assertThat(r.problems()).hasSize(3);
        assertProblem(r.problems().get(0), 8, 7, "/programs/vhost/0", "kthread_unuse_mm without a kthread_use_mm before it");
        assertProblem(r.problems().get(1), 10, 7, "/programs/vhost/2", "kthread_use_mm while the thread already uses an mm");
        assertProblem(r.problems().get(2), 12, 7, "/programs/app/0", "are for kernel threads (kthread: true); 'app' is a user thread");
    }

    @Test
    void missingPidfdName() {
        Problem p = onlyProblem("""
                version: 1
                name: base
                title: Base
                processes: [ { name: lmkd, uid: 0 }, { name: app, uid: 0 } ]
                programs:
                  lmkd:
                    - pidfd_open: { pid: app, as: fd }
                    - kill_and_reap: { pidfd: fdx }
                """);
        assertProblem(p, 8, 31, "/programs/lmkd/1/kill_and_reap/pidfd", "unknown pidfd 'fdx'");
        assertThat(p.message()).contains("-1, PIDFD_SELF_THREAD, PIDFD_SELF_THREAD_GROUP").endsWith(": fd");
    }

    @Test
    void missingRequiredArgument() {
        Problem p = onlyProblem("""
                version: 1
                name: base
                title: Base
                processes: [ { name: lmkd, uid: 0 } ]
                programs:
                  lmkd:
                    - kill_and_reap: {}
                """);
        assertProblem(p, 7, 22, "/programs/lmkd/0/kill_and_reap/pidfd", "missing required field 'pidfd' of kill_and_reap");
    }

    @Test
    void namespaceCycle() {
        Problem p = onlyProblem("""
                version: 1
                name: base
                title: Base
                namespaces:
                  - { name: a, parent: b }
                  - { name: b, parent: c }
                  - { name: c, parent: a }
                  - { name: d, parent: c }
                processes: [ { name: app, uid: 0, ns: d } ]
                """);
        assertProblem(p, 5, 24, "/namespaces/0/parent", "namespaces form a cycle: a → b → c → a");
    }

    @Test
    void processParentCycle() {
        Problem p = onlyProblem("""
                version: 1
                name: base
                title: Base
                processes:
                  - { name: p1, uid: 0, parent: p2 }
                  - { name: p2, uid: 0, parent: p1 }
                """);
        assertProblem(p, 5, 33, "/processes/0/parent", "processes form a parent cycle: p1 → p2 → p1");
    }

    @Test
    void parentDeclaredLaterAndSelfParent() {
        ParseResult r = parser.parse("""
                version: 1
                name: base
                title: Base
                processes:
                  - { name: kid, uid: 0, parent: dad }
                  - { name: dad, uid: 0 }
                  - { name: me, uid: 0, parent: me }
                """, "test.yaml");
        assertThat(r.problems()).hasSize(2);
        assertProblem(r.problems().get(0), 5, 34, "/processes/0/parent", "parent 'dad' of process 'kid' is declared after it");
        assertProblem(r.problems().get(1), 7, 33, "/processes/2/parent", "processes form a parent cycle: me → me");
    }

    @Test
    void absurdMemorySize() {
        Problem p = onlyProblem("""
                version: 1
                name: base
                title: Base
                mms:
                  - name: app_mm
                    memory: { anon: 99999999999999999999999, file: 4294967296 }
                processes: [ { name: app, uid: 0, mm: app_mm } ]
                """);
        assertProblem(p, 6, 21, "/mms/0/memory/anon", "memory 'anon' of 99999999999999999999999 pages is absurd");
    }

    @Test
    void negativeOrFractionalMemory() {
        ParseResult r = parser.parse("""
                version: 1
                name: base
                title: Base
                mms: [ { name: m, memory: { anon: -1, file: 1.5, shmem: "3" } } ]
                processes: [ { name: app, uid: 0, mm: m } ]
                """, "test.yaml");
        assertThat(r.problems()).extracting(Problem::pointer)
                .containsExactly("/mms/0/memory/anon", "/mms/0/memory/file", "/mms/0/memory/shmem");
        assertThat(r.problems()).allSatisfy(p -> assertThat(p.message()).contains("a whole number of 4 KiB pages"));
    }

    @Test
    void badVariant() {
        Problem p = onlyProblem("""
                version: 1
                name: base
                title: Base
                variant: reap_kill_v3
                processes: [ { name: app, uid: 0 } ]
                """);
        assertProblem(p, 4, 10, "/variant", "'variant' must be one of baseline, reap_kill_v2, reap_kill_all_rfc, "
                + "reap_kill_all_checked, pidfd_mm_group, kernel_oom; got the string 'reap_kill_v3'");
    }

    @Test
    void badVariantInExpect() {
        Problem p = onlyProblem("""
                version: 1
                name: base
                title: Base
                processes: [ { name: app, uid: 0 } ]
                expect:
                  v2: { killed: [app] }
                """);
        assertProblem(p, 6, 3, "/expect/v2", "unknown variant 'v2' in expect");
    }

    @Test
    void badErrnoInExpect() {
        ParseResult r = parser.parse("""
                version: 1
                name: base
                title: Base
                processes: [ { name: lmkd, uid: 0 } ]
                expect:
                  baseline:
                    calls: { "lmkd.process_mrelease": ESRCH, "lmkd.kill": -ENOTANERRNO, "lmkd.pidfd_open": "three" }
                """, "test.yaml");
        assertThat(r.problems()).hasSize(3);
        assertProblem(r.problems().get(0), 7, 39, "/expect/baseline/calls/lmkd.process_mrelease", "is 'ESRCH'; write -ESRCH");
        assertProblem(r.problems().get(1), 7, 59, "/expect/baseline/calls/lmkd.kill", "unknown errno '-ENOTANERRNO'; known: -EPERM");
        assertProblem(r.problems().get(2), 7, 92, "/expect/baseline/calls/lmkd.pidfd_open", "must be 0, a number, or -ERRNO by name");
    }

    @Test
    void numericReturnValuesAreCanonical() {
        Scenario s = valid("""
                version: 1
                name: base
                title: Base
                processes: [ { name: lmkd, uid: 0 } ]
                expect:
                  baseline:
                    calls: { "lmkd.process_mrelease": -3, "lmkd.kill": "-22", "lmkd.pidfd_open#2": 0 }
                """);
        assertThat(s.expect().get("baseline").calls()).containsExactly(Map.entry("lmkd.process_mrelease", "-ESRCH"),
                Map.entry("lmkd.kill", "-EINVAL"), Map.entry("lmkd.pidfd_open#2", "0"));
    }

    @Test
    void badCallKeys() {
        ParseResult r = parser.parse("""
                version: 1
                name: base
                title: Base
                processes: [ { name: lmkd, uid: 0 } ]
                expect:
                  baseline:
                    calls:
                      lmkd: 0
                      lmkd.mmap: 0
                      lmkd.kill#0: 0
                      lmkd.kill_and_reap: 0
                      ghost.kill: 0
                """, "test.yaml");
        assertThat(r.problems()).extracting(Problem::line).containsExactly(8, 9, 10, 11, 12);
        assertThat(r.problems().get(0).message()).contains("must be \"thread.op\" or \"thread.op#n\"");
        assertThat(r.problems().get(1).message()).contains("names unknown operation 'mmap'");
        assertThat(r.problems().get(2).message()).contains("repeat number n ≥ 1");
        assertThat(r.problems().get(3).message()).contains("kill_and_reap reports the calls it expands to");
        assertThat(r.problems().get(4).message()).contains("call key 'ghost.kill' names unknown thread 'ghost'");
        assertThat(r.problems().get(4).pointer()).isEqualTo("/expect/baseline/calls/ghost.kill");
    }

    @Test
    void badInvariantName() {
        Problem p = onlyProblem("""
                version: 1
                name: base
                title: Base
                processes: [ { name: app, uid: 0 } ]
                expect:
                  baseline: { violations: [live-task-on-reaped-mm, sigbus] }
                """);
        assertProblem(p, 6, 52, "/expect/baseline/violations/1", "unknown invariant the string 'sigbus'; expected one of "
                + "live-task-on-reaped-mm, kill-without-permission, signal-crossed-pidns, mm-freed-while-referenced, "
                + "memory-pinned-after-reap-call");
    }

    @Test
    void duplicateNames() {
        ParseResult r = parser.parse("""
                version: 1
                name: base
                title: Base
                namespaces: [ { name: c }, { name: c } ]
                mms: [ { name: m }, { name: m } ]
                processes:
                  - { name: app, uid: 0, mm: m }
                  - { name: app, uid: 1 }
                programs:
                  app:
                    - clone: { flags: [CLONE_VM], as: kid }
                    - clone: { flags: [CLONE_VM], as: kid }
                    - clone: { flags: [CLONE_VM, CLONE_VM], as: app }
                """, "test.yaml");
        assertThat(r.problems()).hasSize(6);
        assertProblem(r.problems().get(0), 4, 36, "/namespaces/1/name", "duplicate namespace name 'c'");
        assertProblem(r.problems().get(1), 5, 29, "/mms/1/name", "duplicate mm name 'm'");
        assertProblem(r.problems().get(2), 8, 13, "/processes/1/name", "duplicate process name 'app'");
        assertProblem(r.problems().get(3), 12, 39, "/programs/app/1/clone/as", "clone 'as' name 'kid' is used by another clone");
        assertProblem(r.problems().get(4), 13, 34, "/programs/app/2/clone/flags/1", "'CLONE_VM' is listed twice");
        assertProblem(r.problems().get(5), 13, 49, "/programs/app/2/clone/as", "clone 'as' name 'app' clashes with a declared process");
    }

    @Test
    void duplicateKeys() {
        Problem p = onlyProblem("""
                version: 1
                name: base
                title: Base
                processes: [ { name: app, uid: 0, uid: 1 } ]
                """);
        assertProblem(p, 4, 35, "/processes/0/uid", "duplicate key 'uid'");
    }

    @Test
    void yamlAliasesAreRejected() {
        ParseResult r = parser.parse("""
                version: 1
                name: base
                title: &t Base
                description: *t
                processes: [ { name: app, uid: 0 } ]
                """, "test.yaml");
        assertThat(r.problems()).singleElement().satisfies(p -> assertProblem(p, 4, 14, "/description", "YAML aliases (*t) are not supported"));
    }

    @Test
    void processRules() {
        ParseResult r = parser.parse("""
                version: 1
                name: base
                title: Base
                mms: [ { name: a_mm }, { name: b_mm }, { name: unused_mm } ]
                namespaces: [ { name: box } ]
                processes:
                  - { name: app, uid: 0, mm: a_mm }
                  - { name: kid, uid: 0, mm: b_mm, vfork: true, parent: app }
                  - { name: orphan, uid: 0, mm: a_mm, vfork: true }
                  - { name: i1, uid: 0, ns: box, init: true, mm: b_mm }
                  - { name: i2, uid: 0, ns: box, init: true }
                  - { name: kt, uid: 0, kthread: true, mm: a_mm }
                  - { name: x, uid: 0, ns: nowhere, threads: 65 }
                  - { name: a/b, uid: -1 }
                  - { name: oom_reaper, uid: 0 }
                """, "test.yaml");
        assertThat(r.problems()).extracting(Problem::pointer).containsExactly(
                "/mms/2/name", "/processes/1/vfork", "/processes/2/vfork", "/processes/4/init", "/processes/5/mm",
                "/processes/6/ns", "/processes/6/threads", "/processes/7/name", "/processes/7/uid", "/processes/8/name");
        assertThat(r.problems().get(0).message()).contains("mm 'unused_mm' is used by no process");
        assertThat(r.problems().get(1).message()).contains("must share its parent's mm: expected mm: a_mm, got b_mm");
        assertThat(r.problems().get(2).message()).contains("vfork child but has no 'parent'");
        assertThat(r.problems().get(3).message()).contains("namespace 'box' already has an init ('i1')");
        assertThat(r.problems().get(4).message()).contains("is a kthread and has no mm of its own");
        assertThat(r.problems().get(5).message()).contains("unknown namespace 'nowhere'");
        assertThat(r.problems().get(6).message()).contains("is 65; expected a thread count from 1 to 64");
        assertThat(r.problems().get(7).message()).contains("(no '/')");
        assertThat(r.problems().get(8).message()).contains("'uid' of a process must be an integer uid ≥ 0; got the number -1");
        assertThat(r.problems().get(9).message()).contains("'oom_reaper' is the name of the kernel_oom variant's reaper kthread");
    }

    @Test
    void limits() {
        StringBuilder b = new StringBuilder("version: 1\nname: big\ntitle: Big\nprocesses:\n");
        for (int i = 0; i < 33; i++) b.append("  - { name: p").append(i).append(", uid: 0, threads: 8 }\n");
        b.append("programs:\n  p0:\n");
        for (int i = 0; i < 1001; i++) b.append("    - touch\n");
        ParseResult r = parser.parse(b.toString(), "test.yaml");
        assertThat(r.problems()).extracting(Problem::message).containsExactly(
                "33 processes; at most 32 are allowed",
                "264 threads in all; at most 256 are allowed",
                "the program of 'p0' has 1001 operations; at most 1000 are allowed");
        assertThat(r.problems()).extracting(Problem::pointer).containsExactly("/processes", "/processes", "/programs/p0");

        ParseResult huge = parser.parse("#".repeat(ScenarioParser.MAX_CHARS + 1), "test.yaml");
        assertThat(huge.problems()).singleElement().satisfies(p -> assertThat(p.message()).contains("at most 1048576"));
    }

    @Test
    void operationArgumentRules() {
        ParseResult r = parser.parse("""
                version: 1
                name: base
                title: Base
                processes: [ { name: lmkd, uid: 0 }, { name: app, uid: 0 } ]
                programs:
                  lmkd:
                    - kill: { pid: app, sig: SIGTERM }
                    - process_mrelease: { pidfd: 3, flags: -2 }
                    - read_proc: { pid: app, file: maps, pages: 0 }
                    - open: { file: regular, pid: app, as: f }
                    - pidfd_open: { pid: ghost, as: PIDFD_SELF_THREAD }
                    - send_pidfd: { pidfd: f, to: app/1, as: g }
                    - { touch: {}, exit: {} }
                  ghost:
                    - touch
                """, "test.yaml");
        assertThat(r.problems()).extracting(Problem::pointer).containsExactly(
                "/programs/lmkd/0/kill/sig",
                "/programs/lmkd/1/process_mrelease/pidfd",
                "/programs/lmkd/1/process_mrelease/flags",
                "/programs/lmkd/2/read_proc/file",
                "/programs/lmkd/2/read_proc/pages",
                "/programs/lmkd/3/open/pid",
                "/programs/lmkd/4/pidfd_open/pid",
                "/programs/lmkd/4/pidfd_open/as",
                "/programs/lmkd/5/send_pidfd/to",
                "/programs/lmkd/6",
                "/programs/ghost");
        assertThat(r.problems().get(0).message()).contains("must be SIGKILL (or 9) or 0");
        assertThat(r.problems().get(1).message()).contains("-1 is the only number", "got the number 3");
        assertThat(r.problems().get(2).message()).contains("(unsigned)-1");
        assertThat(r.problems().get(5).message()).contains("only for file: proc_dir");
        assertThat(r.problems().get(6).message()).contains("unknown pid 'ghost'");
        assertThat(r.problems().get(7).message()).contains("special pidfd value");
        assertThat(r.problems().get(8).message()).contains("unknown process 'app/1'");
        assertThat(r.problems().get(9).message()).contains("exactly one key", "found keys touch, exit");
        assertThat(r.problems().get(10).message()).contains("program of unknown thread 'ghost'");
    }

    @Test
    void cloneChildrenAreThreadsProcessesAndPids() {
        Scenario s = valid("""
                version: 1
                name: base
                title: Base
                mms: [ { name: m } ]
                processes: [ { name: app, uid: 0, mm: m }, { name: lmkd, uid: 0 } ]
                programs:
                  lmkd:
                    - pidfd_open: { pid: kid, as: fd }
                    - send_pidfd: { pidfd: fd, to: kid, as: own }
                    - kill: { pid: app_t }
                  app:
                    - clone: { flags: [CLONE_VM], as: kid }
                    - clone: { flags: [CLONE_VM, CLONE_THREAD], as: app_t }
                  kid:
                    - pidfd_send_signal: { pidfd: own }
                schedule: { policy: script, steps: [app*, kid*, app_t] }
                expect:
                  baseline: { killed: [kid] }
                lsm: [ { from: kid, to: app, errno: -13 } ]
                """);
        assertThat(s.programs()).containsOnlyKeys("lmkd", "app", "kid");
        assertThat(s.lsm()).containsExactly(new LsmRule("kid", "app", "-EACCES"));

        // a CLONE_THREAD child is a thread, not a process
        ParseResult r = parser.parse("""
                version: 1
                name: base
                title: Base
                mms: [ { name: m } ]
                processes: [ { name: app, uid: 0, mm: m } ]
                programs:
                  app: [ { clone: { flags: [CLONE_VM, CLONE_THREAD], as: t } } ]
                expect:
                  baseline: { killed: [t] }
                lsm: [ { from: app, to: t, errno: 0 } ]
                """, "test.yaml");
        assertThat(r.problems()).extracting(Problem::pointer)
                .containsExactly("/expect/baseline/killed/0", "/lsm/0/to", "/lsm/0/errno");
        assertThat(r.problems().get(2).message()).contains("must be a negative errno");
    }

    @Test
    void topLevelRequiredFieldsAndTypes() {
        ParseResult r = parser.parse("""
                version: 2
                name: Not A Slug
                description: 42
                namespaces: { name: a }
                """, "test.yaml");
        assertThat(r.problems()).extracting(Problem::pointer)
                .containsExactly("/title", "/processes", "/version", "/name", "/description", "/namespaces");
        assertThat(r.problems().get(0).message()).contains("missing required field 'title'");
        assertThat(r.problems().get(0).line()).isEqualTo(1);
        assertThat(r.problems().get(2).message()).contains("unsupported version the number 2; this ReapLab reads version 1");
        assertThat(r.problems().get(3).message()).contains("a slug of 1 to 64 characters");
        assertThat(r.problems().get(5).message()).contains("must be a list");
    }

    @Test
    void emptyAndNonObjectDocuments() {
        assertThat(parser.parse("", "test.yaml").problems()).singleElement()
                .satisfies(p -> assertProblem(p, 1, 1, "", "the file is empty"));
        assertThat(parser.parse("# only a comment\n", "test.yaml").problems()).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("the file is empty"));
        assertThat(parser.parse("- a\n- b\n", "test.yaml").problems()).singleElement()
                .satisfies(p -> assertProblem(p, 1, 1, "", "a scenario must be an object"));
        assertThat(parser.parse("version: 1\n---\nversion: 1\n", "test.yaml").problems()).singleElement()
                .satisfies(p -> assertProblem(p, 3, 1, "", "a second YAML document"));
        assertThat(parser.parse("{\"version\": 1} {}", "test.yaml").problems()).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("after the end of the scenario object"));
    }

    @Test
    void multipleErrorsAreAllReportedInFileOrder() {
        ParseResult r = parser.parse("""
                version: 1
                name: base
                title: Base
                variant: nope
                mms:
                  - name: app_mm
                    memory: { anon: 1e9 }
                processes:
                  - { name: lmkd, uid: 1069, caps: [CAP_SYS_ADMIN] }
                  - { name: app, uid: 10123, mm: app_mm, colour: red }
                programs:
                  lmkd:
                    - kill_and_reap: { pidfd: nofd }
                schedule: { policy: script, steps: [lmkd*, nobody*] }
                expect:
                  baseline: { calls: { "lmkd.process_mrelease": ESRCH }, violations: [oops] }
                """, "test.yaml");
        assertThat(r.scenario()).isNull();
        assertThat(r.problems()).extracting(Problem::pointer).containsExactly(
                "/variant",
                "/mms/0/memory/anon",
                "/processes/0/caps/0",
                "/processes/1/colour",
                "/programs/lmkd/0/kill_and_reap/pidfd",
                "/schedule/steps/1",
                "/expect/baseline/calls/lmkd.process_mrelease",
                "/expect/baseline/violations/0");
        assertThat(r.report().lines()).hasSize(8).allSatisfy(line -> assertThat(line).startsWith("test.yaml:"));
        assertThat(r.report().lines().findFirst()).hasValue(
                "test.yaml:4:10: /variant: 'variant' must be one of baseline, reap_kill_v2, reap_kill_all_rfc, "
                        + "reap_kill_all_checked, pidfd_mm_group, kernel_oom; got the string 'nope'");
    }

    @Test
    void pointersEscapeSlashAndTilde() {
        Problem p = onlyProblem("""
                version: 1
                name: base
                title: Base
                processes: [ { name: app, uid: 0, threads: 2 } ]
                programs:
                  app/1: [ { kill: { pid: app, sig: 3 } } ]
                """);
        assertThat(p.pointer()).isEqualTo("/programs/app~11/0/kill/sig");
    }

    @Test
    void neverThrowsOnTruncatedOrGarbledInput() {
        String yaml = resource("/scenarios-test/10-every-field.yaml");
        String json = resource("/scenario-formats/contract-example.json");
        for (String text : List.of(yaml, json)) {
            for (int i = 0; i < text.length(); i += 7) {
                String prefix = text.substring(0, i);
                String garbled = text.substring(0, i) + "\u0000:[{\"*&!" + text.substring(i);
                assertThatCode(() -> {
                    ParseResult a = parser.parse(prefix, "cut");
                    ParseResult b = parser.parse(garbled, "garbled");
                    assertThat(a.ok() || !a.problems().isEmpty()).isTrue();
                    assertThat(b.problems()).isNotEmpty();
                }).as("cut at %d", i).doesNotThrowAnyException();
            }
        }
        assertThat(parser.parse(null, null).problems()).singleElement()
                .satisfies(p -> assertThat(p.source()).isEqualTo("scenario"));
        assertThat(parser.parse("[".repeat(200), "deep").problems()).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("nested deeper than 64"));
    }
}
