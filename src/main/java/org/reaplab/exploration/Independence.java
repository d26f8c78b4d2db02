package org.reaplab.exploration;

import org.reaplab.kernel.Access;
import org.reaplab.kernel.Frame;
import org.reaplab.kernel.KernelState;
import org.reaplab.kernel.Mm;
import org.reaplab.kernel.Task;

import java.util.Arrays;
import java.util.Objects;

/**
 * What a step wrote, at the grain of {@link Access}: found by comparing the state before and after it,
 * so it is exact. The facts {@link Access} files under an mm are written when they change: a task
 * that starts or stops using an mm ({@code linked}, {@code mm}) or carrying its reference to mmput
 * ({@code exitMm}) writes both mms, and a task whose top frame starts or stops waiting for an mmap
 * write lock writes that mm. Changing any task's oom_reaper
 * timer writes {@link Access#OOM_TIMERS}.
 *
 * <p>With the reads a step recorded ({@link KernelState#step(int, org.reaplab.kernel.StepLog, Access)},
 * its writes among them) and the reads of its enabling test ({@link KernelState#runnable(int, Access)}),
 * two steps a and b of different threads are independent when neither writes what the other touched:
 * each then reads the same values in either order, so it stays enabled, does the same, and both orders
 * end in the same state.
 */
final class Independence {
    private Independence() {}

    /** The objects and parts whose value differs between {@code before} and {@code after}. */
    static Access writes(KernelState before, KernelState after) {
        Access w = new Access();
        int nt = before.tasks.length, ng = before.groups.length, nm = before.mms.length;
        if (after.tasks.length != nt || after.groups.length != ng || after.mms.length != nm) {
            w.global(Access.OBJECTS);
            for (int i = nt; i < after.tasks.length; i++) w.task(i);
            for (int i = ng; i < after.groups.length; i++) w.group(i);
            for (int i = nm; i < after.mms.length; i++) w.mm(i);
        }
        for (int i = 0; i < nt; i++) {
            Task x = before.tasks[i], y = after.tasks[i];
            if (x == y || x.sameAs(y)) continue;
            w.task(i);
            if (uses(x) != uses(y)) {
                w.mm(uses(x));
                w.mm(uses(y));
            }
            if (x.exitMm != y.exitMm) {
                w.mm(x.exitMm);
                w.mm(y.exitMm);
            }
            int qx = queuedWriter(x), qy = queuedWriter(y);
            if (qx != qy) {
                w.mm(qx);
                w.mm(qy);
            }
            if (x.oomReaperTimer != y.oomReaperTimer) w.global(Access.OOM_TIMERS);
        }
        for (int i = nt; i < after.tasks.length; i++) {
            Task y = after.tasks[i];
            w.mm(uses(y));
            w.mm(queuedWriter(y));
            if (y.oomReaperTimer != 0) w.global(Access.OOM_TIMERS);
        }
        for (int i = 0; i < ng; i++) {
            if (before.groups[i] != after.groups[i] && !before.groups[i].sameAs(after.groups[i])) w.group(i);
        }
        for (int i = 0; i < nm; i++) {
            Mm x = before.mms[i], y = after.mms[i];
            if (x != y && !x.sameAs(y)) w.mm(i);
        }
        if (!Arrays.equals(before.processList, after.processList)) w.global(Access.PROCESS_LIST);
        if (!Arrays.equals(before.oomReaperList, after.oomReaperList)) w.global(Access.OOM_REAPER_LIST);
        if (before.nextPid != after.nextPid) w.global(Access.NEXT_PID);
        if (!Objects.equals(before.panic, after.panic)) w.global(Access.PANIC);
        if (!Arrays.equals(before.fired, after.fired)) w.global(Access.FIRED);
        if (before.oomReaperTask != after.oomReaperTask) w.global(Access.OBJECTS);
        return w;
    }

    /** The mm t counts as a user of (KernelState.anyTaskUses), or -1. */
    private static int uses(Task t) {
        return t.linked ? t.mm : -1;
    }

    /** The mm whose mmap_lock t's top frame waits to take for write, or -1. */
    private static int queuedWriter(Task t) {
        Frame f = t.top();
        return f == null ? -1 : f.waitsForMmapWrite();
    }

    /**
     * Steps a and b (each with what it touched, enabling test included, and what it wrote) are
     * independent: neither writes anything the other touched.
     */
    static boolean independent(Access touchedA, Access writesA, Access touchedB, Access writesB) {
        return !writesA.intersects(touchedB) && !writesB.intersects(touchedA);
    }
}
