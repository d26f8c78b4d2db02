package org.reaplab.exploration;

import org.reaplab.kernel.path.Kernels;
import org.reaplab.kernel.Invariant;
import org.reaplab.kernel.KernelState;
import org.reaplab.scenario.Scenario;
import org.reaplab.variant.Variant;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The oracle: every schedule enumerated one by one, depth first, with no deduplication and no
 * reduction. Only for scenarios small enough to have at most {@code maxPaths} schedules.
 */
final class BruteForce {
    record Result(Set<Long> states, Set<Long> terminals, Set<String> classes, Map<String, Integer> shortest, long paths) {}

    private final Set<Long> states = new HashSet<>();
    private final Set<Long> terminals = new HashSet<>();
    private final Set<String> classes = new HashSet<>();
    private final Map<String, Integer> shortest = new TreeMap<>();
    private final long maxPaths;
    private long paths;

    private BruteForce(long maxPaths) {
        this.maxPaths = maxPaths;
    }

    static Result run(Scenario scenario, Variant variant, long maxPaths) {
        BruteForce b = new BruteForce(maxPaths);
        b.dfs(Kernels.boot(scenario, variant), 0);
        return new Result(b.states, b.terminals, b.classes, b.shortest, b.paths);
    }

    private void dfs(KernelState k, int depth) {
        long fp = k.fingerprint();
        states.add(fp);
        for (Invariant inv : k.firedInvariants()) shortest.merge(inv.id, depth, Math::min);
        boolean any = false;
        if (k.panic == null) {
            for (int t = 0; t < k.tasks.length; t++) {
                if (!k.runnable(t)) continue;
                any = true;
                KernelState c = k.copy();
                c.step(t, null);
                dfs(c, depth + 1);
            }
        }
        if (!any) {
            terminals.add(fp);
            classes.add(Outcomes.build(k).signature());
            if (++paths > maxPaths) throw new IllegalStateException("more than " + maxPaths + " schedules");
        }
    }

    /** Number of schedules (paths to a terminal state), counted with memoization; to pick small scenarios. */
    static double countPaths(Scenario scenario, Variant variant) {
        return count(Kernels.boot(scenario, variant), new HashMap<>());
    }

    private static double count(KernelState k, Map<Long, Double> memo) {
        long fp = k.fingerprint();
        Double m = memo.get(fp);
        if (m != null) return m;
        double n = 0;
        boolean any = false;
        if (k.panic == null) {
            for (int t = 0; t < k.tasks.length; t++) {
                if (!k.runnable(t)) continue;
                any = true;
                KernelState c = k.copy();
                c.step(t, null);
                n += count(c, memo);
            }
        }
        if (!any) n = 1;
        memo.put(fp, n);
        return n;
    }
}
