package org.reaplab.design;

import java.util.List;

/**
 * Every knob of the design space, declared once, in the order the canonical form lists them. Each value
 * enum's first line says what today's kernel does ({@link Knob#defaultValue()}); the presets in
 * {@link Presets} are points of this space. Adding a knob: a value enum and a constant here, its value
 * in each preset, and the step that reads it (docs/designs.md, "How to add a knob").
 */
public final class Knobs {
    private Knobs() {}

    /** How the LMKD action {@code kill_and_reap} enters the kernel. */
    public enum Entry implements Choice {
        KILL_THEN_MRELEASE("kill_then_mrelease", "userspace kills with pidfd_send_signal (PIDFD_SIGNAL_MM_GROUP when signalled=sharers), then process_mrelease(fd, 0)"),
        MRELEASE_FLAG("mrelease_flag", "process_mrelease(fd, PROCESS_MRELEASE_REAP_KILL): the syscall kills and reaps"),
        OOM_KILL("oom_kill", "the in-kernel OOM killer picks the process (out_of_memory), no syscall");
        private final String id, doc;
        Entry(String id, String doc) { this.id = id; this.doc = doc; }
        public String id() { return id; }
        public String doc() { return doc; }
    }

    /** Whom the kill reaches. */
    public enum Signalled implements Choice {
        VICTIM("victim", "the victim's thread group only (kill_pid / pidfd_send_signal)"),
        SHARERS("sharers", "every process sharing the victim's mm, the victim included (kill_all_shared_mm, PIDFD_SIGNAL_MM_GROUP)");
        private final String id, doc;
        Signalled(String id, String doc) { this.id = id; this.doc = doc; }
        public String id() { return id; }
        public String doc() { return doc; }
    }

    /** When and how the mm is pinned against the victim's exit. */
    public enum MmPin implements Choice {
        FIND_AFTER_KILL("find_after_kill", "nothing pins it before the kill; process_mrelease finds it afterwards with find_lock_task_mm (race window W1)"),
        BEFORE_KILL("before_kill", "process_mrelease finds the mm and takes mmgrab before it sends the kill"),
        OOM_MM("oom_mm", "at kill time, through signal->oom_mm (mark_oom_victim), as the OOM killer does");
        private final String id, doc;
        MmPin(String id, String doc) { this.id = id; this.doc = doc; }
        public String id() { return id; }
        public String doc() { return doc; }
    }

    /** What a kill-and-reap call does with an mm flagged MMF_MULTIPROCESS. */
    public enum Multiprocess implements Choice {
        THROUGH("through", "go on: MMF_MULTIPROCESS is not looked at"),
        REFUSE("refuse", "bail out with -EINVAL before any kill");
        private final String id, doc;
        Multiprocess(String id, String doc) { this.id = id; this.doc = doc; }
        public String id() { return id; }
        public String doc() { return doc; }
    }

    /** How the kill checks the caller may signal each target. */
    public enum Permission implements Choice {
        BEST_EFFORT("best_effort", "check each target as it is signalled; a refused one fails the call, the others stay killed"),
        PRECHECK("precheck", "check every target first and kill none if one fails; a kill-pass failure after that is -EBUSY"),
        FORCED("forced", "no checks: SEND_SIG_PRIV, as the kernel's OOM killer");
        private final String id, doc;
        Permission(String id, String doc) { this.id = id; this.doc = doc; }
        public String id() { return id; }
        public String doc() { return doc; }
    }

    /** Whether each target must lie in the caller's pid namespace hierarchy. */
    public enum PidnsCheck implements Choice {
        YES("yes", "access_pidfd_pidns on every target: one outside the caller's hierarchy is -EINVAL"),
        NO("no", "no namespace check (v2's kill_pid)");
        private final String id, doc;
        PidnsCheck(String id, String doc) { this.id = id; this.doc = doc; }
        public String id() { return id; }
        public String doc() { return doc; }
    }

