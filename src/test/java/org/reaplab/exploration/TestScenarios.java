package org.reaplab.exploration;

import org.reaplab.scenario.Memory;
import org.reaplab.scenario.MmSpec;
import org.reaplab.scenario.Op;
import org.reaplab.scenario.ProcessSpec;
import org.reaplab.scenario.Scenario;
import org.reaplab.scenario.ScheduleSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.reaplab.variant.Variant;

import static org.assertj.core.api.Assertions.assertThat;

/** Small scenarios built as records, so the explorer is tested without the file format. */
public final class TestScenarios {
    private TestScenarios() {}

    static ProcessSpec proc(String name, int uid, String mm, String... caps) {
        return new ProcessSpec(name, uid, null, null, List.of(caps), mm, 1, false, null, null, false, false, false);
    }

    static Scenario scenario(String name, List<MmSpec> mms, List<ProcessSpec> processes, Map<String, List<Op>> programs) {
        return new Scenario(1, name, name, name, "baseline", List.of(), mms, processes, programs,
                ScheduleSpec.ROUND_ROBIN, Map.of(), null, List.of());
    }

    static MmSpec mm(String name) {
        return new MmSpec(name, new Memory(65536, 1024, 0, 0, 0, 0, 0, 0, 0), List.of(), List.of());
    }

    /** The bug report: ps reads /proc/app/cmdline holding mm_users while lmkd kills and reaps an idle app (the library's file). */
    public static Scenario procReaderRace() {
        return org.reaplab.ProcReaderRace.scenario();
    }

    /**
     * The race's verdict over every schedule, asserted once for the explorer's callers (the one run's claim is
     * org.reaplab.ProcReaderRace's): under baseline some schedule ends with
     * process_mrelease returning -ESRCH while the reader pins the memory; the REAP_KILL variants never pin it.
     */
    public static void assertOnlyBaselineLosesTheRace(Function<Variant, ExplorationReport> explore) {
        ExplorationReport baseline = explore.apply(Variant.BASELINE);
        assertThat(baseline.outcomeClasses()).anySatisfy(c -> {
            assertThat(c.ret("lmkd.process_mrelease")).isEqualTo("-ESRCH");
            assertThat(c.violations()).contains("memory-pinned-after-reap-call");
        });
        for (Variant v : List.of(Variant.REAP_KILL_V2, Variant.REAP_KILL_ALL_RFC, Variant.REAP_KILL_ALL_CHECKED)) {
            ExplorationReport r = explore.apply(v);
            assertThat(r.outcomeClasses()).as(v.id).isNotEmpty()
                    .noneSatisfy(c -> assertThat(c.violations()).contains("memory-pinned-after-reap-call"));
        }
    }

    /**
     * N processes on one mm (app and N-1 clone(CLONE_VM) sharers declared in the scenario), lmkd doing
     * pidfd_open + kill_and_reap on app, and ps reading /proc/app/cmdline.
     */
    public static Scenario sharers(int n) {
        Map<String, List<Op>> programs = new LinkedHashMap<>();
        programs.put("lmkd", List.of(new Op.PidfdOpen("app", "fd", List.of()), new Op.KillAndReap("fd")));
        programs.put("ps", List.of(new Op.ReadProc("app", "cmdline", 1)));
        List<ProcessSpec> procs = new ArrayList<>();
        procs.add(proc("lmkd", 1069, null, "CAP_KILL"));
        procs.add(proc("app", 10123, "app_mm"));
        for (int i = 1; i < n; i++) procs.add(proc("sharer" + i, 10123, "app_mm"));
        procs.add(proc("ps", 0, null));
        return scenario("sharers-" + n, List.of(mm("app_mm")), procs, programs);
    }

    /** A two-thread app where one thread exits on its own while lmkd kills and reaps. */
    public static Scenario threadedExit() {
        Map<String, List<Op>> programs = new LinkedHashMap<>();
        programs.put("lmkd", List.of(new Op.PidfdOpen("app", "fd", List.of()), new Op.KillAndReap("fd")));
        programs.put("app/1", List.of(new Op.Touch(), new Op.Exit(0, true)));
        return scenario("threaded-exit", List.of(mm("app_mm")),
                List.of(proc("lmkd", 1069, null, "CAP_KILL"),
                        new ProcessSpec("app", 10123, null, null, List.of(), "app_mm", 2, false, null, null, false, false, false)),
                programs);
    }

    /** A vfork child on the parent's mm, killed and reaped while the parent waits (kernel-model §0.3 item 6). */
    public static Scenario vforkChild() {
        Map<String, List<Op>> programs = new LinkedHashMap<>();
        programs.put("lmkd", List.of(new Op.PidfdOpen("child", "fd", List.of()), new Op.KillAndReap("fd")));
        programs.put("parent", List.of(new Op.Touch()));
        return scenario("vfork-child", List.of(mm("app_mm")),
                List.of(proc("lmkd", 1069, null, "CAP_KILL"), proc("parent", 10123, "app_mm"),
                        new ProcessSpec("child", 10123, null, null, List.of(), "app_mm", 1, true, "parent", null, false, false, false)),
                programs);
    }

