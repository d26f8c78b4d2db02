package org.reaplab.simulation;

import org.reaplab.scenario.StepLimits;

import org.reaplab.kernel.path.Kernels;
import org.reaplab.design.Design;
import org.reaplab.kernel.Errno;
import org.reaplab.kernel.KernelState;
import org.reaplab.kernel.Mm;
import org.reaplab.kernel.StepLog;
import org.reaplab.kernel.Task;
import org.reaplab.kernel.ThreadGroup;
import org.reaplab.scenario.Scenario;
import org.reaplab.scenario.ScheduleSpec;
import org.reaplab.variant.Variant;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a scenario under a design (a preset or any point of the design space) and a schedule, recording every step. Plain Java: the web app, the
 * command line and the tests all run scenarios through here.
 */
public final class Simulation {
    public static final int DEFAULT_MAX_STEPS = StepLimits.RUN;
    static final int CHECKPOINT_EVERY = 256;

    private Simulation() {}

    /** Runs with the scenario's own variant and schedule. */
    public static Run run(Scenario scenario) {
        return run(scenario, defaultDesign(scenario), scenario.schedule(), DEFAULT_MAX_STEPS, null);
    }

    /** The design the file's {@code variant:} names (a preset, a design of the file, or a canonical string). */
    public static Design defaultDesign(Scenario scenario) {
        return scenario.design(scenario.variant());
    }

    public static Run run(Scenario scenario, Variant variant) {
        return run(scenario, variant, scenario.schedule(), DEFAULT_MAX_STEPS);
    }

    public static Run run(Scenario scenario, Design design) {
        return run(scenario, design, scenario.schedule(), DEFAULT_MAX_STEPS, null);
    }

    public static Variant defaultVariant(Scenario scenario) {
        Variant v = scenario.variant() == null ? null : Variant.byId(scenario.variant());
        return v == null ? Variant.BASELINE : v;
    }

    /**
     * @param schedule  null for round_robin
     * @param maxSteps  the run stops there and says so ({@link Outcome#truncated()})
     */
    public static Run run(Scenario scenario, Variant variant, ScheduleSpec schedule, int maxSteps) {
        return run(scenario, variant, schedule, maxSteps, null);
    }

    /** As {@link #run(Scenario, Variant, ScheduleSpec, int)}, telling {@code listener} about each step as it happens. */
    public static Run run(Scenario scenario, Variant variant, ScheduleSpec schedule, int maxSteps, StepListener listener) {
        return run(scenario, scenario.design(variant.id), schedule, maxSteps, listener);
    }

    /** As {@link #run(Scenario, Variant, ScheduleSpec, int, StepListener)}, under a design. */
    public static Run run(Scenario scenario, Design design, ScheduleSpec schedule, int maxSteps) {
        return run(scenario, design, schedule, maxSteps, null);
    }

