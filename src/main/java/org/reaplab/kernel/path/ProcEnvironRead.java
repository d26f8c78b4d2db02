package org.reaplab.kernel.path;

import org.reaplab.kernel.Errno;
import org.reaplab.kernel.Exec;
import org.reaplab.kernel.Frame;
import org.reaplab.kernel.Mm;
import org.reaplab.kernel.Task;
import org.reaplab.scenario.Op;

/**
 * fs/proc/base.c: open and read of /proc/&lt;pid&gt;/environ through proc_mem_open: mm_access
 * (ptrace-mode permission), mmgrab for the life of the open file and mmput straight away; each read
 * then takes mm_users only while it runs (mmget_not_zero), so between reads only the struct is pinned.
 */
public final class ProcEnvironRead extends Frame {
    private static final int TASK = 0, MM = 1, PAGE = 2, BYTES = 3;
    private static final int MM_ACCESS = 0, PROC_MEM_OPEN = 1, OPEN_MMPUT = 2, MMGET = 3, ACCESS = 4, READ_MMPUT = 5,
            RELEASE = 6, AFTER_OPEN_MMPUT = 7, AFTER_READ_MMPUT = 8;

    public ProcEnvironRead(Op.ReadProc op) {
        super(op, 4);
    }

    private int pages() {
        return Math.max(1, ((Op.ReadProc) op).pages());
    }

    @Override
    public String label() {
        return switch (pc) {
            case MM_ACCESS -> "mm_access";
            case PROC_MEM_OPEN -> "proc_mem_open";
            case MMGET -> "mmget_not_zero";
            case ACCESS -> "access_remote_vm";
            case RELEASE -> "mmdrop";
            default -> "mmput";
        };
    }

    @Override
    public boolean canRun(Exec x) {
        return switch (pc) {
            case MM_ACCESS -> {
                Task t = RemoteAccess.lookup(x, ((Op.ReadProc) op).pid());
                yield t == null || x.taskLockFree(t);
            }
            case ACCESS -> x.mmapReadAvailable(x.mm(v[MM])) || x.fatalSignalPending(x.cur);
            default -> true;
        };
    }

    @Override
    public void step(Exec x) {
        switch (pc) {
            case MM_ACCESS -> {
                Task t = RemoteAccess.lookup(x, ((Op.ReadProc) op).pid());
                if (t == null) {
                    x.say("open(/proc/{}/environ): no such process: -ESRCH.", ((Op.ReadProc) op).pid());
                    x.ret(Errno.ESRCH);
                    return;
                }
                if (!RemoteAccess.ptraceMayAccess(x, x.cur, x.groupOf(t))) {
                    x.say("mm_access: {} may not ptrace-read {}: -EACCES.", x.cur.name, t.name);
                    x.ret(Errno.EACCES);
                    return;
                }
                if (t.mm < 0) {
                    x.say("mm_access: {} has no mm; the file reads as empty.", t.name);
                    x.ret(0);
                    return;
                }
                v[TASK] = t.index;
                v[MM] = t.mm;
                x.mmget(x.mm(t.mm));
                x.say("mm_access: {} may read {}'s memory; get_task_mm takes mm_users.", x.cur.name, t.name);
                pc = PROC_MEM_OPEN;
            }
            case PROC_MEM_OPEN -> {
                x.mmgrab(x.mm(v[MM]));
                x.say("proc_mem_open: mmgrab keeps the struct of {} for the life of the open file.", x.mm(v[MM]).name);
                pc = AFTER_OPEN_MMPUT;
                x.call(new Mmput(v[MM]));
            }
            case MMGET -> {
                Mm mm = x.mm(v[MM]);
                if (mm.users == 0) {
                    x.say("environ_read: mmget_not_zero fails, {} has no users left: the read returns 0.", mm.name);
                    pc = RELEASE;
                    return;
                }
                x.mmget(mm);
                x.say("environ_read: mmget_not_zero pins {} for this read only.", mm.name);
                pc = ACCESS;
            }
            case ACCESS -> {
                Mm mm = x.mm(v[MM]);
                if (!x.mmapReadAvailable(mm) || !RemoteAccess.readPage(x, mm)) {
                    pc = AFTER_READ_MMPUT;
                    x.call(new Mmput(v[MM]));
                    return;
                }
                v[BYTES] += RemoteAccess.PAGE_SIZE;
                if (++v[PAGE] >= pages()) {
                    pc = AFTER_READ_MMPUT;
                    x.call(new Mmput(v[MM]));
                }
            }
            case RELEASE -> {
                x.mmdrop(x.mm(v[MM]));
                x.say("close(): the open file's mm_count reference goes.");
                x.ret(v[BYTES]);
            }
            default -> throw new IllegalStateException("pc " + pc);
        }
    }

    @Override
    protected void returned(Exec x) {
        if (pc == AFTER_OPEN_MMPUT) pc = MMGET;
        else if (pc == AFTER_READ_MMPUT) pc = RELEASE;
    }
}
