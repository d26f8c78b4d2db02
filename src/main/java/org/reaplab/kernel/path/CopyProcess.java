package org.reaplab.kernel.path;

import org.reaplab.kernel.Errno;
import org.reaplab.kernel.Exec;
import org.reaplab.kernel.Frame;
import org.reaplab.kernel.Mm;
import org.reaplab.kernel.Task;
import org.reaplab.kernel.ThreadGroup;
import org.reaplab.scenario.Op;

/**
 * kernel/fork.c: kernel_clone → copy_process, in the order that matters here: copy_mm (CLONE_VM
 * shares the mm, mm_users + 1, before anything is visible), then linking under tasklist_lock and the
 * parent's siglock after a fatal_signal_pending check (a SIGKILL that lands first aborts the fork,
 * race window W6), then copy_oom_score_adj setting MMF_MULTIPROCESS only now, for a plain CLONE_VM
 * child (W5: never for threads or vfork children), wake_up_new_task, and for CLONE_VFORK the parent's
 * killable wait in wait_for_vfork_done until the child's mm_release (W10).
 */
public final class CopyProcess extends Frame {
    private static final int CHILD = 0, NEW_MM = 1;
    private static final int CHECKS = 0, COPY_MM = 1, LINK = 2, OOM_SCORE_ADJ = 3, WAKE = 4, VFORK_WAIT = 5;

    private final boolean vm, thread, vfork;

    public CopyProcess(Op.Clone op) {
        super(op, 2);
        vm = op.flags().contains("CLONE_VM");
        thread = op.flags().contains("CLONE_THREAD");
        vfork = op.flags().contains("CLONE_VFORK");
        v[CHILD] = -1;
        v[NEW_MM] = -1;
    }

    private CopyProcess(int child) {
        super(null, 2);
        vm = true;
        thread = false;
        vfork = true;
        v[CHILD] = child;
        v[NEW_MM] = -1;
        pc = VFORK_WAIT;
    }

    /**
     * kernel/fork.c: mm_release → complete_vfork_done, shared by exit and exec: the child clears vfork_done and
     * its vfork parent may run again. Returns that parent, or null when none waits.
     */
    static Task completeVforkDone(Exec x, Task child) {
        if (child.vforkParent < 0) return null;
        Task parent = x.task(child.vforkParent);
        x.change(child.name, "vfork_done", "set", "NULL", null);
        child.vforkParent = -1;
        return parent;
    }

    /** A parent already asleep in wait_for_vfork_done for this child (a scenario's starting state). */
    public static Frame waitingForVfork(int child) {
        return new CopyProcess(child);
    }

    @Override
    public String label() {
        return switch (pc) {
            case COPY_MM -> "copy_mm";
            case OOM_SCORE_ADJ -> "copy_oom_score_adj";
            case WAKE -> "wake_up_new_task";
            case VFORK_WAIT -> "wait_for_vfork_done";
            default -> "copy_process";
        };
    }

    @Override
    public boolean canRun(Exec x) {
        if (pc != VFORK_WAIT) return true;
        return x.task(v[CHILD]).vforkParent != x.cur.index || x.fatalSignalPending(x.cur);
    }

    @Override
    public void step(Exec x) {
        Task parent = x.cur;
        ThreadGroup pg = x.group();
        switch (pc) {
            case CHECKS -> {
                if (thread && !vm) {
                    x.say("copy_process: CLONE_THREAD needs CLONE_SIGHAND, which needs CLONE_VM: -EINVAL.");
                    x.ret(Errno.EINVAL);
                    return;
                }
                if (x.fatalSignalPending(parent)) {
                    x.say("copy_process: a fatal signal is pending on {}: the fork does not start.", parent.name);
                    x.ret(Errno.EINTR);
                    return;
                }
                x.say("copy_process: {} starts clone({}).", parent.name, String.join("|", ((Op.Clone) op).flags()));
                pc = COPY_MM;
            }
            case COPY_MM -> copyMm(x, parent, pg);
            case LINK -> link(x, parent);
            case OOM_SCORE_ADJ -> {
                Task child = x.task(v[CHILD]);
                if (vm && !thread && !vfork && child.mm >= 0) {
                    x.setMmFlag(x.mm(child.mm), Mm.MMF_MULTIPROCESS);
                    x.say("copy_oom_score_adj: a second process now shares {}: MMF_MULTIPROCESS is set (only now, after the child was linked).",
                            x.mm(child.mm).name);
                } else {
                    x.say("copy_oom_score_adj: not a plain CLONE_VM child, MMF_MULTIPROCESS stays as it is.");
                }
                pc = WAKE;
            }
            case WAKE -> {
                Task child = x.task(v[CHILD]);
                x.setSleep(child, Task.TASK_RUNNING);
                x.say("wake_up_new_task: {} runs.", child.name);
                if (vfork) {
                    child.vforkParent = parent.index;
                    x.change(child.name, "vfork_done", "NULL", "set", null);
                    x.setSleep(parent, Task.TASK_KILLABLE);
                    pc = VFORK_WAIT;
                } else {
                    x.ret(child.pid);
                }
            }
            case VFORK_WAIT -> {
                Task child = x.task(v[CHILD]);
                if (child.vforkParent == parent.index) {
                    child.vforkParent = -1;
                    x.say("wait_for_vfork_done: {} was killed while waiting; it clears {}'s vfork_done and leaves.", parent.name, child.name);
                } else {
                    x.say("wait_for_vfork_done: {} released the mm (exec or exit); {} resumes.", child.name, parent.name);
                }
                x.setSleep(parent, Task.TASK_RUNNING);
                x.ret(child.pid);
            }
            default -> throw new IllegalStateException("pc " + pc);
        }
    }

