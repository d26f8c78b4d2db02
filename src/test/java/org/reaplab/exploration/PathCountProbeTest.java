package org.reaplab.exploration;

import org.junit.jupiter.api.Test;
import org.reaplab.scenario.Scenario;
import org.reaplab.variant.Variant;

class PathCountProbeTest {
    @Test
    void print() {
        for (Scenario s : TestScenarios.tiny()) {
            StringBuilder b = new StringBuilder(String.format("%-18s", s.name()));
            for (Variant v : Variant.values()) b.append(String.format(" %s=%.3g", v.id, BruteForce.countPaths(s, v)));
            System.out.println(b);
        }
    }
}
