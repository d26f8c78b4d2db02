package org.reaplab.kernel.path;

import org.reaplab.kernel.Errno;
import org.reaplab.kernel.Exec;
import org.reaplab.kernel.Frame;
import org.reaplab.kernel.Pidfd;
import org.reaplab.kernel.Task;
import org.reaplab.scenario.Op;

/**
 * kernel/pid.c: pidfd_open → pidfd_prepare. No permission check: anyone may open a pidfd for a pid
 * visible in its namespace. Without PIDFD_THREAD the pid must be a thread-group leader (-ENOENT).
 */
public final class PidfdOpen extends Frame {
    public PidfdOpen(Op.PidfdOpen op) {
        super(op, 0);
    }

    @Override
    public String label() {
        return "pidfd_open";
    }

    @Override
    public void step(Exec x) {
        Op.PidfdOpen o = (Op.PidfdOpen) op;
        boolean thread = o.flags() != null && o.flags().contains("PIDFD_THREAD");
        Task t = x.task(o.pid());
        if (t == null || !t.linked || !x.canSee(x.ns(x.cur), x.groupOf(t))) {
            x.say("pidfd_open({}): no such pid in {}'s namespace: -ESRCH.", o.pid(), x.cur.name);
            x.ret(Errno.ESRCH);
            return;
        }
        if (t.released) {
            x.say("pidfd_open({}): already reaped: -ESRCH.", o.pid());
            x.ret(Errno.ESRCH);
            return;
        }
        if (!thread && !t.leader) {
            x.say("pidfd_open({}): not a thread-group leader and no PIDFD_THREAD: -ENOENT.", o.pid());
            x.ret(Errno.ENOENT);
            return;
        }
        int slot = x.world().fd(o.as());
        x.group().setFd(slot, new Pidfd(Pidfd.Kind.PIDFS, t.index, thread));
        x.change(x.group().name, "fd " + o.as(), "-", "pidfd(" + t.name + (thread ? ", PIDFD_THREAD" : "") + ")", null);
        x.say("pidfd_open({}) gives {} fd {} holding {}'s struct pid.", o.pid(), x.cur.name, Paths.fdNumber(slot), t.name);
        x.ret(Paths.fdNumber(slot));
    }
}
