package org.reaplab.exploration.bench;

import org.reaplab.exploration.ExplorationReport;
import org.reaplab.exploration.Explorer;
import org.reaplab.exploration.PersistentSetsTest;
import org.reaplab.exploration.TestScenarios;
import org.reaplab.variant.Variant;

import java.util.List;

/**
 * The persistent-set reduction against the full search on sharers-N, too slow for a unit test beyond
 * N = 4: for each N and variant, both searches (one thread each), the check that verdicts, outcome
 * classes with their counts of terminal states and shortest counterexample lengths are the same
 * (PersistentSetsTest.assertSame, it throws otherwise), and states, transitions and the reduction factor.
 * <pre>
 * bench/run.sh ReductionBench --sharers 5 [--variants reap_kill_all_rfc] [--max-seconds 900] [--max-states N]
 * </pre>
 */
public final class ReductionBench {
    private ReductionBench() {}

    public static void main(String[] args) {
        BenchArgs a = BenchArgs.parse(args, new BenchArgs(false, 5, 5, List.of(Variant.REAP_KILL_ALL_RFC), 900, 2_000_000_000, false, true));
        Explorer.Options full = Explorer.Options.defaults().withMaxStates(a.maxStates()).withMaxSeconds(a.maxSeconds()).withReduction(false);
        Explorer.Options reduced = full.withReduction(true).withPersistentSets(true);
        System.out.printf("%-12s %-22s %12s %12s %8s %12s %12s %8s %8s %s%n", "scenario", "variant", "full states",
                "full trans", "full s", "reduced", "red. trans", "red. s", "factor", "same verdicts, classes, counterexamples");
        for (int n = a.minSharers(); n <= a.maxSharers(); n++) {
            for (Variant v : a.variants()) {
                ExplorationReport f = Explorer.explore(TestScenarios.sharers(n), v, full);
                ExplorationReport r = Explorer.explore(TestScenarios.sharers(n), v, reduced);
                PersistentSetsTest.assertSame("sharers-" + n + " under " + v.id, f, r);
                System.out.printf("%-12s %-22s %12d %12d %8.1f %12d %12d %8.1f %7.1f× %s%n", "sharers-" + n, v.id,
                        f.distinctStates(), f.transitions(), f.elapsedMillis() / 1000.0, r.distinctStates(), r.transitions(),
                        r.elapsedMillis() / 1000.0, (double) f.distinctStates() / r.distinctStates(), "yes");
            }
        }
    }
}
