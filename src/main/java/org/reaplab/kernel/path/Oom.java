package org.reaplab.kernel.path;

import org.reaplab.kernel.Exec;
import org.reaplab.kernel.Mm;
import org.reaplab.kernel.Task;
import org.reaplab.kernel.ThreadGroup;

import java.util.Arrays;

/** Predicates and bookkeeping of mm/oom_kill.c used inside single steps of several paths. */
public final class Oom {
    private Oom() {}

    /** mm/oom_kill.c: __task_will_free_mem — will this thread group free its memory soon? */
    public static boolean groupWillFreeMem(Exec x, Task t) {
        ThreadGroup g = x.groupOf(t);
        if (g.coreDumper >= 0) return false;           // a core dump may sleep for long in coredump_task_exit
        if (g.groupExit()) return true;
        return threadGroupEmpty(x, g) && t.has(Task.PF_EXITING);
    }

    /** include/linux/sched/signal.h: thread_group_empty — the leader is the only thread left. */
    public static boolean threadGroupEmpty(Exec x, ThreadGroup g) {
        return g.threads.length == 1;
    }

    /**
     * mm/oom_kill.c: task_will_free_mem, under task_lock(task): the mm goes away once this task's
     * group and every other process sharing the mm (kthreads in kthread_use_mm included) exit.
     * Transient mm_users holders that are not sharers do not count.
     */
    public static boolean taskWillFreeMem(Exec x, Task task) {
        if (task.mm < 0) return false;
        Mm mm = x.mm(task.mm);
        if (!groupWillFreeMem(x, task)) return false;
        if (mm.test(Mm.MMF_OOM_SKIP)) return false;
        if (mm.users <= 1) return true;
        for (int gi : x.processList()) {
            ThreadGroup p = x.group(gi);
            if (!processSharesMm(x, p, mm.index)) continue;
            if (p.index == task.group) continue;
            if (!groupWillFreeMem(x, x.task(p.leader))) return false;
        }
        return true;
    }

    /** mm/oom_kill.c: process_shares_mm — the first thread of p that still has an mm has this one. */
    public static boolean processSharesMm(Exec x, ThreadGroup p, int mm) {
        for (int t : p.threads) {
            Task task = x.task(t);
            if (task.mm >= 0) return task.mm == mm;
        }
        return false;
    }

    /** include/linux/sched/mm.h: in_vfork. */
    public static boolean inVfork(Exec x, Task t) {
        return t.vforkParent >= 0 && x.task(t.vforkParent).mm == t.mm;
    }

    /** mm/oom_kill.c: mark_oom_victim — TIF_MEMDIE, and signal->oom_mm pins the mm (mm_count + 1). */
    public static void markOomVictim(Exec x, Task tsk, Mm mm) {
        if (tsk.memdie) return;
        tsk.memdie = true;
        x.change(tsk.name, "TIF_MEMDIE", false, true, null);
        ThreadGroup g = x.groupOf(tsk);
        if (g.oomMm < 0) {
            g.oomMm = mm.index;
            x.change(g.name, "signal->oom_mm", "NULL", mm.name, null);
            x.mmgrab(mm);
        }
    }

    /**
     * mm/oom_kill.c: queue_oom_reaper — once per mm (MMF_OOM_REAP_QUEUED): take a task reference and arm
     * the victim's oom_reaper_timer for OOM_REAPER_DELAY (2 s). Timers expire in the order they were armed.
     */
    public static void queueOomReaper(Exec x, Task tsk) {
        ThreadGroup g = x.groupOf(tsk);
        if (g.oomMm < 0) return;
        Mm mm = x.mm(g.oomMm);
        if (mm.test(Mm.MMF_OOM_REAP_QUEUED)) return;
        x.setMmFlag(mm, Mm.MMF_OOM_REAP_QUEUED);
        int order = 0;
        for (Task t : x.oomReaperTimers()) order = Math.max(order, t.oomReaperTimer);
        tsk.oomReaperTimer = order + 1;
        tsk.oomReaperRef = true;
        x.change(tsk.name, "oom_reaper_timer", "-", "armed", null);
        x.say("queue_oom_reaper: get_task_struct({}) and arm its timer: wake_oom_reaper runs in OOM_REAPER_DELAY (2 s).", tsk.name);
    }

