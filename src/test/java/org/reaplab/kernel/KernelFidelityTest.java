package org.reaplab.kernel;

import org.junit.jupiter.api.Test;
import org.reaplab.scenario.format.ParseResult;
import org.reaplab.scenario.Scenario;
import org.reaplab.scenario.format.ScenarioParser;
import org.reaplab.simulation.Outcome;
import org.reaplab.simulation.Run;
import org.reaplab.simulation.Simulation;
import org.reaplab.simulation.StepEvent;
import org.reaplab.variant.Variant;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Divergences from the kernel found in review (issue 13) that no library expectation shows on its own:
 * each test states what the kernel function named in it does.
 */
class KernelFidelityTest {

    static Scenario parse(String yaml) {
        ParseResult r = new ScenarioParser().parse(yaml, "test.yaml");
        assertThat(r.problems()).as(r.report()).isEmpty();
        return r.scenario();
    }

    static Outcome.TaskOutcome task(Outcome o, String name) {
        return o.tasks().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }

    static String ret(Outcome o, String key) {
        return o.calls().stream().filter(c -> c.key().equals(key)).findFirst().orElseThrow().ret();
    }

    /** The step index at which a change to {@code subject.field} ending in {@code to} happened, or -1. */
    static int stepOf(Run run, String subject, String field, String to) {
        for (StepEvent e : run.events()) {
            for (Change c : e.changes()) {
                if (c.subject().equals(subject) && c.field().equals(field) && c.to().equals(to)) return e.index();
            }
        }
        return -1;
    }

    /** kernel/sys.c __sys_setuid: without CAP_SETUID only the real or saved uid may be set, and only as euid. */
    @Test
    void setuidWithoutCapSetuidIsEpermExceptToTheRealOrSavedUid() {
        Scenario s = parse("""
                version: 1
                name: setuid
                title: setuid
                processes:
                  - { name: plain, uid: 1000, suid: 0 }
                  - { name: other, uid: 1000 }
                  - { name: root, uid: 0, caps: [CAP_SETUID] }
                programs:
                  plain:
                    - setuid: { uid: 0 }
                  other:
                    - setuid: { uid: 0 }
                  root:
                    - setuid: { uid: 1000 }
                """);
        Run run = Simulation.run(s, Variant.BASELINE);
        Outcome o = run.outcome();
        assertThat(ret(o, "plain.setuid")).isEqualTo("0");      // to the saved uid: euid only
        assertThat(ret(o, "other.setuid")).isEqualTo("-EPERM");
        assertThat(ret(o, "root.setuid")).isEqualTo("0");
        KernelState end = run.stateAt(run.steps());
        ThreadGroup plain = end.group("plain"), root = end.group("root");
        assertThat(new int[] {plain.uid, plain.euid, plain.suid}).containsExactly(1000, 0, 0);
        assertThat(new int[] {root.uid, root.euid, root.suid}).containsExactly(1000, 1000, 1000);
        assertThat(end.group("other").euid).isEqualTo(1000);
    }

    /**
     * kernel/signal.c do_pidfd_send_signal → kill_pgrp_info: PIDFD_SIGNAL_PROCESS_GROUP signals the
     * process group whose id is the pidfd's pid (every member, each with its own permission check),
     * not the target's thread group; a pidfd of a process that leads no group finds nobody (-ESRCH).
     */
    @Test
    void processGroupScopeSignalsTheGroupTheTargetLeads() {
        Scenario s = parse("""
                version: 1
                name: pgrp
                title: pgrp
                processes:
                  - { name: killer, uid: 1000 }
                  - { name: shell, uid: 1000 }
                  - { name: job1, uid: 1000, parent: shell }
                  - { name: job2, uid: 2000, parent: shell }
                  - { name: loner, uid: 1000, pgrp: shell }
                  - { name: bystander, uid: 1000 }
                programs:
                  killer:
                    - pidfd_open: { pid: shell, as: fd }
                    - pidfd_open: { pid: job1, as: fd1 }
                    - pidfd_send_signal: { pidfd: fd1, flags: [PIDFD_SIGNAL_PROCESS_GROUP] }
                    - pidfd_send_signal: { pidfd: fd, flags: [PIDFD_SIGNAL_PROCESS_GROUP] }
                """);
        Outcome o = Simulation.run(s, Variant.BASELINE).outcome();
        assertThat(ret(o, "killer.pidfd_send_signal")).isEqualTo("-ESRCH"); // job1 leads no group
        assertThat(ret(o, "killer.pidfd_send_signal#2")).isEqualTo("0");    // job2 refused (-EPERM), the others signalled
        assertThat(task(o, "shell").killed()).isTrue();
        assertThat(task(o, "job1").killed()).isTrue();
        assertThat(task(o, "loner").killed()).isTrue();
        assertThat(task(o, "job2").killed()).isFalse();
        assertThat(task(o, "bystander").killed()).isFalse();
    }

