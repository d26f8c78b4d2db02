package org.reaplab.designspace;

import org.reaplab.design.Design;
import org.reaplab.design.Presets;
import org.reaplab.design.Reads;
import org.reaplab.exploration.ExplorationReport;
import org.reaplab.exploration.Explorer;
import org.reaplab.kernel.World;
import org.reaplab.scenario.Op;
import org.reaplab.scenario.Scenario;
import org.reaplab.simulation.Simulation;

import java.util.List;

/**
 * The one place the search meets the engine: explore a scenario under a design, what the LMKD action
 * {@code kill_and_reap} expands to under it, and the engine's version.
 */
public final class DesignEngine {
    /**
     * Bumped whenever the engine's semantics change in a way that changes exploration results: stored
     * search results carry it and are recomputed when it differs. (The cache key also covers what the
     * engine does, see {@link DesignSearch#key}.)
     */
    public static final String ENGINE_VERSION = "2";

    private DesignEngine() {}

    /**
     * An exploration and what the engine asked the design while it ran; a design that
     * {@link Reads#admits admits} the same answers explores the same way.
     */
    public record Explored(ExplorationReport report, Reads reads) {}

    /**
     * The point as this scenario reads its id, as the viewer a result links to, {@code check} and
     * {@code explore} read it ({@link Scenario#design(String)}): a preset with the file's variantOptions
     * folded in. The id, and so the link, stays the point's.
     */
    public static DesignPoint asRead(Scenario scenario, DesignPoint point) {
        Design d = scenario.design(point.id());
        return d.equals(point.design()) ? point : new DesignPoint(point.id(), point.preset(), d.knobs(), d.named(point.id()));
    }

    /** Explores under the design as it is (see {@link #asRead} for a scenario's reading of a preset). */
    public static Explored explore(Scenario scenario, DesignPoint design, Explorer.Options options) {
        Design recording = design.design().recording();
        ExplorationReport r = Explorer.explore(scenario, recording, options);
        return new Explored(r, recording.reads());
    }

    public static List<Op> expandKillAndReap(DesignPoint design, Op.KillAndReap op) {
        return World.expandKillAndReap(design.design(), op);
    }

    /** The outcome of the scenario's own schedule under a design, as text. */
    public static String outcome(Scenario scenario, DesignPoint design) {
        return Simulation.run(scenario, design.design()).outcome().toString();
    }

    /** The six presets, as points. */
    public static List<DesignPoint> presets() {
        return Presets.all().stream().map(p -> DesignPoint.of(p.design())).toList();
    }

    /** A design by its canonical string (or a preset id, or knobs), or null when it names none. */
    public static DesignPoint byId(String id) {
        try {
            return DesignPoint.of(Design.parse(id));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The reference point: today's kernel. */
    public static DesignPoint reference() {
        return DesignPoint.of(Presets.BASELINE.design());
    }
}
