package org.reaplab.exploration.bench;

import org.reaplab.exploration.ExplorationReport;
import org.reaplab.exploration.Explorer;
import org.reaplab.exploration.TestScenarios;
import org.reaplab.variant.Variant;

/** One exploration, repeated, for a profiler to attach to: ProfileRun N variant repeats. */
public final class ProfileRun {
    private ProfileRun() {}

    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        Variant v = Variant.byId(args[1]);
        int repeats = Integer.parseInt(args[2]);
        boolean por = Boolean.parseBoolean(System.getProperty("bench.por", "true"));
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int i = 0; i < repeats; i++) {
            long cpu0 = mx.getCurrentThreadCpuTime();
            ExplorationReport r = Explorer.explore(TestScenarios.sharers(n), v, Explorer.Options.defaults().withReduction(por));
            double cpu = (mx.getCurrentThreadCpuTime() - cpu0) / 1e9;
            System.out.printf("%d states %d transitions %.2fs wall %.0f states/s, %.2fs cpu %.0f states/s%n", r.distinctStates(),
                    r.transitions(), r.elapsedMillis() / 1000.0, r.statesPerSecond(), cpu, r.distinctStates() / cpu);
        }
    }
}
