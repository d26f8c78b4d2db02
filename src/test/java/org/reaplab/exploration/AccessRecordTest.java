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
 * The reads a step records through {@code Exec} are complete enough to decide independence: on the
 * first states of every library scenario under every preset (and on sharers-3), every object a step
 * wrote was recorded, and every two steps that the records call independent stay enabled after each
 * other and reach the same state in both orders.
 */
@Execution(ExecutionMode.CONCURRENT) // heavy and self-contained: runs beside the other tests (junit-platform.properties)
class AccessRecordTest {
    private static final int STATES_PER_CELL = 1500;

    @Test
    void recordedReadsCoverWritesAndDecideIndependenceOnTheLibrary() {
        long pairs = 0, independent = 0;
        for (LibraryEntry e : ScenarioLibrary.load()) {
            for (Variant v : Variant.values()) {
                long[] n = check(e.scenario(), v);
                pairs += n[0];
                independent += n[1];
            }
        }
        long[] n = check(TestScenarios.sharers(3), Variant.REAP_KILL_ALL_RFC);
        pairs += n[0];
        independent += n[1];
        // the records are fine enough to matter: a good share of the pairs of steps are independent
        assertThat(independent).isGreaterThan(pairs / 5);
    }

    /** Breadth first over the first states of a cell; returns {pairs of enabled steps, pairs found independent}. */
    private static long[] check(Scenario s, Variant v) {
        String cell = s.name() + " under " + v.id;
        KernelState init = Kernels.boot(s, v);
        Set<Long> seen = new HashSet<>();
        ArrayDeque<KernelState> queue = new ArrayDeque<>();
        seen.add(init.fingerprint());
        queue.add(init);
        long pairs = 0, independent = 0;
        while (!queue.isEmpty() && seen.size() < STATES_PER_CELL) {
            KernelState st = queue.poll();
            int n = st.tasks.length;
            Access[] touched = new Access[n], writes = new Access[n];
            KernelState[] after = new KernelState[n];
            for (int t = 0; t < n; t++) {
                Access r = new Access();
                if (!st.runnable(t, r)) continue;
                KernelState c = st.copy();
                c.step(t, null, r);
                Access w = Independence.writes(st, c);
                assertThat(r.contains(w)).as("%s: %s at %s wrote %s but recorded %s", cell, st.tasks[t].name,
                        st.nextLabel(t), w, r).isTrue();
                touched[t] = r;
                writes[t] = w;
                after[t] = c;
                if (seen.add(c.fingerprint())) queue.add(c);
            }
            for (int a = 0; a < n; a++) {
                if (after[a] == null) continue;
                for (int b = a + 1; b < n; b++) {
                    if (after[b] == null) continue;
                    pairs++;
                    if (!Independence.independent(touched[a], writes[a], touched[b], writes[b])) continue;
                    independent++;
                    KernelState ab = after[a].copy(), ba = after[b].copy();
                    assertThat(ab.runnable(b)).as("%s: %s disables %s", cell, st.tasks[a].name, st.tasks[b].name).isTrue();
                    assertThat(ba.runnable(a)).as("%s: %s disables %s", cell, st.tasks[b].name, st.tasks[a].name).isTrue();
                    ab.step(b, null);
                    ba.step(a, null);
                    assertThat(ab.fingerprint()).as("%s: %s at %s and %s at %s do not commute", cell, st.tasks[a].name,
                            st.nextLabel(a), st.tasks[b].name, st.nextLabel(b)).isEqualTo(ba.fingerprint());
                }
            }
        }
        return new long[] {pairs, independent};
    }
}
