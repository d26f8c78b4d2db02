package org.reaplab.designspace;

import java.util.List;
import java.util.Map;

/**
 * A design's scorecard over the searched scenarios (docs/designs.md, "Metrics").
 *
 * @param status          safe (no safety invariant broken, every exploration complete), incomplete (none
 *                        broken so far, but a budget ran out somewhere: never shown as safe), unsafe
 * @param breaks          every invariant some schedule of some scenario breaks, with its shortest
 *                        counterexample over all scenarios
 * @param races           race scenarios searched (see {@link SearchResult.ScenarioInfo#race()})
 * @param racesFreed      race scenarios in which the call frees the memory in every schedule ({@link ScenarioScore#frees()})
 * @param requests        scenarios with a kill_and_reap
 * @param freed           of those, the ones in which it does
 * @param pinned          scenarios in which some schedule leaves the memory pinned after the call
 * @param pinnedEnds      end states, over every scenario, in which it does
 * @param ends            end states over every scenario with a kill_and_reap
 * @param collateral      processes killed that no call names, summed over scenarios (worst schedule each)
 * @param collateralAt    "scenario: process, process" for each scenario with some
 * @param misleading      scenarios in which some schedule's return misleads the caller
 * @param misleadingAt    "scenario: how" for each of them
 * @param incompleteAt    scenarios whose exploration hit a budget ("scenario (states)")
 * @param rank            1-based place in the ranking
 * @param pareto          no other design is at least as good on every measure and better on one
 */
public record DesignScore(String id, String preset, Map<String, String> knobs, String status, List<Break> breaks,
                          int races, int racesFreed, int requests, int freed, int pinned, long pinnedEnds, long ends,
                          int collateral, List<String> collateralAt, int misleading, List<String> misleadingAt,
                          List<String> incompleteAt, long distinctStates, long elapsedMillis, int rank, boolean pareto) {

    public static final String SAFE = "safe", INCOMPLETE = "incomplete", UNSAFE = "unsafe";

    /**
     * One invariant a design breaks.
     *
     * @param safety    a safety invariant (every invariant but memory-pinned-after-reap-call)
     * @param scenarios how many scenarios some schedule breaks it in
     * @param scenario  the scenario of the shortest counterexample
     * @param step      its length: the step at which the invariant fires
     * @param schedule  thread per step; replayed as a script it fires the invariant at {@code step}
     * @param detail    what broke, in the replayed run's words
     */
    public record Break(String invariant, boolean safety, int scenarios, String scenario, int step,
                        List<String> schedule, String detail) {}

    public boolean safe() {
        return SAFE.equals(status);
    }

    /** How many safety invariants some schedule breaks. */
    public int safetyBreaks() {
        return (int) breaks.stream().filter(Break::safety).count();
    }

    public DesignScore ranked(int rank, boolean pareto) {
        return new DesignScore(id, preset, knobs, status, breaks, races, racesFreed, requests, freed, pinned, pinnedEnds,
                ends, collateral, collateralAt, misleading, misleadingAt, incompleteAt, distinctStates, elapsedMillis,
                rank, pareto);
    }
}
