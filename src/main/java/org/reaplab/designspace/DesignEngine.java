package org.reaplab.designspace;

import org.reaplab.exploration.ExplorationReport;
import org.reaplab.exploration.Explorer;
import org.reaplab.scenario.Op;
import org.reaplab.scenario.Scenario;
import org.reaplab.simulation.Simulation;
import org.reaplab.variant.Variant;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one place the search meets the engine: explore a scenario under a design, and what the LMKD
 * action {@code kill_and_reap} expands to under it.
 */
public final class DesignEngine {
    /**
     * Bumped whenever the engine's semantics change in a way that changes exploration results: stored
     * search results carry it and are recomputed when it differs.
     */
    public static final String ENGINE_VERSION = "1";

    private DesignEngine() {}

    /**
     * An exploration and the knobs the engine read while it ran (bit i: the i-th knob of
     * {@link DesignPoint#knobs()}); a design equal on those knobs explores the same way.
     */
    public record Explored(ExplorationReport report, long reads) {}

    public static Explored explore(Scenario scenario, DesignPoint design, Explorer.Options options) {
        return new Explored(Explorer.explore(scenario, design.config(), options), -1L);
    }

    /** The outcome of the scenario's own schedule under a design, as text. */
    public static String outcome(Scenario scenario, DesignPoint design) {
        return Simulation.run(scenario, design.config()).outcome().toString();
    }

    public static List<Op> expandKillAndReap(DesignPoint design, Op.KillAndReap op) {
        return org.reaplab.kernel.World.expandKillAndReap(design.config().design(), op);
    }

    /** The six presets, as points. */
    public static List<DesignPoint> presets() {
        return java.util.Arrays.stream(Variant.values()).map(DesignEngine::point).toList();
    }

    /** A design by its canonical string, or null. */
    public static DesignPoint byId(String id) {
        Variant v = Variant.byId(id);
        return v == null ? null : point(v);
    }

    /** The reference point: today's kernel. */
    public static DesignPoint reference() {
        return point(Variant.BASELINE);
    }

    private static DesignPoint point(Variant v) {
        Map<String, String> knobs = new LinkedHashMap<>();
        knobs.put("semantics", v.id);
        return new DesignPoint(v.id, v.id, knobs, v);
    }
}
