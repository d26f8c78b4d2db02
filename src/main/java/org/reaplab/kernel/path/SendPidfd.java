package org.reaplab.kernel.path;

import org.reaplab.kernel.Errno;
import org.reaplab.kernel.Exec;
import org.reaplab.kernel.Frame;
import org.reaplab.kernel.Pidfd;
import org.reaplab.kernel.ThreadGroup;
import org.reaplab.scenario.Op;

/**
 * net/core/scm.c: SCM_RIGHTS passing of a pidfd over a unix socket (send and receive in one step).
 * Every later check is made against the receiver at use time, never against the opener.
 */
public final class SendPidfd extends Frame {
    public SendPidfd(Op.SendPidfd op) {
        super(op, 0);
    }

    @Override
    public String label() {
        return "scm_send";
    }

    @Override
    public void step(Exec x) {
        Op.SendPidfd o = (Op.SendPidfd) op;
        Pidfd f = Paths.fd(x, o.pidfd());
        if (f == null) {
            x.say("sendmsg(SCM_RIGHTS): fd {} is not open: -EBADF.", o.pidfd());
            x.ret(Errno.EBADF);
            return;
        }
        ThreadGroup to = x.group(o.to());
        if (to == null || to.threads.length == 0) {
            x.say("sendmsg(SCM_RIGHTS): {} is gone, nobody receives: -ECONNREFUSED.", o.to());
            x.ret(Errno.ECONNREFUSED);
            return;
        }
        to.setFd(x.world().fd(o.as()), f);
        x.change(to.name, "fd " + o.as(), "-", "copy of " + x.group().name + "'s " + o.pidfd(), null);
        x.say("SCM_RIGHTS: {} receives a copy of {}'s {} as {}.", to.name, x.group().name, o.pidfd(), o.as());
        x.ret(0);
    }
}
