package org.reaplab.exploration;

import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.Test;
import org.reaplab.scenario.Scenario;
import org.reaplab.simulation.Run;
import org.reaplab.variant.Variant;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

@Execution(ExecutionMode.CONCURRENT) // heavy and self-contained: runs beside the other tests (junit-platform.properties)
class ExplorerTest {
    static final int MAX_BRUTE_PATHS = 60_000;

    static ExplorationReport explore(Scenario s, Variant v, boolean por) {
        Explorer e = new Explorer(s, v, Explorer.Options.defaults().withReduction(por));
        e.checkIndependence = por;
        return e.run();
    }

    static Set<String> signatures(ExplorationReport r) {
        Set<String> out = new HashSet<>();
        for (OutcomeClass c : r.outcomeClasses()) out.add(c.signature());
        return out;
    }

    static Map<String, Integer> shortest(ExplorationReport r) {
        Map<String, Integer> out = new TreeMap<>();
        for (Counterexample c : r.counterexamples()) out.put(c.invariant(), c.step());
        return out;
    }

    @Test
    void agreesWithBruteForceOnEveryTinyScenario() {
        int compared = 0;
        Set<String> violationsSeen = new HashSet<>();
        for (Scenario s : TestScenarios.tiny()) {
            for (Variant v : Variant.values()) {
                if (BruteForce.countPaths(s, v) > MAX_BRUTE_PATHS) continue;
                BruteForce.Result bf = BruteForce.run(s, v, MAX_BRUTE_PATHS);
                for (boolean por : new boolean[] {false, true}) {
                    ExplorationReport r = explore(s, v, por);
                    String what = s.name() + " under " + v.id + (por ? " with" : " without") + " reduction";
                    assertThat(r.complete()).as(what).isTrue();
                    assertThat(r.distinctStates()).as(what + ": distinct states").isEqualTo(bf.states().size());
                    assertThat(r.completeSchedules()).as(what + ": terminal states").isEqualTo(bf.terminals().size());
                    assertThat(signatures(r)).as(what + ": outcome classes").isEqualTo(bf.classes());
                    assertThat(r.violations()).as(what + ": violations").isEqualTo(bf.shortest().keySet());
                    assertThat(shortest(r)).as(what + ": shortest counterexamples").isEqualTo(bf.shortest());
                    long terminals = r.outcomeClasses().stream().mapToLong(OutcomeClass::count).sum();
                    assertThat(terminals).as(what).isEqualTo(r.completeSchedules());
                }
                violationsSeen.addAll(bf.shortest().keySet());
                compared++;
            }
        }
        assertThat(compared).isGreaterThanOrEqualTo(20);
        assertThat(violationsSeen).as("the oracle must see some violation").isNotEmpty();
    }

    @Test
    void reductionKeepsStatesClassesAndShortestCounterexamples() {
        for (Scenario s : TestScenarios.medium()) {
            for (Variant v : Variant.values()) {
                ExplorationReport full = explore(s, v, false);
                ExplorationReport reduced = explore(s, v, true);
                String what = s.name() + " under " + v.id;
                assertThat(reduced.distinctStates()).as(what).isEqualTo(full.distinctStates());
                assertThat(reduced.completeSchedules()).as(what).isEqualTo(full.completeSchedules());
                assertThat(reduced.maxDepth()).as(what).isEqualTo(full.maxDepth());
                assertThat(counts(reduced)).as(what).isEqualTo(counts(full));
                assertThat(shortest(reduced)).as(what).isEqualTo(shortest(full));
                assertThat(reduced.transitions() + reduced.prunedTransitions()).as(what).isLessThanOrEqualTo(full.transitions());
            }
        }
    }

    private static Map<String, Long> counts(ExplorationReport r) {
        Map<String, Long> out = new TreeMap<>();
        for (OutcomeClass c : r.outcomeClasses()) out.put(c.signature(), c.count());
        return out;
    }

