package org.reaplab.exploration;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What an exhaustive exploration found, in the vocabulary of SPIN and TLC. JSON-friendly: records,
 * lists, maps, strings and numbers only.
 *
 * @param complete              every reachable state was explored
 * @param budgetHit             null, "states", "time" or "memory" (the heap was nearly full): the budget that
 *                              stopped an incomplete exploration
 * @param distinctStates        states stored (deduplicated by fingerprint): every reachable state, unless
 *                              {@code persistentSets} removed some
 * @param transitions           steps followed (transitions a reduction proved redundant are not followed)
 * @param prunedTransitions     enabled steps the partial-order reduction did not follow
 * @param maxDepth              the deepest breadth-first level reached (longest shortest schedule)
 * @param maxFrontier           the most states waiting in one breadth-first level (what memory goes to)
 * @param completeSchedules     distinct terminal states: no thread can run any more, or the kernel panicked
 * @param partialOrderReduction a partial-order reduction was used (sleep sets, or persistent sets)
 * @param outcomeClasses        terminal states grouped by observable outcome, most frequent first
 * @param counterexamples       for each violated invariant, the shortest schedule that violates it
 * @param persistentSets        the persistent-set reduction removed states: {@code distinctStates} and
 *                              {@code transitions} count the reduced graph; verdicts, outcome classes (with
 *                              their counts of terminal states) and counterexamples are those of the full one
 */
public record ExplorationReport(String scenario, String variant, boolean complete, String budgetHit,
                                long distinctStates, long transitions, long prunedTransitions, int maxDepth,
                                long maxFrontier, long completeSchedules, double statesPerSecond, long elapsedMillis,
                                boolean partialOrderReduction, List<OutcomeClass> outcomeClasses,
                                List<Counterexample> counterexamples, boolean persistentSets) {

    /** Without persistent sets: every reachable state was stored. */
    public ExplorationReport(String scenario, String variant, boolean complete, String budgetHit, long distinctStates,
                             long transitions, long prunedTransitions, int maxDepth, long maxFrontier, long completeSchedules,
                             double statesPerSecond, long elapsedMillis, boolean partialOrderReduction,
                             List<OutcomeClass> outcomeClasses, List<Counterexample> counterexamples) {
        this(scenario, variant, complete, budgetHit, distinctStates, transitions, prunedTransitions, maxDepth, maxFrontier,
                completeSchedules, statesPerSecond, elapsedMillis, partialOrderReduction, outcomeClasses, counterexamples, false);
    }

    /** This report with the time a whole search took (states per second by that time). */
    public ExplorationReport took(long nanos) {
        double seconds = nanos / 1e9;
        return new ExplorationReport(scenario, variant, complete, budgetHit, distinctStates, transitions, prunedTransitions,
                maxDepth, maxFrontier, completeSchedules, seconds > 0 ? distinctStates / seconds : 0, nanos / 1_000_000,
                partialOrderReduction, outcomeClasses, counterexamples, persistentSets);
    }

    public static final String BUDGET_STATES = "states";
    public static final String BUDGET_TIME = "time";
    public static final String BUDGET_MEMORY = "memory";

    /** Ids of every invariant some schedule violates, sorted. */
    public Set<String> violations() {
        Set<String> out = new TreeSet<>();
        for (Counterexample c : counterexamples) out.add(c.invariant());
        return out;
    }

    public boolean violated() {
        return !counterexamples.isEmpty();
    }

    public Counterexample counterexample(String invariant) {
        for (Counterexample c : counterexamples) if (c.invariant().equals(invariant)) return c;
        return null;
    }
}