    /** process_vm_readv and a cmdline reader both hold the mm while the app is killed and reaped. */
    public static Scenario twoReaders() {
        Map<String, List<Op>> programs = new LinkedHashMap<>();
        programs.put("lmkd", List.of(new Op.PidfdOpen("app", "fd", List.of()), new Op.KillAndReap("fd")));
        programs.put("ps", List.of(new Op.ReadProc("app", "cmdline", 1)));
        programs.put("dbg", List.of(new Op.ProcessVmReadv("app", 1)));
        return scenario("two-readers", List.of(mm("app_mm")),
                List.of(proc("lmkd", 1069, null, "CAP_KILL"), proc("app", 10123, "app_mm"), proc("ps", 0, null),
                        proc("dbg", 0, null, "CAP_SYS_PTRACE")),
                programs);
    }

    /** An app that takes mmap_lock for write around I/O while it is killed and reaped (W9). */
    public static Scenario ioWaitWriter() {
        Map<String, List<Op>> programs = new LinkedHashMap<>();
        programs.put("lmkd", List.of(new Op.PidfdOpen("app", "fd", List.of()), new Op.KillAndReap("fd")));
        programs.put("app", List.of(new Op.IoWait(true), new Op.Touch()));
        return scenario("io-wait-writer", List.of(mm("app_mm")),
                List.of(proc("lmkd", 1069, null, "CAP_KILL"), proc("app", 10123, "app_mm")), programs);
    }

    /** A coredumping two-thread app killed and reaped: the dumper waits for its sibling to park. */
    public static Scenario coredump() {
        Map<String, List<Op>> programs = new LinkedHashMap<>();
        programs.put("lmkd", List.of(new Op.PidfdOpen("app", "fd", List.of()), new Op.KillAndReap("fd")));
        programs.put("app", List.of(new Op.Coredump(1)));
        return scenario("coredump", List.of(mm("app_mm")),
                List.of(proc("lmkd", 1069, null, "CAP_KILL"),
                        new ProcessSpec("app", 10123, null, null, List.of(), "app_mm", 2, false, null, null, false, false, false)),
                programs);
    }

    /** A clone(CLONE_VM) child created while lmkd kills and reaps its parent (W5/W6). */
    public static Scenario cloneInWindow() {
        Map<String, List<Op>> programs = new LinkedHashMap<>();
        programs.put("lmkd", List.of(new Op.PidfdOpen("app", "fd", List.of()), new Op.KillAndReap("fd")));
        programs.put("app", List.of(new Op.Clone(List.of("CLONE_VM"), "kid")));
        programs.put("kid", List.of(new Op.Touch()));
        return scenario("clone-in-window", List.of(mm("app_mm")),
                List.of(proc("lmkd", 1069, null, "CAP_KILL"), proc("app", 10123, "app_mm")), programs);
    }

    /** lmkd kills an idle app with pidfd_send_signal and stops there: the app's exit path against lmkd's return. */
    public static Scenario killOnly() {
        Map<String, List<Op>> programs = new LinkedHashMap<>();
        programs.put("lmkd", List.of(new Op.PidfdOpen("app", "fd", List.of()), new Op.PidfdSendSignal("fd", "SIGKILL", List.of())));
        return scenario("kill-only", List.of(mm("app_mm")),
                List.of(proc("lmkd", 1069, null, "CAP_KILL"), proc("app", 10123, "app_mm")), programs);
    }

    /** The app exits on its own while ps reads its cmdline: whoever drops mm_users last runs exit_mmap. */
    public static Scenario readerVsExit() {
        Map<String, List<Op>> programs = new LinkedHashMap<>();
        programs.put("app", List.of(new Op.Exit(0, false)));
        programs.put("ps", List.of(new Op.ReadProc("app", "cmdline", 1)));
        return scenario("reader-vs-exit", List.of(mm("app_mm")),
                List.of(proc("app", 10123, "app_mm"), proc("ps", 0, null)), programs);
    }

    /** A same-uid killer races the target's setuid(0): the kill may be checked before and land after. */
    public static Scenario setuidVsKill() {
        Map<String, List<Op>> programs = new LinkedHashMap<>();
        programs.put("killer", List.of(new Op.Kill("app", "SIGKILL")));
        programs.put("app", List.of(new Op.Setuid(0)));
        return scenario("setuid-vs-kill", List.of(mm("app_mm")),
                List.of(proc("killer", 10123, null), proc("app", 10123, "app_mm", "CAP_SETUID")), programs);
    }

