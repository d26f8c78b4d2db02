package org.reaplab.designspace;

import java.util.List;

/**
 * The design-space search: every scenario explored under every design of a space, each design's
 * scorecard (ranked, the Pareto frontier marked), the verdict of every cell, and the computed sentence.
 *
 * @param space         the space's name
 * @param files         how the scenario files were named on the command line (for the reproducing command)
 * @param key           what the result was computed from: a hash of the scenario texts, the space, the
 *                      budgets and {@link DesignEngine#ENGINE_VERSION}
 * @param designs       the scorecards, best first
 * @param rows          per scenario, the verdict under every design (designs in ranking order)
 * @param sentence      the answer in one sentence, computed by {@link Ranking#sentence}
 * @param wallMillis    how long the search took
 * @param cpuMillis     CPU time its workers spent exploring and scoring (0 when not measured): on a loaded
 *                      machine wall time says little, this says what the search costs
 * @param threads       explorations run at once
 * @param cells         scenarios × designs scored (the reference design's too, when not in the space)
 * @param explorations  explorations run: a design that agrees with an explored one on every knob that
 *                      exploration read reuses it
 * @param maxStates     the states budget of each exploration
 * @param maxSeconds    the time budget of each exploration
 */
public record SearchResult(String space, String files, String key, String engineVersion, List<ScenarioInfo> scenarios,
                           List<DesignScore> designs, List<Row> rows, String sentence, long wallMillis, long cpuMillis, int threads,
                           int cells, int explorations, long distinctStates, long maxStates, double maxSeconds) {

    /**
     * @param requests the scenario has a kill_and_reap
     * @param race     a race scenario: it has a kill_and_reap and, under today's kernel, whether the
     *                 call frees the memory depends on the schedule (some end states do, some do not)
     */
    public record ScenarioInfo(String name, String title, String file, boolean requests, boolean race) {}

    /** A scenario's verdict row: one cell per design, in ranking order. */
    public record Row(String scenario, List<Cell> cells) {}

    /**
     * @param verdict    ok, violated, incomplete
     * @param violations invariants some schedule breaks (the design's scorecard has the shortest counterexample
     *                   of each over every scenario)
     * @param frees      the call frees the memory in every schedule ({@link ScenarioScore#frees()})
     */
    public record Cell(String design, String verdict, List<String> violations, boolean frees, int collateral,
                       String misleading) {}

    public DesignScore design(String id) {
        for (DesignScore d : designs) if (d.id().equals(id)) return d;
        return null;
    }

    public Row row(String scenario) {
        for (Row r : rows) if (r.scenario().equals(scenario)) return r;
        return null;
    }

    public ScenarioInfo scenario(String name) {
        for (ScenarioInfo s : scenarios) if (s.name().equals(name)) return s;
        return null;
    }

    public int safe() {
        return (int) designs.stream().filter(DesignScore::safe).count();
    }

    public int raceCount() {
        return (int) scenarios.stream().filter(ScenarioInfo::race).count();
    }
}
