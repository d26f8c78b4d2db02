package org.reaplab.kernel.path;

import org.reaplab.design.Design;
import org.reaplab.design.Knobs;
import org.reaplab.kernel.Errno;
import org.reaplab.kernel.Access;
import org.reaplab.kernel.Exec;
import org.reaplab.kernel.Frame;
import org.reaplab.kernel.Invariant;
import org.reaplab.kernel.Task;
import org.reaplab.kernel.ThreadGroup;

/**
 * The proposed loops that signal every process sharing an mm (signalled=sharers), walking
 * init_task.tasks in creation order under RCU (one step per process visited, the victim included;
 * processes linked while the loop runs are reached at the tail). The design decides the policy:
 * <ul>
 * <li>permission=best_effort: option 3's kill_all_shared_mm as posted: a refused send fails the call
 *     but the loop goes on, so the others stay killed;</li>
 * <li>permission=precheck: Michal's proposal: a pre-check pass (global init, pid ns, permission,
 *     optionally "would be ignored") that fails with no kill, then the kill pass; a kill-pass failure
 *     (creds or sharers changed in between, race window W7) is -EBUSY;</li>
 * <li>permission=forced: no permission or namespace checks, SEND_SIG_PRIV;</li>
 * <li>pidns_check, ignored_sigkill and kill_errno (-EBUSY as option 3, the failure's own errno, or
 *     __kill_pgrp_info's "0 if any target was signalled, else the last error").</li>
 * </ul>
 * The same loop serves PIDFD_SIGNAL_MM_GROUP inside pidfd_send_signal ({@code mmGroupCall}).
 */
public final class KillAllSharedMm extends Frame {
    private static final int MM = 0, VICTIM = 1, IDX = 2, FAILED = 3, ANY_OK = 4, LAST_ERR = 5, KILLED = 6, FIRST_ERR = 7;
    private static final int PRECHECK = 0, KILL = 1;

    private final boolean mmGroupCall;

    /**
     * @param mmGroupCall the loop runs inside pidfd_send_signal(PIDFD_SIGNAL_MM_GROUP), not process_mrelease
     * @param design      the run's design: permission=precheck starts with the pre-check pass
     */
    public KillAllSharedMm(boolean mmGroupCall, Design design, int mm, int victimGroup) {
        super(null, 8);
        this.mmGroupCall = mmGroupCall;
        v[MM] = mm;
        v[VICTIM] = victimGroup;
        pc = design.is(Knobs.PERMISSION, Knobs.Permission.PRECHECK) ? PRECHECK : KILL;
    }

    @Override
    public String label() {
        if (mmGroupCall) return "do_pidfd_send_signal";
        return pc == PRECHECK ? "may_kill_all_shared_mm" : "kill_all_shared_mm";
    }

    @Override
    public boolean inRcu() {
        return true;
    }

    private static Design design(Exec x) {
        return x.world().design;
    }

    private static boolean prechecked(Exec x) {
        return design(x).is(Knobs.PERMISSION, Knobs.Permission.PRECHECK);
    }

    /*
     * permission=forced (SEND_SIG_PRIV, no checks) is asked only where it changes the step: a refused
     * check, a sig_task_ignored answer that differs, a send that differs (Signals.privChangesSend).
     * Elsewhere both kills do the same, and the knob only words the log (Design.peek), so the design
     * search reuses one exploration for both (docs/designs.md, "Reusing explorations").
     */

    private static boolean forced(Design d) {
        return d.is(Knobs.PERMISSION, Knobs.Permission.FORCED);
    }

    /** check_kill_permission's refusal, or 0; permission=forced skips the check (asked only when it refuses). */
    static int checkUnlessForced(Exec x, Design d, ThreadGroup p) {
        int err = Signals.checkKillPermission(x, x.cur, p);
        return err != 0 && forced(d) ? 0 : err;
    }

