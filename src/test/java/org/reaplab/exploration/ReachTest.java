package org.reaplab.exploration;

import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.Test;
import org.reaplab.kernel.Access;
import org.reaplab.kernel.KernelState;
import org.reaplab.kernel.path.Kernels;
import org.reaplab.scenario.Scenario;
import org.reaplab.scenario.format.LibraryEntry;
import org.reaplab.scenario.format.ScenarioLibrary;
import org.reaplab.variant.Variant;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@link KernelState#reach} declares a thread can still touch covers everything it does touch
 * from then on, whatever the others do: on the states of every library scenario under every preset
 * (and of sharers-3), every step's footprint (its enabling test included) lies within its thread's
 * reach, and no step of a thread whose reach is not everything lets any thread's reach grow beyond the
 * objects that step created (a thread that may touch everything meets every persistent set, so its
 * steps are never among those the argument lets run first). By induction, every later step of a
 * thread stays within the reach it had, or touches objects that did not exist then.
 */
@Execution(ExecutionMode.CONCURRENT) // heavy and self-contained: runs beside the other tests (junit-platform.properties)
class ReachTest {
    private static final int STATES_PER_CELL = 20_000;

    @Test
    void reachCoversEveryLaterStepOnTheLibraryAndSharers() {
        long narrow = 0, total = 0;
        for (LibraryEntry e : ScenarioLibrary.load()) {
            for (Variant v : Variant.values()) {
                long[] n = check(e.scenario(), v);
                narrow += n[0];
                total += n[1];
            }
        }
        long[] n = check(TestScenarios.sharers(3), Variant.REAP_KILL_ALL_RFC);
        assertThat(n[0]).as("sharers-3: reaches narrower than everything").isGreaterThan(n[1] / 2);
        narrow += n[0];
        total += n[1];
        assertThat(narrow).isGreaterThan(0);
    }

    static Access reach(KernelState s, int t) {
        Access a = new Access();
        s.reach(t, a);
        a.globals &= ~Access.FIRED;
        return a;
    }

    /** Breadth first over a cell; returns {reaches narrower than everything, reaches computed}. */
    private static long[] check(Scenario sc, Variant v) {
        String cell = sc.name() + " under " + v.id;
        KernelState init = Kernels.boot(sc, v);
        Set<Long> seen = new HashSet<>();
        ArrayDeque<KernelState> queue = new ArrayDeque<>();
        seen.add(init.fingerprint());
        queue.add(init);
        long narrow = 0, total = 0;
        while (!queue.isEmpty() && seen.size() < STATES_PER_CELL) {
            KernelState s = queue.poll();
            int n = s.tasks.length;
            Access[] reach = new Access[n];
            for (int q = 0; q < n; q++) {
                reach[q] = reach(s, q);
                total++;
                if (!reach[q].wide) narrow++;
            }
            if (s.panic != null) continue;
            for (int t = 0; t < n; t++) {
                Access touched = new Access();
                if (!s.runnable(t, touched)) continue;
                KernelState c = s.copy();
                c.step(t, null, touched);
                // every enabling test reads panic; a reach holds it only where the thread can write it
                if ((Independence.writes(s, c).globals & Access.PANIC) != 0) {
                    assertThat(reach[t].globals & Access.PANIC).as("%s: %s panics", cell, s.tasks[t].name).isNotZero();
                }
                touched.globals &= ~(Access.FIRED | Access.PANIC);
                assertThat(reach[t].contains(touched)).as("%s: %s at %s touched %s outside its reach %s", cell,
                        s.tasks[t].name, s.nextLabel(t), touched, reach[t]).isTrue();
                // a thread that may touch anything is in every persistent set: its steps never run
                // outside one, so only the others' steps have to keep every reach from growing
                for (int q = 0; q < c.tasks.length && !reach[t].wide; q++) {
                    // objects the step created are new to everyone: no step of s touched them
                    Access before = (q < n ? reach[q] : reach[t]).copy();
                    for (int i = n; i < c.tasks.length; i++) before.task(i);
                    for (int i = s.groups.length; i < c.groups.length; i++) before.group(i);
                    for (int i = s.mms.length; i < c.mms.length; i++) before.mm(i);
                    Access after = reach(c, q);
                    assertThat(before.contains(after)).as("%s: %s at %s lets the reach of %s grow from %s to %s", cell,
                            s.tasks[t].name, s.nextLabel(t), c.tasks[q].name, before, after).isTrue();
                }
                if (seen.add(c.fingerprint())) queue.add(c);
            }
        }
        return new long[] {narrow, total};
    }
}
