package org.reaplab.web.viewer;

import org.reaplab.kernel.Change;
import org.reaplab.kernel.SignalEdge;
import org.reaplab.simulation.CallResult;
import org.reaplab.simulation.RunFacts;
import org.reaplab.simulation.StepEvent;
import org.reaplab.simulation.Violation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The explanation pane for one step: who ran, which kernel function, what it did in words, what
 * changed, the signals it sent, the syscall that returned, the race windows it lies in, and every
 * return value so far.
 */
public record Explanation(int step, int steps, String thread, String role, String function, String text,
                          CallResult call, List<String> changes, List<SignalLine> signals, List<Violation> violations,
                          List<String> windows, List<CallResult> callsSoFar, String next, boolean truncated) {

    /** A signal with a word and a glyph for what became of it, so colour is not the only clue. */
    public record SignalLine(String from, String to, String signal, String result, String glyph, String meaning) {}

    public boolean initial() {
        return step == 0;
    }

    public boolean last() {
        return step == steps;
    }

    static Explanation of(RunView v, int step) {
        List<StepEvent> events = v.run().events();
        int n = Math.max(0, Math.min(step, events.size()));
        List<CallResult> soFar = v.run().outcome().calls().stream().filter(c -> c.step() <= n).toList();
        String next = n < events.size() ? events.get(n).thread() + " → " + events.get(n).function() : null;
        boolean truncated = v.run().outcome().truncated();
        if (n == 0) {
            return new Explanation(0, events.size(), null, null, null, null, null, List.of(), List.of(), List.of(),
                    List.of(), soFar, next, truncated);
        }
        StepEvent e = events.get(n - 1);
        List<String> changes = new ArrayList<>();
        for (Change c : e.changes()) changes.add(c + (c.op() == null ? "" : " (" + c.op() + ")"));
        List<SignalLine> signals = new ArrayList<>();
        for (SignalEdge s : e.signals()) signals.add(signalLine(s));
        List<String> windows = new ArrayList<>();
        for (RunFacts.Window w : v.run().facts().windowsAt(n)) windows.add(describe(w, n));
        return new Explanation(n, events.size(), e.thread(), role(v, e.thread()), e.function(), e.text(), e.call(),
                changes, signals, e.violations(), windows, soFar, next, truncated);
    }

    static String role(RunView v, String thread) {
        for (Timeline.Lane l : v.timeline().lanes()) if (l.thread().equals(thread)) return l.role();
        return "";
    }

    static SignalLine signalLine(SignalEdge s) {
        String r = s.result();
        String glyph;
        String meaning;
        if ("killed".equals(r)) {
            glyph = "➜";
            meaning = "delivered: the group starts to exit";
        } else if ("queued".equals(r)) {
            glyph = "➜";
            meaning = "queued for delivery";
        } else if ("dropped".equals(r)) {
            glyph = "⤏";
            meaning = "dropped: the group is already exiting (the call still returns 0)";
        } else if ("ignored".equals(r)) {
            glyph = "⊘";
            meaning = "ignored by the target (init, SIGNAL_UNKILLABLE or a kthread); the call still returns 0";
        } else {
            glyph = "✕";
            meaning = "refused before reaching the target: " + r;
        }
        return new SignalLine(s.from(), s.to(), s.signal(), r, glyph, meaning);
    }

    static String describe(RunFacts.Window w, int step) {
        StringBuilder b = new StringBuilder(w.kind()).append(": ").append(w.thread()).append("'s kill returned at step ")
                .append(w.from()).append("; ");
        if (w.to() < 0) b.append("its find_lock_task_mm has not run yet.");
        else b.append("its find_lock_task_mm runs at step ").append(w.to()).append(".");
        List<Integer> exits = w.exits().stream().filter(x -> x <= Math.max(step, w.to())).toList();
        if (!exits.isEmpty()) {
            b.append(" exit_mm ran inside the window at step").append(exits.size() > 1 ? "s " : " ")
                    .append(String.join(", ", exits.stream().map(String::valueOf).toList()))
                    .append(": a victim thread dropped its mm before the caller could find it.");
        } else {
            b.append(" Every victim thread that passes exit_mm in this window makes the mm harder to find.");
        }
        return b.toString();
    }

    /** "66,560 pages (260 MiB)". */
    public static String pages(long pages) {
        long kib = pages * 4;
        String size = kib >= 1024 * 1024 ? String.format("%.1f GiB", kib / (1024.0 * 1024))
                : kib >= 1024 ? String.format("%d MiB", kib / 1024) : kib + " KiB";
        return String.format("%,d pages (%s)", pages, size);
    }

    public String residentAfter() {
        if (call == null || call.residentAfter() == null || call.residentAfter().isEmpty()) return null;
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, Long> r : call.residentAfter().entrySet()) parts.add(r.getKey() + ": " + pages(r.getValue()) + " resident");
        return String.join("; ", parts);
    }
}
