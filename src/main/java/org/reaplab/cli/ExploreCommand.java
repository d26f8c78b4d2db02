package org.reaplab.cli;

import org.reaplab.exploration.Counterexample;
import org.reaplab.exploration.ExplorationReport;
import org.reaplab.exploration.Explorer;
import org.reaplab.exploration.OutcomeClass;
import org.reaplab.scenario.Scenario;
import org.reaplab.simulation.Simulation;
import org.reaplab.design.Design;
import org.reaplab.design.DesignException;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;

/**
 * {@code explore FILE... [--variant V|--all-variants] [--max-states N] [--max-seconds S] [--json] [--no-reduction] [--threads T]}.
 * A search that stays narrow stores every state (sleep sets); one whose breadth-first levels grow wider than
 * {@link Explorer#PERSISTENT_SETS_WIDER_THAN} starts again following persistent sets of threads (fewer states,
 * the same verdicts, outcome classes and shortest counterexamples); {@code --no-reduction} stores every
 * reachable state. Like a model checker it exits 0 when no schedule violates an invariant, 1 when one does (printing
 * each shortest counterexample and the violating step of its replay), 3 when a budget ran out before
 * any violation was found, and 2 on bad input.
 */
final class ExploreCommand implements Command {
    static final int OK = 0, VIOLATED = 1, BAD_INPUT = 2, INCOMPLETE = 3;

    private final ScenarioFiles.Loader loader;

    ExploreCommand() {
        this(ScenarioFiles::load);
    }

    ExploreCommand(ScenarioFiles.Loader loader) {
        this.loader = loader;
    }

    @Override
    public String name() {
        return "explore";
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
        List<List<Option>> out = new ArrayList<>(DesignArgs.options(Option.flag("--all-variants")));
        out.addAll(List.of(List.of(Option.valued("--max-states", "N")), List.of(Option.valued("--max-seconds", "S")),
                List.of(Option.flag("--json")), List.of(Option.flag("--no-reduction")), List.of(Option.valued("--threads", "T"))));
        return out;
    }

    @Override
    public int run(Args args, PrintStream out, PrintStream err) {
        DesignArgs design = DesignArgs.of(args);
        boolean allVariants = args.flag("--all-variants"), json = args.flag("--json");
        if (allVariants && !args.values("--set").isEmpty()) throw new Args.BadArgs("--set and --all-variants exclude each other");
        if (!design.load(err, "explore")) return BAD_INPUT;
        Future<ObjectWriter> writer = json ? jsonWriter() : null;
        Explorer.Options options = Explorer.Options.defaults()
                .withMaxStates(args.positiveLong("--max-states", Explorer.DEFAULT_MAX_STATES))
                .withMaxSeconds(args.positiveDouble("--max-seconds", Explorer.DEFAULT_MAX_SECONDS))
                .withReduction(!args.flag("--no-reduction"))
                .withPersistentSets(true) // states removed, verdicts kept; --no-reduction stores every state
                .withPersistentSetsWiderThan(Explorer.PERSISTENT_SETS_WIDER_THAN) // small searches: sleep sets, every state
                .withThreads((int) Math.min(64, args.positiveLong("--threads", Runtime.getRuntime().availableProcessors())));
        List<Scenario> scenarios = new ArrayList<>();
        boolean problems = false;
        for (String f : args.operands()) {
            Scenario s = ScenarioFiles.read(loader, f, err);
            if (s == null) problems = true;
            else scenarios.add(s);
        }
        if (problems) return BAD_INPUT;

        // one task per scenario × variant; several cells share the threads one cell each (small searches
        // scale better side by side), a single cell gets them all
        record Cell(Scenario scenario, Design variant) {}
        List<Cell> cells = new ArrayList<>();
        for (Scenario s : scenarios) {
            try {
                if (allVariants) {
                    for (String name : DesignArgs.allDesigns(s)) cells.add(new Cell(s, s.design(name)));
                } else {
                    cells.add(new Cell(s, design.resolve(s)));
                }
            } catch (DesignException e) {
                throw new Args.BadArgs(s.name() + ": bad design: " + e.getMessage());
            }
        }
        int threads = options.threads();
        List<ExplorationReport> reports = new ArrayList<>();
        ExecutorService pool = cells.size() > 1 && threads > 1 ? Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "explore");
            t.setDaemon(true);
            return t;
        }) : null;
        try {
            List<Future<ExplorationReport>> futures = new ArrayList<>();
            for (Cell c : cells) {
                Explorer.Options o = options.withProgress(progress(err, c.scenario(), c.variant()));
                futures.add(pool == null ? CompletableFuture.completedFuture(Explorer.explore(c.scenario(), c.variant(), o))
                        : pool.submit(() -> Explorer.explore(c.scenario(), c.variant(), o.withThreads(1))));
                if (pool == null && !json) print(out, c.scenario(), c.variant(), futures.get(futures.size() - 1).get());
            }
            for (int i = 0; i < cells.size(); i++) {
                ExplorationReport r = futures.get(i).get();
                reports.add(r);
                if (pool != null && !json) print(out, cells.get(i).scenario(), cells.get(i).variant(), r);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while exploring", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new IllegalStateException("exploration failed: " + e.getCause(), e.getCause());
        } finally {
            if (pool != null) pool.shutdownNow();
        }
        int code = exitCode(reports);
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("exitCode", code);
            doc.put("reports", reports);
            try {
                out.println(writer.get().writeValueAsString(doc));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while writing the reports", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("no JSON writer: " + e.getCause(), e.getCause());
            }
        } else {
            out.println(switch (code) {
                case OK -> "No schedule violates an invariant.";
                case VIOLATED -> "Invariants violated: see the counterexamples above.";
                default -> "A budget ran out before the search was complete; no violation found so far.";
            });
        }
        return code;
    }

    /**
     * The writer of {@code --json}, made on a thread of its own while the search runs: Jackson finds the
     * reports' serializers by reflection, about 0.1 s the first time in a fresh JVM.
     */
    private static Future<ObjectWriter> jsonWriter() {
        FutureTask<ObjectWriter> task = new FutureTask<>(() -> {
            JsonMapper mapper = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
            for (Class<?> type : new Class<?>[] {ExplorationReport.class, OutcomeClass.class, Counterexample.class}) mapper.writerFor(type);
            return mapper.writer();
        });
        Thread t = new Thread(task, "json-writer");
        t.setDaemon(true);
        t.start();
        return task;
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
        out.printf("  %,d %s, %,d transitions (%,d pruned by reduction), depth %d, %,d complete schedules, %.2f s, %,.0f states/s%n",
                r.distinctStates(), r.persistentSets() ? "states (persistent sets; --no-reduction stores every state)" : "distinct states",
                r.transitions(), r.prunedTransitions(), r.maxDepth(), r.completeSchedules(),
                r.elapsedMillis() / 1000.0, r.statesPerSecond());
        out.printf("  %d outcome class%s:%n", r.outcomeClasses().size(), r.outcomeClasses().size() == 1 ? "" : "es");
        for (OutcomeClass c : r.outcomeClasses()) out.println("    " + describe(c));
        for (Counterexample c : r.counterexamples()) {
            out.printf("  VIOLATION %s at step %d: %s%n", c.invariant(), c.step(), c.detail());
            out.println("    schedule: " + String.join(" ", c.schedule()));
            if (c.at() != null) out.printf("    step %d, %s in %s: %s%n", c.step(), c.at().thread(), c.at().function(), c.at().text());
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
}