    /** sig_task_ignored for the design's SIGKILL: SEND_SIG_PRIV under permission=forced, else {@code user}. */
    static boolean ignored(Design d, Exec x, Task sender, ThreadGroup p, Signals.Info user) {
        boolean asUser = Signals.ignored(x, sender, p, user);
        return asUser != Signals.ignored(x, sender, p, Signals.Info.PRIV) ? !forced(d) : asUser;
    }

    /** The siginfo of the design's SIGKILL to p: SEND_SIG_PRIV under permission=forced, else {@code user}. */
    static Signals.Info info(Design d, Exec x, ThreadGroup p, Signals.Info user) {
        boolean forced = Signals.privChangesSend(x, x.cur, p) ? forced(d) : d.peek(Knobs.PERMISSION) == Knobs.Permission.FORCED;
        return forced ? Signals.Info.PRIV : user;
    }

    /**
     * The processes still to be visited: from the current place in init_task.tasks to its end (all of
     * them again when the kill pass follows the pre-check), with the caller's credentials and the mm.
     */
    @Override
    public void reach(Exec x, Access into) {
        into.global(Access.PROCESS_LIST | Access.OBJECTS);
        into.mm(v[MM]);
        into.group(x.cur.group);
        int[] list = x.processList();
        for (int i = pc == PRECHECK ? 0 : v[IDX]; i < list.length; i++) Reach.process(x, list[i], into);
        Reach.toBeLinked(x, into);
    }

    @Override
    public void step(Exec x) {
        if (v[IDX] >= x.processList().length) {
            finishPass(x);
            return;
        }
        ThreadGroup p = x.group(x.processList()[v[IDX]]);
        v[IDX]++;
        if (!Oom.processSharesMm(x, p, v[MM])) {
            x.say("{}: {} does not share {}.", label(), p.name, x.mm(v[MM]).name);
        } else if (pc == PRECHECK) {
            int err = precheck(x, p);
            if (err != 0) {
                x.say("Pre-check fails on {}: {}. Nothing has been killed.", p.name, Errno.name(err));
                x.ret(err);
                return;
            }
        } else {
            killOne(x, p);
        }
        if (v[IDX] >= x.processList().length) finishPass(x);
    }

    private void finishPass(Exec x) {
        if (pc == PRECHECK) {
            x.say("Every process sharing {} passed the pre-check; now the kill pass.", x.mm(v[MM]).name);
            pc = KILL;
            v[IDX] = 0;
            return;
        }
        Design d = design(x);
        int ret;
        if (v[FAILED] == 0 && v[ANY_OK] == 1) {
            ret = 0; // every target signalled: 0 whatever kill_errno says (read it only where it can matter)
        } else if (d.get(Knobs.KILL_ERRNO) == Knobs.KillErrno.ANY_SIGNALLED) {
            ret = v[ANY_OK] == 1 ? 0 : (v[LAST_ERR] != 0 ? v[LAST_ERR] : Errno.ESRCH);
        } else if (v[FAILED] == 0) {
            ret = 0;
        } else if (prechecked(x)) {
            ret = Errno.EBUSY; // a kill-pass failure after a passed pre-check: the TOCTOU case
        } else {
            ret = reported(d, v[FIRST_ERR]);
        }
        x.say("{} returns {}.", label(), Errno.name(ret));
        if (ret < 0 && v[KILLED] > 0) {
            x.violation(Invariant.KILLED_DESPITE_ERROR, v[MM], x.cur.name + "'s call returns " + Errno.name(ret) + ", but it already killed "
                    + v[KILLED] + " process(es) sharing " + x.mm(v[MM]).name + "; nothing is reaped");
        }
        x.ret(ret);
    }

    /** The errno a failed kill reports under kill_errno (own, or -EBUSY, or -EINVAL whatever failed). */
    static int reported(Design d, int err) {
        return switch (d.get(Knobs.KILL_ERRNO)) {
            case EBUSY -> Errno.EBUSY;
            case EINVAL -> Errno.EINVAL;
            case OWN, ANY_SIGNALLED -> err;
        };
    }

