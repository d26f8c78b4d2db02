package org.reaplab.web.compare;

import org.reaplab.simulation.CallResult;
import org.reaplab.simulation.Outcome;
import org.reaplab.simulation.Violation;
import org.reaplab.variant.Variant;
import org.reaplab.web.viewer.Explanation;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The outcomes of one scenario under several variants in one table: a row per fact (each syscall's
 * return, who was killed, whether each mm was reaped and how much stayed resident, violations,
 * expectations), a column per variant; a row whose values differ is marked.
 */
public record OutcomeTable(List<Variant> variants, List<Row> rows) {

    /**
     * @param cells   what each variant shows, in variant order
     * @param steps   the step each cell points at (0: none), for links
     * @param differs the variants disagree on this row
     */
    public record Row(String label, List<String> cells, List<Integer> steps, boolean differs, boolean headline) {}

    public static OutcomeTable of(List<Variant> variants, List<Outcome> outcomes) {
        List<Row> rows = new ArrayList<>();
        Set<String> keys = new LinkedHashSet<>();
        for (Outcome o : outcomes) for (CallResult c : o.calls()) keys.add(c.key());
        for (String key : keys) {
            List<String> cells = new ArrayList<>();
            List<Integer> steps = new ArrayList<>();
            for (Outcome o : outcomes) {
                CallResult c = o.calls().stream().filter(x -> x.key().equals(key)).findFirst().orElse(null);
                cells.add(c == null ? "not called" : c.ret());
                steps.add(c == null ? 0 : c.step());
            }
            rows.add(row(key + " returned", cells, steps, key.contains("process_mrelease") || key.contains("oom_kill")));
        }
        rows.add(row("killed", map(outcomes, o -> {
            List<String> k = o.tasks().stream().filter(Outcome.TaskOutcome::killed).map(t -> t.name() + (t.sigbus() ? " (SIGBUS)" : "") + (t.killedInCoredump() ? " (while dumping core)" : "")).toList();
            return k.isEmpty() ? "nobody" : String.join(", ", k);
        }), null, true));
        Set<String> mms = new LinkedHashSet<>();
        for (Outcome o : outcomes) for (Outcome.MmOutcome m : o.mms()) mms.add(m.name());
        for (String mm : mms) {
            rows.add(row(mm + " reaped", map(outcomes, o -> mm(o, mm) == null ? "—" : mm(o, mm).reaped() ? "✓ reaped" : "✗ not reaped"), null, true));
            rows.add(row(mm + " freed by reaping", map(outcomes, o -> mm(o, mm) == null ? "—" : Explanation.pages(mm(o, mm).reclaimedByReap())), null, false));
            rows.add(row(mm + " exit_mmap ran in", map(outcomes, o -> mm(o, mm) == null || mm(o, mm).exitMmapBy() == null ? "—" : mm(o, mm).exitMmapBy()), null, false));
            rows.add(row(mm + " still resident", map(outcomes, o -> mm(o, mm) == null ? "—" : Explanation.pages(mm(o, mm).resident())
                    + (mm(o, mm).pinned() > 0 ? " (" + Explanation.pages(mm(o, mm).pinned()) + " pinned)" : "")), null, false));
        }
        List<String> viol = new ArrayList<>();
        List<Integer> violSteps = new ArrayList<>();
        for (Outcome o : outcomes) {
            viol.add(o.violations().isEmpty() ? "✓ none"
                    : String.join(", ", o.violations().stream().map(v -> "⚠ " + v.invariant() + " @" + v.step()).toList()));
            violSteps.add(o.violations().isEmpty() ? 0 : o.violations().get(0).step());
        }
        rows.add(new Row("violations", viol, violSteps,
                differ(outcomes.stream().map(o -> o.violations().stream().map(Violation::invariant).toList().toString()).toList()), true));
        if (outcomes.stream().anyMatch(o -> o.panic() != null)) {
            rows.add(row("kernel panic", map(outcomes, o -> o.panic() == null ? "—" : "☠ " + o.panic()), null, true));
        }
        rows.add(row("expectations", map(outcomes, o -> !o.expect().checked() ? "none given"
                : o.expect().ok() ? "✓ met" : "✗ " + String.join("; ", o.expect().failures())), null, false));
        rows.add(row("steps", map(outcomes, o -> String.valueOf(o.steps())), null, false));
        return new OutcomeTable(variants, rows);
    }

    private static Outcome.MmOutcome mm(Outcome o, String name) {
        return o.mms().stream().filter(m -> m.name().equals(name)).findFirst().orElse(null);
    }

    private static List<String> map(List<Outcome> outcomes, Function<Outcome, String> f) {
        return outcomes.stream().map(f).toList();
    }

    private static Row row(String label, List<String> cells, List<Integer> steps, boolean headline) {
        List<Integer> s = steps != null ? steps : cells.stream().map(c -> 0).toList();
        return new Row(label, cells, s, differ(cells), headline);
    }

    private static boolean differ(List<String> cells) {
        return cells.stream().distinct().count() > 1;
    }
}
