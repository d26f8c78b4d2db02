package org.reaplab.simulation;

import org.reaplab.kernel.Errno;
import org.reaplab.kernel.KernelState;
import org.reaplab.kernel.Mm;
import org.reaplab.kernel.ThreadGroup;
import org.reaplab.scenario.Expectation;
import org.reaplab.scenario.Scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares a run with the scenario's expect block for its variant: calls and reaped compare only the
 * keys given, killed compares as a set, and the invariants that fired must be exactly the ones listed
 * (none when the list or the block is absent: an unexpected invariant is a failure too).
 */
public final class Expectations {
    private Expectations() {}

    /** @param design the name of the run's design: a preset id, a name the file declares, or a canonical string */
    static Outcome.ExpectResult check(Scenario scenario, String design, List<CallResult> calls, KernelState k) {
        Expectation e = scenario.expect() == null ? null : scenario.expect().get(design);
        List<String> failures = new ArrayList<>();
        Set<String> fired = new TreeSet<>(Simulation.firedIds(k));
        if (e == null) {
            if (!fired.isEmpty()) failures.add("unexpected invariant violation(s) " + fired + " (no expect block for " + design + ")");
            return new Outcome.ExpectResult(false, failures.isEmpty(), failures);
        }
        if (e.calls() != null) {
            for (Map.Entry<String, String> c : e.calls().entrySet()) {
                String want = Errno.canonical(c.getValue());
                CallResult got = calls.stream().filter(r -> r.key().equals(c.getKey())).findFirst().orElse(null);
                if (got == null) failures.add(c.getKey() + ": expected " + want + ", but the call never returned");
                else if (!got.ret().equals(want)) failures.add(c.getKey() + ": expected " + want + ", got " + got.ret());
            }
        }
        if (e.reaped() != null) {
            for (Map.Entry<String, Boolean> r : e.reaped().entrySet()) {
                Mm mm = k.mm(r.getKey());
                boolean got = mm != null && mm.reaped;
                if (got != r.getValue()) failures.add("reaped." + r.getKey() + ": expected " + r.getValue() + ", got " + got);
            }
        }
        if (e.killed() != null) {
            Set<String> got = new TreeSet<>();
            for (ThreadGroup g : k.groups) if (g.killedBy >= 0) got.add(g.name);
            Set<String> want = new TreeSet<>(e.killed());
            if (!got.equals(want)) failures.add("killed: expected " + want + ", got " + got);
        }
        if (e.resident() != null) {
            for (Map.Entry<String, Long> r : e.resident().entrySet()) {
                Mm mm = k.mm(r.getKey());
                long got = mm == null ? 0 : mm.resident();
                if (got != r.getValue()) failures.add("resident." + r.getKey() + ": expected " + r.getValue() + " pages, got " + got);
            }
        }
        if (e.exitMmapBy() != null) {
            for (Map.Entry<String, String> r : e.exitMmapBy().entrySet()) {
                Mm mm = k.mm(r.getKey());
                String got = mm == null || mm.exitMmapBy < 0 ? Expectation.NONE : k.tasks[mm.exitMmapBy].name;
                if (!got.equals(r.getValue())) failures.add("exitMmapBy." + r.getKey() + ": expected " + r.getValue() + ", got " + got);
            }
        }
        if (e.freed() != null) {
            for (Map.Entry<String, Boolean> r : e.freed().entrySet()) {
                Mm mm = k.mm(r.getKey());
                boolean got = mm != null && mm.freed;
                if (got != r.getValue()) failures.add("freed." + r.getKey() + ": expected " + r.getValue() + ", got " + got);
            }
        }
        if (e.panic() != null && e.panic() != (k.panic != null)) {
            failures.add("panic: expected " + e.panic() + ", got " + (k.panic != null) + (k.panic == null ? "" : " (" + k.panic + ")"));
        }
        if (e.killedInCoredump() != null) {
            Set<String> got = new TreeSet<>();
            for (ThreadGroup g : k.groups) if (g.coredumpKilled) got.add(g.name);
            Set<String> wantDump = new TreeSet<>(e.killedInCoredump());
            if (!got.equals(wantDump)) failures.add("killedInCoredump: expected " + wantDump + ", got " + got);
        }
        Set<String> want = e.violations() == null ? Set.of() : new TreeSet<>(e.violations());
        if (!fired.equals(want)) failures.add("violations: expected " + want + ", got " + fired);
        return new Outcome.ExpectResult(true, failures.isEmpty(), failures);
    }
}