    /** Whether a SIGKILL the target silently ignores counts as a failure of the kill. */
    public enum IgnoredSigkill implements Choice {
        OK("ok", "no: an ignored SIGKILL is a success (sig_task_ignored, return 0)"),
        INIT_FAILS("init_fails", "only the global init is a failure (option 3's is_global_init test)"),
        FAILS("fails", "a SIGKILL that would be ignored (global init, SIGNAL_UNKILLABLE container init) is -EPERM");
        private final String id, doc;
        IgnoredSigkill(String id, String doc) { this.id = id; this.doc = doc; }
        public String id() { return id; }
        public String doc() { return doc; }
    }

    /** After a successful kill, whether process_mrelease reaps. */
    public enum ReapDecision implements Choice {
        WILL_FREE_MEM("will_free_mem", "task_will_free_mem on the target: every sharer must be exiting and none dumping core"),
        SHORT_CIRCUIT("short_circuit", "reap = reap_kill || …: the kill is taken as proof, nothing is asked"),
        REVALIDATE("revalidate", "re-validate that every process still sharing the mm is dying (see revalidation)");
        private final String id, doc;
        ReapDecision(String id, String doc) { this.id = id; this.doc = doc; }
        public String id() { return id; }
        public String doc() { return doc; }
    }

    /** What re-validation counts as dying (reap_decision=revalidate). */
    public enum Revalidation implements Choice {
        WILL_FREE_MEM("will_free_mem", "task_will_free_mem-style: the group exit started and no core dump is in progress"),
        GROUP_EXIT("group_exit", "SIGNAL_GROUP_EXIT only: a sharer still dumping core counts as dying");
        private final String id, doc;
        Revalidation(String id, String doc) { this.id = id; this.doc = doc; }
        public String id() { return id; }
        public String doc() { return doc; }
    }

    /** The errno a failed kill reports. */
    public enum KillErrno implements Choice {
        OWN("own", "the failure's own errno (-EPERM, an LSM errno, -EINVAL for a pid namespace, -ESRCH)"),
        EBUSY("ebusy", "-EBUSY whatever failed"),
        EINVAL("einval", "-EINVAL for every check that fails (\"same as it does now\")"),
        ANY_SIGNALLED("any_signalled", "0 if any target was signalled, else the last error (__kill_pgrp_info)");
        private final String id, doc;
        KillErrno(String id, String doc) { this.id = id; this.doc = doc; }
        public String id() { return id; }
        public String doc() { return doc; }
    }

    /** What a kill-and-reap call does with a PIDFD_THREAD pidfd. */
    public enum PidfdThread implements Choice {
        LOOKUP("lookup", "today's pidfd_get_task: looked up as PIDTYPE_TGID, a non-leader thread is -ESRCH"),
        REJECT("reject", "-EINVAL: a thread's pidfd cannot name a whole address space");
        private final String id, doc;
        PidfdThread(String id, String doc) { this.id = id; this.doc = doc; }
        public String id() { return id; }
        public String doc() { return doc; }
    }

    /** Who unmaps the victim's memory. */
    public enum Reaper implements Choice {
        CALLER("caller", "the caller, synchronously, inside process_mrelease"),
        OOM_REAPER("oom_reaper", "the oom_reaper kthread, after OOM_REAPER_DELAY (queue_oom_reaper)");
        private final String id, doc;
        Reaper(String id, String doc) { this.id = id; this.doc = doc; }
        public String id() { return id; }
        public String doc() { return doc; }
    }

    private static int next;

