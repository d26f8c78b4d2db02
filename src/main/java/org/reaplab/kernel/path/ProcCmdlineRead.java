package org.reaplab.kernel.path;

import org.reaplab.kernel.Errno;
import org.reaplab.kernel.Access;
import org.reaplab.kernel.Exec;
import org.reaplab.kernel.Frame;
import org.reaplab.kernel.Mm;
import org.reaplab.kernel.Task;
import org.reaplab.scenario.Op;

/**
 * fs/proc/base.c: proc_pid_cmdline_read (mode 0444, no permission check): get_task_mm takes an
 * mm_users reference for the whole read, access_remote_vm copies page by page, and the final mmput
 * runs exit_mmap in the reader's context if the reader was the last user. This is the holder that
 * keeps a killed victim's memory resident in the bug report.
 */
public final class ProcCmdlineRead extends Frame {
    private static final int TASK = 0, MM = 1, PAGE = 2, BYTES = 3;
    private static final int GET_PROC_TASK = 0, GET_TASK_MM = 1, ACCESS = 2, DONE = 3;

    public ProcCmdlineRead(Op.ReadProc op) {
        super(op, 4);
    }

    private int pages() {
        return Math.max(1, ((Op.ReadProc) op).pages());
    }

    @Override
    public String label() {
        return switch (pc) {
            case GET_PROC_TASK -> "get_proc_task";
            case GET_TASK_MM -> "get_task_mm";
            case ACCESS -> "access_remote_vm";
            default -> "mmput";
        };
    }

    @Override
    public void reach(Exec x, Access into) {
        into.global(Access.OBJECTS);
        into.mm(v[MM]);
        if (pc == GET_PROC_TASK) {
            Task t = x.task(((Op.ReadProc) op).pid());
            if (t != null) Reach.process(x, t.group, into); // the leader and its mm are in the process
        } else if (pc == GET_TASK_MM) {
            Task t = x.task(v[TASK]);
            into.task(t.index);
            into.mm(t.mm);
        }
    }

    @Override
    public boolean canRun(Exec x) {
        return switch (pc) {
            case GET_TASK_MM -> x.taskLockFree(x.task(v[TASK]));
            case ACCESS -> x.mmapReadAvailable(x.mm(v[MM])) || x.fatalSignalPending(x.cur);
            default -> true;
        };
    }

    @Override
    public void step(Exec x) {
        switch (pc) {
            case GET_PROC_TASK -> {
                Task t = RemoteAccess.lookup(x, ((Op.ReadProc) op).pid());
                if (t == null) {
                    x.say("open(/proc/{}/cmdline): no such process: -ESRCH.", ((Op.ReadProc) op).pid());
                    x.ret(Errno.ESRCH);
                    return;
                }
                v[TASK] = t.index;
                x.say("{} reads /proc/{}/cmdline (0444: anyone may).", x.cur.name, t.name);
                pc = GET_TASK_MM;
            }
            case GET_TASK_MM -> {
                Task t = x.task(v[TASK]);
                if (t.kthread() || t.mm < 0) {
                    x.say("get_task_mm({}) returns NULL: the read returns 0 bytes.", t.name);
                    x.ret(0);
                    return;
                }
                Mm mm = x.mm(t.mm);
                v[MM] = mm.index;
                x.mmget(mm);
                x.say("get_task_mm({}): {} holds an mm_users reference on {} for the whole read.", t.name, x.cur.name, mm.name);
                pc = ACCESS;
            }
            case ACCESS -> {
                Mm mm = x.mm(v[MM]);
                if (!x.mmapReadAvailable(mm)) {
                    x.say("mmap_read_lock_killable is interrupted by a fatal signal: the read stops.");
                    pc = DONE;
                    x.call(new Mmput(v[MM]));
                    return;
                }
                boolean ok = RemoteAccess.readPage(x, mm);
                if (ok) v[BYTES] += RemoteAccess.PAGE_SIZE;
                if (!ok || ++v[PAGE] >= pages()) {
                    pc = DONE;
                    x.call(new Mmput(v[MM]));
                }
            }
            default -> x.ret(v[BYTES]);
        }
    }

    @Override
    protected void returned(Exec x) {
        x.ret(v[BYTES]);
    }
}
