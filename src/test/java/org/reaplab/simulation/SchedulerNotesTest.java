package org.reaplab.simulation;

import org.junit.jupiter.api.Test;
import org.reaplab.scenario.format.LibraryEntry;
import org.reaplab.scenario.format.ScenarioLibrary;
import org.reaplab.scenario.ScheduleSpec;
import org.reaplab.variant.Variant;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A schedule step for the kthread only kernel_oom has is not a problem to report under the other variants. */
class SchedulerNotesTest {

    @Test
    void theOomReaperStepIsSkippedQuietlyWhereTheVariantHasNoOomReaper() {
        LibraryEntry race = ScenarioLibrary.load().stream().filter(e -> e.scenario().name().equals("proc-reader-race")).findFirst().orElseThrow();
        assertThat(race.scenario().schedule().steps()).contains("oom_reaper*");
        for (Variant v : Variant.values()) {
            assertThat(Simulation.run(race.scenario(), v).outcome().notes()).as(v.id).noneMatch(n -> n.contains("oom_reaper"));
        }
    }

    @Test
    void aThreadTheScenarioDoesNotHaveIsStillNoted() {
        LibraryEntry race = ScenarioLibrary.load().stream().filter(e -> e.scenario().name().equals("proc-reader-race")).findFirst().orElseThrow();
        Run r = Simulation.run(race.scenario(), Variant.BASELINE, ScheduleSpec.script(List.of("nobody", "lmkd*"), "round_robin"), 1000);
        assertThat(r.outcome().notes()).containsExactly("script step 1 'nobody': no such thread yet; skipped");
    }
}
