package org.reaplab.exploration.bench;

import org.reaplab.exploration.TestScenarios;
import org.reaplab.kernel.KernelState;
import org.reaplab.kernel.path.Kernels;
import org.reaplab.scenario.Scenario;
import org.reaplab.scenario.format.LibraryEntry;
import org.reaplab.scenario.format.ScenarioLibrary;
import org.reaplab.variant.Variant;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether the state graph of a scenario under a variant has a cycle: a depth-first search over every
 * schedule (states deduplicated by fingerprint) that reports a step leading back to a state still on
 * its stack. A breadth-first partial-order reduction needs the cycle proviso only on graphs with
 * cycles (docs/exploration.md, "Partial-order reduction"), so this is the fact it can rely on.
 * <pre>
 * bench/run.sh AcyclicCheck [--library] [--sharers 2..3] [--variants baseline,kernel_oom]
 * </pre>
 * Prints one line per cell (states, deepest stack, "acyclic" or the first cycle's schedule) and exits 1
 * if any cell has a cycle.
 */
public final class AcyclicCheck {
    private AcyclicCheck() {}

    private static final byte ON_STACK = 1, DONE = 2;

    public static void main(String[] args) {
        boolean library = false;
        int minN = 0, maxN = -1;
        List<Variant> variants = new ArrayList<>(List.of(Variant.values()));
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--library" -> library = true;
                case "--sharers" -> {
                    String[] r = args[++i].split("\\.\\.");
                    minN = Integer.parseInt(r[0]);
                    maxN = Integer.parseInt(r[r.length - 1]);
                }
                case "--variants" -> {
                    variants.clear();
                    for (String v : args[++i].split(",")) variants.add(Variant.byId(v));
                }
                default -> throw new IllegalArgumentException(args[i]);
            }
        }
        if (!library && maxN < 0) library = true;
        int cyclic = 0;
        long cells = 0, states = 0;
        if (library) {
            for (LibraryEntry e : ScenarioLibrary.load()) {
                for (Variant v : variants) {
                    long[] n = new long[1];
                    if (!check(e.scenario(), v, n)) cyclic++;
                    cells++;
                    states += n[0];
                }
            }
        }
        for (int n = minN; n <= maxN; n++) {
            for (Variant v : variants) {
                long[] c = new long[1];
                if (!check(TestScenarios.sharers(n), v, c)) cyclic++;
                cells++;
                states += c[0];
            }
        }
        System.out.printf("%d cells, %d states, %d with a cycle%n", cells, states, cyclic);
        if (cyclic > 0) System.exit(1);
    }

    /** One stack entry: a state, its runnable threads, and the next one to try. */
    private static final class Entry {
        final KernelState state;
        final int[] enabled;
        final int task; // the thread whose step led here (-1 at the root)
        int next;

        Entry(KernelState state, int task) {
            this.state = state;
            this.task = task;
            int[] e = new int[state.tasks.length];
            int c = 0;
            if (state.panic == null) for (int t = 0; t < state.tasks.length; t++) if (state.runnable(t)) e[c++] = t;
            this.enabled = java.util.Arrays.copyOf(e, c);
        }
    }

    /** Prints the cell's line; false when a cycle was found. */
    static boolean check(Scenario scenario, Variant variant, long[] statesOut) {
        KernelState init = Kernels.boot(scenario, scenario.design(variant.id));
        Map<Long, Byte> color = new HashMap<>();
        ArrayDeque<Entry> stack = new ArrayDeque<>();
        color.put(init.fingerprint(), ON_STACK);
        stack.push(new Entry(init, -1));
        int deepest = 1;
        while (!stack.isEmpty()) {
            Entry top = stack.peek();
            if (top.next == top.enabled.length) {
                color.put(top.state.fingerprint(), DONE);
                stack.pop();
                continue;
            }
            int t = top.enabled[top.next++];
            KernelState child = top.state.copy();
            child.step(t, null);
            long fp = child.fingerprint();
            Byte c = color.get(fp);
            if (c == null) {
                color.put(fp, ON_STACK);
                stack.push(new Entry(child, t));
                deepest = Math.max(deepest, stack.size());
            } else if (c == ON_STACK) {
                List<String> path = new ArrayList<>();
                for (java.util.Iterator<Entry> it = stack.descendingIterator(); it.hasNext(); ) {
                    Entry e = it.next();
                    if (e.task >= 0) path.add(e.state.tasks[e.task].name);
                }
                path.add(top.state.tasks[t].name);
                System.out.printf("%-28s %-22s cycle after %s%n", scenario.name(), variant.id, String.join(" ", path));
                statesOut[0] = color.size();
                return false;
            }
        }
        statesOut[0] = color.size();
        System.out.printf("%-28s %-22s %9d states, stack %4d, acyclic%n", scenario.name(), variant.id, color.size(), deepest);
        return true;
    }
}
