package org.reaplab.exploration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.reaplab.kernel.StepCache;
import org.reaplab.scenario.Scenario;
import org.reaplab.scenario.format.LibraryEntry;
import org.reaplab.scenario.format.ScenarioLibrary;
import org.reaplab.variant.Variant;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.reaplab.exploration.ParallelExplorerTest.untimed;

/**
 * Steps replayed from what they read ({@link StepCache}) are the steps taken on objects: at every
 * transition of the library under every preset, and of sharers-3, the replayed child equals, id for id
 * and fingerprint for fingerprint, the child of the step taken on objects ({@code checkStepCache}), and
 * the report equals the report of a search that takes every step on objects.
 */
@Execution(ExecutionMode.CONCURRENT) // heavy and self-contained: runs beside the other tests (junit-platform.properties)
class StepCacheTest {

    private static ExplorationReport explore(Scenario s, Variant v, Explorer.Options o, boolean cache, boolean check) {
        Explorer x = new Explorer(s, v, o);
        x.stepCache = cache;
        x.checkStepCache = check;
        return untimed(x.run());
    }

    private static void sameWithAndWithoutCache(Scenario s, Variant v, Explorer.Options o) {
        ExplorationReport onObjects = explore(s, v, o, false, false);
        ExplorationReport checked = explore(s, v, o, true, true);
        assertThat(checked).as(s.name() + " under " + v.id).isEqualTo(onObjects);
    }

    /**
     * The check fails at the first transition whose replay differs from the step on objects; the report of the
     * checked search is then the unreduced cell the other tests share (replayed, computed once per test JVM).
     */
    @Test
    void everyLibraryCellReplaysTheStepsTakenOnObjects() {
        for (LibraryEntry e : ScenarioLibrary.load()) {
            for (Variant v : Variant.values()) {
                ExplorationReport checked = explore(e.scenario(), v, VerdictMatrix.libraryOptions().withReduction(false), true, true);
                assertThat(checked).as(e.scenario().name() + " under " + v.id).isEqualTo(untimed(LibraryCells.full(e.scenario(), v)));
            }
        }
    }

    /** With sleep sets the check also compares whether each step was local (the sleep sets it hands on). */
    @Test
    void everyLibraryCellWithSleepSetsReplaysTheStepsTakenOnObjects() {
        for (LibraryEntry e : ScenarioLibrary.load()) {
            for (Variant v : Variant.values()) {
                Explorer.Options sleepSets = VerdictMatrix.libraryOptions().withPersistentSets(false);
                explore(e.scenario(), v, sleepSets, true, true);
            }
        }
    }

    /**
     * Cells that between them create tasks (clone), arm oom_reaper timers and fire invariants, under every
     * preset (oom-reaper-lifo's 130,000 kernel_oom states are checked transition by transition above).
     */
    @Test
    void aCellWithEveryKindOfStepGivesTheReportOfStepsOnObjects() {
        for (String name : List.of("01-proc-reader-race", "25-concurrent-clone-vm", "34-oom-reaper-lifo")) {
            Scenario s = ScenarioLibrary.load().stream().filter(e -> e.file().startsWith(name)).findFirst().orElseThrow().scenario();
            for (Variant v : Variant.values()) {
                if (name.startsWith("34") && v == Variant.KERNEL_OOM) continue;
                sameWithAndWithoutCache(s, v, VerdictMatrix.libraryOptions().withReduction(false));
                sameWithAndWithoutCache(s, v, VerdictMatrix.libraryOptions());
            }
        }
    }

    /** The SPIN comparison's scenario at N = 3 under its preset, and at N = 2 under two others. */
    @Test
    void sharersReplayTheStepsTakenOnObjects() {
        sameWithAndWithoutCache(TestScenarios.sharers(3), Variant.REAP_KILL_ALL_RFC, Explorer.Options.defaults().withReduction(false));
        for (Variant v : List.of(Variant.KERNEL_OOM, Variant.BASELINE)) {
            sameWithAndWithoutCache(TestScenarios.sharers(2), v, Explorer.Options.defaults().withReduction(false));
        }
    }

    /** A full cache keeps no new step: every later step not met before is taken on objects, once, and replays stay exact. */
    @Test
    void aFullCacheStepsObjectsAndStaysExact() {
        Scenario s = TestScenarios.sharers(2);
        Explorer x = new Explorer(s, Variant.REAP_KILL_ALL_RFC, Explorer.Options.defaults().withReduction(false));
        x.stepCacheEntries = 16;
        x.checkStepCache = true;
        assertThat(untimed(x.run())).isEqualTo(explore(s, Variant.REAP_KILL_ALL_RFC, Explorer.Options.defaults().withReduction(false), false, false));
    }

    @Test
    void twoThreadsWithTheirOwnCachesFindWhatOneFinds() {
        Explorer.Options o = Explorer.Options.defaults().withReduction(false);
        ExplorationReport one = explore(TestScenarios.sharers(2), Variant.REAP_KILL_ALL_RFC, o, true, false);
        ExplorationReport two = explore(TestScenarios.sharers(2), Variant.REAP_KILL_ALL_RFC, o.withThreads(2), true, true);
        assertThat(two).isEqualTo(one);
    }
}
