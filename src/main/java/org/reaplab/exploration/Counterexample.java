package org.reaplab.exploration;

import org.reaplab.design.Design;
import org.reaplab.scenario.Scenario;
import org.reaplab.scenario.ScheduleSpec;
import org.reaplab.simulation.Run;
import org.reaplab.simulation.Simulation;
import org.reaplab.simulation.StepEvent;
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
 * @param at        that step in the replayed run (null if the replay stopped before it): a report shows it
 *                  without replaying the schedule again
 */
public record Counterexample(String invariant, int step, List<String> schedule, String detail, At at) {

    /** The step at which the invariant fires: its thread, the kernel function it ran in, and what it did. */
    public record At(String thread, String function, String text) {}

    /** A counterexample as the explorer finds it: its schedule replayed to word what broke, and where. */
    static Counterexample replayed(Scenario scenario, Design design, String invariant, int step, List<String> schedule) {
        Counterexample c = new Counterexample(invariant, step, schedule, null, null);
        Run run = c.replay(scenario, design);
        Violation v = c.find(run);
        At at = null;
        if (step >= 1 && step <= run.events().size()) {
            StepEvent e = run.events().get(step - 1);
            at = new At(e.thread(), e.function(), e.text());
        }
        return new Counterexample(invariant, step, schedule, v == null ? "(the replayed run did not fire it)" : v.detail(), at);
    }

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
