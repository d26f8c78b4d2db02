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
import java.util.List;

/** {@code reaplab run FILE [--variant V|--design FILE] [--set KNOB=VALUE]... [--json]}: one run, as a timeline or as the outcome JSON. */
final class RunCommand implements Command {
    @Override
    public String name() {
        return "run";
    }

    @Override
    public String operands() {
        return "FILE";
    }

    @Override
    public boolean manyOperands() {
        return false;
    }

    @Override
    public List<List<Option>> options() {
        List<List<Option>> out = new java.util.ArrayList<>(DesignArgs.options());
        out.add(List.of(Option.flag("--json")));
        return out;
    }

    @Override
    public int run(Args args, PrintStream out, PrintStream err) {
        DesignArgs design = DesignArgs.of(args);
        if (!design.load(err, "run")) return 2;
        Scenario scenario = ScenarioFiles.read(args.operands().get(0), err);
        if (scenario == null) return 2;
        Design d;
        try {
            d = design.resolve(scenario);
        } catch (DesignException e) {
            throw new Args.BadArgs("bad design: " + e.getMessage());
        }
        Run run = Simulation.run(scenario, d);
        Outcome o = run.outcome();
        if (args.flag("--json")) {
            out.println(Json.pretty(o));
        } else {
            printTimeline(out, run);
        }
        return o.expect().ok() ? 0 : 1;
    }

    private static void printTimeline(PrintStream out, Run run) {
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
}
