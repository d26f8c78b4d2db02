package org.reaplab.exploration;

import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.Test;
import org.reaplab.scenario.format.LibraryEntry;
import org.reaplab.scenario.Scenario;
import org.reaplab.scenario.format.ScenarioLibrary;
import org.reaplab.simulation.Run;
import org.reaplab.variant.Variant;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** The built-in library, every scenario under every variant (the verdict matrix). */
@Execution(ExecutionMode.CONCURRENT) // heavy and self-contained: runs beside the other tests (junit-platform.properties)
class LibraryExplorationTest {
    static final VerdictMatrix MATRIX = VerdictMatrix.library();

    static Scenario scenario(String name) {
        for (LibraryEntry e : ScenarioLibrary.load()) if (e.scenario().name().equals(name)) return e.scenario();
        throw new IllegalArgumentException(name);
    }

    static ExplorationReport report(String scenario, Variant v) {
        VerdictMatrix.Cell c = MATRIX.cell(scenario, v.id);
        assertThat(c).as(scenario + " " + v.id).isNotNull();
        return c.report();
    }

    @Test
    void everyCellIsExploredCompletelyWithinTheBudget() {
        assertThat(MATRIX.rows()).hasSizeGreaterThanOrEqualTo(29);
        assertThat(MATRIX.variants()).isEqualTo(Variant.ids());
        for (VerdictMatrix.Row row : MATRIX.rows()) {
            for (VerdictMatrix.Cell cell : row.cells()) {
                assertThat(cell.report().complete()).as(cell.scenario() + " " + cell.variant()).isTrue();
                assertThat(cell.report().outcomeClasses()).as(cell.scenario() + " " + cell.variant()).isNotEmpty();
                assertThat(cell.verdict()).isEqualTo(cell.report().violated() ? VerdictMatrix.Verdict.VIOLATED : VerdictMatrix.Verdict.OK);
            }
        }
    }

    @Test
    void reductionKeepsEveryCellsClassesAndCounterexamples() {
        for (VerdictMatrix.Row row : MATRIX.rows()) {
            Scenario s = scenario(row.scenario());
            for (VerdictMatrix.Cell cell : row.cells()) {
                ExplorationReport reduced = cell.report();
                ExplorationReport full = LibraryCells.full(s, Variant.byId(cell.variant()));
                String what = cell.scenario() + " under " + cell.variant();
                assertThat(reduced.distinctStates()).as(what).isEqualTo(full.distinctStates());
                assertThat(classes(reduced)).as(what).isEqualTo(classes(full));
                assertThat(ExplorerTest.shortest(reduced)).as(what).isEqualTo(ExplorerTest.shortest(full));
                if (full.distinctStates() <= 3000) {
                    Explorer checked = new Explorer(s, Variant.byId(cell.variant()), VerdictMatrix.libraryOptions());
                    checked.checkIndependence = true;
                    assertThat(classes(checked.run())).as(what).isEqualTo(classes(full));
                }
            }
        }
    }

    static Map<String, Long> classes(ExplorationReport r) {
        Map<String, Long> out = new TreeMap<>();
        for (OutcomeClass c : r.outcomeClasses()) out.put(c.signature(), c.count());
        return out;
    }

    @Test
    void everyCounterexampleReplaysAtItsStep() {
        int n = 0;
        for (VerdictMatrix.Cell cell : MATRIX.violatedCells()) {
            Scenario s = scenario(cell.scenario());
            for (Counterexample c : cell.report().counterexamples()) {
                Run run = c.replay(s, Variant.byId(cell.variant()));
                assertThat(c.reproducedBy(run)).as(cell.scenario() + " " + cell.variant() + " " + c.invariant()).isTrue();
                n++;
            }
        }
        assertThat(n).isGreaterThan(10);
    }

    @Test
    void procReaderRaceEndsInEsrchWithMemoryPinnedOnlyUnderBaseline() {
        TestScenarios.assertOnlyBaselineLosesTheRace(v -> report("proc-reader-race", v));
    }

    /** kernel-model.md §0.3 item 6: v2 as posted reaps memory that is still in use. */
    @Test
    void v2ReapsMemoryStillInUse() {
        for (String s : List.of("global-init-victim", "container-init-victim", "vfork-child", "concurrent-clone-vm")) {
            assertThat(report(s, Variant.REAP_KILL_V2).violations()).as(s).contains("live-task-on-reaped-mm");
            assertThat(report(s, Variant.REAP_KILL_ALL_CHECKED).violations()).as(s).doesNotContain("live-task-on-reaped-mm");
        }
        assertThat(report("global-init-victim", Variant.REAP_KILL_V2).outcomeClasses()).anySatisfy(c -> assertThat(c.panic()).isTrue());
    }

    /** kernel-model.md §0.3 item 7: option 3 kills sharers and still says -EBUSY; a same-ns container init is reaped alive. */
    @Test
    void optionThreeKillsDespiteErrorAndReapsALiveContainerInit() {
        for (String s : List.of("sibling-other-uid", "sibling-outside-pidns", "sibling-global-init")) {
            assertThat(report(s, Variant.REAP_KILL_ALL_RFC).violations()).as(s).contains("killed-despite-error");
            assertThat(report(s, Variant.REAP_KILL_ALL_CHECKED).violations()).as(s).doesNotContain("killed-despite-error");
        }
        assertThat(report("container-init-victim", Variant.REAP_KILL_ALL_RFC).violations()).contains("live-task-on-reaped-mm");
    }
}
