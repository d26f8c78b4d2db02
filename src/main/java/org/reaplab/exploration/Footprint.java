package org.reaplab.exploration;

import org.reaplab.kernel.Frame;
import org.reaplab.kernel.KernelState;
import org.reaplab.kernel.Mm;
import org.reaplab.kernel.Pidfd;
import org.reaplab.kernel.Task;
import org.reaplab.kernel.ThreadGroup;
import org.reaplab.kernel.path.DoExit;

import java.util.Arrays;
import java.util.Objects;

/**
 * Whether one step was <em>local</em>: it changed nothing that a step of another thread, a
 * {@code canRun} test or an invariant can read. The state is split in two:
 * <ul>
 *   <li>private to a task: where it is in its program ({@code nextOp}, {@code rets}, {@code resumed}),
 *   its kernel stack (frames, pc, locals), its scheduler state {@code sleep} and its kthread_use_mm
 *   reference {@code heldUsers} (no other thread reads these two), plus its process's fd table when it
 *   is the process's only thread;</li>
 *   <li>public: everything else, i.e. every other task field, every thread group and mm, the process
 *   and oom_reaper lists, the fired invariants, panic, nextPid, and two facts about a task's top frame
 *   that other threads do look at: {@link Frame#waitsForMmapWrite()} (a queued writer blocks new
 *   readers, KernelState.writerQueued) and {@link DoExit#parkedForCoredump()} (coredump_wait).</li>
 * </ul>
 * The kernel paths read another task's private part nowhere (audited: the only cross-task frame reads
 * are the two above; fd tables are read only by their own process's threads; another task's
 * {@code sleep} is only written, by copy_process, and such a write counts as public here). The footprint is found
 * by diffing the states before and after the step, so it is exact for writes; reads are not known and
 * are assumed to be "all public state plus the task's own private part".
 */
final class Footprint {
    private Footprint() {}

    /** The step of task {@code a} that took {@code before} to {@code after} changed no public state. */
    static boolean local(KernelState before, KernelState after, int a) {
        // cheapest and most often failing checks first: most steps do change public state
        if (before.tasks.length != after.tasks.length || before.groups.length != after.groups.length
                || before.mms.length != after.mms.length) return false;
        if (before.fired != after.fired || before.processList != after.processList
                || before.oomReaperList != after.oomReaperList || before.nextPid != after.nextPid
                || before.oomReaperTask != after.oomReaperTask || !Objects.equals(before.panic, after.panic)) {
            // arrays are replaced, never written in place: a new array with equal contents is no change
            if (!sameArray(before.fired, after.fired) || !sameArray(before.processList, after.processList)
                    || !sameArray(before.oomReaperList, after.oomReaperList) || before.nextPid != after.nextPid
                    || before.oomReaperTask != after.oomReaperTask || !Objects.equals(before.panic, after.panic)) return false;
        }
        Task ta = before.tasks[a], tb = after.tasks[a];
        if (!samePublic(ta, tb) || observable(ta) != observable(tb)) return false;
        for (int i = 0; i < before.mms.length; i++) if (!same(before.mms[i], after.mms[i])) return false;
        int ownGroup = ta.group;
        for (int i = 0; i < before.groups.length; i++) {
            ThreadGroup x = before.groups[i], y = after.groups[i];
            if (!samePublic(x, y)) return false;
            if (!sameFds(x.fds, y.fds)) {
                // the fd table is private to a process's only thread
                if (i != ownGroup || x.threads.length != 1 || y.threads.length != 1 || x.threads[0] != a) return false;
            }
        }
        for (int i = 0; i < before.tasks.length; i++) {
            if (i == a) continue;
            Task x = before.tasks[i], y = after.tasks[i];
            if (!samePublic(x, y)) return false;
            if (x.nextOp != y.nextOp || x.resumed != y.resumed || x.depth != y.depth || x.sleep != y.sleep
                    || x.heldUsers != y.heldUsers) {
                return false; // another task's private part, written by this step (copy_process wakes its child)
            }
        }
        return true;
    }

    /** What other threads read of a task's stack: a queued mmap writer, a thread parked for a core dump. */
    static int observable(Task t) {
        Frame f = t.top();
        if (f == null) return -1;
        int w = f.waitsForMmapWrite();
        boolean parked = f instanceof DoExit && ((DoExit) f).parkedForCoredump();
        return parked ? -3 - w * 2 : w;
    }

    private static boolean sameFds(Pidfd[] a, Pidfd[] b) {
        if (a == b) return true;
        if (a.length != b.length) return false;
        for (int i = 0; i < a.length; i++) if (a[i] != b[i] && (a[i] == null || !a[i].equals(b[i]))) return false;
        return true;
    }

    private static boolean sameArray(int[] x, int[] y) {
        return x == y || Arrays.equals(x, y);
    }

    private static boolean samePublic(Task x, Task y) {
        return x.flags == y.flags && x.exitState == y.exitState && x.released == y.released && x.linked == y.linked
                && x.mm == y.mm && x.sigkillPending == y.sigkillPending && x.memdie == y.memdie
                && x.vforkParent == y.vforkParent && x.taskLockHolder == y.taskLockHolder && x.exitMm == y.exitMm
                && x.oomReaperTimer == y.oomReaperTimer && x.oomReaperRef == y.oomReaperRef;
    }

    private static boolean samePublic(ThreadGroup x, ThreadGroup y) {
        return x.leader == y.leader && sameArray(x.threads, y.threads) && x.signalFlags == y.signalFlags
                && x.groupExitCode == y.groupExitCode && x.coreDumper == y.coreDumper && x.live == y.live
                && x.quickThreads == y.quickThreads && x.sharedSigkill == y.sharedSigkill && x.oomMm == y.oomMm
                && x.uid == y.uid && x.euid == y.euid && x.suid == y.suid && x.caps == y.caps
                && x.killedBy == y.killedBy && x.sigbus == y.sigbus && x.coredumpKilled == y.coredumpKilled && x.mmSeen == y.mmSeen && x.linked == y.linked
                && x.pgrp == y.pgrp && x.groupExecTask == y.groupExecTask;
    }

    private static boolean same(Mm x, Mm y) {
        return x.users == y.users && x.count == y.count && x.flags == y.flags && x.swap == y.swap
                && x.writer == y.writer && sameArray(x.readers, y.readers) && x.freed == y.freed
                && x.exitMmap == y.exitMmap && x.exitMmapBy == y.exitMmapBy && x.reapers == y.reapers
                && x.reaped == y.reaped && x.reapCallReturned == y.reapCallReturned
                && x.reclaimedByReap == y.reclaimedByReap && x.reclaimedByExit == y.reclaimedByExit
                && x.pins == y.pins && x.pinnedHeld == y.pinnedHeld
                && Arrays.equals(x.resident, y.resident);
    }
}
