package org.reaplab.exploration;

import org.junit.jupiter.api.Test;
import org.reaplab.scenario.Scenario;
import org.reaplab.variant.Variant;

class ExplorerSmokeTest {
    @Test
    void print() {
        for (Scenario s : TestScenarios.small()) {
            for (Variant v : new Variant[] {Variant.BASELINE, Variant.REAP_KILL_ALL_RFC, Variant.KERNEL_OOM}) {
                for (int mode = 0; mode < 2; mode++) {
                    Explorer e = new Explorer(s, v, Explorer.Options.defaults().withReduction(mode > 0).withMaxSeconds(20));
                    e.exactIndependence = mode == 1;
                    ExplorationReport r = e.run();
                    System.out.printf("%-18s %-22s mode=%d states=%d trans=%d pruned=%d depth=%d term=%d classes=%d viol=%s %dms%n",
                            s.name(), v.id, mode, r.distinctStates(), r.transitions(), r.prunedTransitions(), r.maxDepth(),
                            r.completeSchedules(), r.outcomeClasses().size(), r.violations(), r.elapsedMillis());
                }
            }
        }
    }
}
