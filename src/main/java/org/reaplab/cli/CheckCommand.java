package org.reaplab.cli;

import org.reaplab.scenario.Scenario;
import org.reaplab.simulation.Outcome;
import org.reaplab.simulation.Simulation;
import org.reaplab.design.Design;
import org.reaplab.design.DesignException;
import org.reaplab.variant.Variant;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code reaplab check FILE... [--variant V|--all-variants]}: runs each file and compares it with its
 * expect block. Without an option the scenario's own variant is checked; with --all-variants every
 * variant is, and one without an expect block must trip no invariant.
 */
final class CheckCommand {
    private final PrintStream out;
    private final PrintStream err;

    CheckCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(String[] args) {
        List<String> files = new ArrayList<>();
        DesignArgs design = new DesignArgs();
        boolean all = false;
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
                case "--all-variants" -> all = true;
                default -> {
                    if (args[i].startsWith("--")) return usage("unknown option " + args[i]);
                    files.add(args[i]);
                }
            }
        }
        if (files.isEmpty()) return usage("check needs at least one scenario file");
        if (all && design.given()) return usage("--variant, --set or --design and --all-variants exclude each other");
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
                return usage(files.get(i) + ": bad design: " + e.getMessage());
            }
            for (Design d : designs) {
                Outcome o = Simulation.run(s, d).outcome();
                checked++;
                if (o.expect().ok()) {
                    out.println("ok    " + files.get(i) + " [" + d.label() + "]" + (o.expect().checked() ? "" : " (no expect block; no invariant fired)"));
                } else {
                    failed++;
                    out.println("FAIL  " + files.get(i) + " [" + d.label() + "]");
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

    private int usage(String message) {
        err.println("reaplab check: " + message);
        err.println(Cli.USAGE);
        return 2;
    }
}
