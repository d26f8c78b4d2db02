package org.reaplab.kernel.path;

import org.reaplab.kernel.Errno;
import org.reaplab.kernel.Exec;
import org.reaplab.kernel.Frame;
import org.reaplab.kernel.Mm;
import org.reaplab.kernel.Task;
import org.reaplab.scenario.Op;

/**
 * mm/process_vm_access.c: process_vm_rw_core — find_get_task_by_vpid, mm_access (PTRACE_MODE_ATTACH,
 * -EACCES reported as -EPERM) holding mm_users for the whole call, then per page
 * process_vm_rw_single_vec: pin_user_pages_remote under mmap_lock(R) (FOLL_PIN: a reap that zaps the
 * page now unmaps it but cannot free it), the copy into the caller's buffer with the lock dropped (it
 * may fault and wait), and unpin_user_pages, which frees a page the reap unmapped meanwhile. Finally
 * mmput, which may run exit_mmap in the caller.
 */
public final class ProcessVmReadv extends Frame {
    private static final int TASK = 0, MM = 1, PAGE = 2, BYTES = 3;
    private static final int FIND = 0, MM_ACCESS = 1, ACCESS = 2, MMPUT = 3, COPY = 4;

    public ProcessVmReadv(Op.ProcessVmReadv op) {
        super(op, 4);
    }

    @Override
    public String label() {
        return switch (pc) {
            case FIND -> "find_get_task_by_vpid";
            case MM_ACCESS -> "mm_access";
            case ACCESS -> "pin_user_pages_remote";
            case COPY -> "copy_page_to_iter";
            default -> "mmput";
        };
    }

    @Override
    public boolean canRun(Exec x) {
        return switch (pc) {
            case MM_ACCESS -> x.taskLockFree(x.task(v[TASK]));
            case ACCESS -> x.mmapReadAvailable(x.mm(v[MM])) || x.fatalSignalPending(x.cur);
            default -> true;
        };
    }

    @Override
    public void step(Exec x) {
        Op.ProcessVmReadv o = (Op.ProcessVmReadv) op;
        switch (pc) {
            case FIND -> {
                Task t = RemoteAccess.lookup(x, o.pid());
                if (t == null) {
                    x.say("process_vm_readv: no pid {} in {}'s namespace: -ESRCH.", o.pid(), x.cur.name);
                    x.ret(Errno.ESRCH);
                    return;
                }
                v[TASK] = t.index;
                pc = MM_ACCESS;
            }
            case MM_ACCESS -> {
                Task t = x.task(v[TASK]);
                if (!RemoteAccess.ptraceMayAccess(x, x.cur, x.groupOf(t))) {
                    x.say("mm_access: {} may not attach to {}: -EPERM.", x.cur.name, t.name);
                    x.ret(Errno.EPERM);
                    return;
                }
                if (t.mm < 0) {
                    x.say("mm_access: {} has no mm: -ESRCH.", t.name);
                    x.ret(Errno.ESRCH);
                    return;
                }
                Mm mm = x.mm(t.mm);
                v[MM] = mm.index;
                x.mmget(mm);
                x.say("mm_access: {} holds mm_users of {} for the whole call.", x.cur.name, mm.name);
                pc = ACCESS;
            }
            case ACCESS -> {
                Mm mm = x.mm(v[MM]);
                boolean ok = x.mmapReadAvailable(mm) && RemoteAccess.readPage(x, mm);
                if (ok) {
                    mm.pins++;
                    x.change(mm.name, "FOLL_PIN pins", mm.pins - 1, mm.pins, null);
                    x.say("pin_user_pages_remote: the page of {} is pinned (FOLL_PIN); mmap_lock(R) is dropped for the copy.", mm.name);
                    pc = COPY;
                    return;
                }
                pc = MMPUT;
                x.call(new Mmput(v[MM]));
            }
            case COPY -> {
                Mm mm = x.mm(v[MM]);
                v[BYTES] += RemoteAccess.PAGE_SIZE;
                mm.pins--;
                x.change(mm.name, "FOLL_PIN pins", mm.pins + 1, mm.pins, null);
                if (mm.pinnedHeld > 0) {
                    mm.pinnedHeld--;
                    mm.reclaimedByReap++;
                    x.change(mm.name, "pinned", mm.pinnedHeld + 1, mm.pinnedHeld, null);
                    x.say("copy_page_to_iter, then unpin_user_pages: the page was zapped while pinned; only now is it freed.");
                } else {
                    x.say("copy_page_to_iter copies the page to {}'s buffer; unpin_user_pages.", x.cur.name);
                }
                if (++v[PAGE] >= Math.max(1, ((Op.ProcessVmReadv) op).pages())) {
                    pc = MMPUT;
                    x.call(new Mmput(v[MM]));
                } else {
                    pc = ACCESS;
                }
            }
            default -> throw new IllegalStateException("pc " + pc);
        }
    }

    @Override
    protected void returned(Exec x) {
        x.ret(v[BYTES] == 0 ? Errno.EFAULT : v[BYTES]);
    }
}