    public static final Knob<Entry> ENTRY = knob("entry", Entry.class, Entry.KILL_THEN_MRELEASE,
            "how kill_and_reap enters the kernel",
            "v2 patch (Minchan 2026-04-29); Christian 2026-05-05 \"add PIDFD_SIGNAL_MM_GROUP … to pidfd_send_signal() instead\"; kernel-model.md 3.1, 3.2, 3.5, 3.6");
    public static final Knob<Signalled> SIGNALLED = knob("signalled", Signalled.class, Signalled.VICTIM,
            "who the kill reaches",
            "Michal 2026-04-30 (the OOM killer kills every process sharing the mm); option 3 kill_all_shared_mm; kernel-model.md 3.2, 3.3");
    public static final Knob<MmPin> MM_PIN = knob("mm_pin", MmPin.class, MmPin.FIND_AFTER_KILL,
            "where the mm is pinned",
            "v2 patch \"we grab the mm reference via mmgrab() before sending the SIGKILL\"; Michal 2026-05-05 \"grabbing the mm before it disappears\"; kernel-model.md 2.7, 3.2 step 7");
    public static final Knob<Multiprocess> MULTIPROCESS = knob("multiprocess", Multiprocess.class, Multiprocess.THROUGH,
            "MMF_MULTIPROCESS: refuse or go through it",
            "v2 patch \"we bail out immediately if the mm is marked with MMF_MULTIPROCESS\"; kernel-model.md 3.2 step 5");
    public static final Knob<Permission> PERMISSION = knob("permission", Permission.class, Permission.BEST_EFFORT,
            "permission policy of the kill",
            "Minchan 2026-05-01 \"against *every single* sibling process beforehand\"; Michal 2026-05-04 \"fail if the mm is shared with tasks the caller cannot kill\"; Christian 2026-05-05 (the OOM killer needs no permission); kernel-model.md 3.3, 3.4, 3.6");
    public static final Knob<PidnsCheck> PIDNS_CHECK = knob("pidns_check", PidnsCheck.class, PidnsCheck.YES,
            "pid-namespace check on every target",
            "Christian 2026-05-05 \"pidfds explicitly do not … allow to signal tasks that are outside of their pid namespace hierarchy\"; kernel-model.md 2.13, 3.2 step 8, 3.3");
    public static final Knob<IgnoredSigkill> IGNORED_SIGKILL = knob("ignored_sigkill", IgnoredSigkill.class, IgnoredSigkill.OK,
            "a silently ignored SIGKILL counts as a failure",
            "option 3 kill_all_shared_mm (is_global_init → failed); kernel-model.md 3.4 step 7 (recommended option, not in the thread)");
    public static final Knob<ReapDecision> REAP_DECISION = knob("reap_decision", ReapDecision.class, ReapDecision.WILL_FREE_MEM,
            "whether to reap after the kill",
            "v2 patch \"reap = reap_kill || task_will_free_mem(p)\"; kernel-model.md 2.4, 3.2 step 6, 3.4 step 9");
    public static final Knob<Revalidation> REVALIDATION = knob("revalidation", Revalidation.class, Revalidation.WILL_FREE_MEM,
            "what re-validation counts as dying",
            "kernel-model.md 3.4 step 9 (\"task_will_free_mem(p)-style check\"); issue 13 item 6");
    public static final Knob<KillErrno> KILL_ERRNO = knob("kill_errno", KillErrno.class, KillErrno.OWN,
            "the errno of a failed kill",
            "option 3 \"return failed ? -EBUSY : 0\"; Michal 2026-05-04 \"(same as it does now)\"; kernel-model.md 3.3, 3.4 (errno unspecified), 3.5 (pgrp-like)");
    public static final Knob<PidfdThread> PIDFD_THREAD = knob("pidfd_thread", PidfdThread.class, PidfdThread.LOOKUP,
            "PIDFD_THREAD pidfds",
            "Christian 2026-05-05 \"the type of pidfd selects the scope of the signaling operation\"; kernel-model.md 2.2, 3.4 (PIDFD_THREAD scope)");
    public static final Knob<Reaper> REAPER = knob("reaper", Reaper.class, Reaper.CALLER,
            "who reaps",
            "v2 patch \"trigger targeted memory reclaim (via oom_reaper infrastructure)\"; kernel-model.md 2.6, 3.6");

    private static final List<Knob<?>> ALL = List.of(ENTRY, SIGNALLED, MM_PIN, MULTIPROCESS, PERMISSION, PIDNS_CHECK,
            IGNORED_SIGKILL, REAP_DECISION, REVALIDATION, KILL_ERRNO, PIDFD_THREAD, REAPER);

    private static <V extends Enum<V> & Choice> Knob<V> knob(String id, Class<V> type, V def, String doc, String source) {
        return new Knob<>(next++, id, type, def, doc, source);
    }

    /** Every knob, in declaration order. */
    public static List<Knob<?>> all() {
        return ALL;
    }

    public static List<String> ids() {
        return ALL.stream().map(Knob::id).toList();
    }

    /** The knob of that id, or null. */
    public static Knob<?> byId(String id) {
        for (Knob<?> k : ALL) if (k.id().equals(id)) return k;
        return null;
    }
}
