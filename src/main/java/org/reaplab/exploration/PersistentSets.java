package org.reaplab.exploration;

import org.reaplab.kernel.Access;
import org.reaplab.kernel.KernelState;
import org.reaplab.kernel.Mm;
import org.reaplab.kernel.Task;
import org.reaplab.kernel.ThreadGroup;

import java.util.Arrays;

/**
 * Chooses, in one state, the threads whose next steps the search follows: a persistent set (Godefroid;
 * a stubborn set in Valmari's terms), computed per thread as in a process-based stubborn set.
 *
 * <p>Each thread's next step is run once on a scratch copy to learn what it touched (its enabling
 * test included, {@link KernelState#runnable(int, Access)}) and wrote ({@link Independence#writes}).
 * Each other thread's future is bounded by {@link KernelState#reach}: everything it can touch from now
 * on, whatever the others do. Starting from one enabled thread, the set grows by every thread whose
 * reach meets what a member touches (for a member that cannot run now: what its enabling test looks
 * at, so nobody outside the set can enable it). The smallest such set, counted in enabled threads, is
 * taken; when it has them all, the state is expanded in full. No thread outside the set can then,
 * whatever it does before a member moves, write what a member touched nor touch what a member writes:
 * every member that can run stays enabled, does the same thing, and commutes with those steps (D1 and
 * D2), so every terminal state and, with the visibility rule and the cycle proviso, every reachable set
 * of fired invariants is kept (docs/exploration.md gives the argument).
 *
 * <p><b>Visibility.</b> A step that may change what an invariant says ({@link #visible}), fires an
 * invariant or panics is visible; a set with a visible enabled step is not taken.
 * Neither is a reduced set at the initial state (no invariant has been checked there yet).
 */
final class PersistentSets {
    /** Parts left out of the dependency test: what fired is only written by visible steps, never taken. */
    private static final int IGNORED = Access.FIRED;

    private Access[] touched = new Access[0], reach = new Access[0];
    private boolean[] enabled = new boolean[0], visible = new boolean[0], future = new boolean[0], member = new boolean[0];
    private int[] stack = new int[0];

    /**
     * Fills {@code out} with the threads to expand from {@code s}, in increasing order, and returns how
     * many; that is {@code c} (all of {@code runnable}) when nothing smaller is safe.
     *
     * @param runnable the threads that can run in {@code s}, increasing
     * @param scratch  a {@link KernelState#copy()} of {@code s}, rewound to it before this returns
     */
    int choose(KernelState s, int[] runnable, int c, KernelState scratch, int[] out) {
        int n = s.tasks.length;
        if (c <= 1) return all(runnable, c, out);
        grow(n);
        Arrays.fill(enabled, 0, n, false);
        for (int j = 0; j < c; j++) enabled[runnable[j]] = true;
        for (int t = 0; t < n; t++) {
            Task task = s.tasks[t];
            future[t] = !(task.dead() && task.depth == 0);
            Access a = touched[t];
            a.clear();
            if (!future[t]) continue;
            boolean can = s.runnable(t, a);
            if (can != enabled[t]) throw new IllegalStateException("runnable changed for " + task.name);
            if (can) {
                scratch.step(t, null, a);
                Access w = Independence.writes(s, scratch);
                visible[t] = visible(s, scratch, w, a);
                scratch.rewind(s);
            }
            a.globals &= ~IGNORED;
            reach[t].clear();
            s.reach(t, reach[t]);
            reach[t].globals &= ~IGNORED;
        }
        int best = c, bestSeed = -1;
        for (int j = 0; j < c; j++) {
            int seed = runnable[j];
            if (visible[seed]) continue;
            int size = closure(seed, n, best);
            if (size < best) {
                best = size;
                bestSeed = seed;
            }
        }
        if (bestSeed < 0) return all(runnable, c, out);
        closure(bestSeed, n, c + 1);
        int m = 0;
        for (int j = 0; j < c; j++) if (member[runnable[j]]) out[m++] = runnable[j];
        return m;
    }

    /**
     * Grows the set from {@code seed}; returns the number of enabled members, or {@code limit} as soon
     * as that is reached or a visible step would join.
     */
    private int closure(int seed, int n, int limit) {
        Arrays.fill(member, 0, n, false);
        member[seed] = true;
        int top = 0, size = 1;
        stack[top++] = seed;
        while (top > 0) {
            Access p = touched[stack[--top]];
            for (int q = 0; q < n; q++) {
                if (member[q] || !future[q] || !reach[q].intersects(p)) continue;
                if (enabled[q]) {
                    if (visible[q] || ++size >= limit) return limit;
                }
                member[q] = true;
                stack[top++] = q;
            }
        }
        return size;
    }

