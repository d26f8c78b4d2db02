package org.reaplab.exploration;

import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.Test;
import org.reaplab.scenario.Scenario;
import org.reaplab.scenario.format.LibraryEntry;
import org.reaplab.scenario.format.ScenarioLibrary;
import org.reaplab.variant.Variant;

import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The persistent-set reduction removes states and nothing else: on every library scenario under every
 * preset, and on sharers-2..3 under every preset and sharers-4 under reap_kill_all_rfc, the reduced
 * search finds the same violated invariants with the same shortest counterexample lengths, and the
 * same outcome classes with the same number of distinct terminal states in each, as the full search.
 */
@Execution(ExecutionMode.CONCURRENT) // heavy and self-contained: runs beside the other tests (junit-platform.properties)
public class PersistentSetsTest {
    /** The library budgets with the persistent-set reduction, one thread. */
    public static Explorer.Options reduced() {
        return VerdictMatrix.libraryOptions().withPersistentSets(true).withThreads(1);
    }

    @Test
    void theLibraryKeepsVerdictsOutcomeClassesAndShortestCounterexamples() {
        long full = 0, kept = 0;
        for (LibraryEntry e : ScenarioLibrary.load()) {
            for (Variant v : Variant.values()) {
                ExplorationReport f = LibraryCells.full(e.scenario(), v);
                ExplorationReport r = Explorer.explore(e.scenario(), v, reduced());
                assertSame(e.scenario().name() + " under " + v.id, f, r);
                full += f.distinctStates();
                kept += r.distinctStates();
            }
        }
        assertThat(kept).isLessThan(full);
    }

    /**
     * The size-based choice (the explore command's default): sleep sets first, and persistent sets from the
     * start again once a level grows wider than the threshold. A search that never does is the full one,
     * state for state; one that does is the persistent-set search; both keep the full search's verdicts,
     * shortest counterexamples and outcome classes: every library cell under every preset with a threshold
     * inside most cells' widths, and sharers-2 (pidfd_mm_group needs the second search for its shortest
     * counterexample) and sharers-3.
     */
    @Test
    void sleepSetsFirstThenPersistentSetsOnceALevelIsWide() {
        int switched = 0, cells = 0;
        for (LibraryEntry e : ScenarioLibrary.load()) {
            for (Variant v : Variant.values()) {
                ExplorationReport f = LibraryCells.full(e.scenario(), v);
                ExplorationReport r = Explorer.explore(e.scenario(), v, reduced().withPersistentSetsWiderThan(100));
                String cell = e.scenario().name() + " under " + v.id;
                assertSame(cell, f, r);
                cells++;
                if (r.persistentSets()) {
                    switched++;
                    assertThat(f.maxFrontier()).as(cell + ": switched, so a level was wider than 100").isGreaterThan(100);
                } else {
                    assertThat(f.maxFrontier()).as(cell + ": kept the first search").isLessThanOrEqualTo(100);
                    assertThat(r.distinctStates()).as(cell + ": the first search stores every state").isEqualTo(f.distinctStates());
                }
            }
        }
        assertThat(switched).as("cells that started again with persistent sets").isGreaterThan(cells / 4).isLessThan(cells);
        for (Variant v : Variant.values()) compareWiderThan(TestScenarios.sharers(2), v, 500);
        ExplorationReport r = compareWiderThan(TestScenarios.sharers(3), Variant.REAP_KILL_ALL_RFC, Explorer.PERSISTENT_SETS_WIDER_THAN);
        assertThat(r.persistentSets()).isTrue();
        assertThat(r.distinctStates()).as("sharers-3: the persistent-set search's states")
                .isEqualTo(LibraryCells.once(TestScenarios.sharers(3), Variant.REAP_KILL_ALL_RFC, reduced()).distinctStates());
    }

    private static ExplorationReport compareWiderThan(Scenario s, Variant v, int width) {
        ExplorationReport f = LibraryCells.once(s, v, VerdictMatrix.libraryOptions().withReduction(false).withThreads(1));
        ExplorationReport r = Explorer.explore(s, v, reduced().withPersistentSetsWiderThan(width));
        assertSame(s.name() + " under " + v.id + ", wider than " + width, f, r);
        assertThat(r.persistentSets()).as(s.name() + " under " + v.id).isEqualTo(f.maxFrontier() > width);
        return r;
    }

    @Test
    void sharersKeepVerdictsOutcomeClassesAndShortestCounterexamples() {
        for (int n = 2; n <= 3; n++) {
            for (Variant v : Variant.values()) compare(TestScenarios.sharers(n), v);
        }
        ExplorationReport r = compare(TestScenarios.sharers(4), Variant.REAP_KILL_ALL_RFC);
        assertThat(r.distinctStates()).as("sharers-4 states kept").isLessThan(987_487 / 4);
    }

    @Test
    void twoThreadsFindWhatOneFinds() {
        Scenario s = TestScenarios.sharers(3);
        ExplorationReport one = LibraryCells.once(s, Variant.REAP_KILL_ALL_RFC, reduced());
        ExplorationReport two = Explorer.explore(s, Variant.REAP_KILL_ALL_RFC, reduced().withThreads(2));
        assertThat(one.persistentSets()).isTrue();
        assertThat(ParallelExplorerTest.untimed(two)).isEqualTo(ParallelExplorerTest.untimed(one));
    }

    private static ExplorationReport compare(Scenario s, Variant v) {
        ExplorationReport f = LibraryCells.once(s, v, VerdictMatrix.libraryOptions().withReduction(false).withThreads(1));
        ExplorationReport r = LibraryCells.once(s, v, reduced());
        assertSame(s.name() + " under " + v.id, f, r);
        return r;
    }

    /** Throws when the reduced report differs from the full one in a verdict, a class, a count or a shortest counterexample. */
    public static void assertSame(String cell, ExplorationReport full, ExplorationReport reduced) {
        assertThat(full.complete()).as(cell + " full search complete").isTrue();
        assertThat(reduced.complete()).as(cell + " reduced search complete").isTrue();
        assertThat(reduced.distinctStates()).as(cell + " states").isLessThanOrEqualTo(full.distinctStates());
        assertThat(reduced.violations()).as(cell + " violated invariants").isEqualTo(full.violations());
        assertThat(lengths(reduced)).as(cell + " shortest counterexamples").isEqualTo(lengths(full));
        assertThat(classes(reduced)).as(cell + " outcome classes and their terminal states").isEqualTo(classes(full));
        assertThat(reduced.completeSchedules()).as(cell + " terminal states").isEqualTo(full.completeSchedules());
    }

    /** Invariant to the length of its shortest counterexample. */
    static Map<String, Integer> lengths(ExplorationReport r) {
        Map<String, Integer> out = new TreeMap<>();
        for (Counterexample c : r.counterexamples()) out.put(c.invariant(), c.step());
        return out;
    }

    /** Outcome-class signature to its number of terminal states. */
    static Map<String, Long> classes(ExplorationReport r) {
        Map<String, Long> out = new TreeMap<>();
        for (OutcomeClass c : r.outcomeClasses()) out.put(c.signature(), c.count());
        return out;
    }
}
