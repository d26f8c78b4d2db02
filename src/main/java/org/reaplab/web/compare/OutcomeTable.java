package org.reaplab.web.compare;

import org.reaplab.simulation.CallResult;
import org.reaplab.simulation.MemoryFate;
import org.reaplab.simulation.Run;
import org.reaplab.simulation.Outcome;
import org.reaplab.simulation.Violation;
import org.reaplab.web.viewer.ViewDesign;
import org.reaplab.web.viewer.Explanation;
import org.reaplab.web.viewer.Timeline;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The outcomes of one scenario under several variants in one table: a row per fact (each syscall's
 * return, who was killed and who of them the caller never named, who freed each mm's memory and when
 * or how much stays pinned, the invariants broken, expectations), a column per variant; a row whose
 * values differ is marked. What a patch costs shows in the headline rows.
 */
public record OutcomeTable(List<ViewDesign> variants, List<Row> rows) {

    /**
     * @param cells   what each variant shows, in variant order
     * @param steps   the step each cell points at (0: none), for links
     * @param differs the variants disagree on this row
     */
    public record Row(String label, List<String> cells, List<Integer> steps, boolean differs, boolean headline) {}

    public static OutcomeTable of(List<ViewDesign> variants, List<Run> runs) {
        List<Outcome> outcomes = runs.stream().map(Run::outcome).toList();
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
        }), null, false));
        List<String> collateral = new ArrayList<>();
        for (Run r : runs) {
            Set<String> named = Timeline.namedVictims(r.scenario());
            Set<String> others = new LinkedHashSet<>();
            for (Outcome.TaskOutcome t : r.outcome().tasks()) if (t.killed() && !named.contains(t.process())) others.add(t.process());
            collateral.add(others.isEmpty() ? "none" : "⚠ " + String.join(", ", others));
        }
        rows.add(row("killed that the caller did not name", collateral, null, true));
        List<List<MemoryFate>> fates = runs.stream().map(MemoryFate::of).toList();
        Set<String> mms = new LinkedHashSet<>();
        for (Outcome o : outcomes) for (Outcome.MmOutcome m : o.mms()) mms.add(m.name());
        for (String mm : mms) {
            List<String> freed = new ArrayList<>();
            List<Integer> freedAt = new ArrayList<>();
            List<String> left = new ArrayList<>();
            for (int v = 0; v < fates.size(); v++) {
                MemoryFate f = fates.get(v).stream().filter(x -> x.mm().equals(mm)).findFirst().orElse(null);
                Outcome.MmOutcome m = mm(outcomes.get(v), mm);
                freed.add(f == null ? "—" : freedBy(f));
                freedAt.add(f == null ? 0 : f.reapedAt() > 0 ? f.reapedAt() : f.exitAt());
                left.add(f == null ? "—" : !f.pinned() ? "0 pages" : "✗ " + Explanation.pages(f.resident())
                        + (m != null && m.pinned() > 0 ? " (" + Explanation.pages(m.pinned()) + " pinned)" : ""));
            }
            rows.add(row(mm + ": who freed it", freed, freedAt, true));
            rows.add(row(mm + ": still resident at the end", left, null, true));
        }
        List<String> viol = new ArrayList<>();
        List<Integer> violSteps = new ArrayList<>();
        for (Outcome o : outcomes) {
            viol.add(o.violations().isEmpty() ? "✓ none"
                    : String.join(", ", o.violations().stream().map(v -> "⚠ " + v.invariant() + " @" + v.step()).toList()));
            violSteps.add(o.violations().isEmpty() ? 0 : o.violations().get(0).step());
        }
        rows.add(new Row("invariants broken", viol, violSteps,
                differ(outcomes.stream().map(o -> o.violations().stream().map(Violation::invariant).toList().toString()).toList()), true));
        if (outcomes.stream().anyMatch(o -> o.panic() != null)) {
            rows.add(row("kernel panic", map(outcomes, o -> o.panic() == null ? "—" : "☠ " + o.panic()), null, true));
        }
        rows.add(row("expectations", map(outcomes, o -> !o.expect().checked() ? "none given"
                : o.expect().ok() ? "✓ met" : "✗ " + String.join("; ", o.expect().failures())), null, false));
        rows.add(row("steps", map(outcomes, o -> String.valueOf(o.steps())), null, false));
        return new OutcomeTable(variants, rows);
    }

    /** "reaped by lmkd at step 25", "exit_mmap in ps at step 31", both, or "nobody". */
    static String freedBy(MemoryFate f) {
        List<String> parts = new ArrayList<>();
        if (f.reapedBy() != null) parts.add("reaped by " + f.reapedBy() + " at step " + f.reapedAt());
        if (f.exitBy() != null) parts.add("exit_mmap in " + f.exitBy() + (f.exitAt() > 0 ? " at step " + f.exitAt() : ""));
        return parts.isEmpty() ? "nobody" : String.join(", then ", parts);
    }

    /** The headline rows: what a reviewer reads first. */
    public List<Row> headline() {
        return rows.stream().filter(Row::headline).toList();
    }

    /** The other rows. */
    public List<Row> details() {
        return rows.stream().filter(r -> !r.headline()).toList();
    }

    /** The table as plain text for a mail: one line per row, the variants in columns separated by " | ". */
    public String plainText() {
        StringBuilder b = new StringBuilder("outcome");
        for (ViewDesign v : variants) b.append(" | ").append(v.id());
        b.append('\n');
        for (Row r : rows) {
            b.append(r.label());
            for (String c : r.cells()) b.append(" | ").append(c);
            if (r.differs()) b.append("   (differs)");
            b.append('\n');
        }
        return b.toString();
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