    private static int all(int[] runnable, int c, int[] out) {
        System.arraycopy(runnable, 0, out, 0, c);
        return c;
    }

    private void grow(int n) {
        if (touched.length >= n) return;
        int old = touched.length;
        touched = Arrays.copyOf(touched, n);
        reach = Arrays.copyOf(reach, n);
        for (int i = old; i < n; i++) {
            touched[i] = new Access();
            reach[i] = new Access();
        }
        enabled = new boolean[n];
        visible = new boolean[n];
        future = new boolean[n];
        member = new boolean[n];
        stack = new int[n];
    }

    /**
     * The step from {@code before} to {@code after}, which touched {@code touched} and wrote {@code w},
     * may change what an invariant says, in this state or in any other where it can run instead (one that
     * differs only in objects the step did not touch). An invariant that fires during a step (a signal's
     * permission, pid namespace, a failed kill) writes what fired, and panic ends everything: both are
     * visible. The three invariants checked after each step ({@code Invariants.afterStep}) are compared
     * before and after the step, each evaluated from the objects the step touched only: the two about an
     * mm read that mm alone (the tasks that use it or carry it to mmput are filed under it, see
     * {@link Access}), live-task-on-reaped-mm reads a task, its group and its mm; when those are not all
     * touched and the answer depends on the rest, the step counts as visible.
     */
    static boolean visible(KernelState before, KernelState after, Access w, Access touched) {
        if (w.wide || touched.wide || (w.globals & (Access.FIRED | Access.PANIC | Access.OBJECTS)) != 0) return true;
        long flagsChanged = 0; // mms whose MMF_* flags the step changed (live-task-on-reaped-mm reads MMF_UNSTABLE)
        for (long m = w.mms; m != 0; m &= m - 1) {
            int i = Long.numberOfTrailingZeros(m);
            if ((touched.mms & 1L << i) == 0) return true;
            if (freedWhileReferenced(before, before.mms[i]) != freedWhileReferenced(after, after.mms[i])
                    || memoryPinned(before, before.mms[i]) != memoryPinned(after, after.mms[i])) return true;
            if (before.mms[i].flags != after.mms[i].flags) flagsChanged |= 1L << i;
        }
        for (Task t : before.tasks) {
            boolean written = (w.tasks & 1L << t.index) != 0 || (w.groups & 1L << t.group) != 0
                    || (t.mm >= 0 && (flagsChanged & 1L << t.mm) != 0) || t.index >= 64 || t.group >= 64;
            if (!written) continue;
            Boolean was = liveOnReaped(before, t, touched), is = liveOnReaped(after, after.tasks[t.index], touched);
            if (was == null || !was.equals(is)) return true;
        }
        return false;
    }

    /** live-task-on-reaped-mm for t from the touched objects alone, or null when the others decide. */
    private static Boolean liveOnReaped(KernelState k, Task t, Access touched) {
        if (t.index >= 64 || (touched.tasks & 1L << t.index) == 0) return null;
        if (!t.linked || t.kthread() || t.mm < 0 || t.dead() || t.has(Task.PF_EXITING) || t.sigkillPending) return false;
        if (t.group >= 64 || (touched.groups & 1L << t.group) == 0) return null;
        ThreadGroup g = k.groups[t.group];
        if (g.groupExit() || g.sharedSigkill) return false;
        if (t.mm >= 64 || (touched.mms & 1L << t.mm) == 0) return null;
        return k.mms[t.mm].test(Mm.MMF_UNSTABLE);
    }

    /** mm-freed-while-referenced, as Invariants.afterStep asks it. */
    private static boolean freedWhileReferenced(KernelState k, Mm mm) {
        return mm.freed && (mm.users > 0 || mm.count > 0 || k.anyTaskUses(mm.index));
    }

    /** memory-pinned-after-reap-call, as Invariants.afterStep asks it. */
    private static boolean memoryPinned(KernelState k, Mm mm) {
        if (!mm.reapCallReturned || mm.freed || mm.users == 0) return false;
        if (mm.exitMmap == Mm.EXIT_MMAP_RUNNING || mm.reapers > 0) return false;
        if (mm.test(Mm.MMF_OOM_REAP_QUEUED) && !mm.test(Mm.MMF_OOM_SKIP)) return false;
        if (mm.anonResident() == 0) return false;
        for (Task t : k.tasks) if (t.exitMm == mm.index) return false;
        return !k.anyTaskUses(mm.index);
    }
}