    /**
     * Runs under a design: the outcome's {@code variant} and the expect block it is checked against are
     * the design's {@link Design#label() label} (a preset id, a name the file declares, or the canonical string).
     */
    public static Run run(Scenario scenario, Design design, ScheduleSpec schedule, int maxSteps, StepListener listener) {
        KernelState k = Kernels.boot(scenario, design);
        List<KernelState> checkpoints = new ArrayList<>();
        checkpoints.add(k.copy());
        Scheduler scheduler = new Scheduler(schedule);
        List<StepEvent> events = new ArrayList<>();
        List<CallResult> calls = new ArrayList<>();
        List<Violation> violations = new ArrayList<>();
        Map<String, Integer> callCounts = new HashMap<>();
        List<Integer> choices = new ArrayList<>();
        RunFactsRecorder facts = new RunFactsRecorder(k);
        boolean truncated = false;
        while (true) {
            int t = scheduler.next(k);
            if (t < 0) break;
            if (choices.size() >= maxSteps) {
                truncated = true;
                break;
            }
            StepLog log = new StepLog();
            String label = k.step(t, log);
            choices.add(t);
            int index = choices.size();
            Task task = k.tasks[t];
            CallResult call = null;
            if (log.call != null) {
                String base = task.name + "." + log.call.name();
                int n = callCounts.merge(base, 1, Integer::sum);
                String key = n == 1 ? base : base + "#" + n;
                call = new CallResult(task.name, log.call.name(), key, Errno.name(log.callRet), index, residentAll(k));
                calls.add(call);
            }
            List<Violation> fired = new ArrayList<>();
            for (StepLog.Fired f : log.violations) fired.add(new Violation(f.invariant().id, index, f.detail()));
            violations.addAll(fired);
            StepEvent event = new StepEvent(index, task.name, label, log.text == null ? label : log.text,
                    k.locksHeld(task), List.copyOf(log.changes), List.copyOf(log.signals), call, fired);
            events.add(event);
            RunFacts.StepFacts stepFacts = facts.step(k, event, log);
            if (index % CHECKPOINT_EVERY == 0) checkpoints.add(k.copy());
            if (listener != null) listener.onStep(event, stepFacts);
        }
        List<String> schedule1 = new ArrayList<>();
        for (int c : choices) schedule1.add(k.tasks[c].name);
        Outcome.ExpectResult expect = Expectations.check(scenario, design.label(), calls, k);
        Outcome outcome = new Outcome(scenario.name(), design.label(), choices.size(), List.copyOf(calls), tasks(k), mms(k),
                List.copyOf(violations), expect, k.panic, stuck(k), truncated, List.copyOf(schedule1),
                List.copyOf(scheduler.notes()));
        return new Run(scenario, design, choices.stream().mapToInt(Integer::intValue).toArray(), events, outcome, checkpoints,
                facts.finish());
    }

    /** Called after each step of a run in progress (for streaming), with what the step changed beyond itself. */
    public interface StepListener {
        void onStep(StepEvent event, RunFacts.StepFacts facts);
    }

    static Map<String, Long> residentAll(KernelState k) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (Mm m : k.mms) out.put(m.name, m.resident());
        return out;
    }

    /** running, dying, exiting-no-mm, zombie, released or blocked (scenario-format.md). */
    public static String taskState(KernelState k, Task t) {
        if (t.released) return "released";
        if (t.exitState != 0) return "zombie";
        boolean exiting = k.exiting(t);
        if (exiting && t.mm < 0 && !t.kthread() && t.has(Task.PF_EXITING)) return "exiting-no-mm";
        if (exiting) return "dying";
        if (k.blocked(t.index) || t.sleep != Task.TASK_RUNNING) return "blocked";
        return "running";
    }

    private static List<Outcome.TaskOutcome> tasks(KernelState k) {
        List<Outcome.TaskOutcome> out = new ArrayList<>();
        for (Task t : k.tasks) {
            if (!t.linked) continue;
            ThreadGroup g = k.groupOf(t);
            out.add(new Outcome.TaskOutcome(t.name, g.name, taskState(k, t), g.killedBy >= 0,
                    g.killedBy >= 0 ? k.tasks[g.killedBy].name : null, g.sigbus, g.coredumpKilled));
        }
        return out;
    }

    private static List<Outcome.MmOutcome> mms(KernelState k) {
        List<Outcome.MmOutcome> out = new ArrayList<>();
        for (Mm m : k.mms) {
            List<String> flags = m.flags == 0 ? List.of() : List.of(Mm.flagNames(m.flags).split(" "));
            out.add(new Outcome.MmOutcome(m.name, m.users, m.count, m.resident(), m.reaped,
                    m.exitMmapBy >= 0 ? k.tasks[m.exitMmapBy].name : null, m.freed, flags,
                    KernelView.residentByKind(m), m.reclaimedByReap, m.reclaimedByExit, m.pinnedHeld));
        }
        return out;
    }

    private static List<String> stuck(KernelState k) {
        List<String> out = new ArrayList<>();
        for (Task t : k.tasks) {
            boolean idleKthread = t.kthread() && t.sleep == Task.TASK_INTERRUPTIBLE; // waits for work, not stuck
            if (k.blocked(t.index) && !idleKthread) out.add(t.name + " (at " + k.nextLabel(t.index) + ")");
        }
        return out;
    }

    /** The invariant ids a state has fired. */
    public static List<String> firedIds(KernelState k) {
        return k.firedInvariants().stream().map(i -> i.id).toList();
    }
}
