package org.reaplab.exploration;

import org.reaplab.scenario.ParseResult;
import org.reaplab.scenario.Problem;
import org.reaplab.scenario.Scenario;
import org.reaplab.scenario.ScenarioParser;
import org.reaplab.simulation.Run;
import org.reaplab.simulation.Simulation;
import org.reaplab.simulation.StepEvent;
import org.reaplab.cli.DesignArgs;
import org.reaplab.design.Design;
import org.reaplab.design.DesignException;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code explore FILE... [--variant V|--all-variants] [--max-states N] [--max-seconds S] [--json] [--no-reduction]}.
 * Like a model checker it exits 0 when no schedule violates an invariant, 1 when one does (printing
 * each shortest counterexample and the violating step of its replay), 3 when a budget ran out before
 * any violation was found, and 2 on bad input.
 */
public final class ExploreCommand {
    public static final int OK = 0, VIOLATED = 1, BAD_INPUT = 2, INCOMPLETE = 3;

    static final String USAGE = "usage: explore FILE... [[--variant V] [--set KNOB=VALUE]... [--design FILE] | --all-variants] [--max-states N] [--max-seconds S] [--json] [--no-reduction]";

    /** A scenario file read and parsed, or the problems found in it ("file:line:column: pointer: message"). */
    record Loaded(Scenario scenario, List<String> problems) {}

    /** Reads and parses one scenario file. */
    @FunctionalInterface
    interface Loader {
        Loaded load(Path file) throws IOException;
    }

    private final Loader loader;

    ExploreCommand(Loader loader) {
        this.loader = loader;
    }

    /** Runs the command; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return new ExploreCommand(ExploreCommand::parseFile).execute(args, out, err);
    }

    /** Reads a scenario file (UTF-8 YAML or JSON) with {@link ScenarioParser}. */
    static Loaded parseFile(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (MalformedInputException e) {
            return new Loaded(null, List.of(file + ": not UTF-8 text"));
        }
        ParseResult r = new ScenarioParser().parse(text, file.toString());
        if (r.ok()) return new Loaded(r.scenario(), List.of());
        List<String> problems = new ArrayList<>();
        for (Problem p : r.problems()) problems.add(p.format());
        return new Loaded(null, problems);
    }

    int execute(String[] args, PrintStream out, PrintStream err) {
        List<String> files = new ArrayList<>();
        DesignArgs design = new DesignArgs();
        boolean allVariants = false, json = false, reduction = true;
        long maxStates = Explorer.DEFAULT_MAX_STATES;
        double maxSeconds = Explorer.DEFAULT_MAX_SECONDS;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            try {
                int next = design.accept(args, i);
                if (next >= 0) {
                    i = next;
                    continue;
                }
                switch (a) {
                    case "--all-variants" -> allVariants = true;
                    case "--max-states" -> maxStates = Long.parseLong(value(args, ++i, a));
                    case "--max-seconds" -> maxSeconds = Double.parseDouble(value(args, ++i, a));
                    case "--json" -> json = true;
                    case "--no-reduction" -> reduction = false;
                    case "-h", "--help" -> {
                        out.println(USAGE);
                        return OK;
                    }
                    default -> {
                        if (a.startsWith("--")) return bad(err, "unknown option " + a);
                        files.add(a);
                    }
                }
            } catch (NumberFormatException e) {
                return bad(err, a + " needs a number, got '" + args[i] + "'");
            } catch (IllegalArgumentException e) {
                return bad(err, e.getMessage());
            }
        }
        if (files.isEmpty()) return bad(err, "no scenario file given");
        if (design.given() && allVariants) return bad(err, "--variant, --set or --design and --all-variants exclude each other");
        if (!design.load(err, "explore")) return BAD_INPUT;
        if (maxStates <= 0 || maxSeconds <= 0) return bad(err, "budgets must be positive");

        List<Scenario> scenarios = new ArrayList<>();
        boolean problems = false;
        for (String f : files) {
            Loaded loaded;
            try {
                loaded = loader.load(Path.of(f));
            } catch (IOException e) {
                err.println(f + ": cannot read: " + e.getMessage());
                problems = true;
                continue;
            }
            if (loaded.scenario() == null || !loaded.problems().isEmpty()) {
                for (String p : loaded.problems()) err.println(p);
                if (loaded.problems().isEmpty()) err.println(f + ": not a scenario");
                problems = true;
                continue;
            }
            scenarios.add(loaded.scenario());
        }
        if (problems) return BAD_INPUT;

