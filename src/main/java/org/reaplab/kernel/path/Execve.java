package org.reaplab.kernel.path;

import org.reaplab.kernel.Errno;
import org.reaplab.kernel.Exec;
import org.reaplab.kernel.Frame;
import org.reaplab.kernel.Mm;
import org.reaplab.kernel.Task;
import org.reaplab.kernel.ThreadGroup;
import org.reaplab.scenario.Op;

/**
 * fs/exec.c: execve as far as the race cares, in the order of begin_new_exec. de_thread kills the
 * other threads (zap_other_threads with signal->group_exec_task set, so they exit alone, not as a
 * group exit) and waits, killable, until they are gone. exec_mmap then calls exec_mm_release (mm_release:
 * clear_child_tid and complete_vfork_done, which wakes a vfork parent), takes the old mmap_lock
 * killably, switches ->mm to the new address space under task_lock (the linearization point against
 * find_lock_task_mm) and mmputs the old mm, which runs exit_mmap in the exec'ing task when it was the
 * last user. A fatal signal before exec_mmap fails the exec (-EINTR here: the thread dies on its way
 * out); after it the exec has passed the point of no return and returns 0, the process dying with the
 * new mm. The new mm appears at exec_mmap (bprm_mm_init's earlier allocation is private to the exec).
 */
public final class Execve extends Frame {
    private static final int OLD_MM = 0;
    private static final int START = 0, DE_THREAD = 1, DE_THREAD_WAIT = 2, EXEC_MM_RELEASE = 3, EXEC_MMAP = 4, AFTER_MMPUT = 5;

    public Execve(Op.Exec op) {
        super(op, 1);
        v[OLD_MM] = -1;
    }

    @Override
    public String label() {
        return switch (pc) {
            case START -> "do_execveat_common";
            case DE_THREAD, DE_THREAD_WAIT -> "de_thread";
            case EXEC_MM_RELEASE -> "exec_mm_release";
            default -> "exec_mmap";
        };
    }

    @Override
    public boolean canRun(Exec x) {
        return switch (pc) {
            case DE_THREAD_WAIT -> othersGone(x) || x.fatalSignalPending(x.cur);
            // mmap_read_lock_killable of the old mm gives up on a fatal signal; task_lock is a spinlock
            case EXEC_MMAP -> x.taskLockFree(x.cur)
                    && (x.cur.mm < 0 || x.mmapReadAvailable(x.mm(x.cur.mm)) || x.fatalSignalPending(x.cur));
            default -> true;
        };
    }

    /** Every other thread of the group has exited (de_thread's notify_count reached 0). */
    private static boolean othersGone(Exec x) {
        for (int t : x.group().threads) {
            Task o = x.task(t);
            if (o != x.cur && o.exitState == 0 && !o.released) return false;
        }
        return true;
    }

    @Override
    public void step(Exec x) {
        Task t = x.cur;
        ThreadGroup g = x.group();
        switch (pc) {
            case START -> {
                if (x.fatalSignalPending(t)) {
                    fail(x, "do_execveat_common: a fatal signal is pending on {}; the exec does not start.");
                    return;
                }
                x.say("execve: {} loads a new program; bprm_mm_init builds its address space privately.", t.name);
                pc = DE_THREAD;
            }
            case DE_THREAD -> {
                if (g.threads.length == 1) {
                    x.say("de_thread: {} is the only thread; nothing to kill.", t.name);
                    pc = EXEC_MM_RELEASE;
                    return;
                }
                if (g.groupExit() || g.groupExecTask >= 0) {
                    x.say("de_thread: another group action is under way in {}: -EAGAIN.", g.name);
                    x.ret(Errno.EAGAIN);
                    return;
                }
                g.groupExecTask = t.index;
                x.change(g.name, "group_exec_task", "NULL", t.name, null);
                Signals.zapThreads(x, g, t);
                x.setSleep(t, Task.TASK_KILLABLE);
                x.say("de_thread: zap_other_threads sends SIGKILL to {}'s other threads; {} waits (killable) until they are gone.", g.name, t.name);
                pc = DE_THREAD_WAIT;
            }
            case DE_THREAD_WAIT -> {
                g.groupExecTask = -1;
                x.change(g.name, "group_exec_task", t.name, "NULL", null);
                x.setSleep(t, Task.TASK_RUNNING);
                if (!othersGone(x)) {
                    fail(x, "de_thread: {} got a fatal signal while waiting for its other threads; the exec fails.");
                    return;
                }
                x.say("de_thread: every other thread of {} has exited.", g.name);
                pc = EXEC_MM_RELEASE;
            }
            case EXEC_MM_RELEASE -> {
                Task parent = CopyProcess.completeVforkDone(x, t);
                if (parent != null) {
                    x.say("exec_mm_release → mm_release: complete_vfork_done wakes {}, which resumes on {}.", parent.name,
                            t.mm >= 0 ? x.mm(t.mm).name : "its mm");
                } else {
                    x.say("exec_mm_release: futex and clear_child_tid handled; no vfork parent waits.");
                }
                pc = EXEC_MMAP;
            }
            case EXEC_MMAP -> {
                if (t.mm >= 0 && !x.mmapReadAvailable(x.mm(t.mm))) {
                    fail(x, "exec_mmap: mmap_read_lock_killable of the old mm is interrupted by a fatal signal on {}: the exec fails.");
                    return;
                }
                Mm fresh = x.mm(((Op.Exec) op).mm());
                int old = t.mm;
                v[OLD_MM] = old;
                x.mmInit(fresh);
                x.setTaskMm(t, fresh.index);
                if (t.has(Task.PF_FORKNOEXEC)) {
                    x.change(t.name, "flags", Task.flagNames(t.flags), Task.flagNames(t.flags & ~Task.PF_FORKNOEXEC), null);
                    t.flags &= ~Task.PF_FORKNOEXEC;
                }
                if (old < 0) {
                    x.say("exec_mmap: {} now runs on {}.", t.name, fresh.name);
                    x.ret(0);
                    return;
                }
                t.exitMm = old;
                x.say("exec_mmap: under the old mmap_lock(R) and task_lock, {}->mm = {}; {} is no longer found through {} (point of no return).",
                        t.name, fresh.name, x.mm(old).name, t.name);
                pc = AFTER_MMPUT;
                x.call(new Mmput(old));
            }
            default -> throw new IllegalStateException("pc " + pc);
        }
    }

    @Override
    protected void returned(Exec x) {
        x.say("execve returns 0 in the new program.");
        x.ret(0);
    }

    private void fail(Exec x, String why) {
        x.say(why, x.cur.name);
        x.ret(Errno.EINTR);
    }
}
