package org.reaplab.cli;

import org.reaplab.scenario.Scenario;
import org.reaplab.simulation.Outcome;
import org.reaplab.simulation.Simulation;
import org.reaplab.design.Design;
import org.reaplab.design.DesignException;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code reaplab check FILE... [--variant V|--design FILE|--all-variants] [--set KNOB=VALUE]...}: runs each file and compares it with its
 * expect block. Without an option the scenario's own variant is checked; with --all-variants every
 * variant is, and one without an expect block must trip no invariant.
 */
final class CheckCommand implements Command {
    @Override
    public String name() {
        return "check";
    }

    @Override
    public String operands() {
        return "FILE...";
    }

    @Override
    public boolean manyOperands() {
        return true;
    }

    @Override
    public List<List<Option>> options() {
        return DesignArgs.options(Option.flag("--all-variants"));
    }

    @Override
    public int run(Args args, PrintStream out, PrintStream err) {
        List<String> files = args.operands();
        DesignArgs design = DesignArgs.of(args);
        boolean all = args.flag("--all-variants");
        if (all && !args.values("--set").isEmpty()) throw new Args.BadArgs("--set and --all-variants exclude each other");
        if (!design.load(err, "check")) return 2;
        List<Scenario> scenarios = new ArrayList<>();
        boolean bad = false;
        for (String f : files) {
            Scenario s = ScenarioFiles.read(f, err);
            if (s == null) bad = true;
            scenarios.add(s);
        }
        if (bad) return 2;
        int failed = 0;
        int checked = 0;
        for (int i = 0; i < files.size(); i++) {
            Scenario s = scenarios.get(i);
            List<Design> designs = new ArrayList<>();
            try {
                if (all) {
                    for (String name : DesignArgs.allDesigns(s)) designs.add(s.design(name));
                } else {
                    designs.add(design.resolve(s));
                }
            } catch (DesignException e) {
                throw new Args.BadArgs(files.get(i) + ": bad design: " + e.getMessage());
            }
            for (Design v : designs) {
                Outcome o = Simulation.run(s, v).outcome();
                checked++;
                if (o.expect().ok()) {
                    out.println("ok    " + files.get(i) + " [" + v.label() + "]" + (o.expect().checked() ? "" : " (no expect block; no invariant fired)"));
                } else {
                    failed++;
                    out.println("FAIL  " + files.get(i) + " [" + v.label() + "]");
                    o.expect().failures().forEach(f -> out.println("        " + f));
                }
            }
        }
        out.println((checked - failed) + " passed, " + failed + " failed");
        return failed == 0 ? 0 : 1;
    }

    static void printSummary(PrintStream out, Outcome o) {
        out.println();
        o.calls().forEach(c -> out.println("call  " + c.key() + " = " + c.ret() + "  (step " + c.step() + ")"));
        o.mms().forEach(m -> out.println("mm    " + m.name() + ": mm_users=" + m.users() + " mm_count=" + m.count() + " resident="
                + m.resident() + " reaped=" + m.reaped() + (m.exitMmapBy() == null ? "" : " exit_mmap in " + m.exitMmapBy())
                + (m.freed() ? " freed" : "") + (m.flags().isEmpty() ? "" : " " + m.flags())));
        o.tasks().stream().filter(t -> t.killed() || t.sigbus()).forEach(t -> out.println("task  " + t.name() + " " + t.state()
                + (t.killed() ? " killed by " + t.killedBy() : "") + (t.sigbus() ? " (SIGBUS)" : "")));
        o.violations().forEach(v -> out.println("!!    " + v.invariant() + " at step " + v.step() + ": " + v.detail()));
        if (o.panic() != null) out.println("PANIC " + o.panic());
        if (!o.stuck().isEmpty()) out.println("stuck " + o.stuck());
        if (o.truncated()) out.println("(the run hit the step limit)");
        o.notes().forEach(n -> out.println("note  " + n));
        Outcome.ExpectResult e = o.expect();
        if (e.checked()) out.println(e.ok() ? "expect: ok" : "expect: FAILED " + e.failures());
        else if (!e.ok()) out.println("FAILED " + e.failures());
    }
}
