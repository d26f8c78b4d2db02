package org.reaplab.cli;

import org.reaplab.scenario.Scenario;
import org.reaplab.simulation.Json;
import org.reaplab.simulation.Outcome;
import org.reaplab.simulation.Run;
import org.reaplab.simulation.Simulation;
import org.reaplab.simulation.StepEvent;
import org.reaplab.design.Design;
import org.reaplab.design.DesignException;

import java.io.PrintStream;

/** {@code reaplab run FILE [--variant V] [--json]}: one run, as a timeline or as the outcome JSON. */
final class RunCommand {
    private final PrintStream out;
    private final PrintStream err;

    RunCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(String[] args) {
        String file = null;
        DesignArgs design = new DesignArgs();
        boolean json = false;
        for (int i = 0; i < args.length; i++) {
            try {
                int next = design.accept(args, i);
                if (next >= 0) {
                    i = next;
                    continue;
                }
            } catch (IllegalArgumentException e) {
                return usage(e.getMessage());
            }
            switch (args[i]) {
                case "--json" -> json = true;
                default -> {
                    if (args[i].startsWith("--")) return usage("unknown option " + args[i]);
                    if (file != null) return usage("run takes one file");
                    file = args[i];
                }
            }
        }
        if (file == null) return usage("run needs a scenario file");
        if (!design.load(err, "run")) return 2;
        Scenario scenario = ScenarioFiles.read(file, err);
        if (scenario == null) return 2;
        Design d;
        try {
            d = design.resolve(scenario);
        } catch (DesignException e) {
            return usage("bad design: " + e.getMessage());
        }
        Run run = Simulation.run(scenario, d);
        Outcome o = run.outcome();
        if (json) {
            out.println(Json.pretty(o));
        } else {
            printTimeline(run);
        }
        boolean ok = o.expect().ok();
        return ok ? 0 : 1;
    }

    private void printTimeline(Run run) {
        Outcome o = run.outcome();
        out.println(o.scenario() + " under " + o.variant() + ": " + o.steps() + " steps");
        for (StepEvent e : run.events()) {
            StringBuilder line = new StringBuilder(String.format("%4d  %-10s %-26s %s", e.index(), e.thread(), e.function(), e.text()));
            if (!e.changes().isEmpty()) line.append("  [").append(String.join(", ", e.changes().stream().map(Object::toString).toList())).append("]");
            out.println(line);
            if (e.call() != null) out.println("        = " + e.call().key() + " returns " + e.call().ret());
            e.violations().forEach(v -> out.println("        !! " + v.invariant() + ": " + v.detail()));
        }
        CheckCommand.printSummary(out, o);
    }

    private int usage(String message) {
        err.println("reaplab run: " + message);
        err.println(Cli.USAGE);
        return 2;
    }
}
