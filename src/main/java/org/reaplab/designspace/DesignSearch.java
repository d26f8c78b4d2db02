package org.reaplab.designspace;

import org.reaplab.design.Design;
import org.reaplab.design.Reads;
import org.reaplab.exploration.ExplorationReport;
import org.reaplab.exploration.Explorer;
import org.reaplab.scenario.format.LibraryEntry;
import org.reaplab.scenario.Scenario;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The design-space search: every scenario explored under every design of a space (each exploration
 * with its own budget), scored, ranked. Plain Java; the command line runs it on its own threads, the
 * web app on its executor.
 */
public final class DesignSearch {
    /** The workers' CPU clock: the budgets are wall time, so a loaded machine shows in wall time, not here. */
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    /** Explorations at once by default: this machine has two cores. */
    public static final int THREADS = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));

    /** Told after every finished exploration. */
    @FunctionalInterface
    public interface Progress {
        /**
         * @param done   explorations finished
         * @param total  explorations in all
         * @param states distinct states over the finished explorations
         */
        void update(int done, int total, long states);
    }

    private DesignSearch() {}

    /** The budget of each exploration: the library's largest cell needs about a tenth of it. */
    public static Explorer.Options budget() {
        return Explorer.Options.defaults().withMaxStates(1_000_000).withMaxSeconds(20);
    }

    /** Runs on {@link #THREADS} threads of its own. */
    public static SearchResult run(List<LibraryEntry> scenarios, DesignSpace space, Explorer.Options budget,
                                   Progress progress, String files) {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r, "design-search");
            t.setDaemon(true);
            return t;
        });
        try {
            return run(scenarios, space, budget, pool, THREADS, progress, files);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * @param executor runs the explorations: {@code threads} workers, each taking designs until none is left
     * @param threads  how many workers to give the executor (it should run that many at once)
     * @param files    how the scenarios were named on the command line, for the reproducing command
     */
    public static SearchResult run(List<LibraryEntry> scenarios, DesignSpace space, Explorer.Options budget,
                                   Executor executor, int threads, Progress progress, String files) {
        long start = System.nanoTime();
        List<DesignPoint> designs = new ArrayList<>(space.designs());
        DesignPoint reference = DesignEngine.reference();
        boolean extraReference = designs.stream().noneMatch(d -> d.id().equals(reference.id()));
        if (extraReference) designs.add(reference);
        int total = scenarios.size() * designs.size();
        Explorer.Options options = budget.withProgress(null);

        // the explorations: see Schedule (biggest first, the last ones shared) and Memo (reuse)
        Schedule schedule = new Schedule(scenarios, designs, options, total, progress);
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        for (int w = 0; w < Math.max(1, threads); w++) futures.add(CompletableFuture.runAsync(schedule::work, executor));
        try {
            for (CompletableFuture<Void> f : futures) f.join();
        } catch (CompletionException e) {
            schedule.abort();
            for (CompletableFuture<Void> f : futures) f.cancel(true);
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException("design search failed: " + cause, cause);
        }
        List<List<ScenarioScore>> byScenario = new ArrayList<>();
        for (Work w : schedule.work) byScenario.add(List.of(w.out));
        // scores[design][scenario]
        List<List<ScenarioScore>> scores = new ArrayList<>();
        for (int j = 0; j < designs.size(); j++) {
            List<ScenarioScore> row = new ArrayList<>();
            for (List<ScenarioScore> sc : byScenario) row.add(sc.get(j));
            scores.add(row);
        }

        // race scenarios: under today's kernel, whether the call frees the memory depends on the schedule
        List<ScenarioScore> ref = scores.get(indexOf(designs, reference));
        Set<String> races = new LinkedHashSet<>();
        List<SearchResult.ScenarioInfo> infos = new ArrayList<>();
        for (int i = 0; i < scenarios.size(); i++) {
            ScenarioScore s = ref.get(i);
            boolean race = s.requests() && s.complete() && s.freedEnds() > 0 && s.freedEnds() < s.ends();
            if (race) races.add(s.scenario());
            Scenario sc = scenarios.get(i).scenario();
            infos.add(new SearchResult.ScenarioInfo(sc.name(), sc.title(), scenarios.get(i).file(), s.requests(), race));
        }

        List<DesignScore> cards = new ArrayList<>();
        int inSpace = space.designs().size();
        for (int j = 0; j < inSpace; j++) cards.add(Ranking.scorecard(designs.get(j), scores.get(j), races));
        List<DesignScore> ranked = Ranking.rank(cards);

        List<SearchResult.Row> rows = new ArrayList<>();
        for (int i = 0; i < scenarios.size(); i++) {
            List<SearchResult.Cell> cells = new ArrayList<>();
            for (DesignScore d : ranked) {
                ScenarioScore s = scores.get(indexOf(designs, d.id())).get(i);
                cells.add(new SearchResult.Cell(d.id(), s.verdict(), s.violations(), s.frees(), s.collateral(),
                        s.misleading()));
            }
            rows.add(new SearchResult.Row(scenarios.get(i).scenario().name(), List.copyOf(cells)));
        }
        String sentence = Ranking.sentence(ranked, scenarios.size());
        long wall = (System.nanoTime() - start) / 1_000_000;
        return new SearchResult(space.name(), files, key(scenarios, space, budget), DesignEngine.ENGINE_VERSION,
                List.copyOf(infos), ranked, List.copyOf(rows), sentence, wall, schedule.cpuMillis(), threads, total, schedule.explorations(),
                schedule.states(), budget.maxStates(), budget.maxSeconds());
    }

    /**
     * Who explores what next. Every scenario's designs are explored in order, each exploration reused by
     * every later design that agrees with it on every knob it read ({@link Memo}). A worker first explores
     * each scenario's first design (today's kernel, the reference): its distinct states estimate what one
     * exploration of the scenario costs. Then it takes the next design of the scenario with the most work
     * left (estimate times designs not yet taken), divided among the workers already on it plus one: the
     * biggest scenarios start first and run side by side, and when no scenario is left unstarted an idle
     * worker joins the one with the most left instead of waiting, so no core idles at the end. Two workers
     * on one scenario may both explore designs one exploration would have served; the reports are
     * identical (the engine is deterministic), so the scores are too, and the counts ({@link #explorations},
     * {@link #states}) count such an exploration once, as a single worker would have.
     */
    private static final class Schedule {
        final List<Work> work = new ArrayList<>();
        private final List<DesignPoint> designs;
        private final Explorer.Options options;
        private final int total;
        private final Progress progress;
        private int done, probed;
        /** Distinct states over the explorations finished so far (progress only). */
        private long running;
        /** CPU time the workers spent exploring and scoring. */
        private long cpuNanos;
        private boolean aborted;

        Schedule(List<LibraryEntry> scenarios, List<DesignPoint> designs, Explorer.Options options, int total, Progress progress) {
            this.designs = designs;
            this.options = options;
            this.total = total;
            this.progress = progress;
            for (LibraryEntry e : scenarios) work.add(new Work(e, designs.size()));
        }

        /** One worker: takes designs until none is left. */
        void work() {
            while (true) {
                Work w;
                int j;
                synchronized (this) {
                    if (aborted) return;
                    w = next();
                    if (w == null) return;
                    j = w.next++;
                    w.workers++;
                }
                long cpu = CPU.getCurrentThreadCpuTime();
                try {
                    run(w, j);
                } finally {
                    long spent = CPU.getCurrentThreadCpuTime() - cpu;
                    synchronized (this) {
                        w.workers--;
                        cpuNanos += spent;
                    }
                }
            }
        }

        synchronized long cpuMillis() {
            return cpuNanos / 1_000_000;
        }

        synchronized void abort() {
            aborted = true;
        }

        /** The first scenario not probed yet; else the one with the most work left per worker. */
        private Work next() {
            while (probed < work.size()) {
                Work w = work.get(probed++);
                if (w.next == 0) return w;
            }
            Work best = null;
            double most = 0;
            for (Work w : work) {
                if (w.next >= designs.size()) continue;
                double left = (double) w.weight * (designs.size() - w.next) / (w.workers + 1);
                if (best == null || left > most) {
                    best = w;
                    most = left;
                }
            }
            return best;
        }

        private void run(Work w, int j) {
            DesignPoint d = DesignEngine.asRead(w.entry.scenario(), designs.get(j));
            ExplorationReport r = w.reuse(d);
            boolean explored = r == null;
            if (explored) {
                DesignEngine.Explored x = DesignEngine.explore(w.entry.scenario(), d, options);
                r = x.report();
                w.remember(new Memo(j, d, x.reads(), r));
            }
            w.out[j] = Scoring.score(w.entry.scenario(), d, r);
            int n;
            long st;
            synchronized (this) {
                if (j == 0) w.weight = Math.max(1, r.distinctStates());
                if (explored) running += r.distinctStates();
                n = ++done;
                st = running;
            }
            if (progress != null) progress.update(n, total, st);
        }

        /** The explorations a single worker would have run. */
        synchronized int explorations() {
            int n = 0;
            for (Work w : work) n += w.distinct().size();
            return n;
        }

        /** Distinct states over those explorations. */
        synchronized long states() {
            long s = 0;
            for (Work w : work) for (Memo m : w.distinct()) s += m.report.distinctStates();
            return s;
        }
    }

    /** One scenario: its designs' scores, the next design to take, the explorations so far. */
    private static final class Work {
        final LibraryEntry entry;
        final ScenarioScore[] out;
        int next, workers;
        long weight = 1;
        private final List<Memo> memo = new ArrayList<>();

        Work(LibraryEntry entry, int designs) {
            this.entry = entry;
            this.out = new ScenarioScore[designs];
        }

        synchronized ExplorationReport reuse(DesignPoint d) {
            ExplorationReport r = null;
            for (Memo m : memo) if (m.fits(d)) r = m.report;
            return r;
        }

        synchronized void remember(Memo m) {
            memo.add(m);
        }

        /** The explorations that no exploration of an earlier design fits: the ones a single worker runs. */
        synchronized List<Memo> distinct() {
            List<Memo> sorted = new ArrayList<>(memo);
            sorted.sort((a, b) -> Integer.compare(a.index, b.index));
            List<Memo> out = new ArrayList<>();
            for (Memo m : sorted) {
                boolean reused = false;
                for (Memo o : out) reused |= o.fits(m.design);
                if (!reused) out.add(m);
            }
            return out;
        }
    }

    /**
     * An exploration and what it asked its design. The engine is deterministic and every choice it makes
     * depends only on the answers it got, so a design that gives the same answers explores the same way:
     * the same states, classes and counterexamples (by induction over the steps of the search).
     */
    private record Memo(int index, Design design, Reads reads, ExplorationReport report) {
        Memo(int index, DesignPoint d, Reads reads, ExplorationReport report) {
            this(index, d.design(), reads, report);
        }

        boolean fits(DesignPoint d) {
            return fits(d.design());
        }

        boolean fits(Design other) {
            return reads.admits(other);
        }
    }

    private static int indexOf(List<DesignPoint> designs, DesignPoint d) {
        return indexOf(designs, d.id());
    }

    private static int indexOf(List<DesignPoint> designs, String id) {
        for (int i = 0; i < designs.size(); i++) if (designs.get(i).id().equals(id)) return i;
        return -1;
    }

    /**
     * What a result is computed from: the scenarios (their parsed content), the space's designs, the
     * budgets and the engine: its version constant and what it does, i.e. the outcome of every scenario's
     * own schedule under every preset (a few hundred short runs), so an engine whose semantics changed
     * gets a new key even if nobody bumped the constant. Equal keys, equal results.
     */
    public static String key(List<LibraryEntry> scenarios, DesignSpace space, Explorer.Options budget) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(("engine " + DesignEngine.ENGINE_VERSION + "\nspace " + space.name() + "\n").getBytes(StandardCharsets.UTF_8));
            for (DesignPoint d : space.designs()) md.update((d.id() + "\n").getBytes(StandardCharsets.UTF_8));
            md.update(("budget " + budget.maxStates() + " " + budget.maxSeconds() + " " + budget.partialOrderReduction() + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            for (LibraryEntry e : scenarios) {
                md.update((e.scenario().toString() + "\n").getBytes(StandardCharsets.UTF_8));
                for (DesignPoint p : DesignEngine.presets()) {
                    md.update((DesignEngine.outcome(e.scenario(), DesignEngine.asRead(e.scenario(), p)) + "\n").getBytes(StandardCharsets.UTF_8));
                }
            }
            return HexFormat.of().formatHex(md.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