        Explorer.Options options = Explorer.Options.defaults().withMaxStates(maxStates).withMaxSeconds(maxSeconds)
                .withReduction(reduction);
        List<ExplorationReport> reports = new ArrayList<>();
        Map<ExplorationReport, Scenario> scenarioOf = new LinkedHashMap<>();
        for (Scenario s : scenarios) {
            List<Design> designs = new ArrayList<>();
            try {
                if (allVariants) {
                    for (String name : DesignArgs.allDesigns(s)) designs.add(s.design(name));
                } else {
                    designs.add(design.resolve(s));
                }
            } catch (DesignException e) {
                return bad(err, s.name() + ": bad design: " + e.getMessage());
            }
            for (Design v : designs) {
                ExplorationReport r = Explorer.explore(s, v, options.withProgress(progress(err, s, v)));
                reports.add(r);
                scenarioOf.put(r, s);
                if (!json) print(out, s, v, r);
            }
        }
        int code = exitCode(reports);
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("exitCode", code);
            doc.put("reports", reports);
            out.println(JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build().writeValueAsString(doc));
        } else {
            out.println(switch (code) {
                case OK -> "No schedule violates an invariant.";
                case VIOLATED -> "Invariants violated: see the counterexamples above.";
                default -> "A budget ran out before the search was complete; no violation found so far.";
            });
        }
        return code;
    }

    static int exitCode(List<ExplorationReport> reports) {
        boolean violated = false, incomplete = false;
        for (ExplorationReport r : reports) {
            violated |= r.violated();
            incomplete |= !r.complete();
        }
        return violated ? VIOLATED : incomplete ? INCOMPLETE : OK;
    }

    /** A line on stderr every two seconds for long searches. */
    private static Explorer.Progress progress(PrintStream err, Scenario s, Design v) {
        long start = System.nanoTime();
        long[] last = {start};
        return (states, frontier, transitions, depth) -> {
            long now = System.nanoTime();
            if (now - last[0] < 2_000_000_000L) return;
            last[0] = now;
            err.printf("explore %s under %s: %,d states, %,d transitions, depth %d, frontier %,d, %.0f s%n",
                    s.name(), v.label(), states, transitions, depth, frontier, (now - start) / 1e9);
        };
    }

    static void print(PrintStream out, Scenario s, Design v, ExplorationReport r) {
        out.printf("%s under %s: %s%n", s.name(), v.label(), r.complete() ? "complete"
                : "INCOMPLETE (" + r.budgetHit() + " budget ran out)");
        out.printf("  %,d distinct states, %,d transitions (%,d pruned by reduction), depth %d, %,d complete schedules, %.2f s, %,.0f states/s%n",
                r.distinctStates(), r.transitions(), r.prunedTransitions(), r.maxDepth(), r.completeSchedules(),
                r.elapsedMillis() / 1000.0, r.statesPerSecond());
        out.printf("  %d outcome class%s:%n", r.outcomeClasses().size(), r.outcomeClasses().size() == 1 ? "" : "es");
        for (OutcomeClass c : r.outcomeClasses()) out.println("    " + describe(c));
        for (Counterexample c : r.counterexamples()) {
            out.printf("  VIOLATION %s at step %d: %s%n", c.invariant(), c.step(), c.detail());
            out.println("    schedule: " + String.join(" ", c.schedule()));
            Run run = c.replay(s, v);
            if (c.step() >= 1 && c.step() <= run.events().size()) {
                StepEvent e = run.events().get(c.step() - 1);
                out.printf("    step %d, %s in %s: %s%n", e.index(), e.thread(), e.function(), e.text());
            }
        }
    }

    /** One line: "12 × lmkd.process_mrelease=-ESRCH ps.read_proc=4096 | killed app | app_mm not reaped | memory-pinned-after-reap-call". */
    static String describe(OutcomeClass c) {
        StringBuilder b = new StringBuilder();
        b.append(c.count()).append(" ×");
        for (Map.Entry<String, String> e : c.calls().entrySet()) b.append(' ').append(e.getKey()).append('=').append(e.getValue());
        b.append(" | killed ").append(c.killed().isEmpty() ? "none" : String.join(",", c.killed()));
        for (Map.Entry<String, Boolean> e : c.reaped().entrySet()) {
            b.append(" | ").append(e.getKey()).append(e.getValue() ? " reaped" : " not reaped");
        }
        if (c.panic()) b.append(" | PANIC");
        if (!c.stuck().isEmpty()) b.append(" | stuck ").append(String.join(",", c.stuck()));
        b.append(" | ").append(c.violations().isEmpty() ? "no violation" : String.join(",", c.violations()));
        return b.toString();
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) throw new IllegalArgumentException(option + " needs a value");
        return args[i];
    }

    private static int bad(PrintStream err, String message) {
        err.println("explore: " + message);
        err.println(USAGE);
        return BAD_INPUT;
    }
}
