package org.reaplab.kernel.path;

import org.reaplab.kernel.Errno;
import org.reaplab.kernel.Exec;
import org.reaplab.kernel.Frame;
import org.reaplab.kernel.Mm;
import org.reaplab.scenario.Op;

/**
 * kernel/kthread.c: kthread_use_mm — mmgrab and ->mm = mm under task_lock; it takes no mm_users
 * reference itself, so drivers take one first (mmget_not_zero), as vhost does. While inside, the
 * kthread counts as a sharer for process_shares_mm.
 */
public final class KthreadUseMm extends Frame {
    private static final int MMGET = 0, USE = 1;

    public KthreadUseMm(Op.KthreadUseMm op) {
        super(op, 0);
        pc = op.mmget() ? MMGET : USE;
    }

    @Override
    public String label() {
        return pc == MMGET ? "mmget_not_zero" : "kthread_use_mm";
    }

    @Override
    public boolean canRun(Exec x) {
        return pc != USE || x.taskLockFree(x.cur);
    }

    @Override
    public void step(Exec x) {
        Mm mm = x.mm(((Op.KthreadUseMm) op).mm());
        if (pc == MMGET) {
            if (mm.users == 0) {
                x.say("mmget_not_zero({}) fails: the address space is already gone.", mm.name);
                x.ret(Errno.EFAULT);
                return;
            }
            x.mmget(mm);
            x.cur.heldUsers = mm.index;
            x.say("The driver pins {} with mmget_not_zero for its kthread.", mm.name);
            pc = USE;
            return;
        }
        x.mmgrab(mm);
        x.setTaskMm(x.cur, mm.index);
        x.say("kthread_use_mm: {} adopts {} (mmgrab); it now counts as a process sharing it.", x.cur.name, mm.name);
        x.ret(0);
    }
}
