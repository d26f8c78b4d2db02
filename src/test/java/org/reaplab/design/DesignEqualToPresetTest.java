package org.reaplab.design;

import org.junit.jupiter.api.Test;
import org.reaplab.exploration.ExplorationReport;
import org.reaplab.exploration.Explorer;
import org.reaplab.exploration.OutcomeClass;
import org.reaplab.exploration.VerdictMatrix;
import org.reaplab.scenario.format.LibraryEntry;
import org.reaplab.scenario.format.ScenarioLibrary;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A design a user writes knob by knob, equal to a preset, explores exactly as the preset does: same
 * distinct states, transitions and outcome classes (the engine never asks which preset it runs).
 */
class DesignEqualToPresetTest {
    static final Set<String> SCENARIOS = Set.of("proc-reader-race", "clone-vm-sibling", "sibling-other-uid",
            "container-init-victim", "kthread-use-mm", "pidfd-thread-leader");

    @Test
    void aUserDesignEqualToAPresetGivesTheSameExplorationCounts() {
        VerdictMatrix m = VerdictMatrix.library();
        int compared = 0;
        for (LibraryEntry e : ScenarioLibrary.load()) {
            if (!SCENARIOS.contains(e.scenario().name())) continue;
            for (Preset p : Presets.all()) {
                Map<String, String> knobs = p.design().knobs(); // every knob spelled out, no preset named
                Design mine = Design.fromMap(knobs).named("mine");
                assertThat(mine).isEqualTo(p.design());
                ExplorationReport user = Explorer.explore(e.scenario(), mine, VerdictMatrix.libraryOptions());
                ExplorationReport preset = m.cell(e.scenario().name(), p.id()).report();
                String what = e.scenario().name() + " " + p.id();
                assertThat(user.variant()).isEqualTo("mine");
                assertThat(user.distinctStates()).as(what).isEqualTo(preset.distinctStates());
                assertThat(user.transitions()).as(what).isEqualTo(preset.transitions());
                assertThat(classes(user.outcomeClasses())).as(what).isEqualTo(classes(preset.outcomeClasses()));
                compared++;
            }
        }
        assertThat(compared).isEqualTo(SCENARIOS.size() * Presets.all().size());
    }

    static Set<String> classes(List<OutcomeClass> cs) {
        Set<String> out = new TreeSet<>();
        for (OutcomeClass c : cs) out.add(c.count() + " " + c.signature());
        return out;
    }
}
