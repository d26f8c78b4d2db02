package org.reaplab.exploration.bench;

import org.reaplab.exploration.TestScenarios;
import org.reaplab.kernel.KernelState;
import org.reaplab.kernel.path.Kernels;
import org.reaplab.scenario.Scenario;
import org.reaplab.scenario.format.LibraryEntry;
import org.reaplab.scenario.format.ScenarioLibrary;
import org.reaplab.variant.Variant;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Whether a state graph has a cycle: a depth-first search over every schedule, states deduplicated by
 * fingerprint, counting edges back to a state still on the search stack. A state-removing partial-order
 * reduction over a breadth-first search needs the cycle proviso only when such edges exist
 * (docs/exploration.md, "Partial-order reduction").
 * <pre>
 * bench/run.sh AcyclicityCheck                 the library under every preset
 * bench/run.sh AcyclicityCheck --sharers 2..4  sharers-N under reap_kill_all_rfc
 * </pre>
 */
public final class AcyclicityCheck {
    private AcyclicityCheck() {}

    public static void main(String[] args) {
        long states = 0;
        int cells = 0, cyclic = 0;
        if (args.length == 2 && args[0].equals("--sharers")) {
            String[] r = args[1].split("\\.\\.");
            for (int n = Integer.parseInt(r[0]); n <= Integer.parseInt(r[r.length - 1]); n++) {
                long[] found = search(TestScenarios.sharers(n), Variant.REAP_KILL_ALL_RFC);
                states += found[0];
                cells++;
                if (found[1] > 0) cyclic++;
                System.out.printf("sharers-%d %s: %d states, %d back edges%n", n, Variant.REAP_KILL_ALL_RFC.id, found[0], found[1]);
            }
        } else {
            for (LibraryEntry e : ScenarioLibrary.load()) {
                for (Variant v : Variant.values()) {
                    long[] found = search(e.scenario(), v);
                    states += found[0];
                    cells++;
                    if (found[1] > 0) {
                        cyclic++;
                        System.out.printf("%s %s: %d back edges%n", e.file(), v.id, found[1]);
                    }
                }
            }
        }
        System.out.printf("%d cells, %d states, %d cells with a cycle%n", cells, states, cyclic);
    }

    /** {distinct states, edges back to a state on the stack}. */
    private static long[] search(Scenario scenario, Variant variant) {
        KernelState init = Kernels.boot(scenario, scenario.design(variant.id));
        Map<Long, Boolean> onStack = new HashMap<>();
        ArrayDeque<KernelState> stack = new ArrayDeque<>();
        ArrayDeque<int[]> nextTask = new ArrayDeque<>();
        onStack.put(init.fingerprint(), true);
        stack.push(init);
        nextTask.push(new int[] {0});
        long backEdges = 0;
        while (!stack.isEmpty()) {
            KernelState s = stack.peek();
            int[] next = nextTask.peek();
            int t = next[0];
            while (t < s.tasks.length && (s.panic != null || !s.runnable(t))) t++;
            if (t >= s.tasks.length) {
                onStack.put(s.fingerprint(), false);
                stack.pop();
                nextTask.pop();
                continue;
            }
            next[0] = t + 1;
            KernelState child = s.copy();
            child.step(t, null);
            Boolean mark = onStack.get(child.fingerprint());
            if (mark == null) {
                onStack.put(child.fingerprint(), true);
                stack.push(child);
                nextTask.push(new int[] {0});
            } else if (mark) {
                backEdges++;
            }
        }
        return new long[] {onStack.size(), backEdges};
    }
}
