package org.reaplab.simulation;

import org.reaplab.kernel.KernelState;
import org.reaplab.kernel.Task;
import org.reaplab.scenario.format.ScenarioParser;
import org.reaplab.scenario.ScheduleSpec;
import org.reaplab.scenario.ScheduleStep;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Chooses which thread runs each step: a script of "t" (one step), "t*" (until t blocks or has
 * nothing left), "t@f" (until t's next step is the first step of kernel function f), then a policy:
 * round_robin (deferred steps — timers, I/O completions — only when nothing else can run) or a seeded
 * random choice. Deterministic: the same spec and state give the same choices.
 */
final class Scheduler {
    private final List<ScheduleStep> script;
    private final String then;
    private final Random random;
    private final List<String> notes = new ArrayList<>();
    private int item;
    private boolean itemStarted;
    private int cursor = -1;

    Scheduler(ScheduleSpec spec) {
        ScheduleSpec s = spec == null ? ScheduleSpec.ROUND_ROBIN : spec;
        String policy = s.policy() == null ? "round_robin" : s.policy();
        this.script = "script".equals(policy) && s.steps() != null ? s.steps().stream().map(Scheduler::step).toList() : List.of();
        this.then = "script".equals(policy) ? s.thenPolicy() : "exhaustive".equals(policy) ? "round_robin" : policy;
        this.random = new Random(s.seed() == null ? 1 : s.seed());
        if ("exhaustive".equals(policy)) {
            notes.add("policy exhaustive: a single run follows round_robin; 'reaplab explore' tries every schedule");
        }
    }

    /** Things the script asked for that could not be done (a thread that could not run). */
    List<String> notes() {
        return notes;
    }

    /** The task to run next, or -1 when nothing can run. */
    int next(KernelState k) {
        while (item < script.size()) {
            ScheduleStep step = script.get(item);
            int t = resolve(k, step.thread());
            if (t < 0) {
                // A thread this kernel never has (the kernel_oom variant's oom_reaper under another
                // variant) is skipped quietly: one schedule serves every variant. One not created yet is noted.
                if (known(k, step.thread())) notes.add("script step " + (item + 1) + " '" + step + "': no such thread yet; skipped");
                advance();
                continue;
            }
            if (step.untilEnd()) {
                if (k.runnable(t)) {
                    itemStarted = true;
                    return t;
                }
                if (!itemStarted && !k.blocked(t) && k.next(k.tasks[t]) != null) notes.add("script step " + (item + 1) + " '" + step + "': " + k.tasks[t].name + " cannot run");
                advance();
                continue;
            }
            if (step.function() != null) {
                String f = step.function();
                if (k.runnable(t) && !f.equals(k.nextLabel(t))) {
                    itemStarted = true;
                    return t;
                }
                advance();
                continue;
            }
            advance();
            if (k.runnable(t)) return t;
            notes.add("script step " + item + " '" + step + "': " + k.tasks[t].name + " cannot run now; skipped");
        }
        return "random".equals(then) ? randomChoice(k) : roundRobin(k);
    }

    private void advance() {
        item++;
        itemStarted = false;
    }

    /** A script item; one no reader checked (a hand-built spec) names a thread that never exists. */
    private static ScheduleStep step(String text) {
        return ScheduleStep.problem(text) == null ? ScheduleStep.parse(text) : new ScheduleStep(text, false, null);
    }

    private static int resolve(KernelState k, String name) {
        for (int i = 0; i < k.tasks.length; i++) {
            if (k.tasks[i].name.equals(name) && k.tasks[i].linked) return i;
        }
        return -1;
    }

    /** Not a kthread that only some variants have: a thread of the scenario, still to be created by copy_process. */
    private static boolean known(KernelState k, String name) {
        for (Task t : k.tasks) if (t.name.equals(name)) return true;
        return !name.equals(ScenarioParser.OOM_REAPER);
    }

    private int roundRobin(KernelState k) {
        int n = k.tasks.length;
        for (boolean allowDeferred : new boolean[] {false, true}) {
            for (int i = 1; i <= n; i++) {
                int t = Math.floorMod(cursor + i, n);
                if (k.runnable(t) && (allowDeferred || !k.deferred(t))) {
                    cursor = t;
                    return t;
                }
            }
        }
        return -1;
    }

    private int randomChoice(KernelState k) {
        int[] candidates = new int[k.tasks.length];
        int c = 0;
        for (int t = 0; t < k.tasks.length; t++) if (k.runnable(t)) candidates[c++] = t;
        return c == 0 ? -1 : candidates[random.nextInt(c)];
    }
}