    /**
     * Race window W7 under v2 (issue 13 item 10): a same-uid lmkd kill_and_reaps a setuid-root program
     * (uid 10123, euid and saved uid 0, CAP_SETUID) that makes itself root with setuid(0). v2's kill_pid
     * checks the permission in one step and sends in the next, so the setuid can land in between.
     */
    public static Scenario credentialRace() {
        Map<String, List<Op>> programs = new LinkedHashMap<>();
        programs.put("lmkd", List.of(new Op.PidfdOpen("app", "fd", List.of()), new Op.KillAndReap("fd")));
        programs.put("app", List.of(new Op.Setuid(0)));
        return scenario("credential-race", List.of(mm("app_mm")),
                List.of(proc("lmkd", 10123, null),
                        new ProcessSpec("app", 10123, 0, 0, List.of("CAP_SETUID"), "app_mm", 1, false, null, null, false, false, false)),
                programs);
    }

    /** process_mrelease(fd, 0) on an app that exits on its own (no kill): -EINVAL or -ESRCH or a reap. */
    public static Scenario mreleaseVsExit() {
        Map<String, List<Op>> programs = new LinkedHashMap<>();
        programs.put("lmkd", List.of(new Op.PidfdOpen("app", "fd", List.of()), new Op.ProcessMrelease("fd", 0)));
        programs.put("app", List.of(new Op.Exit(0, false)));
        return scenario("mrelease-vs-exit", List.of(mm("app_mm")),
                List.of(proc("lmkd", 1069, null, "CAP_KILL"), proc("app", 10123, "app_mm")), programs);
    }

    /** lmkd kills a two-thread app: both threads run their exit paths against each other. */
    public static Scenario killTwoThreads() {
        Map<String, List<Op>> programs = new LinkedHashMap<>();
        programs.put("lmkd", List.of(new Op.PidfdOpen("app", "fd", List.of()), new Op.PidfdSendSignal("fd", "SIGKILL", List.of())));
        return scenario("kill-two-threads", List.of(mm("app_mm")),
                List.of(proc("lmkd", 1069, null, "CAP_KILL"),
                        new ProcessSpec("app", 10123, null, null, List.of(), "app_mm", 2, false, null, null, false, false, false)),
                programs);
    }

    /** kill_and_reap of the global init, which touches its memory (kernel-model §0.3 item 6, first case). */
    public static Scenario reapInit() {
        Map<String, List<Op>> programs = new LinkedHashMap<>();
        programs.put("lmkd", List.of(new Op.PidfdOpen("init", "fd", List.of()), new Op.KillAndReap("fd")));
        programs.put("init", List.of(new Op.Touch()));
        return scenario("reap-init", List.of(mm("init_mm")),
                List.of(proc("lmkd", 1069, null, "CAP_KILL"),
                        new ProcessSpec("init", 0, null, null, List.of(), "init_mm", 1, false, null, null, true, false, false)),
                programs);
    }

    /** ps reads the cmdline of an app that lmkd only kills (no reap). */
    public static Scenario readerVsKill() {
        Map<String, List<Op>> programs = new LinkedHashMap<>();
        programs.put("lmkd", List.of(new Op.PidfdOpen("app", "fd", List.of()), new Op.PidfdSendSignal("fd", "SIGKILL", List.of())));
        programs.put("ps", List.of(new Op.ReadProc("app", "cmdline", 1)));
        return scenario("reader-vs-kill", List.of(mm("app_mm")),
                List.of(proc("lmkd", 1069, null, "CAP_KILL"), proc("app", 10123, "app_mm"), proc("ps", 0, null)), programs);
    }

    /** lmkd kills and reaps an idle app and nothing else holds app_mm: no memory can stay pinned. */
    public static Scenario killAndReapAlone() {
        Map<String, List<Op>> programs = new LinkedHashMap<>();
        programs.put("lmkd", List.of(new Op.PidfdOpen("app", "fd", List.of()), new Op.KillAndReap("fd")));
        return scenario("kill-and-reap-alone", List.of(mm("app_mm")),
                List.of(proc("lmkd", 1069, null, "CAP_KILL"), proc("app", 10123, "app_mm")), programs);
    }

    /** Scenarios with few enough schedules to enumerate one by one. */
    public static List<Scenario> tiny() {
        return List.of(killOnly(), readerVsExit(), setuidVsKill(), mreleaseVsExit(), vforkChild(), sharers(2),
                killTwoThreads(), reapInit(), readerVsKill());
    }

    /** Scenarios of at most a few ten thousand states under every variant: for tests that explore twice. */
    public static List<Scenario> medium() {
        return List.of(procReaderRace(), vforkChild(), twoReaders(), ioWaitWriter(), cloneInWindow(), sharers(2),
                readerVsExit(), setuidVsKill(), mreleaseVsExit(), reapInit());
    }

    /** Every small scenario above. */
    public static List<Scenario> small() {
        return List.of(procReaderRace(), threadedExit(), vforkChild(), twoReaders(), ioWaitWriter(), coredump(),
                cloneInWindow(), sharers(2), killOnly(), readerVsExit(), setuidVsKill(), mreleaseVsExit());
    }
}
