package org.reaplab.kernel.path;

import org.reaplab.kernel.Exec;
import org.reaplab.kernel.KernelState;
import org.reaplab.kernel.Mm;
import org.reaplab.kernel.Task;
import org.reaplab.kernel.ThreadGroup;

import java.util.Arrays;

/** Predicates and bookkeeping of mm/oom_kill.c used inside single steps of several paths. */
public final class Oom {
    private Oom() {}

    /** mm/oom_kill.c: __task_will_free_mem — will this thread group free its memory soon? */
    public static boolean groupWillFreeMem(KernelState k, Task t) {
        ThreadGroup g = k.groupOf(t);
        if (g.coreDumper >= 0) return false;           // a core dump may sleep for long in coredump_task_exit
        if (g.groupExit()) return true;
        return threadGroupEmpty(k, g) && t.has(Task.PF_EXITING);
    }

    /** include/linux/sched/signal.h: thread_group_empty — the leader is the only thread left. */
    public static boolean threadGroupEmpty(KernelState k, ThreadGroup g) {
        return g.threads.length == 1;
    }

    /**
     * mm/oom_kill.c: task_will_free_mem, under task_lock(task): the mm goes away once this task's
     * group and every other process sharing the mm (kthreads in kthread_use_mm included) exit.
     * Transient mm_users holders that are not sharers do not count.
     */
    public static boolean taskWillFreeMem(KernelState k, Task task) {
        if (task.mm < 0) return false;
        Mm mm = k.mms[task.mm];
        if (!groupWillFreeMem(k, task)) return false;
        if (mm.test(Mm.MMF_OOM_SKIP)) return false;
        if (mm.users <= 1) return true;
        for (int gi : k.processList) {
            ThreadGroup p = k.groups[gi];
            if (!processSharesMm(k, p, mm.index)) continue;
            if (p.index == task.group) continue;
            if (!groupWillFreeMem(k, k.tasks[p.leader])) return false;
        }
        return true;
    }

    /** mm/oom_kill.c: process_shares_mm — the first thread of p that still has an mm has this one. */
    public static boolean processSharesMm(KernelState k, ThreadGroup p, int mm) {
        for (int t : p.threads) {
            Task task = k.tasks[t];
            if (task.mm >= 0) return task.mm == mm;
        }
        return false;
    }

    /** include/linux/sched/mm.h: in_vfork. */
    public static boolean inVfork(KernelState k, Task t) {
        return t.vforkParent >= 0 && k.tasks[t.vforkParent].mm == t.mm;
    }

    /** mm/oom_kill.c: mark_oom_victim — TIF_MEMDIE, and signal->oom_mm pins the mm (mm_count + 1). */
    public static void markOomVictim(Exec x, Task tsk, Mm mm) {
        if (tsk.memdie) return;
        tsk.memdie = true;
        x.change(tsk.name, "TIF_MEMDIE", false, true, null);
        ThreadGroup g = x.k.groupOf(tsk);
        if (g.oomMm < 0) {
            g.oomMm = mm.index;
            x.change(g.name, "signal->oom_mm", "NULL", mm.name, null);
            x.mmgrab(mm);
        }
    }

    /** mm/oom_kill.c: queue_oom_reaper — arm the 2 s timer once per mm (MMF_OOM_REAP_QUEUED). */
    public static void queueOomReaper(Exec x, Task tsk) {
        KernelState k = x.k;
        ThreadGroup g = k.groupOf(tsk);
        if (g.oomMm < 0) return;
        Mm mm = k.mms[g.oomMm];
        if (mm.test(Mm.MMF_OOM_REAP_QUEUED)) return;
        x.setMmFlag(mm, Mm.MMF_OOM_REAP_QUEUED);
        k.oomReaperList = Arrays.copyOf(k.oomReaperList, k.oomReaperList.length + 1);
        k.oomReaperList[k.oomReaperList.length - 1] = tsk.index;
        x.say("queue_oom_reaper: the oom_reaper will look at {} after OOM_REAPER_DELAY (2 s).", mm.name);
    }
}