    /** The armed oom_reaper_timer that expires first, or -1. */
    public static int firstTimer(Exec x) {
        int first = -1;
        Task[] tasks = x.oomReaperTimers();
        for (Task t : tasks) {
            if (t.oomReaperTimer > 0 && (first < 0 || t.oomReaperTimer < tasks[first].oomReaperTimer)) first = t.index;
        }
        return first;
    }

    /**
     * mm/oom_kill.c: wake_oom_reaper, the timer callback: a victim whose mm already has MMF_OOM_SKIP
     * ("terminated on its own") is dropped with put_task_struct; otherwise it is pushed at the head of
     * oom_reaper_list, so the oom_reaper takes the victim whose timer expired last first (LIFO).
     */
    public static void wakeOomReaper(Exec x, Task tsk) {
        tsk.oomReaperTimer = 0;
        Mm mm = x.mm(x.groupOf(tsk).oomMm);
        if (mm.test(Mm.MMF_OOM_SKIP)) {
            x.change(tsk.name, "oom_reaper_timer", "armed", "expired", null);
            x.say("wake_oom_reaper: {} already has MMF_OOM_SKIP, {} terminated on its own; put_task_struct.", mm.name, tsk.name);
            putTaskStruct(x, tsk);
            return;
        }
        int[] queued = x.oomReaperList();
        int[] list = new int[queued.length + 1];
        list[0] = tsk.index;
        System.arraycopy(queued, 0, list, 1, queued.length);
        x.setOomReaperList(list);
        x.change(tsk.name, "oom_reaper_timer", "armed", "expired", null);
        x.change("oom_reaper_list", "head", "-", tsk.name, null);
        x.say("wake_oom_reaper: {} is pushed at the head of oom_reaper_list{}.", tsk.name,
                list.length > 1 ? " (before " + (list.length - 1) + " victim(s) queued earlier: last in, first out)" : "");
    }

    /** The oom_reaper's put_task_struct of a victim: the reference queue_oom_reaper took. */
    public static void putTaskStruct(Exec x, Task tsk) {
        tsk.oomReaperRef = false;
        putSignalStruct(x, x.groupOf(tsk));
    }

    /**
     * kernel/fork.c: __put_task_struct → put_signal_struct → free_signal_struct, once no task of the
     * process is left (every thread released) and nothing holds a task reference any more (the model
     * tracks the oom_reaper's): the signal_struct goes, and with it the mm_count reference
     * mark_oom_victim took for signal->oom_mm (mmdrop_async).
     */
    public static void putSignalStruct(Exec x, ThreadGroup g) {
        if (g.oomMm < 0 || g.threads.length > 0) return;
        for (int t : x.tasksOfGroup(g.index)) if (x.task(t).oomReaperRef) return;
        Mm mm = x.mm(g.oomMm);
        x.change(g.name, "signal->oom_mm", mm.name, "freed with the signal_struct", null);
        g.oomMm = -1;
        x.say("free_signal_struct: the last reference to {}'s signal_struct is gone; mmdrop_async drops the mm_count its oom_mm held.", g.name);
        x.mmdrop(mm);
    }

    /**
     * mm/oom_kill.c: oom_evaluate_task's abort: while a task that is already an OOM victim
     * (tsk_is_oom_victim: signal->oom_mm set) sits in the OOM domain and its mm lacks MMF_OOM_SKIP, no
     * new victim is chosen. The model has one OOM domain per memory cgroup (a process without one is
     * in the root); returns that pending victim's process, or null.
     */
    public static ThreadGroup pendingVictim(Exec x, ThreadGroup candidate) {
        for (int gi : x.processList()) {
            ThreadGroup p = x.group(gi);
            if (p.oomMm < 0 || p.kthread || p.globalInit) continue;
            if (!sameOomDomain(x, p, candidate)) continue;
            if (!x.mm(p.oomMm).test(Mm.MMF_OOM_SKIP)) return p;
        }
        return null;
    }

    /** A memcg OOM scans only the candidate's memory cgroup; a global OOM (no memcg) scans every process. */
    static boolean sameOomDomain(Exec x, ThreadGroup p, ThreadGroup candidate) {
        return candidate.memcg == null || candidate.memcg.equals(p.memcg);
    }
}
