package org.reaplab.web.verdicts;

import org.reaplab.exploration.ExplorationReport;
import org.reaplab.exploration.VerdictMatrix;

/**
 * The SPIN/TLC figures of a verdict matrix, summed over every cell: what the page and the API both show.
 *
 * @param elapsedMillis time spent exploring, summed over the cells (CPU time, roughly)
 * @param wallMillis    how long the matrix took, its explorations running {@code threads} at once
 */
public record MatrixTotals(int explorations, int violated, int incomplete, long distinctStates, long transitions,
                           long prunedTransitions, int maxDepth, long completeSchedules, long outcomeClasses,
                           long elapsedMillis, long wallMillis, int threads) {

    public double statesPerSecond() {
        return elapsedMillis == 0 ? 0 : distinctStates * 1000.0 / elapsedMillis;
    }

    public static MatrixTotals of(VerdictMatrix m, long wallMillis, int threads) {
        int n = 0, violated = 0, incomplete = 0, maxDepth = 0;
        long states = 0, transitions = 0, pruned = 0, schedules = 0, classes = 0, elapsed = 0;
        for (VerdictMatrix.Row r : m.rows()) {
            for (VerdictMatrix.Cell c : r.cells()) {
                ExplorationReport rep = c.report();
                n++;
                if (c.verdict() == VerdictMatrix.Verdict.VIOLATED) violated++;
                else if (c.verdict() == VerdictMatrix.Verdict.INCOMPLETE) incomplete++;
                states += rep.distinctStates();
                transitions += rep.transitions();
                pruned += rep.prunedTransitions();
                schedules += rep.completeSchedules();
                classes += rep.outcomeClasses().size();
                elapsed += rep.elapsedMillis();
                maxDepth = Math.max(maxDepth, rep.maxDepth());
            }
        }
        return new MatrixTotals(n, violated, incomplete, states, transitions, pruned, maxDepth, schedules, classes,
                elapsed, wallMillis, threads);
    }
}
