package org.reaplab.designspace;

import org.reaplab.exploration.Counterexample;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Scorecards from the per-scenario scores, their order, the Pareto frontier and the sentence at the
 * top of the page. Nothing here is written by hand: every figure comes from the explorations.
 */
public final class Ranking {
    private Ranking() {}

    /** A design's scorecard over the scenarios (rank and frontier not yet set). */
    static DesignScore scorecard(DesignPoint d, List<ScenarioScore> scores, Set<String> races) {
        Map<String, Counterexample> shortest = new LinkedHashMap<>();
        Map<String, String> scenarioOf = new LinkedHashMap<>();
        Map<String, Integer> scenariosOf = new LinkedHashMap<>();
        int racesFreed = 0, requests = 0, freed = 0, pinned = 0, collateral = 0, misleading = 0;
        long pinnedEnds = 0, ends = 0, states = 0, millis = 0;
        List<String> collateralAt = new ArrayList<>(), misleadingAt = new ArrayList<>(), incompleteAt = new ArrayList<>();
        boolean complete = true;
        for (ScenarioScore s : scores) {
            for (Counterexample c : s.counterexamples()) {
                scenariosOf.merge(c.invariant(), 1, Integer::sum);
                Counterexample best = shortest.get(c.invariant());
                if (best == null || c.step() < best.step()) {
                    shortest.put(c.invariant(), c);
                    scenarioOf.put(c.invariant(), s.scenario());
                }
            }
            if (!s.complete()) {
                complete = false;
                incompleteAt.add(s.scenario() + " (" + s.budgetHit() + ")");
            }
            states += s.distinctStates();
            millis += s.elapsedMillis();
            if (!s.requests()) continue;
            requests++;
            ends += s.ends();
            if (s.frees()) {
                freed++;
                if (races.contains(s.scenario())) racesFreed++;
            }
            if (s.pinned()) pinned++;
            pinnedEnds += s.pinnedEnds();
            if (s.collateral() > 0) {
                collateral += s.collateral();
                collateralAt.add(s.scenario() + ": " + String.join(", ", s.collateralNames()));
            }
            if (s.misleading() != null) {
                misleading++;
                misleadingAt.add(s.scenario() + ": " + s.misleading());
            }
        }
        List<DesignScore.Break> breaks = new ArrayList<>();
        for (Map.Entry<String, Counterexample> e : shortest.entrySet()) {
            Counterexample c = e.getValue();
            breaks.add(new DesignScore.Break(c.invariant(), Scoring.safety(c.invariant()), scenariosOf.get(c.invariant()),
                    scenarioOf.get(c.invariant()), c.step(), c.schedule(), c.detail()));
        }
        breaks.sort(Comparator.comparing((DesignScore.Break b) -> !b.safety()).thenComparing(DesignScore.Break::invariant));
        boolean safetyBroken = breaks.stream().anyMatch(DesignScore.Break::safety);
        String status = safetyBroken ? DesignScore.UNSAFE : complete ? DesignScore.SAFE : DesignScore.INCOMPLETE;
        return new DesignScore(d.id(), d.preset(), d.knobs(), status, List.copyOf(breaks), races.size(), racesFreed,
                requests, freed, pinned, pinnedEnds, ends, collateral, List.copyOf(collateralAt), misleading,
                List.copyOf(misleadingAt), List.copyOf(incompleteAt), states, millis, 0, false);
    }

    /** Safe first, then incomplete, then unsafe (fewest safety invariants broken first); then by achievement. */
    public static final Comparator<DesignScore> ORDER = Comparator
            .comparingInt((DesignScore d) -> statusOrder(d.status()))
            .thenComparingInt(DesignScore::safetyBreaks)
            .thenComparing(Comparator.comparingInt(DesignScore::racesFreed).reversed())
            .thenComparing(Comparator.comparingInt(DesignScore::freed).reversed())
            .thenComparingInt(DesignScore::pinned)
            .thenComparingInt(DesignScore::collateral)
            .thenComparingInt(DesignScore::misleading)
            .thenComparing(d -> d.preset() == null) // a preset before an equal design of one's own
            .thenComparing(DesignScore::id);

    private static int statusOrder(String s) {
        return DesignScore.SAFE.equals(s) ? 0 : DesignScore.INCOMPLETE.equals(s) ? 1 : 2;
    }

    /** The measures the frontier compares, each to be minimised. */
    static int[] measures(DesignScore d) {
        return new int[] {d.safetyBreaks(), -d.racesFreed(), -d.freed(), d.pinned(), d.collateral(), d.misleading()};
    }

    /** The designs in order, each with its rank and whether it is on the Pareto frontier. */
    static List<DesignScore> rank(List<DesignScore> cards) {
        List<DesignScore> sorted = new ArrayList<>(cards);
        sorted.sort(ORDER);
        List<int[]> m = sorted.stream().map(Ranking::measures).toList();
        List<DesignScore> out = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i++) {
            boolean dominated = false;
            for (int j = 0; j < sorted.size() && !dominated; j++) dominated = j != i && dominates(m.get(j), m.get(i));
            out.add(sorted.get(i).ranked(i + 1, !dominated));
        }
        return List.copyOf(out);
    }

    static boolean dominates(int[] a, int[] b) {
        boolean better = false;
        for (int k = 0; k < a.length; k++) {
            if (a[k] > b[k]) return false;
            if (a[k] < b[k]) better = true;
        }
        return better;
    }

    /**
     * "K of N designs break no safety invariant on these M scenarios; the best of them frees the memory
     * in R of S race scenarios: knob=value, …" (with what the budgets left open, and the case where no
     * design is safe).
     */
    public static String sentence(List<DesignScore> ranked, int scenarios) {
        int n = ranked.size();
        long safe = ranked.stream().filter(DesignScore::safe).count();
        long open = ranked.stream().filter(d -> DesignScore.INCOMPLETE.equals(d.status())).count();
        StringBuilder b = new StringBuilder();
        b.append(safe).append(" of ").append(n).append(n == 1 ? " design breaks" : " designs break")
                .append(" no safety invariant on ").append(scenarios == 1 ? "this scenario" : "these " + scenarios + " scenarios");
        if (open > 0) b.append(" (").append(open).append(" more found none before a budget ran out)");
        if (n == 0) return b.append('.').toString();
        DesignScore best = ranked.get(0);
        if (safe > 0) {
            b.append("; the best of them frees the memory in ").append(best.racesFreed()).append(" of ")
                    .append(best.races()).append(" race scenarios: ").append(knobs(best)).append('.');
        } else {
            b.append("; the closest, ").append(knobs(best)).append(", breaks ").append(best.safetyBreaks())
                    .append(best.safetyBreaks() == 1 ? " (" : " (")
                    .append(String.join(", ", best.breaks().stream().filter(DesignScore.Break::safety)
                            .map(DesignScore.Break::invariant).toList()))
                    .append(") and frees the memory in ").append(best.racesFreed()).append(" of ").append(best.races())
                    .append(" race scenarios.");
        }
        return b.toString();
    }

    /** "knob=value, knob=value (preset p)". */
    static String knobs(DesignScore d) {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, String> e : d.knobs().entrySet()) parts.add(e.getKey() + "=" + e.getValue());
        String s = String.join(", ", parts);
        if (d.preset() != null && !d.knobs().containsValue(d.preset())) s += " (preset " + d.preset() + ")";
        return s;
    }
}
