package org.reaplab.exploration.bench;

import org.reaplab.exploration.ExplorationReport;
import org.reaplab.exploration.Explorer;
import org.reaplab.exploration.TestScenarios;
import org.reaplab.scenario.format.LibraryEntry;
import org.reaplab.scenario.Scenario;
import org.reaplab.scenario.format.ScenarioLibrary;
import org.reaplab.variant.Variant;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;

/**
 * Plain runner for the figures the README quotes: per scenario and variant, distinct states,
 * transitions, depth, the largest frontier, wall and CPU seconds of the (single-threaded) search, and
 * distinct states and transitions per CPU second.
 * <pre>
 * mvn -q -o test-compile dependency:build-classpath -Dmdep.outputFile=cp.txt
 * java -Xmx12g -XX:+UseParallelGC -cp target/classes:target/test-classes:$(cat cp.txt) \
 *     org.reaplab.exploration.bench.ExploreBench [--library] [--sharers 2..8] [--variants baseline,kernel_oom]
 *     [--max-seconds 120] [--max-states 50000000] [--no-reduction | --persistent-sets]
 * </pre>
 */
public final class ExploreBench {
    private ExploreBench() {}

    public static void main(String[] args) {
        BenchArgs a = BenchArgs.parse(args, new BenchArgs(false, 0, -1, List.of(Variant.values()), 120, 50_000_000, true, false));
        boolean library = a.library();
        int minN = a.minSharers(), maxN = a.maxSharers();
        List<Variant> variants = a.variants();
        if (!library && maxN < 0) {
            library = true;
            minN = 2;
            maxN = 8;
        }
        Explorer.Options options = Explorer.Options.defaults().withMaxSeconds(a.maxSeconds()).withMaxStates(a.maxStates())
                .withReduction(a.reduction()).withPersistentSets(a.persistentSets());

        // warm up the JIT
        for (int i = 0; i < 3; i++) Explorer.explore(TestScenarios.sharers(2), Variant.KERNEL_OOM, options);

        System.out.printf("%-28s %-22s %11s %12s %5s %10s %8s %8s %11s %11s %s%n", "scenario", "variant", "states",
                "transitions", "depth", "frontier", "wall s", "cpu s", "states/s", "trans/s", "complete");
        if (library) {
            long states = 0, transitions = 0;
            double cpu = 0;
            for (LibraryEntry e : ScenarioLibrary.load()) {
                for (Variant v : variants) {
                    double[] c = new double[1];
                    ExplorationReport r = row(e.scenario(), v, options, c);
                    states += r.distinctStates();
                    transitions += r.transitions();
                    cpu += c[0];
                }
            }
            System.out.printf("%-28s %-22s %11d %12d %5s %10s %8s %8.2f %11.0f %11.0f%n", "LIBRARY TOTAL", variants.size() + " variants",
                    states, transitions, "", "", "", cpu, states / cpu, transitions / cpu);
        }
        for (int n = minN; n <= maxN; n++) {
            for (Variant v : variants) row(TestScenarios.sharers(n), v, options, new double[1]);
        }
    }

    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

    static ExplorationReport row(Scenario s, Variant v, Explorer.Options options, double[] cpuOut) {
        long cpu0 = MX.getCurrentThreadCpuTime();
        ExplorationReport r = Explorer.explore(s, v, options);
        double cpu = (MX.getCurrentThreadCpuTime() - cpu0) / 1e9;
        cpuOut[0] = cpu;
        System.out.printf("%-28s %-22s %11d %12d %5d %10d %8.2f %8.2f %11.0f %11.0f %s%n", s.name(), v.id, r.distinctStates(),
                r.transitions(), r.maxDepth(), r.maxFrontier(), r.elapsedMillis() / 1000.0, cpu,
                cpu > 0 ? r.distinctStates() / cpu : 0, cpu > 0 ? r.transitions() / cpu : 0,
                r.complete() ? "yes" : "no (" + r.budgetHit() + ")");
        return r;
    }
}
