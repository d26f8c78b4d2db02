package org.reaplab.simulation;

import org.reaplab.design.Design;
import org.reaplab.kernel.KernelState;
import org.reaplab.scenario.Scenario;
import org.reaplab.variant.Variant;

import java.util.ArrayList;
import java.util.List;

/**
 * A finished run: the steps, the outcome, and the state after any step. States are rebuilt from the
 * nearest checkpoint (every 256 steps) by replaying the recorded choices, so stepping back is cheap
 * and memory stays small for long runs.
 */
public final class Run {
    private final Scenario scenario;
    private final Design design;
    private final int[] choices;
    private final List<StepEvent> events;
    private final Outcome outcome;
    private final List<KernelState> checkpoints;
    private final RunFacts facts;

    Run(Scenario scenario, Design design, int[] choices, List<StepEvent> events, Outcome outcome, List<KernelState> checkpoints,
        RunFacts facts) {
        this.scenario = scenario;
        this.design = design;
        this.choices = choices;
        this.events = List.copyOf(events);
        this.outcome = outcome;
        this.checkpoints = checkpoints;
        this.facts = facts;
    }

    /** Windows, signal flows, reference spans and per-step changes, computed as the run was simulated. */
    public RunFacts facts() {
        return facts;
    }

    public Scenario scenario() {
        return scenario;
    }

    /** The preset the run was under, or null when its design is not one (see {@link #design()}). */
    public Variant variant() {
        return Variant.byId(design.label());
    }

    /** The design the run was under, labelled with the name it was asked for by. */
    public Design design() {
        return design;
    }

    public List<StepEvent> events() {
        return events;
    }

    public Outcome outcome() {
        return outcome;
    }

    public int steps() {
        return choices.length;
    }

    /** The task index that ran each step (what the explorer and replays use). */
    public int[] choices() {
        return choices.clone();
    }

    /** The kernel state after {@code step} steps (0 = the initial state). Returns a private copy. */
    public KernelState stateAt(int step) {
        int n = Math.max(0, Math.min(step, choices.length));
        int cp = Math.min(n / Simulation.CHECKPOINT_EVERY, checkpoints.size() - 1);
        KernelState k = checkpoints.get(cp).copy();
        for (int i = cp * Simulation.CHECKPOINT_EVERY; i < n; i++) k.step(choices[i], null);
        return k;
    }

    public KernelView viewAt(int step) {
        return KernelView.of(stateAt(step));
    }

    /** Threads that could run the next step after {@code step} steps: the choices a user may pick from. */
    public List<String> runnableAt(int step) {
        KernelState k = stateAt(step);
        List<String> out = new ArrayList<>();
        for (int t = 0; t < k.tasks.length; t++) if (k.runnable(t)) out.add(k.tasks[t].name);
        return out;
    }

    /** The thread that ran each of the first {@code step} steps: a script that leads back to this point. */
    public List<String> scheduleUpTo(int step) {
        return outcome.schedule().subList(0, Math.max(0, Math.min(step, choices.length)));
    }
}
