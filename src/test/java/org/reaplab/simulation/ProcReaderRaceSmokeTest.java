package org.reaplab.simulation;

import org.junit.jupiter.api.Test;
import org.reaplab.exploration.TestScenarios;
import org.reaplab.scenario.Scenario;
import org.reaplab.variant.Variant;

import static org.assertj.core.api.Assertions.assertThat;

/** The bug report of the thread (TestScenarios' record-built copy), so the engine is checked without the file format. */
class ProcReaderRaceSmokeTest {

    static Scenario procReaderRace() {
        return TestScenarios.procReaderRace();
    }

    @Test
    void baselineLosesTheRaceAndTheReaderPinsTheMemory() {
        Run run = Simulation.run(procReaderRace(), Variant.BASELINE);


        assertThat(run.outcome().calls()).anySatisfy(c -> {
            assertThat(c.key()).isEqualTo("lmkd.process_mrelease");
            assertThat(c.ret()).isEqualTo("-ESRCH");
        });
        assertThat(run.outcome().violations()).extracting(Violation::invariant).contains("memory-pinned-after-reap-call");
    }

    @Test
    void v2GrabsTheMmFirstAndReaps() {
        Run run = Simulation.run(procReaderRace(), Variant.REAP_KILL_V2);

        assertThat(run.outcome().calls()).anySatisfy(c -> {
            assertThat(c.key()).isEqualTo("lmkd.process_mrelease");
            assertThat(c.ret()).isEqualTo("0");
        });
        assertThat(run.outcome().mms().get(0).reaped()).isTrue();
        assertThat(run.outcome().violations()).isEmpty();
    }
}
