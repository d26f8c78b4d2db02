package org.reaplab.kernel.path;

import org.reaplab.kernel.Errno;
import org.reaplab.kernel.Exec;
import org.reaplab.kernel.Frame;
import org.reaplab.kernel.Task;
import org.reaplab.kernel.ThreadGroup;
import org.reaplab.scenario.Op;

/**
 * kernel/sys.c: setpgid, one step under tasklist_lock. The target is the caller or one of its
 * children (-ESRCH otherwise) that has not exec'ed since the fork (-EACCES, PF_FORKNOEXEC); the group
 * must be the target's own new one or an existing group (-EPERM). Sessions are not modelled.
 */
public final class Setpgid extends Frame {
    public Setpgid(Op.Setpgid op) {
        super(op, 0);
    }

    @Override
    public String label() {
        return "setpgid";
    }

    @Override
    public void step(Exec x) {
        Op.Setpgid o = (Op.Setpgid) op;
        ThreadGroup me = x.group();
        ThreadGroup p = o.pid() == null ? me : x.group(o.pid());
        if (p == null || !p.linked || x.task(p.leader).released || !x.canSee(x.ns(x.cur), p)) {
            x.say("setpgid: find_task_by_vpid finds no {}: -ESRCH.", o.pid());
            x.ret(Errno.ESRCH);
            return;
        }
        if (p != me) {
            if (p.parent != me.index) {
                x.say("setpgid: {} is neither {} nor one of its children: -ESRCH.", p.name, me.name);
                x.ret(Errno.ESRCH);
                return;
            }
            if (!x.task(p.leader).has(Task.PF_FORKNOEXEC)) {
                x.say("setpgid: {} has exec'ed since the fork (no PF_FORKNOEXEC): -EACCES.", p.name);
                x.ret(Errno.EACCES);
                return;
            }
        }
        int pgrp = p.index;
        if (o.pgid() != null && !o.pgid().equals(p.name)) {
            ThreadGroup leader = x.group(o.pgid());
            pgrp = leader == null ? -1 : leader.index;
            if (pgrp < 0 || !groupHasMembers(x, pgrp)) {
                x.say("setpgid: no process group has the pid of {}: -EPERM.", o.pgid());
                x.ret(Errno.EPERM);
                return;
            }
        }
        ThreadGroup named = x.group(pgrp);
        x.change(p.name, "pgrp", x.group(p.pgrp).name, named.name, null);
        p.pgrp = pgrp;
        x.say("setpgid: {} joins the process group of {} (change_pid PIDTYPE_PGID).", p.name, named.name);
        x.ret(0);
    }

    /** pid_task(pgrp, PIDTYPE_PGID): some live (unreleased) process is in that group. */
    static boolean groupHasMembers(Exec x, int pgrp) {
        for (int gi : x.processList()) if (x.group(gi).pgrp == pgrp) return true;
        return false;
    }
}