    /** kernel/sys.c setpgid: the caller or a child that has not exec'ed, into its own or an existing group. */
    @Test
    void setpgidMovesAChildIntoAnExistingGroupOnly() {
        Scenario s = parse("""
                version: 1
                name: setpgid
                title: setpgid
                mms:
                  - { name: m, memory: { anon: 16 } }
                  - { name: m2, memory: { anon: 16 } }
                processes:
                  - { name: shell, uid: 1000, mm: m }
                  - { name: other, uid: 1000 }
                programs:
                  shell:
                    - clone: { as: job }
                    - clone: { as: job2 }
                    - setpgid: { pid: job, pgid: job2 }
                    - setpgid: { pid: job, pgid: job }
                    - setpgid: { pid: other }
                    - setpgid: { pid: job }
                  job:
                    - exec: { mm: m2 }
                schedule:
                  policy: script
                  steps: [shell@setpgid, shell, shell, shell, job*, shell*]
                """);
        Run run = Simulation.run(s, Variant.BASELINE);
        Outcome o = run.outcome();
        assertThat(ret(o, "shell.setpgid")).isEqualTo("-EPERM");     // job2 leads no group yet
        assertThat(ret(o, "shell.setpgid#2")).isEqualTo("0");        // a fresh child: its own new group
        assertThat(ret(o, "shell.setpgid#3")).isEqualTo("-ESRCH");   // neither the caller nor its child
        assertThat(ret(o, "job.exec")).isEqualTo("0");
        assertThat(ret(o, "shell.setpgid#4")).isEqualTo("-EACCES");  // the child exec'ed (PF_FORKNOEXEC gone)
        KernelState end = run.stateAt(run.steps());
        assertThat(end.group("job").pgrp).isEqualTo(end.group("job").index);
        assertThat(end.group("job2").pgrp).isEqualTo(end.group("shell").index);
    }

    /**
     * kernel/pid_namespace.c zap_pid_ns_processes: a dying container init kills its namespace and
     * waits until every other task of it has been reaped (kernel_wait4 reaps its own and reparented
     * zombies) before exit_notify makes it a zombie, so its pidfd becomes readable only then.
     */
    @Test
    void dyingContainerInitBecomesAZombieOnlyAfterItsNamespaceIsEmpty() {
        Scenario s = parse("""
                version: 1
                name: pidns-init
                title: pidns init
                namespaces:
                  - { name: c }
                processes:
                  - { name: init, uid: 0, ns: c, init: true }
                  - { name: svc, uid: 0, ns: c, threads: 2 }
                  - { name: worker, uid: 0, ns: c, parent: svc }
                programs:
                  init:
                    - exit: { code: 1 }
                """);
        Run run = Simulation.run(s, Variant.BASELINE);
        Outcome o = run.outcome();
        for (String t : List.of("svc", "svc/1", "worker")) assertThat(task(o, t).state()).as(t).isEqualTo("released");
        assertThat(task(o, "init").state()).isEqualTo("zombie");
        int initZombie = stepOf(run, "init", "exit_state", "EXIT_ZOMBIE");
        for (String t : List.of("svc", "worker")) {
            int released = stepOf(run, t, "released", "true");
            assertThat(released).as(t).isPositive().isLessThan(initZombie);
        }
        assertThat(run.events().stream().anyMatch(e -> e.function().equals("zap_pid_ns_processes"))).isTrue();
    }

    /**
     * do_group_exit, complete_signal and zap_process assign signal->flags = SIGNAL_GROUP_EXIT: a
     * container init's SIGNAL_UNKILLABLE does not survive its group exit.
     */
    @Test
    void groupExitClearsSignalUnkillable() {
        Scenario s = parse("""
                version: 1
                name: unkillable
                title: unkillable
                namespaces:
                  - { name: c }
                processes:
                  - { name: init, uid: 0, ns: c, init: true, threads: 2 }
                programs:
                  init:
                    - exit: { code: 0 }
                schedule:
                  policy: script
                  steps: [init@synchronize_group_exit]
                """);
        Run run = Simulation.run(s, Variant.BASELINE);
        KernelState start = run.stateAt(0);
        assertThat(start.group("init").unkillable()).isTrue();
        int exitStarted = stepOf(run, "init", "signal->flags", "SIGNAL_GROUP_EXIT");
        assertThat(exitStarted).isPositive();
        KernelState after = run.stateAt(exitStarted);
        assertThat(after.group("init").groupExit()).isTrue();
        assertThat(after.group("init").unkillable()).isFalse();
    }

