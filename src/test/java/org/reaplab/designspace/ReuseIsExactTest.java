package org.reaplab.designspace;

import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.reaplab.exploration.ExplorationReport;
import org.reaplab.exploration.Explorer;
import org.reaplab.scenario.Scenario;
import org.reaplab.scenario.format.LibraryEntry;
import org.reaplab.scenario.format.ScenarioLibrary;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The search reuses an exploration for every design that would have answered the engine's questions the
 * same way (Reads.admits): that must be exact. In the library scenarios where the knobs asked only where
 * they can matter act (a refused permission check, a SIGNAL_UNKILLABLE init and SEND_SIG_PRIV, a target
 * outside the caller's pid namespace, a PIDFD_THREAD pidfd, MMF_MULTIPROCESS), every design of the default
 * space is explored on its own too, and its report equals the reused one.
 */
@Execution(ExecutionMode.CONCURRENT) // heavy and self-contained: runs beside the other tests (junit-platform.properties)
class ReuseIsExactTest {

    @ParameterizedTest
    @ValueSource(strings = {"sibling-other-uid", "no-permission-lsm", "container-init-victim", "global-init-victim",
            "sibling-outside-pidns", "pidfd-passed-into-container", "pidfd-thread-leader", "clone-vm-sibling", "stale-multiprocess"})
    void everyDesignAnExplorationAdmitsExploresTheSameWay(String name) {
        Scenario s = ScenarioLibrary.load().stream().map(LibraryEntry::scenario).filter(x -> x.name().equals(name)).findFirst().orElseThrow();
        Explorer.Options budget = DesignSearch.budget();
        List<DesignPoint> designs = DesignSpace.named(DesignSpace.DEFAULT).designs();
        List<DesignEngine.Explored> explored = new ArrayList<>();
        int reused = 0;
        for (DesignPoint d : designs) {
            DesignEngine.Explored fits = explored.stream().filter(x -> x.reads().admits(d.design())).findFirst().orElse(null);
            if (fits == null) {
                explored.add(DesignEngine.explore(s, d, budget));
                continue;
            }
            reused++;
            ExplorationReport own = Explorer.explore(s, d.design(), budget);
            assertThat(own.complete()).as(d.id()).isTrue();
            assertThat(signature(own)).as(d.id() + " reuses the exploration of " + fits.report().variant() + " (" + fits.reads() + ")")
                    .isEqualTo(signature(fits.report()));
        }
        assertThat(reused).as("designs that reuse an exploration").isGreaterThan(designs.size() / 2);
    }

    /** The report without its design label and timings. */
    static String signature(ExplorationReport r) {
        return r.complete() + " states=" + r.distinctStates() + " transitions=" + r.transitions() + " pruned=" + r.prunedTransitions()
                + " ends=" + r.completeSchedules() + " depth=" + r.maxDepth() + " classes=" + r.outcomeClasses()
                + " counterexamples=" + r.counterexamples();
    }
}