    private void copyMm(Exec x, Task parent, ThreadGroup pg) {
        String name = ((Op.Clone) op).as();
        int groupIndex = pg.index;
        if (!thread) {
            ThreadGroup g = new ThreadGroup(x.nextGroupIndex(), name, pg.ns, false, false, false, pg.index, false,
                    x.world().fdNames.size(), pg.memcg);  // the child starts in the parent's memcg
            g.pgrp = pg.pgrp;                          // and in its process group
            g.uid = pg.uid;
            g.euid = pg.euid;
            g.suid = pg.suid;
            g.caps = pg.caps;
            x.addGroup(g);
            groupIndex = g.index;
        }
        int program = x.world().program(name);
        int pid = x.allocPid();
        Task child = new Task(x.nextTaskIndex(), name, groupIndex, !thread, pid, pid, program, x.world().programLength(program));
        child.sleep = Task.TASK_NEW;
        if (!thread) child.flags |= Task.PF_FORKNOEXEC;
        x.addTask(child);
        v[CHILD] = child.index;
        if (parent.mm < 0) {
            x.say("copy_mm: {} has no mm (a kthread): nothing to share.", parent.name);
        } else if (vm) {
            Mm mm = x.mm(parent.mm);
            x.mmget(mm);
            child.mm = mm.index;
            x.say("copy_mm: CLONE_VM, {} will share {} (mm_users + 1) before it is visible anywhere.", name, mm.name);
        } else {
            Mm old = x.mm(parent.mm);
            Mm mm = new Mm(x.nextMmIndex(), name + "_mm", old.vmas, old.swap);
            System.arraycopy(old.resident, 0, mm.resident, 0, old.resident.length);
            x.addMm(mm);
            v[NEW_MM] = mm.index;
            child.mm = mm.index;
            x.say("copy_mm: dup_mm gives {} its own copy-on-write {}.", name, mm.name);
        }
        if (!thread) x.group(groupIndex).mmSeen = child.mm;
        pc = LINK;
    }

    private void link(Exec x, Task parent) {
        Task child = x.task(v[CHILD]);
        ThreadGroup g = x.groupOf(child);
        if (x.fatalSignalPending(parent)) {
            // undo: the child never becomes visible
            if (child.mm >= 0) {
                Mm mm = x.mm(child.mm);
                if (v[NEW_MM] >= 0) {
                    mm.users = 0;
                    mm.count = 0;
                    mm.freed = true;
                } else {
                    x.mmputDec(mm);
                }
                child.mm = -1;
            }
            child.released = true;
            x.say("copy_process: fatal_signal_pending({}) under siglock: the fork is undone, {} never existed. -EINTR.",
                    parent.name, child.name);
            x.ret(Errno.EINTR);
            return;
        }
        x.linkTask(child);
        g.addThread(child.index);
        g.live++;
        g.quickThreads++;
        if (!thread) {
            g.leader = child.index;
            g.linked = true;
            x.linkProcess(g.index);
            x.say("copy_process: {} is linked at the tail of the process list; for_each_process now sees it.", child.name);
        } else {
            x.say("copy_process: thread {} joins {}.", child.name, g.name);
        }
        x.change(child.name, "linked", false, true, null);
        pc = OOM_SCORE_ADJ;
    }
}
