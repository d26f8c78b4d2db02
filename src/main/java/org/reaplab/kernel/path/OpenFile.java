package org.reaplab.kernel.path;

import org.reaplab.kernel.Errno;
import org.reaplab.kernel.Exec;
import org.reaplab.kernel.Frame;
import org.reaplab.kernel.Pidfd;
import org.reaplab.kernel.Task;
import org.reaplab.scenario.Op;

/** fs/open.c: do_sys_open of something that is not a pidfd: a regular file or a /proc/&lt;pid&gt; directory. */
public final class OpenFile extends Frame {
    public OpenFile(Op.Open op) {
        super(op, 0);
    }

    @Override
    public String label() {
        return "do_sys_open";
    }

    @Override
    public void step(Exec x) {
        Op.Open o = (Op.Open) op;
        int slot = x.world().fd(o.as());
        Pidfd f;
        if ("proc_dir".equals(o.file())) {
            Task t = x.task(o.pid());
            if (t == null || t.released || !x.canSee(x.ns(x.cur), x.groupOf(t))) {
                x.say("open(/proc/{}): no such directory: -ENOENT.", o.pid());
                x.ret(Errno.ENOENT);
                return;
            }
            f = new Pidfd(Pidfd.Kind.PROC_DIR, x.groupOf(t).leader, false);
            x.say("open(/proc/{}) gives a directory fd; pidfd_send_signal accepts it, process_mrelease does not.", o.pid());
        } else {
            f = new Pidfd(Pidfd.Kind.REGULAR, -1, false);
            x.say("open() of a regular file: not a pidfd.");
        }
        x.group().setFd(slot, f);
        x.ret(Paths.fdNumber(slot));
    }
}
