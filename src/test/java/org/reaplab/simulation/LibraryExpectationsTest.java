package org.reaplab.simulation;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.reaplab.scenario.format.LibraryEntry;
import org.reaplab.scenario.format.ScenarioLibrary;
import org.reaplab.variant.Variant;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole library under every variant, with check --all-variants semantics: each expect block must
 * hold, and a variant without one must trip no invariant.
 */
class LibraryExpectationsTest {

    @TestFactory
    List<DynamicTest> everyScenarioUnderEveryVariant() {
        List<LibraryEntry> library = ScenarioLibrary.load();
        assertThat(library).hasSizeGreaterThanOrEqualTo(32);
        List<DynamicTest> tests = new ArrayList<>();
        for (LibraryEntry e : library) {
            for (Variant v : Variant.values()) {
                tests.add(DynamicTest.dynamicTest(e.file() + " [" + v.id + "]", () -> {
                    Outcome o = Simulation.run(e.scenario(), v).outcome();
                    assertThat(o.expect().failures()).as(e.file() + " under " + v.id).isEmpty();
                    assertThat(o.expect().ok()).isTrue();
                    assertThat(o.truncated()).isFalse();
                }));
            }
        }
        return tests;
    }

    @TestFactory
    List<DynamicTest> everyLibraryScenarioHasExpectationsForEveryApplicableVariant() {
        List<DynamicTest> tests = new ArrayList<>();
        for (LibraryEntry e : ScenarioLibrary.load()) {
            tests.add(DynamicTest.dynamicTest(e.file(), () -> {
                assertThat(e.scenario().title()).isNotBlank();
                assertThat(e.scenario().description()).contains("Watch for");
                assertThat(e.scenario().expect()).containsKeys("baseline", "reap_kill_v2", "reap_kill_all_rfc", "reap_kill_all_checked");
            }));
        }
        return tests;
    }
}
