package org.reaplab.kernel.path;

import org.reaplab.design.Knobs;
import org.reaplab.kernel.Errno;
import org.reaplab.kernel.Exec;
import org.reaplab.kernel.Frame;
import org.reaplab.kernel.Mm;
import org.reaplab.kernel.Pidfd;
import org.reaplab.kernel.Task;
import org.reaplab.kernel.ThreadGroup;
import org.reaplab.scenario.Op;

import java.util.List;

/**
 * kernel/signal.c: pidfd_send_signal and kill (kill_something_info) for SIGKILL or signal 0. The
 * permission check and the send are separate steps, as in the kernel (race window W7: credentials can
 * change in between). When the design's kill goes through it, PIDFD_SIGNAL_MM_GROUP finds the victim's mm, pins it
 * only for the call, and signals every process sharing it.
 */
public final class SendSignal extends Frame {
    private static final int TARGET = 0, TYPE = 1, MM = 2, P = 3, RET = 4;
    private static final int RESOLVE = 0, PERMISSION = 1, SEND = 2, MM_GROUP_GRAB = 3, MM_GROUP_DROP = 4,
            AFTER_FIND = 5, AFTER_KILL = 6, KILL_PGRP = 7;

    private final String sig;

    public SendSignal(Op op) {
        super(op, 5);
        this.sig = op instanceof Op.PidfdSendSignal s ? s.sig() : ((Op.Kill) op).sig();
    }

    @Override
    public String label() {
        return switch (pc) {
            case RESOLVE -> op instanceof Op.Kill ? "kill_something_info" : "pidfd_send_signal";
            case PERMISSION -> "check_kill_permission";
            case SEND -> "send_signal_locked";
            case MM_GROUP_GRAB -> "mmgrab";
            case KILL_PGRP -> "kill_pgrp_info";
            default -> "mmdrop";
        };
    }

    private boolean probeOnly() {
        return "0".equals(sig);
    }

    @Override
    public void step(Exec x) {
        switch (pc) {
            case RESOLVE -> {
                if (op instanceof Op.Kill kill) resolveKill(x, kill);
                else resolvePidfd(x, (Op.PidfdSendSignal) op);
            }
            case PERMISSION -> {
                Task target = x.task(v[TARGET]);
                ThreadGroup g = x.groupOf(target);
                if (target.released) {
                    x.say("pid_task finds nothing: {} was released. -ESRCH.", target.name);
                    x.ret(Errno.ESRCH);
                    return;
                }
                int err = Signals.checkKillPermission(x, x.cur, g);
                if (err != 0) {
                    x.signal(x.cur, g, "SIGKILL", Errno.name(err), true);
                    x.say("check_kill_permission: {} may not signal {}: {}.", x.cur.name, g.name, Errno.name(err));
                    x.ret(err);
                    return;
                }
                x.say("check_kill_permission: {} may signal {} (the check runs even on a zombie).", x.cur.name, g.name);
                if (probeOnly()) {
                    x.ret(0);
                    return;
                }
                pc = SEND;
            }
            case SEND -> {
                int err = Signals.sendSigkill(x, x.task(v[TARGET]), v[TYPE], Signals.Info.SI_USER);
                x.ret(err);
            }
            case MM_GROUP_GRAB -> {
                Task p = x.task(v[P]);
                Mm mm = x.mm(p.mm);
                v[MM] = mm.index;
                x.mmgrab(mm);
                x.taskUnlock(p);
                x.say("PIDFD_SIGNAL_MM_GROUP: mmgrab {} for the duration of the call.", mm.name);
                pc = AFTER_KILL;
                x.call(new KillAllSharedMm(true, x.world().design, mm.index, x.groupOf(x.task(v[TARGET])).index));
            }
            case KILL_PGRP -> killPgrp(x);
            case MM_GROUP_DROP -> {
                x.mmdrop(x.mm(v[MM]));
                x.say("Nothing pins {} once pidfd_send_signal returns.", x.mm(v[MM]).name);
                x.ret(v[RET]);
            }
            default -> throw new IllegalStateException("pc " + pc);
        }
    }

    @Override
    protected void returned(Exec x) {
        if (pc == AFTER_FIND) {
            if (r < 0) {
                x.say("No thread of the target has an mm: -ESRCH.");
                x.ret(Errno.ESRCH);
                return;
            }
            v[P] = r;
            pc = MM_GROUP_GRAB;
        } else if (pc == AFTER_KILL) {
            v[RET] = r;
            pc = MM_GROUP_DROP;
        }
    }

    /** The kernel knows PIDFD_SIGNAL_MM_GROUP when the design's kill goes through it: entry=kill_then_mrelease, signalled=sharers. */
    private static boolean mmGroupKnown(Exec x) {
        return x.world().design.get(Knobs.ENTRY) == Knobs.Entry.KILL_THEN_MRELEASE
                && x.world().design.get(Knobs.SIGNALLED) == Knobs.Signalled.SHARERS;
    }

