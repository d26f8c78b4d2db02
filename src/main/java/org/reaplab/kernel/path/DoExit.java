package org.reaplab.kernel.path;

import org.reaplab.kernel.Access;
import org.reaplab.kernel.Exec;
import org.reaplab.kernel.Frame;
import org.reaplab.kernel.Mm;
import org.reaplab.kernel.StepFact;
import org.reaplab.kernel.Task;
import org.reaplab.kernel.ThreadGroup;
import org.reaplab.scenario.Op;

/**
 * A thread's way out: kernel/signal.c get_signal taking SIGKILL, kernel/exit.c do_group_exit,
 * do_exit (synchronize_group_exit, coredump_task_exit, exit_signals, exit_mm_release, exit_mm, mmput,
 * exit_files, exit_notify) and release_task. exit_mm clears ->mm under task_lock: the linearization
 * point against find_lock_task_mm and get_task_mm (race window W2).
 */
public final class DoExit extends Frame {
    /** Where the thread enters the exit path. */
    public enum Entry { SIGNAL, GROUP_EXIT, THREAD_EXIT }

    private static final int CODE = 0, MM = 1, GROUP_DEAD = 2;
    private static final int GET_SIGNAL = 0, DO_GROUP_EXIT = 1, SYNCHRONIZE = 2, COREDUMP_PARKED = 3,
            EXIT_SIGNALS = 4, DO_EXIT = 5, EXIT_MM_RELEASE = 6, EXIT_MM = 7, EXIT_FILES = 8, EXIT_NOTIFY = 9,
            RELEASE_TASK = 10, ZAP_PID_NS = 11;

    public DoExit(Op op, Entry entry, int code) {
        super(op, 3);
        v[CODE] = code;
        v[MM] = -1;
        pc = switch (entry) {
            case SIGNAL -> GET_SIGNAL;
            case GROUP_EXIT -> DO_GROUP_EXIT;
            case THREAD_EXIT -> SYNCHRONIZE;
        };
    }

    @Override
    public String label() {
        return switch (pc) {
            case GET_SIGNAL -> "get_signal";
            case DO_GROUP_EXIT -> "do_group_exit";
            case SYNCHRONIZE -> "synchronize_group_exit";
            case COREDUMP_PARKED -> "coredump_task_exit";
            case EXIT_SIGNALS -> "exit_signals";
            case DO_EXIT -> "do_exit";
            case EXIT_MM_RELEASE -> "exit_mm_release";
            case EXIT_MM -> "exit_mm";
            case EXIT_FILES -> "exit_files";
            case EXIT_NOTIFY -> "exit_notify";
            case ZAP_PID_NS -> "zap_pid_ns_processes";
            default -> "release_task";
        };
    }

    /** Parked in coredump_task_exit, waiting for the dumper's coredump_finish. */
    public boolean parkedForCoredump() {
        return pc == COREDUMP_PARKED;
    }

    @Override
    public void reach(Exec x, Access into) {
        Reach.exit(x, x.cur, into);
    }

    @Override
    public boolean canRun(Exec x) {
        Task t = x.cur;
        return switch (pc) {
            case COREDUMP_PARKED -> x.group().coreDumper < 0;
            case EXIT_MM_RELEASE -> x.taskLockFree(t);
            case EXIT_MM -> t.mm < 0 || (x.taskLockFree(t) && x.mmapReadAvailable(x.mm(t.mm)));
            case ZAP_PID_NS -> zombieToReap(x) >= 0 || namespaceEmpty(x);
            default -> true;
        };
    }