    /** ignored_sigkill: whether a SIGKILL to {@code p} counts as failed although the send would "succeed". */
    static boolean ignoredIsFailure(Design d, Exec x, Task sender, ThreadGroup p, Signals.Info user) {
        if (!ignored(d, x, sender, p, user)) return false; // a SIGKILL that lands is no failure under any value
        return switch (d.get(Knobs.IGNORED_SIGKILL)) {
            case OK -> false;
            case INIT_FAILS -> p.globalInit;
            case FAILS -> true;
        };
    }

    /** The checks of the pre-check pass; 0 when p may be killed. */
    private int precheck(Exec x, ThreadGroup p) {
        if (p.kthread) {
            x.say("Pre-check: {} is a kthread using the mm: skipped, as the OOM killer does.", p.name);
            return 0;
        }
        Design d = design(x);
        int err = 0;
        if (p.globalInit && d.get(Knobs.IGNORED_SIGKILL) != Knobs.IgnoredSigkill.OK) err = Errno.EPERM;
        else if (!x.canSee(x.ns(x.cur), p) && d.get(Knobs.PIDNS_CHECK) == Knobs.PidnsCheck.YES) err = Errno.EINVAL;
        else if ((err = Signals.checkKillPermission(x, x.cur, p)) != 0) { /* err set */ }
        else if (Signals.ignored(x, x.cur, p, Signals.Info.SI_USER)
                && d.get(Knobs.IGNORED_SIGKILL) == Knobs.IgnoredSigkill.FAILS) err = Errno.EPERM;
        if (err != 0 && d.get(Knobs.KILL_ERRNO) == Knobs.KillErrno.EINVAL) err = Errno.EINVAL;
        if (err == 0) x.say("Pre-check: {} may be killed by {}.", p.name, x.cur.name);
        return err;
    }

    /** do_pidfd_send_signal_pidns(task_pid(p), SIGKILL, PIDTYPE_TGID, NULL, 0) and its bookkeeping. */
    private void killOne(Exec x, ThreadGroup p) {
        Design d = design(x);
        if (p.kthread) {
            x.say("{} is a kthread: not signalled, not a failure.", p.name);
            return;
        }
        if (p.globalInit && d.get(Knobs.IGNORED_SIGKILL) != Knobs.IgnoredSigkill.OK) {
            fail(Errno.EPERM);
            x.signal(x.cur, p, "SIGKILL", "-EPERM", true);
            x.say("{} is the global init: not signalled, the call will fail.", p.name);
            return;
        }
        int err = 0;
        if (!x.canSee(x.ns(x.cur), p) && d.get(Knobs.PIDNS_CHECK) == Knobs.PidnsCheck.YES) err = Errno.EINVAL; // access_pidfd_pidns
        else err = checkUnlessForced(x, d, p);
        // a pre-checked target was already refused if its signal would be ignored
        if (err == 0 && !prechecked(x) && ignoredIsFailure(d, x, x.cur, p, Signals.Info.SI_USER)) err = Errno.EPERM;
        Task leader = x.task(p.leader);
        boolean wasKilled = p.killedBy >= 0;
        if (err == 0) err = Signals.sendSigkill(x, leader, Signals.PIDTYPE_TGID, info(d, x, p, Signals.Info.SI_USER));
        if (err == 0 && !wasKilled && p.killedBy == x.cur.index) v[KILLED]++;
        else x.signal(x.cur, p, "SIGKILL", Errno.name(err), true);
        if (err != 0) {
            fail(err);
            x.say("Signalling {} fails with {}; {}.", p.name, Errno.name(err),
                    d.get(Knobs.KILL_ERRNO) == Knobs.KillErrno.ANY_SIGNALLED ? "the others are still tried" : "the loop goes on, whoever was killed stays killed");
        } else {
            v[ANY_OK] = 1;
            x.say("SIGKILL sent to {}.", p.name);
        }
    }

    private void fail(int err) {
        v[FAILED] = 1;
        v[LAST_ERR] = err;
        if (v[FIRST_ERR] == 0) v[FIRST_ERR] = err;
    }
}
