package org.reaplab.kernel.path;

import org.reaplab.kernel.Errno;
import org.reaplab.kernel.Exec;
import org.reaplab.kernel.Frame;
import org.reaplab.kernel.Invariant;
import org.reaplab.kernel.KernelState;
import org.reaplab.kernel.Task;
import org.reaplab.kernel.ThreadGroup;
import org.reaplab.scenario.VariantOptions;

/**
 * The proposed loops that signal every process sharing an mm, walking init_task.tasks in creation
 * order under RCU (one step per process visited, the victim included; processes linked while the
 * loop runs are reached at the tail).
 * <ul>
 * <li>BEST_EFFORT: option 3's kill_all_shared_mm as posted: global init and refused sends set
 *     "failed" but the loop goes on, so the others stay killed; returns -EBUSY or 0.</li>
 * <li>PRECHECKED: Michal's proposal: a pre-check pass (global init, pid ns, permission, optionally
 *     "would be ignored") that fails with no kill, then the kill pass; a kill-pass failure (creds or
 *     sharers changed in between, race window W7) is -EBUSY.</li>
 * <li>MM_GROUP_STRICT / MM_GROUP_PGRP_LIKE: PIDFD_SIGNAL_MM_GROUP, strict like the pre-check, or like
 *     __kill_pgrp_info: 0 if any target was signalled, else the last error.</li>
 * </ul>
 */
public final class KillAllSharedMm extends Frame {
    public enum Mode { BEST_EFFORT, PRECHECKED, MM_GROUP_STRICT, MM_GROUP_PGRP_LIKE }

    private static final int MM = 0, VICTIM = 1, IDX = 2, FAILED = 3, ANY_OK = 4, LAST_ERR = 5, KILLED = 6;
    private static final int PRECHECK = 0, KILL = 1;

    private final Mode mode;

    public KillAllSharedMm(Mode mode, int mm, int victimGroup) {
        super(null, 7);
        this.mode = mode;
        v[MM] = mm;
        v[VICTIM] = victimGroup;
        pc = mode == Mode.PRECHECKED || mode == Mode.MM_GROUP_STRICT ? PRECHECK : KILL;
    }

    @Override
    public String label() {
        if (mode == Mode.MM_GROUP_STRICT || mode == Mode.MM_GROUP_PGRP_LIKE) return "do_pidfd_send_signal";
        return pc == PRECHECK ? "may_kill_all_shared_mm" : "kill_all_shared_mm";
    }

    @Override
    public boolean inRcu() {
        return true;
    }

    @Override
    public void step(Exec x) {
        KernelState k = x.k;
        if (v[IDX] >= k.processList.length) {
            finishPass(x);
            return;
        }
        ThreadGroup p = k.groups[k.processList[v[IDX]]];
        v[IDX]++;
        if (!Oom.processSharesMm(k, p, v[MM])) {
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
        if (v[IDX] >= k.processList.length) finishPass(x);
    }

    private void finishPass(Exec x) {
        if (pc == PRECHECK) {
            x.say("Every process sharing {} passed the pre-check; now the kill pass.", x.mm(v[MM]).name);
            pc = KILL;
            v[IDX] = 0;
            return;
        }
        int ret;
        if (mode == Mode.MM_GROUP_PGRP_LIKE) ret = v[ANY_OK] == 1 ? 0 : (v[LAST_ERR] != 0 ? v[LAST_ERR] : Errno.ESRCH);
        else ret = v[FAILED] == 1 ? Errno.EBUSY : 0;
        x.say("{} returns {}.", label(), Errno.name(ret));
        if (ret == Errno.EBUSY && v[KILLED] > 0) {
            x.violation(Invariant.KILLED_DESPITE_ERROR, v[MM], x.cur.name + "'s call returns -EBUSY, but it already killed "
                    + v[KILLED] + " process(es) sharing " + x.mm(v[MM]).name + "; nothing is reaped");
        }
        x.ret(ret);
    }

    /** The checks of the pre-check pass; 0 when p may be killed. */
    private int precheck(Exec x, ThreadGroup p) {
        KernelState k = x.k;
        if (p.kthread) {
            x.say("Pre-check: {} is a kthread using the mm: skipped, as the OOM killer does.", p.name);
            return 0;
        }
        VariantOptions.ReapKillAllChecked o = k.world.options.reapKillAllChecked();
        boolean einval = mode == Mode.PRECHECKED && "einval".equals(o.precheckErrno());
        int err = 0;
        if (p.globalInit) err = Errno.EPERM;
        else if (!k.canSee(k.ns(x.cur), p)) err = Errno.EINVAL;
        else if ((err = Signals.checkKillPermission(k, x.cur, p)) != 0) { /* err set */ }
        else if (mode == Mode.PRECHECKED && o.ignoredSignalIsFailure()
                && Signals.ignored(k, x.cur, p, Signals.Info.SI_USER)) err = Errno.EPERM;
        if (err != 0 && einval) err = Errno.EINVAL;
        if (err == 0) x.say("Pre-check: {} may be killed by {}.", p.name, x.cur.name);
        return err;
    }

    /** do_pidfd_send_signal_pidns(task_pid(p), SIGKILL, PIDTYPE_TGID, NULL, 0) and its bookkeeping. */
    private void killOne(Exec x, ThreadGroup p) {
        KernelState k = x.k;
        if (p.kthread) {
            x.say("{} is a kthread: not signalled, not a failure.", p.name);
            return;
        }
        if (p.globalInit && mode != Mode.MM_GROUP_PGRP_LIKE) {
            v[FAILED] = 1;
            x.signal(x.cur, p, "SIGKILL", "-EPERM", true);
            x.say("{} is the global init: not signalled, the call will fail.", p.name);
            return;
        }
        int err;
        if (!k.canSee(k.ns(x.cur), p)) err = Errno.EINVAL;        // access_pidfd_pidns
        else err = Signals.checkKillPermission(k, x.cur, p);
        Task leader = k.tasks[p.leader];
        boolean wasKilled = p.killedBy >= 0;
        if (err == 0) err = Signals.sendSigkill(x, leader, Signals.PIDTYPE_TGID, Signals.Info.SI_USER);
        if (err == 0 && !wasKilled && p.killedBy == x.cur.index) v[KILLED]++;
        else x.signal(x.cur, p, "SIGKILL", Errno.name(err), true);
        if (err != 0) {
            v[FAILED] = 1;
            v[LAST_ERR] = err;
            x.say("Signalling {} fails with {}; {}.", p.name, Errno.name(err),
                    mode == Mode.MM_GROUP_PGRP_LIKE ? "the others are still tried" : "the loop goes on, whoever was killed stays killed");
        } else {
            v[ANY_OK] = 1;
            x.say("SIGKILL sent to {}.", p.name);
        }
    }
}
