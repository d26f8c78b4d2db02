package org.reaplab.kernel.path;

import org.reaplab.kernel.Exec;
import org.reaplab.kernel.Mm;
import org.reaplab.kernel.Task;
import org.reaplab.kernel.ThreadGroup;
import org.reaplab.kernel.Vma;

/** Pieces shared by the remote readers (/proc cmdline and environ, process_vm_readv). */
final class RemoteAccess {
    static final int PAGE_SIZE = 4096;

    private RemoteAccess() {}

    /**
     * mm/memory.c: access_remote_vm of one page, under mmap_lock(R) taken and dropped in the step: GUP
     * faults the page in, which fails once a reap has set MMF_UNSTABLE and zapped the private memory.
     * Returns whether the page could be read.
     */
    static boolean readPage(Exec x, Mm mm) {
        boolean gone = mm.test(Mm.MMF_UNSTABLE) && mm.resident(Vma.Kind.ANON) == 0;
        if (gone) {
            x.say("access_remote_vm: GUP on {} faults and fails (MMF_UNSTABLE, the page was reaped): a short read.", mm.name);
            return false;
        }
        x.say("access_remote_vm: one page of {} copied under mmap_lock(R).", mm.name);
        return true;
    }

    /**
     * kernel/ptrace.c: ptrace_may_access, as mm_access uses it: the same process, the same uid on all
     * three ids, or CAP_SYS_PTRACE.
     */
    static boolean ptraceMayAccess(Exec x, Task reader, ThreadGroup target) {
        ThreadGroup caller = x.groupOf(reader);
        if (caller == target) return true;
        if ((caller.caps & ThreadGroup.CAP_SYS_PTRACE) != 0) return true;
        return caller.uid == target.uid && caller.uid == target.euid && caller.uid == target.suid;
    }

    /** The process a /proc or vpid lookup finds from the reader's namespace, or null. */
    static Task lookup(Exec x, String name) {
        Task t = x.task(name);
        if (t == null || t.released || !t.linked || !x.canSee(x.ns(x.cur), x.groupOf(t))) return null;
        return x.task(x.groupOf(t).leader).released ? t : x.task(x.groupOf(t).leader);
    }
}
