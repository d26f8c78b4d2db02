package org.reaplab.kernel.path;

import org.reaplab.kernel.Exec;
import org.reaplab.kernel.Frame;
import org.reaplab.kernel.Mm;
import org.reaplab.kernel.Task;
import org.reaplab.scenario.Op;

/** kernel/kthread.c: kthread_unuse_mm — ->mm = NULL under task_lock, mmdrop; then the driver's mmput. */
public final class KthreadUnuseMm extends Frame {
    private static final int UNUSE = 0, MMPUT = 1, DONE = 2;

    public KthreadUnuseMm(Op.KthreadUnuseMm op) {
        super(op, 1);
    }

    @Override
    public String label() {
        return pc == UNUSE ? "kthread_unuse_mm" : "mmput";
    }

    @Override
    public boolean canRun(Exec x) {
        return pc != UNUSE || x.taskLockFree(x.cur);
    }

    @Override
    public void step(Exec x) {
        Task t = x.cur;
        if (pc == UNUSE) {
            if (t.mm < 0) {
                x.say("kthread_unuse_mm: {} uses no mm.", t.name);
                x.ret(0);
                return;
            }
            Mm mm = x.mm(t.mm);
            x.setTaskMm(t, -1);
            x.mmdrop(mm);
            x.say("kthread_unuse_mm: {} lets go of {}.", t.name, mm.name);
            if (t.heldUsers >= 0) {
                v[0] = t.heldUsers;
                t.heldUsers = -1;
                pc = DONE;
                x.call(new Mmput(v[0]));
            } else {
                x.ret(0);
            }
            return;
        }
        x.ret(0);
    }

    @Override
    protected void returned(Exec x) {
        x.ret(0);
    }
}
