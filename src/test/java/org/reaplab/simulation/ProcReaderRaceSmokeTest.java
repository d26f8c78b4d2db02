package org.reaplab.simulation;

import org.junit.jupiter.api.Test;
import org.reaplab.scenario.Memory;
import org.reaplab.scenario.MmSpec;
import org.reaplab.scenario.Op;
import org.reaplab.scenario.ProcessSpec;
import org.reaplab.scenario.Scenario;
import org.reaplab.scenario.ScheduleSpec;
import org.reaplab.variant.Variant;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The bug report of the thread, built as records so the engine is checked without the file format. */
class ProcReaderRaceSmokeTest {

    static Scenario procReaderRace() {
        Map<String, List<Op>> programs = new LinkedHashMap<>();
        programs.put("lmkd", List.of(new Op.PidfdOpen("app", "fd", List.of()), new Op.KillAndReap("fd")));
        programs.put("ps", List.of(new Op.ReadProc("app", "cmdline", 2)));
        return new Scenario(1, "proc-reader-race", "t", "d", "baseline", List.of(),
                List.of(new MmSpec("app_mm", new Memory(65536, 1024, 0, 0, 0, 0, 0, 0, 0), List.of(), List.of())),
                List.of(new ProcessSpec("lmkd", 1069, null, null, List.of("CAP_KILL"), null, 1, false, null, null, false, false, false),
                        new ProcessSpec("app", 10123, null, null, List.of(), "app_mm", 1, false, null, null, false, false, false),
                        new ProcessSpec("ps", 0, null, null, List.of(), null, 1, false, null, null, false, false, false)),
                programs,
                new ScheduleSpec("script", List.of("ps@mmput", "lmkd@process_mrelease", "app*", "lmkd*", "ps*"), null, null),
                Map.of(), null, List.of());
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