    @Override
    public void step(Exec x) {
        Task t = x.cur;
        ThreadGroup g = x.group();
        switch (pc) {
            case GET_SIGNAL -> {
                t.sigkillPending = false;
                if (!g.groupExit()) g.sharedSigkill = false;
                x.setTaskFlag(t, Task.PF_SIGNALED);
                x.setSleep(t, Task.TASK_RUNNING);
                v[CODE] = g.sigbus ? Signals.SIGBUS : Signals.SIGKILL;
                x.say("get_signal: {} takes its fatal {} on the way back to user mode.", t.name, g.sigbus ? "SIGBUS" : "SIGKILL");
                x.fact(StepFact.GET_SIGNAL);
                pc = DO_GROUP_EXIT;
            }
            case DO_GROUP_EXIT -> {
                if (!g.groupExit() && g.groupExecTask >= 0 && g.groupExecTask != t.index) {
                    // de_thread's zap_other_threads: do_group_exit with group_exec_task set exits this thread alone
                    x.say("do_group_exit: {} is being de_thread()ed by {}'s exec; it exits alone.", t.name, x.task(g.groupExecTask).name);
                    pc = SYNCHRONIZE;
                    return;
                }
                if (!g.groupExit()) {
                    x.setGroupExit(g, v[CODE]);
                    x.say("do_group_exit: sets SIGNAL_GROUP_EXIT on {} and zap_other_threads sends SIGKILL to its other threads.", g.name);
                } else {
                    x.say("do_group_exit: {} is already in group exit.", g.name);
                }
                Signals.zapThreads(x, g, t);
                pc = SYNCHRONIZE;
            }
            case SYNCHRONIZE -> {
                g.quickThreads--;
                if (g.quickThreads == 0 && !g.groupExit()) x.setGroupExit(g, v[CODE]);
                x.setTaskFlag(t, Task.PF_POSTCOREDUMP);
                if (g.coreDumper >= 0 && g.coreDumper != t.index) {
                    x.setSleep(t, Task.TASK_IDLE);
                    x.say("synchronize_group_exit: a core dump is in progress; {} parks in coredump_task_exit, still holding its mm.", t.name);
                    pc = COREDUMP_PARKED;
                } else {
                    x.say("synchronize_group_exit: {} leaves the group's quick threads.", t.name);
                    pc = EXIT_SIGNALS;
                }
            }
            case COREDUMP_PARKED -> {
                x.setSleep(t, Task.TASK_RUNNING);
                x.say("coredump_finish woke {}; it goes on exiting.", t.name);
                pc = EXIT_SIGNALS;
            }
            case EXIT_SIGNALS -> {
                x.setTaskFlag(t, Task.PF_EXITING);
                x.say("exit_signals: {} is PF_EXITING; group signals no longer target it.", t.name);
                pc = DO_EXIT;
            }
            case DO_EXIT -> {
                g.live--;
                v[GROUP_DEAD] = g.live == 0 ? 1 : 0;
                if (v[GROUP_DEAD] == 1 && g.globalInit) {
                    String panic = "Attempted to kill init! exitcode=0x" + Integer.toHexString(v[CODE]);
                    x.panic(panic);
                    x.change("kernel", "panic", "-", panic, null);
                    x.say("do_exit: the global init is exiting: panic(\"Attempted to kill init!\").");
                    return;
                }
                x.say(v[GROUP_DEAD] == 1 ? "do_exit: {} is the last live thread of its group." : "do_exit: {} accounts its exit.", t.name);
                pc = t.mm >= 0 ? EXIT_MM_RELEASE : EXIT_FILES;
            }
            case EXIT_MM_RELEASE -> {
                // whether the futex words were reaped only words the explanation: the mm is looked at
                // only when a log is kept, so an exploration does not count it as read
                if (x.recording()) {
                    Mm mm = x.mm(t.mm);
                    if (mm.test(Mm.MMF_UNSTABLE) && mm.anonResident() == 0) {
                        x.say("exit_mm_release: the robust futex list and clear_child_tid live in reaped memory: the reads fault, waiters miss OWNER_DIED.");
                    } else {
                        x.say("exit_mm_release: robust futex list and clear_child_tid handled.");
                    }
                }
                Task parent = CopyProcess.completeVforkDone(x, t);
                if (parent != null && x.recording()) {
                    x.say("complete_vfork_done wakes {}, which resumes on {}.", parent.name, x.mm(t.mm).name);
                }
                pc = EXIT_MM;
            }
            case EXIT_MM -> {
                int mm = t.mm;
                v[MM] = mm;
                x.setTaskMm(t, -1);
                t.exitMm = mm;
                x.say("exit_mm: under mmap_lock(R) and task_lock, {}->mm = NULL; process_mrelease can no longer find {} through it.",
                        t.name, x.mm(mm).name);
                x.fact(StepFact.EXIT_MM);
                pc = EXIT_FILES;
                x.call(new Mmput(mm));
            }
            case EXIT_FILES -> {
                if (t.memdie) {
                    t.memdie = false;
                    x.change(t.name, "TIF_MEMDIE", true, false, null);
                }
                if (v[GROUP_DEAD] == 1) g.closeAllFds();
                x.say(v[GROUP_DEAD] == 1 ? "exit_files: {} closes its files (its pidfds too)." : "exit_files: {} drops its files reference.", t.name);
                pc = EXIT_NOTIFY;
            }
            case EXIT_NOTIFY -> exitNotify(x, t, g);
            case ZAP_PID_NS -> {
                int zombie = zombieToReap(x);
                if (zombie >= 0) {
                    Task z = x.task(zombie);
                    x.setExitState(z, Task.EXIT_DEAD);
                    x.say("zap_pid_ns_processes: kernel_wait4 reaps {}, a zombie of pid ns {} left to its child reaper.",
                            z.name, x.world().nsNames[g.ns]);
                    releaseTask(x, z);
                    return;
                }
                x.setSleep(t, Task.TASK_RUNNING);
                x.say("zap_pid_ns_processes: every other task of pid ns {} has been reaped (pid_allocated == init_pids); {} goes on exiting.",
                        x.world().nsNames[g.ns], t.name);
                becomeZombie(x, t, g);
            }
            case RELEASE_TASK -> {
                releaseTask(x, t);
                x.ret(0);
            }
            default -> throw new IllegalStateException("pc " + pc);
        }
    }

