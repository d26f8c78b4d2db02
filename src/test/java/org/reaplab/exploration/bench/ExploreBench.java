package org.reaplab.exploration.bench;

import org.reaplab.exploration.ExplorationReport;
import org.reaplab.exploration.Explorer;
import org.reaplab.exploration.TestScenarios;
import org.reaplab.scenario.Scenario;
import org.reaplab.variant.Variant;

import java.util.ArrayList;
import java.util.List;

/**
 * Plain runner that prints the figures the README quotes: for each scenario and variant, distinct
 * states, transitions, seconds and distinct states per second on one core.
 * <pre>
 * mvn -q -o test-compile &amp;&amp; java -cp target/classes:target/test-classes:$(cat cp.txt) \
 *     org.reaplab.exploration.bench.ExploreBench [maxN] [variant...]
 * </pre>
 */
public final class ExploreBench {
    private ExploreBench() {}

    public static void main(String[] args) {
        int maxN = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        List<Variant> variants = new ArrayList<>();
        for (int i = 1; i < args.length; i++) variants.add(Variant.byId(args[i]));
        if (variants.isEmpty()) variants.addAll(List.of(Variant.values()));
        double maxSeconds = Double.parseDouble(System.getProperty("bench.maxSeconds", "120"));
        boolean por = Boolean.parseBoolean(System.getProperty("bench.por", "true"));

        // warm up the JIT on a mid-sized space
        for (int i = 0; i < 3; i++) Explorer.explore(TestScenarios.sharers(2), Variant.KERNEL_OOM);

        System.out.printf("%-20s %-22s %12s %12s %6s %9s %12s %12s %s%n", "scenario", "variant", "states", "transitions",
                "depth", "seconds", "states/s", "trans/s", "complete");
        List<Scenario> scenarios = new ArrayList<>(TestScenarios.small());
        for (int n = 2; n <= maxN; n++) scenarios.add(TestScenarios.sharers(n));
        for (Scenario s : scenarios) {
            for (Variant v : variants) {
                ExplorationReport r = Explorer.explore(s, v, Explorer.Options.defaults()
                        .withMaxSeconds(maxSeconds).withMaxStates(50_000_000).withReduction(por));
                double sec = r.elapsedMillis() / 1000.0;
                System.out.printf("%-20s %-22s %12d %12d %6d %9.2f %12.0f %12.0f %s%n", s.name(), v.id, r.distinctStates(),
                        r.transitions(), r.maxDepth(), sec, r.statesPerSecond(), sec > 0 ? r.transitions() / sec : 0,
                        r.complete() ? "yes" : "no (" + r.budgetHit() + ")");
            }
        }
    }
}
