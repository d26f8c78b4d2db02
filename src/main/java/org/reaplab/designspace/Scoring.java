package org.reaplab.designspace;

import org.reaplab.exploration.Counterexample;
import org.reaplab.exploration.ExplorationReport;
import org.reaplab.exploration.OutcomeClass;
import org.reaplab.kernel.Invariant;
import org.reaplab.scenario.ProcessSpec;
import org.reaplab.scenario.Op;
import org.reaplab.scenario.Scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a design achieves on a scenario, computed from the outcome classes of its exploration (each
 * class is a set of distinct end states that look the same: every call's return, who was killed,
 * which mms were reaped, which invariants fired). The definitions are in docs/designs.md, "Metrics".
 */
public final class Scoring {
    /**
     * The invariant that says the thread's goal was missed (the call returned and the memory is still
     * pinned). It is counted as "pinned", an achievement, not as a safety break: today's kernel breaks it.
     */
    public static final String GOAL = Invariant.MEMORY_PINNED_AFTER_REAP_CALL.id;

    private Scoring() {}

    /** An invariant whose break makes a design unsafe. */
    public static boolean safety(String invariant) {
        return !GOAL.equals(invariant);
    }

    public static ScenarioScore score(Scenario scenario, DesignPoint design, ExplorationReport r) {
        List<Request> requests = Request.of(scenario, design);
        Set<String> named = Request.named(scenario);
        String verdict = r.violated() ? ScenarioScore.VIOLATED : r.complete() ? ScenarioScore.OK : ScenarioScore.INCOMPLETE;

        boolean frees = r.complete() && !requests.isEmpty();
        boolean pinned = false;
        long pinnedEnds = 0, ends = 0, freedEnds = 0;
        Set<String> collateral = new TreeSet<>();
        int worst = 0;
        String misleading = null;
        for (OutcomeClass c : r.outcomeClasses()) {
            ends += c.count();
            if (c.violations().contains(GOAL)) {
                pinned = true;
                pinnedEnds += c.count();
            }
            boolean freed = !requests.isEmpty() && !c.violations().contains(GOAL);
            for (Request q : requests) freed &= "0".equals(c.ret(q.lastCall()));
            if (freed) freedEnds += c.count();
            else frees = false;
            List<String> extra = new ArrayList<>();
            for (String k : c.killed()) if (!named.contains(k)) extra.add(k);
            collateral.addAll(extra);
            worst = Math.max(worst, extra.size());
            if (misleading == null) misleading = misleading(scenario, c, requests);
        }
        if (requests.isEmpty()) {
            worst = 0;
            collateral.clear();
            misleading = null;
        }
        return new ScenarioScore(scenario.name(), verdict, r.budgetHit(), r.counterexamples(), !requests.isEmpty(),
                frees, freedEnds, pinned, pinnedEnds, ends, worst, List.copyOf(collateral), misleading,
                r.distinctStates(), r.elapsedMillis());
    }

    /**
     * How the returns of an end state mislead the caller, or null. A request misleads when it reports
     * success (its last call returned 0) while the memory stayed pinned, or while a process on the
     * victim's mm whose SIGKILL a user call cannot deliver (global init, or the init of the caller's own
     * pid namespace) was not killed; or when its kill call reports an error although processes died that
     * no other successful call explains.
     */
    static String misleading(Scenario scenario, OutcomeClass c, List<Request> requests) {
        for (Request q : requests) {
            String last = c.ret(q.lastCall());
            if ("0".equals(last)) {
                if (c.violations().contains(GOAL)) return q.lastCall() + " returned 0 but the memory stayed pinned";
                String alive = ignoredKill(scenario, c, q);
                if (alive != null) return q.lastCall() + " returned 0 but the SIGKILL to " + alive + " was ignored";
            }
            String kill = c.ret(q.killCall());
            if (kill != null && kill.startsWith("-") && !c.killed().isEmpty() && !otherKiller(c, q)) {
                return q.killCall() + " returned " + kill + " but " + String.join(", ", c.killed()) + " died";
            }
        }
        return null;
    }

    /** A process on the victim's mm that a user SIGKILL from the caller is silently ignored by, not killed. */
    private static String ignoredKill(Scenario scenario, OutcomeClass c, Request q) {
        if (q.victimMm() == null) return null;
        ProcessSpec caller = scenario.process(q.thread().contains("/") ? q.thread().substring(0, q.thread().indexOf('/')) : q.thread());
        String callerNs = caller == null ? Scenario.ROOT_NAMESPACE : caller.namespace();
        for (ProcessSpec p : scenario.processes()) {
            if (!q.victimMm().equals(p.mm()) || !p.init() || c.killed().contains(p.name())) continue;
            if (p.namespace().equals(Scenario.ROOT_NAMESPACE) || p.namespace().equals(callerNs)) return p.name();
        }
        return null;
    }

    private static boolean otherKiller(OutcomeClass c, Request q) {
        for (Map.Entry<String, String> e : c.calls().entrySet()) {
            String key = e.getKey();
            if (key.equals(q.killCall()) || key.equals(q.lastCall()) || !"0".equals(e.getValue())) continue;
            String op = key.substring(key.indexOf('.') + 1).replaceFirst("#\\d+$", "");
            if (Op.KILLING_CALLS.contains(op)) return true;
        }
        return false;
    }

    /** The shortest counterexample of an invariant over several scenarios; ties go to the first. */
    static Counterexample shorter(Counterexample a, Counterexample b) {
        return a == null || b.step() < a.step() ? b : a;
    }
}