    /** mm/gup.c FOLL_PIN: a page pinned by process_vm_readv survives the reap until unpin_user_pages. */
    @Test
    void pinnedPageStaysResidentAfterTheReapUntilUnpinned() {
        Scenario s = org.reaplab.scenario.format.ScenarioLibrary.load().stream().map(e -> e.scenario())
                .filter(x -> x.name().equals("pinning-reader-v2")).findFirst().orElseThrow();
        Run run = Simulation.run(s, Variant.REAP_KILL_V2);
        Outcome o = run.outcome();
        var call = o.calls().stream().filter(c -> c.key().equals("lmkd.process_mrelease")).findFirst().orElseThrow();
        assertThat(call.ret()).isEqualTo("0");
        assertThat(call.residentAfter()).containsEntry("app_mm", 1L);
        Outcome.MmOutcome mm = o.mms().get(0);
        assertThat(mm.resident()).isZero();
        assertThat(mm.reclaimedByReap()).isEqualTo(65536 + 1024);
        assertThat(mm.exitMmapBy()).isEqualTo("dbg");
    }

    static Scenario library(String name) {
        return org.reaplab.scenario.format.ScenarioLibrary.load().stream().map(e -> e.scenario())
                .filter(x -> x.name().equals(name)).findFirst().orElseThrow();
    }

    /**
     * fs/exec.c exec_mmap: v2 pinned the old mm before the exec; exec_mmap's mmput drops its last
     * mm_users and exit_mmap (in the exec'ing task) sets MMF_OOM_SKIP, so the reap that follows the kill
     * finds nothing to do and the new mm is left to the victim's exit (kernel-model.md 5 item 10 expected
     * the old mm to be reaped).
     */
    @Test
    void v2PinsTheOldMmBeforeAnExecAndReapsNothing() {
        Scenario s = library("exec-in-w1");
        var schedule = new org.reaplab.scenario.ScheduleSpec("script",
                List.of("app@exec_mmap", "lmkd@kill_pid", "app*", "lmkd*", "app*"), null, null);
        Run run = Simulation.run(s, Variant.REAP_KILL_V2, schedule, 10_000);
        Outcome o = run.outcome();
        assertThat(ret(o, "lmkd.process_mrelease")).isEqualTo("0");
        assertThat(ret(o, "app.exec")).isEqualTo("0");
        assertThat(task(o, "app").killed()).isTrue();
        Outcome.MmOutcome old = o.mms().stream().filter(m -> m.name().equals("app_mm")).findFirst().orElseThrow();
        Outcome.MmOutcome fresh = o.mms().stream().filter(m -> m.name().equals("new_mm")).findFirst().orElseThrow();
        assertThat(old.reaped()).isFalse();
        assertThat(old.exitMmapBy()).isEqualTo("app");
        assertThat(old.freed()).isTrue();
        assertThat(fresh.reaped()).isFalse();
        assertThat(fresh.exitMmapBy()).isEqualTo("app");
        assertThat(o.violations()).isEmpty();
    }

    /**
     * fs/exec.c de_thread: the other threads get SIGKILL with signal->group_exec_task set, so each exits
     * alone (do_group_exit does not start a group exit) and the exec'ing thread goes on with the new mm.
     */
    @Test
    void deThreadKillsTheOtherThreadsWithoutAGroupExit() {
        Scenario s = parse("""
                version: 1
                name: de-thread
                title: de_thread
                mms:
                  - { name: m, memory: { anon: 64 } }
                  - { name: fresh, memory: { anon: 8 } }
                processes:
                  - { name: app, uid: 1, mm: m, threads: 3 }
                programs:
                  app:
                    - exec: { mm: fresh }
                    - touch
                """);
        Run run = Simulation.run(s, Variant.BASELINE);
        Outcome o = run.outcome();
        assertThat(ret(o, "app.exec")).isEqualTo("0");
        assertThat(ret(o, "app.touch")).isEqualTo("0");
        assertThat(task(o, "app/1").state()).isEqualTo("released");
        assertThat(task(o, "app/2").state()).isEqualTo("released");
        assertThat(task(o, "app").killed()).isFalse();
        KernelState end = run.stateAt(run.steps());
        assertThat(end.group("app").groupExit()).isFalse();
        assertThat(end.task("app").mm).isEqualTo(end.mm("fresh").index);
        assertThat(end.mm("m").freed).isTrue();
        assertThat(end.mm("m").exitMmapBy).isEqualTo(end.task("app").index);
    }
}