    @Test
    void everyCounterexampleReplaysToItsViolationAtTheSameStep() {
        int replayed = 0;
        List<Scenario> all = new ArrayList<>(TestScenarios.medium());
        all.add(TestScenarios.reapInit());
        for (Scenario s : all) {
            for (Variant v : Variant.values()) {
                ExplorationReport r = Explorer.explore(s, v);
                for (Counterexample c : r.counterexamples()) {
                    Run run = c.replay(s, v);
                    assertThat(c.reproducedBy(run)).as(s.name() + " " + v.id + " " + c).isTrue();
                    assertThat(run.outcome().schedule().subList(0, c.step())).isEqualTo(c.schedule());
                    assertThat(c.schedule()).hasSize(c.step());
                    assertThat(c.detail()).isEqualTo(c.find(run).detail());
                    org.reaplab.simulation.StepEvent at = run.events().get(c.step() - 1);
                    assertThat(c.at()).isEqualTo(new Counterexample.At(at.thread(), at.function(), at.text()));
                    replayed++;
                }
                for (OutcomeClass oc : r.outcomeClasses()) {
                    Run run = org.reaplab.simulation.Simulation.run(s, v,
                            org.reaplab.scenario.ScheduleSpec.script(oc.example(), "round_robin"), 100_000);
                    assertThat(run.outcome().steps()).as(s.name() + " " + v.id + " example").isEqualTo(oc.example().size());
                    assertThat(Outcomes.build(run.stateAt(run.steps())).signature()).isEqualTo(oc.signature());
                }
            }
        }
        assertThat(replayed).isGreaterThan(10);
    }

    @Test
    void procReaderRaceBaselineLosesAndReapKillVariantsDoNot() {
        Scenario s = TestScenarios.procReaderRace();
        TestScenarios.assertOnlyBaselineLosesTheRace(v -> {
            ExplorationReport r = Explorer.explore(s, v);
            assertThat(r.complete()).as(v.id).isTrue();
            assertThat(r.violations().contains("memory-pinned-after-reap-call")).as(v.id).isEqualTo(v == Variant.BASELINE);
            if (v == Variant.BASELINE) assertThat(r.counterexample("memory-pinned-after-reap-call")).isNotNull();
            return r;
        });
    }

    /** No other holder of app_mm: app's own pending mmput after exit_mm is not a pinned-memory holder. */
    @Test
    void killAndReapWithoutAnotherHolderPinsNothing() {
        for (Variant v : Variant.values()) {
            ExplorationReport r = Explorer.explore(TestScenarios.killAndReapAlone(), v);
            assertThat(r.complete()).isTrue();
            assertThat(r.violations()).as(v.id).doesNotContain("memory-pinned-after-reap-call");
        }
    }

    @Test
    void stateBudgetStopsTheSearchAndSaysSo() {
        ExplorationReport r = Explorer.explore(TestScenarios.threadedExit(), Variant.BASELINE,
                Explorer.Options.defaults().withMaxStates(1000));
        assertThat(r.complete()).isFalse();
        assertThat(r.budgetHit()).isEqualTo("states");
        assertThat(r.distinctStates()).isEqualTo(1000);
    }

    @Test
    void timeBudgetStopsTheSearchAndSaysSo() {
        ExplorationReport r = Explorer.explore(TestScenarios.threadedExit(), Variant.BASELINE,
                Explorer.Options.defaults().withMaxSeconds(1e-6));
        assertThat(r.complete()).isFalse();
        assertThat(r.budgetHit()).isEqualTo("time");
        assertThat(r.distinctStates()).isLessThan(52296);
    }

    @Test
    void progressIsReported() {
        AtomicInteger calls = new AtomicInteger();
        long[] last = new long[1];
        ExplorationReport r = Explorer.explore(TestScenarios.threadedExit(), Variant.KERNEL_OOM,
                new Explorer.Options(Explorer.DEFAULT_MAX_STATES, 60, true, (states, frontier, transitions, depth) -> {
                    calls.incrementAndGet();
                    assertThat(states).isGreaterThanOrEqualTo(last[0]);
                    last[0] = states;
                }, 1));
        assertThat(calls.get()).isGreaterThan(1);
        assertThat(last[0]).isEqualTo(r.distinctStates());
    }
}