    private void resolveKill(Exec x, Op.Kill kill) {
        Task t = x.task(kill.pid());
        if (t == null || t.released || !x.canSee(x.ns(x.cur), x.groupOf(t))) {
            x.say("kill: no pid {} in {}'s pid namespace: -ESRCH.", kill.pid(), x.cur.name);
            x.ret(Errno.ESRCH);
            return;
        }
        v[TARGET] = t.index;
        v[TYPE] = Signals.PIDTYPE_TGID;
        x.say("kill({}, {}) looks the pid up in {}'s pid namespace.", kill.pid(), sig, x.cur.name);
        pc = PERMISSION;
    }

    private void resolvePidfd(Exec x, Op.PidfdSendSignal s) {
        List<String> flags = s.flags() == null ? List.of() : s.flags();
        boolean mmGroup = flags.contains("PIDFD_SIGNAL_MM_GROUP");
        if (mmGroup && !mmGroupKnown(x)) {
            x.say("pidfd_send_signal: PIDFD_SIGNAL_MM_GROUP is unknown to this kernel: -EINVAL.");
            x.ret(Errno.EINVAL);
            return;
        }
        if (flags.size() > 1) {
            x.say("pidfd_send_signal: more than one scope flag: -EINVAL.");
            x.ret(Errno.EINVAL);
            return;
        }
        int type;
        Task target;
        switch (s.pidfd()) {
            case Op.PIDFD_SELF_THREAD -> { target = x.cur; type = Signals.PIDTYPE_PID; }
            case Op.PIDFD_SELF_THREAD_GROUP -> { target = x.task(x.group().leader); type = Signals.PIDTYPE_TGID; }
            default -> {
                Pidfd fd = Paths.fd(x, s.pidfd());
                if (fd == null || fd.kind() == Pidfd.Kind.REGULAR) {
                    x.say("pidfd_send_signal: fd {} is not a pidfd: -EBADF.", s.pidfd());
                    x.ret(Errno.EBADF);
                    return;
                }
                target = x.task(fd.task());
                if (!x.canSee(x.ns(x.cur), x.groupOf(target))) {
                    x.say("access_pidfd_pidns: {} is outside {}'s pid namespace hierarchy: -EINVAL.", target.name, x.cur.name);
                    x.signal(x.cur, x.groupOf(target), "SIGKILL", "-EINVAL", true);
                    x.ret(Errno.EINVAL);
                    return;
                }
                type = fd.thread() ? Signals.PIDTYPE_PID : Signals.PIDTYPE_TGID;
                if (fd.kind() == Pidfd.Kind.PROC_DIR) x.say("A /proc/<pid> directory fd is accepted here (tgid_pidfd_to_pid).");
            }
        }
        if (flags.contains("PIDFD_SIGNAL_THREAD")) type = Signals.PIDTYPE_PID;
        if (flags.contains("PIDFD_SIGNAL_THREAD_GROUP")) type = Signals.PIDTYPE_TGID;
        if (flags.contains("PIDFD_SIGNAL_PROCESS_GROUP")) type = Signals.PIDTYPE_PGID;
        v[TARGET] = target.index;
        v[TYPE] = type;
        if (mmGroup) {
            x.say("pidfd_send_signal(PIDFD_SIGNAL_MM_GROUP): find {}'s mm first.", x.groupOf(target).name);
            pc = AFTER_FIND;
            x.call(new FindLockTaskMm(target.group));
            return;
        }
        if (type == Signals.PIDTYPE_PGID) {
            x.say("pidfd_send_signal({}, {}, PIDFD_SIGNAL_PROCESS_GROUP): the process group whose id is {}'s pid.", s.pidfd(), sig, target.name);
            pc = KILL_PGRP;
            return;
        }
        x.say("pidfd_send_signal({}, {}) to {} ({}).", s.pidfd(), sig, target.name, type == Signals.PIDTYPE_PID ? "PIDTYPE_PID" : "PIDTYPE_TGID");
        pc = PERMISSION;
    }

    /**
     * kernel/signal.c: kill_pgrp_info → __kill_pgrp_info under tasklist_lock, one step: the group whose
     * id is the pidfd's own pid (not the group the target is in), each member through
     * group_send_sig_info (permission, then the send). 0 if any member was signalled, else the last
     * error, -ESRCH for an empty group. Members are visited newest-attached first (hlist_add_head).
     */
    private void killPgrp(Exec x) {
        int pgrp = x.task(v[TARGET]).group;
        boolean success = false;
        int ret = Errno.ESRCH;
        int members = 0;
        for (int i = x.processList().length - 1; i >= 0; i--) {
            ThreadGroup p = x.group(x.processList()[i]);
            if (p.pgrp != pgrp) continue;
            members++;
            int err = Signals.checkKillPermission(x, x.cur, p);
            if (err == 0 && !probeOnly()) err = Signals.sendSigkill(x, x.task(p.leader), Signals.PIDTYPE_PGID, Signals.Info.SI_USER);
            else if (err != 0) x.signal(x.cur, p, "SIGKILL", Errno.name(err), true);
            success |= err == 0;
            ret = err;
        }
        if (success) ret = 0;
        x.say(members == 0 ? "kill_pgrp_info: no process is in the group of {} any more: -ESRCH."
                : "kill_pgrp_info: {} member(s) of {}'s process group tried; returns {}.", members == 0 ? x.groupOf(x.task(v[TARGET])).name : members,
                x.groupOf(x.task(v[TARGET])).name, Errno.name(ret));
        x.ret(ret);
    }
}