    private void exitNotify(Exec x, Task t, ThreadGroup g) {
        if (g.nsInit && !g.globalInit && v[GROUP_DEAD] == 1) {
            // forget_original_parent → find_child_reaper: no other thread can take over as child reaper
            x.say("exit_notify: {} was the child reaper of pid ns {}: zap_pid_ns_processes kills everything in it and waits until every other task of the namespace has been reaped.",
                    g.name, x.world().nsNames[g.ns]);
            for (int gi : x.processList()) {
                ThreadGroup other = x.group(gi);
                if (other != g && x.world().nsWithin(other.ns, g.ns)) Signals.forceSigkill(x, other);
            }
            x.setSleep(t, Task.TASK_INTERRUPTIBLE);
            pc = ZAP_PID_NS;
            return;
        }
        becomeZombie(x, t, g);
    }

    /** The rest of exit_notify: EXIT_ZOMBIE, or EXIT_DEAD and release_task when nobody will wait. */
    private void becomeZombie(Exec x, Task t, ThreadGroup g) {
        boolean autoreap;
        if (!t.leader) autoreap = true;
        else autoreap = g.autoreap && Oom.threadGroupEmpty(x, g);
        x.setExitState(t, autoreap ? Task.EXIT_DEAD : Task.EXIT_ZOMBIE);
        x.say(autoreap ? "exit_notify: {} is EXIT_DEAD and will be released now." : "exit_notify: {} is a zombie until its parent waits.", t.name);
        if (autoreap) pc = RELEASE_TASK;
        else x.ret(0);
    }

    /** Inside the dying init's namespace (its own threads excepted): a task whose pid is still allocated. */
    private static boolean inDyingNamespace(Exec x, ThreadGroup init, Task o) {
        return o.group != init.index && o.linked && !o.released && x.world().nsWithin(x.group(o.group).ns, init.ns);
    }

    /** zap_pid_ns_processes' wait: pid_allocated == init_pids, every other task of the namespace released. */
    private static boolean namespaceEmpty(Exec x) {
        ThreadGroup init = x.group();
        for (Task o : x.tasks()) if (inDyingNamespace(x, init, o)) return false;
        return true;
    }

    /**
     * A zombie leader of the namespace that the dying init reaps with kernel_wait4(-1): its own child, or
     * one reparented to it (no parent in the scenario, or a parent inside the namespace, which is dying
     * too). A zombie whose parent lives outside the namespace waits for that parent.
     */
    private static int zombieToReap(Exec x) {
        ThreadGroup init = x.group();
        for (Task o : x.tasks()) {
            if (!inDyingNamespace(x, init, o) || !o.leader || o.exitState != Task.EXIT_ZOMBIE) continue;
            ThreadGroup og = x.group(o.group);
            if (og.threads.length != 1) continue; // delay_group_leader: other threads still to go
            if (og.parent < 0 || og.parent == init.index || x.world().nsWithin(x.group(og.parent).ns, init.ns)) return o.index;
        }
        return -1;
    }

    /**
     * kernel/exit.c: release_task — unhash the pid (pidfd_get_task and kill now give -ESRCH), unlink
     * from the thread list and, for a leader, from the process list. A delayed zombie leader whose last
     * other thread goes is released with it when nobody waits for it.
     */
    public static void releaseTask(Exec x, Task t) {
        ThreadGroup g = x.groupOf(t);
        t.released = true;
        x.change(t.name, "released", false, true, null);
        g.removeThread(t.index);
        if (t.leader) x.unlinkProcess(g.index);
        x.say("release_task: {} is unhashed; its pid no longer finds a task.", t.name);
        Oom.putSignalStruct(x, g);
        if (!t.leader) {
            Task leader = x.task(g.leader);
            if (leader.exitState == Task.EXIT_ZOMBIE && !leader.released && Oom.threadGroupEmpty(x, g) && g.autoreap) {
                x.setExitState(leader, Task.EXIT_DEAD);
                releaseTask(x, leader);
            }
        }
    }
}
