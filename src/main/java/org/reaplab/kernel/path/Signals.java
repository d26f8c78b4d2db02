package org.reaplab.kernel.path;

import org.reaplab.kernel.Errno;
import org.reaplab.kernel.Exec;
import org.reaplab.kernel.Invariant;
import org.reaplab.kernel.SignalEdge;
import org.reaplab.kernel.Task;
import org.reaplab.kernel.ThreadGroup;
import org.reaplab.scenario.LsmRule;

/**
 * SIGKILL delivery as kernel/signal.c does it: permission (check_kill_permission, kill_ok_by_cred,
 * security_task_kill), then under the target's siglock prepare_signal (dropped for a dying group,
 * ignored by init / SIGNAL_UNKILLABLE), queueing and complete_signal (group exit, SIGKILL to every
 * thread, wake-up). Each function here is part of one atomic step of its caller.
 */
public final class Signals {
    public static final int SIGKILL = 9;
    public static final int SIGBUS = 7;
    public static final int SIGSEGV = 11;

    public static final int PIDTYPE_PID = 0;
    public static final int PIDTYPE_TGID = 1;
    public static final int PIDTYPE_PGID = 2;

    /** What kind of siginfo the send carries; decides permission checks and force. */
    public enum Info {
        /** SEND_SIG_NOINFO: a user signal (kill_pid with priv=0, as v2 calls it). */
        NOINFO,
        /** A real SI_USER siginfo (pidfd_send_signal, kill). */
        SI_USER,
        /** SEND_SIG_PRIV: kernel-originated, no permission checks, always forced. */
        PRIV;

        public boolean fromUser() {
            return this != PRIV;
        }
    }

    private Signals() {}

    /** kernel/signal.c: kill_ok_by_cred. */
    public static boolean killOkByCred(ThreadGroup caller, ThreadGroup target) {
        return caller.euid == target.suid || caller.euid == target.uid || caller.uid == target.suid
                || caller.uid == target.uid || (caller.caps & ThreadGroup.CAP_KILL) != 0;
    }

    /** security/security.c: security_task_kill, against the scenario's LSM deny rules; 0 when allowed. */
    public static int securityTaskKill(ThreadGroup caller, ThreadGroup target, java.util.List<LsmRule> rules) {
        for (LsmRule r : rules) {
            if (r.from().equals(caller.name) && r.to().equals(target.name)) {
                Integer e = Errno.parse(r.errno());
                return e == null ? Errno.EACCES : e;
            }
        }
        return 0;
    }

    /** kernel/signal.c: check_kill_permission for a user SIGKILL: 0, -EPERM or the LSM's errno. */
    public static int checkKillPermission(Exec x, Task sender, ThreadGroup target) {
        ThreadGroup caller = x.groupOf(sender);
        if (caller != target && !killOkByCred(caller, target)) return Errno.EPERM;
        return securityTaskKill(caller, target, x.world().lsm);
    }

    /**
     * send_signal_locked: force is true for SEND_SIG_PRIV, and for a user signal from a sender that has
     * no pid in the target's namespace (an ancestor namespace).
     */
    public static boolean force(Exec x, Task sender, ThreadGroup target, Info info) {
        return info == Info.PRIV || !x.visibleIn(sender, target.ns);
    }

    /** sig_task_ignored for SIGKILL: global init always, SIGNAL_UNKILLABLE or a kthread unless forced. */
    public static boolean ignored(Exec x, Task sender, ThreadGroup target, Info info) {
        if (target.globalInit) return true;
        boolean force = force(x, sender, target, info);
        if (target.unkillable() && !force) return true;
        return target.kthread && !force;
    }

