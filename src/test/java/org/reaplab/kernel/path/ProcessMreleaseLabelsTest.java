package org.reaplab.kernel.path;

import org.junit.jupiter.api.Test;
import org.reaplab.scenario.format.LibraryEntry;
import org.reaplab.scenario.format.ScenarioLibrary;
import org.reaplab.simulation.Simulation;
import org.reaplab.simulation.StepEvent;
import org.reaplab.variant.Variant;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13 item 9: a schedule {@code t@process_mrelease} stops before the first step of the call, so the
 * label process_mrelease belongs to that step alone; the MMF_OOM_SKIP re-check under mmap_lock is
 * mm_flags_test, as in the kernel ("Check MMF_OOM_SKIP again under mmap_read_lock protection").
 */
class ProcessMreleaseLabelsTest {

    @Test
    void processMreleaseLabelsOnlyTheFirstStepOfEachCall() {
        int recheck = 0;
        for (LibraryEntry e : ScenarioLibrary.load()) {
            for (Variant v : Variant.values()) {
                List<StepEvent> events = Simulation.run(e.scenario(), v).events();
                Map<String, Boolean> inCall = new HashMap<>();
                for (StepEvent s : events) {
                    boolean inside = inCall.getOrDefault(s.thread(), false);
                    if (s.function().equals("process_mrelease")) {
                        assertThat(inside).as(e.file() + " " + v.id + " step " + s.index() + ": process_mrelease inside a call").isFalse();
                        inCall.put(s.thread(), true);
                    }
                    if (s.function().equals("mm_flags_test")) {
                        assertThat(s.locks()).anySatisfy(l -> assertThat(l).startsWith("mmap_lock(R)"));
                        recheck++;
                    }
                    if (s.call() != null) inCall.put(s.thread(), false);
                }
            }
        }
        assertThat(recheck).isGreaterThan(50);
    }
}
