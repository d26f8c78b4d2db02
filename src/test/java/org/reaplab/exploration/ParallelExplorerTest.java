package org.reaplab.exploration;

import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.Test;
import org.reaplab.scenario.format.LibraryEntry;
import org.reaplab.scenario.Scenario;
import org.reaplab.scenario.format.ScenarioLibrary;
import org.reaplab.variant.Variant;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Two threads find exactly what one finds: every count, outcome class, example schedule and counterexample. */
@Execution(ExecutionMode.CONCURRENT) // heavy and self-contained: runs beside the other tests (junit-platform.properties)
class ParallelExplorerTest {

    /** The report without its timing. */
    static ExplorationReport untimed(ExplorationReport r) {
        return new ExplorationReport(r.scenario(), r.variant(), r.complete(), r.budgetHit(), r.distinctStates(),
                r.transitions(), r.prunedTransitions(), r.maxDepth(), r.maxFrontier(), r.completeSchedules(), 0, 0,
                r.partialOrderReduction(), r.outcomeClasses(), r.counterexamples(), r.persistentSets());
    }

    static void sameWithTwoThreads(Scenario s, Variant v, Explorer.Options options) {
        sameWithTwoThreads(s, v, options, Explorer.explore(s, v, options.withThreads(1)));
    }

    /** {@code one}: the same exploration on one thread, computed by the caller (or shared with other tests). */
    static void sameWithTwoThreads(Scenario s, Variant v, Explorer.Options options, ExplorationReport one) {
        ExplorationReport two = untimed(Explorer.explore(s, v, options.withThreads(2)));
        assertThat(two).as(s.name() + " under " + v.id).isEqualTo(untimed(one));
    }

    @Test
    void everyLibraryCellWithAndWithoutReduction() {
        for (LibraryEntry e : ScenarioLibrary.load()) {
            for (Variant v : Variant.values()) {
                sameWithTwoThreads(e.scenario(), v, VerdictMatrix.libraryOptions(), LibraryCells.reduced(e.scenario(), v));
                sameWithTwoThreads(e.scenario(), v, VerdictMatrix.libraryOptions().withReduction(false), LibraryCells.full(e.scenario(), v));
            }
        }
    }

    @Test
    void sharersThreeUnderEveryKillAllVariant() {
        for (Variant v : List.of(Variant.REAP_KILL_ALL_RFC, Variant.KERNEL_OOM)) {
            sameWithTwoThreads(TestScenarios.sharers(3), v, Explorer.Options.defaults().withReduction(false));
        }
    }

    @Test
    void aStateBudgetStopsBothAtTheSameCount() {
        Explorer.Options o = Explorer.Options.defaults().withMaxStates(5000);
        ExplorationReport one = Explorer.explore(TestScenarios.sharers(3), Variant.REAP_KILL_ALL_RFC, o);
        ExplorationReport two = Explorer.explore(TestScenarios.sharers(3), Variant.REAP_KILL_ALL_RFC, o.withThreads(2));
        assertThat(one.complete()).isFalse();
        assertThat(one.budgetHit()).isEqualTo(ExplorationReport.BUDGET_STATES);
        assertThat(two.budgetHit()).isEqualTo(ExplorationReport.BUDGET_STATES);
        assertThat(two.distinctStates()).isEqualTo(one.distinctStates()).isEqualTo(5000);
    }
}