    /**
     * do_send_sig_info(SIGKILL) → send_signal_locked → __send_signal_locked, under the target's siglock.
     * Returns -ESRCH for a released target (lock_task_sighand fails), otherwise 0, whatever became of
     * the signal (kernel-model.md 0.3 item 5).
     *
     * @param targetTask the task pid_task found (the named thread for PIDTYPE_PID)
     */
    public static int sendSigkill(Exec x, Task targetTask, int type, Info info) {
        Task sender = x.cur;
        ThreadGroup g = x.groupOf(targetTask);
        if (targetTask.released) {
            x.signal(sender, g, "SIGKILL", "-ESRCH", info.fromUser());
            return Errno.ESRCH;
        }
        // prepare_signal: a group already exiting drops it, unless a core dump is in progress
        if (g.groupExit() && g.coreDumper < 0) {
            x.signal(sender, g, "SIGKILL", SignalEdge.DROPPED, info.fromUser());
            x.say("prepare_signal drops the SIGKILL: {} is already in group exit (returns 0 anyway).", g.name);
            return 0;
        }
        // prepare_signal: while core_state is set a SIGKILL is accepted before sig_ignored is asked
        if (g.coreDumper < 0 && ignored(x, sender, g, info)) {
            x.signal(sender, g, "SIGKILL", SignalEdge.IGNORED, info.fromUser());
            x.say("sig_task_ignored: {} ignores the SIGKILL ({}); the send still returns 0.", g.name,
                    g.globalInit ? "global init" : g.kthread ? "kthread" : "SIGNAL_UNKILLABLE, not forced");
            return 0;
        }
        if (info.fromUser()) checkUserSignalInvariants(x, g);
        // complete_signal: pick a thread that wants it
        Task chosen = null;
        if (!targetTask.has(Task.PF_EXITING)) chosen = targetTask;
        else if (type != PIDTYPE_PID) {
            for (int t : g.threads) {
                Task c = x.task(t);
                if (!c.has(Task.PF_EXITING) && !c.dead()) {
                    chosen = c;
                    break;
                }
            }
        }
        if (chosen == null) {
            if (type == PIDTYPE_PID) targetTask.sigkillPending = true;
            else g.sharedSigkill = true;
            x.signal(sender, g, "SIGKILL", SignalEdge.QUEUED, info.fromUser());
            x.say("SIGKILL queued for {}; no thread wants it now (all PF_EXITING).", g.name);
            return 0;
        }
        // complete_signal's group-fatal branch runs when no group exit is under way, and also while a core
        // dump is (core_state set): the SIGKILL aborts the dump and the process dies "killed by KILL"
        boolean dumping = g.coreDumper >= 0;
        boolean started = !g.groupExit() || dumping;
        x.setGroupExit(g, SIGKILL);
        zapThreads(x, g, null);
        if (g.killedBy < 0 && started) g.killedBy = sender.index;
        if (dumping && !g.coredumpKilled) {
            g.coredumpKilled = true;
            x.change(g.name, "killed while dumping core", false, true, null);
        }
        x.signal(sender, g, "SIGKILL", started ? SignalEdge.KILLED : SignalEdge.QUEUED, info.fromUser());
        x.say(dumping
                ? "complete_signal: {} is dumping core (core_state set), so the SIGKILL takes the group-fatal branch: group_exit_code = SIGKILL, SIGKILL to every thread; dump_interrupted will abort the dump."
                : "complete_signal: {} enters group exit; SIGKILL pending on each thread, sleepers woken unless in D.", g.name);
        return 0;
    }

    /**
     * Whether SEND_SIG_PRIV instead of a user siginfo can change what a SIGKILL to {@code target} does,
     * not only how the log words it: sig_task_ignored answers differently (a SIGNAL_UNKILLABLE or kthread
     * target that sees the sender), or the user signal breaks an invariant (checkUserSignalInvariants).
     */
    public static boolean privChangesSend(Exec x, Task sender, ThreadGroup target) {
        if (ignored(x, sender, target, Info.PRIV) != ignored(x, sender, target, Info.SI_USER)) return true;
        return withoutPermission(x, x.groupOf(sender), target) || !x.canSee(x.ns(sender), target);
    }

    /** The caller may not signal the target (credentials or the LSM), which a user SIGKILL must not get past. */
    private static boolean withoutPermission(Exec x, ThreadGroup caller, ThreadGroup target) {
        return caller != target && (!killOkByCred(caller, target) || securityTaskKill(caller, target, x.world().lsm) != 0);
    }

    private static void checkUserSignalInvariants(Exec x, ThreadGroup target) {
        ThreadGroup caller = x.group();
        if (withoutPermission(x, caller, target)) {
            x.violation(Invariant.KILL_WITHOUT_PERMISSION, target.index,
                    x.cur.name + " killed " + target.name + " without permission to signal it (uid "
                            + caller.uid + "/" + caller.euid + " vs " + target.uid + "/" + target.suid + ")");
        }
        if (!x.canSee(x.ns(x.cur), target)) {
            x.violation(Invariant.SIGNAL_CROSSED_PIDNS, target.index,
                    x.cur.name + " (pid ns " + x.world().nsNames[x.ns(x.cur)] + ") signalled " + target.name
                            + " in pid ns " + x.world().nsNames[target.ns] + ", which it cannot see");
        }
    }

    /**
     * SIGKILL into the private pending set of every thread of the group that has not exited, except
     * {@code except} (complete_signal's group-fatal branch, zap_other_threads, zap_process).
     * signal_wake_up(t, 1) wakes killable and interruptible sleepers: their frames see the pending
     * SIGKILL; D and idle sleepers stay asleep.
     */
    public static void zapThreads(Exec x, ThreadGroup g, Task except) {
        for (int t : g.threads) {
            Task c = x.task(t);
            if (c != except && c.exitState == 0) c.sigkillPending = true;
        }
    }

    /** A kernel-forced SIGKILL to every thread group (zap_pid_ns_processes, the OOM killer's sharers). */
    public static void forceSigkill(Exec x, ThreadGroup g) {
        sendSigkill(x, x.task(g.leader), PIDTYPE_TGID, Info.PRIV);
    }
}
