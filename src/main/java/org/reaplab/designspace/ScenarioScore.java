package org.reaplab.designspace;

import org.reaplab.exploration.Counterexample;

import java.util.List;

/**
 * One scenario explored under one design, and what the design achieved there (docs/designs.md,
 * "Metrics"). Computed from the exploration's outcome classes by {@link Scoring}: every field holds
 * for every schedule, or for some schedule, as its comment says.
 *
 * @param verdict         ok (every schedule explored, no invariant broken), violated, or incomplete
 *                        (a budget ran out before any violation was found: never "ok")
 * @param budgetHit       the budget that ran out, or null
 * @param counterexamples per broken invariant, the shortest schedule that breaks it
 * @param requests        the scenario has a kill_and_reap: the metrics below apply
 * @param frees           in every schedule the call frees the memory: every kill_and_reap reports success
 *                        (its last call returns 0) and memory-pinned-after-reap-call does not fire (false
 *                        when incomplete)
 * @param freedEnds       distinct end states in which the call frees the memory
 * @param pinned          some schedule breaks memory-pinned-after-reap-call
 * @param pinnedEnds      distinct end states where it fires
 * @param ends            distinct end states in all
 * @param collateral      how many processes a call killed that no call of the scenario names, in the
 *                        worst schedule
 * @param collateralNames every such process, over all schedules
 * @param misleading      how some schedule's return misleads the caller, or null when every return tells
 *                        what happened
 */
public record ScenarioScore(String scenario, String verdict, String budgetHit, List<Counterexample> counterexamples,
                            boolean requests, boolean frees, long freedEnds, boolean pinned, long pinnedEnds, long ends,
                            int collateral, List<String> collateralNames, String misleading, long distinctStates, long elapsedMillis) {

    public static final String OK = "ok", VIOLATED = "violated", INCOMPLETE = "incomplete";

    public boolean complete() {
        return budgetHit == null;
    }

    /** Invariants some schedule breaks, in the order of the shortest counterexample. */
    public List<String> violations() {
        return counterexamples.stream().map(Counterexample::invariant).toList();
    }
}
