package org.reaplab.kernel;

/**
 * The invariants checked after every step (scenario-format.md). kill-without-permission and
 * signal-crossed-pidns are checked where a signal is delivered (path/Signals); the other three are
 * properties of the state and are checked here.
 */
final class Invariants {
    private Invariants() {}

    static void afterStep(Exec x) {
        check(x, -1L, true);
    }

    /**
     * The invariants of the tasks in {@code tasks} (bit i for task i; every task when there are more than
     * 64) and, with {@code mms}, of every mm. An instance reads its task, the task's group and mm, or its mm
     * and one field of every task: after a step of a state that was checked, only the instances whose
     * objects the step changed can turn true ({@link StepCache}).
     */
    static void check(Exec x, long tasks, boolean mms) {
        KernelState k = x.state();
        boolean all = k.tasks.length > 64;
        for (int i = 0; i < k.tasks.length; i++) {
            if (!all && (tasks & 1L << i) == 0) continue;
            Task t = k.tasks[i];
            if (!runsOnAnMm(t)) continue;
            Mm mm = k.mms[t.mm];
            if (mm.test(Mm.MMF_UNSTABLE) && !k.exiting(t)) {
                x.violation(Invariant.LIVE_TASK_ON_REAPED_MM, 1000 + t.index,
                        t.name + " is not exiting but runs on " + mm.name
                                + ", which was reaped (MMF_UNSTABLE): its next fault on private memory gets SIGBUS");
            }
        }
        if (!mms) return;
        for (Mm mm : k.mms) {
            if (mm.freed && (mm.users > 0 || mm.count > 0 || k.anyTaskUses(mm.index))) {
                x.violation(Invariant.MM_FREED_WHILE_REFERENCED, mm.index,
                        mm.name + " was freed with mm_users=" + mm.users + ", mm_count=" + mm.count);
            }
            if (memoryPinned(k, mm)) {
                x.violation(Invariant.MEMORY_PINNED_AFTER_REAP_CALL, mm.index,
                        "the kill-and-reap call returned and every task of " + mm.name + " passed exit_mm, but "
                                + mm.anonResident() + " anon pages stay resident while another holder keeps mm_users="
                                + mm.users);
            }
        }
    }

    // ---- what the instances read, as values (StepCache): a step that leaves them leaves the instances ----

    /**
     * Every field of a task that live-task-on-reaped-mm reads ({@link #runsOnAnMm}, its mm, and
     * {@link KernelState#exiting(Task, ThreadGroup)}'s part of the task), as one value.
     */
    static long taskInputs(Task t) {
        return Hasher.bits(t.linked, t.kthread(), t.dead(), t.has(Task.PF_EXITING), t.sigkillPending, false) | (long) t.mm << 8;
    }

    /** Every field of a thread group that live-task-on-reaped-mm reads of its tasks' group. */
    static int groupInputs(ThreadGroup g) {
        return Hasher.bits(g.groupExit(), g.sharedSigkill, false);
    }

    /**
     * Every field of an mm that the three invariants read (live-task-on-reaped-mm of its tasks,
     * mm-freed-while-referenced and memory-pinned-after-reap-call of the mm), as one value; the rest of
     * what they read is what {@link #taskInputs} and the tasks' exit_mm and users of the mm tell.
     */
    static int mmInputs(Mm mm) {
        return Hasher.bits(mm.test(Mm.MMF_UNSTABLE), mm.freed, mm.users > 0, mm.count > 0, mm.reapCallReturned,
                mm.exitMmap == Mm.EXIT_MMAP_RUNNING) | Hasher.bits(mm.reapers > 0, mm.test(Mm.MMF_OOM_REAP_QUEUED),
                mm.test(Mm.MMF_OOM_SKIP), mm.anonResident() == 0) << 6;
    }

    /** A user task that holds an mm: the only kind live-task-on-reaped-mm is about. */
    static boolean runsOnAnMm(Task t) {
        return t.linked && !t.kthread() && t.mm >= 0;
    }

    /**
     * A kill-and-reap call returned, no task uses the mm any more, nothing is reaping or running
     * exit_mmap on it (a queued oom_reaper counts as reaping), and yet someone else's mm_users
     * reference keeps its anonymous memory resident.
     */
    private static boolean memoryPinned(KernelState k, Mm mm) {
        if (!mm.reapCallReturned || mm.freed || mm.users == 0) return false;
        if (mm.exitMmap == Mm.EXIT_MMAP_RUNNING || mm.reapers > 0) return false;
        if (mm.test(Mm.MMF_OOM_REAP_QUEUED) && !mm.test(Mm.MMF_OOM_SKIP)) return false;
        if (mm.anonResident() == 0) return false;
        for (Task t : k.tasks) if (t.exitMm == mm.index) return false; // exit_mm has not reached its mmput yet
        return !k.anyTaskUses(mm.index);
    }
}
