package org.reaplab.exploration;

import org.reaplab.design.Design;
import org.reaplab.scenario.Scenario;
import org.reaplab.scenario.ScheduleSpec;
import org.reaplab.simulation.Run;
import org.reaplab.simulation.Simulation;
import org.reaplab.simulation.Violation;
import org.reaplab.variant.Variant;

import java.util.List;

/**
 * The shortest schedule that breaks an invariant (breadth-first search finds it first).
 *
 * @param invariant the invariant id ("memory-pinned-after-reap-call")
 * @param step      1-based index of the step at which it fires: the schedule's length
 * @param schedule  the thread that runs each step; as a script it replays the violation
 * @param detail    what broke, as the replayed run words it
 */
public record Counterexample(String invariant, int step, List<String> schedule, String detail) {

    /** The schedule as a script of single steps (then round_robin): the run shows the violation at {@link #step}. */
    public ScheduleSpec script() {
        return ScheduleSpec.script(schedule, "round_robin");
    }

    /** Runs the scenario along this schedule, recording every step. */
    public Run replay(Scenario scenario, Variant variant) {
        return replay(scenario, scenario.design(variant.id));
    }

    /** Runs the scenario under a design along this schedule. */
    public Run replay(Scenario scenario, Design design) {
        return Simulation.run(scenario, design, script(), Math.max(Simulation.DEFAULT_MAX_STEPS, step + 1));
    }

    /** The violation of this invariant in a replayed run, or null if it did not fire. */
    public Violation find(Run run) {
        for (Violation v : run.outcome().violations()) if (v.invariant().equals(invariant)) return v;
        return null;
    }

    /** The replayed run fires this invariant at exactly this step. */
    public boolean reproducedBy(Run run) {
        Violation v = find(run);
        return v != null && v.step() == step;
    }
}
