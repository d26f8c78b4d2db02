package org.reaplab.kernel.path;

import org.reaplab.kernel.Errno;
import org.reaplab.kernel.Exec;
import org.reaplab.kernel.Frame;
import org.reaplab.kernel.ThreadGroup;
import org.reaplab.scenario.Op;

/**
 * kernel/sys.c: __sys_setuid → commit_creds, for the whole process as libc's setuid does. With
 * CAP_SETUID the real, effective and saved uid all change; without it only the effective uid, and
 * only to the real or the saved uid (-EPERM otherwise).
 */
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
        String before = g.uid + "/" + g.euid + "/" + g.suid;
        if ((g.caps & ThreadGroup.CAP_SETUID) != 0) {
            g.uid = uid;
            g.suid = uid;
        } else if (uid != g.uid && uid != g.suid) {
            x.say("__sys_setuid({}): {} lacks CAP_SETUID and {} is neither its real nor its saved uid: -EPERM.", uid, g.name, uid);
            x.ret(Errno.EPERM);
            return;
        }
        g.euid = uid;
        x.change(g.name, "uid/euid/suid", before, g.uid + "/" + g.euid + "/" + g.suid, null);
        x.say((g.caps & ThreadGroup.CAP_SETUID) != 0
                ? "__sys_setuid: with CAP_SETUID, commit_creds gives {} uid, euid and suid {}."
                : "__sys_setuid: without CAP_SETUID only the effective uid of {} becomes {}.", g.name, uid);
        x.ret(0);
    }
}
