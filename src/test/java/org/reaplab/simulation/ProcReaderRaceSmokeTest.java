package org.reaplab.simulation;

import org.junit.jupiter.api.Test;
import org.reaplab.ProcReaderRace;

/** The bug report on the engine alone: baseline loses the race, v2 grabs the mm first and reaps. */
class ProcReaderRaceSmokeTest {

    @Test
    void baselineLosesTheRaceAndTheReaderPinsTheMemoryWhileV2Reaps() {
        ProcReaderRace.assertBaselineLosesAndV2Reaps(v -> ProcReaderRace.seen(Simulation.run(ProcReaderRace.scenario(), v).outcome()));
    }
}
