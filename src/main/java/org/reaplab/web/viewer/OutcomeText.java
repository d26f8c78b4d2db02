package org.reaplab.web.viewer;

import org.reaplab.simulation.CallResult;
import org.reaplab.simulation.MemoryFate;
import org.reaplab.simulation.Outcome;
import org.reaplab.simulation.Run;

import java.util.List;

/** A run's outcome as plain text for a mail: the returns, who was killed, who freed the memory, what broke. */
public final class OutcomeText {
    private OutcomeText() {}

    public static String of(Run run) {
        Outcome o = run.outcome();
        StringBuilder b = new StringBuilder();
        b.append(o.scenario()).append(" under ").append(o.variant()).append(" (").append(o.steps()).append(" steps")
                .append(o.truncated() ? ", stopped at the step limit" : "").append(")\n");
        for (CallResult c : o.calls()) b.append(c.key()).append(" returned ").append(c.ret()).append(" at step ").append(c.step()).append('\n');
        List<String> killed = o.tasks().stream().filter(Outcome.TaskOutcome::killed).map(Outcome.TaskOutcome::name).toList();
        b.append("killed: ").append(killed.isEmpty() ? "nobody" : String.join(", ", killed)).append('\n');
        for (MemoryFate f : MemoryFate.of(run)) b.append(f.mm()).append(": ").append(f.summary()).append('\n');
        if (o.panic() != null) b.append("kernel panic: ").append(o.panic()).append('\n');
        b.append("invariants broken: ").append(o.violations().isEmpty() ? "none"
                : String.join(", ", o.violations().stream().map(v -> v.invariant() + " at step " + v.step()).toList())).append('\n');
        if (o.expect().checked()) {
            b.append(o.expect().ok() ? "matches the scenario's expectations" : "differs from the scenario's expectations: "
                    + String.join("; ", o.expect().failures())).append('\n');
        }
        return b.toString();
    }
}
