package org.reaplab.kernel.path;

import org.reaplab.kernel.Exec;
import org.reaplab.kernel.Frame;
import org.reaplab.kernel.ThreadGroup;
import org.reaplab.scenario.Op;

/** kernel/sys.c: __sys_setuid → commit_creds, for the whole process as libc's setuid does. */
public final class Setuid extends Frame {
    public Setuid(Op.Setuid op) {
        super(op, 0);
    }

    @Override
    public String label() {
        return "commit_creds";
    }

    @Override
    public void step(Exec x) {
        int uid = ((Op.Setuid) op).uid();
        ThreadGroup g = x.group();
        x.change(g.name, "uid/euid/suid", g.uid + "/" + g.euid + "/" + g.suid, uid + "/" + uid + "/" + uid, null);
        g.uid = uid;
        g.euid = uid;
        g.suid = uid;
        x.say("commit_creds: {} now runs as uid {}.", g.name, uid);
        x.ret(0);
    }
}
