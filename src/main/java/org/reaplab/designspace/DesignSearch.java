package org.reaplab.designspace;

import org.reaplab.exploration.ExplorationReport;
import org.reaplab.exploration.Explorer;
import org.reaplab.scenario.format.LibraryEntry;
import org.reaplab.scenario.Scenario;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The design-space search: every scenario explored under every design of a space (each exploration
 * with its own budget), scored, ranked. Plain Java; the command line runs it on its own threads, the
 * web app on its executor.
 */
public final class DesignSearch {
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
     * @param executor runs the explorations (one task per scenario, its designs in turn)
     * @param threads  how many of them the executor runs at once (reported only)
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
        AtomicInteger done = new AtomicInteger();
        AtomicLong states = new AtomicLong();
        Explorer.Options options = budget.withProgress(null);

        // one task per scenario: its designs in order, each exploration reused by every later design that
        // agrees with it on every knob the exploration read (see DesignEngine.Explored)
        List<CompletableFuture<List<ScenarioScore>>> futures = new ArrayList<>();
        AtomicInteger explorations = new AtomicInteger();
        for (LibraryEntry e : scenarios) {
            futures.add(CompletableFuture.supplyAsync(() -> {
                List<ScenarioScore> out = new ArrayList<>();
                List<Memo> memo = new ArrayList<>();
                for (DesignPoint d : designs) {
                    ExplorationReport r = null;
                    for (Memo m : memo) if (m.fits(d)) r = m.report;
                    if (r == null) {
                        DesignEngine.Explored x = DesignEngine.explore(e.scenario(), d, options);
                        r = x.report();
                        memo.add(new Memo(d, x.reads(), r));
                        explorations.incrementAndGet();
                        states.addAndGet(r.distinctStates());
                    }
                    out.add(Scoring.score(e.scenario(), d, r));
                    int n = done.incrementAndGet();
                    if (progress != null) progress.update(n, total, states.get());
                }
                return out;
            }, executor));
        }
        List<List<ScenarioScore>> byScenario = new ArrayList<>();
        try {
            for (CompletableFuture<List<ScenarioScore>> f : futures) byScenario.add(f.join());
        } catch (CompletionException e) {
            for (CompletableFuture<List<ScenarioScore>> f : futures) f.cancel(true);
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException("design search failed: " + cause, cause);
        }
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
                List.copyOf(infos), ranked, List.copyOf(rows), sentence, wall, threads, total, explorations.get(), states.get(),
                budget.maxStates(), budget.maxSeconds());
    }

    /**
     * An exploration and the knobs it read. The engine is deterministic and every choice it makes depends
     * only on the knobs it reads, so a design with the same values on those knobs explores the same way:
     * the same states, classes and counterexamples (by induction over the steps of the search).
     */
    private record Memo(Map<String, String> knobs, long reads, ExplorationReport report) {
        Memo(DesignPoint d, long reads, ExplorationReport report) {
            this(d.knobs(), reads, report);
        }

        boolean fits(DesignPoint d) {
            int i = 0;
            for (Map.Entry<String, String> e : d.knobs().entrySet()) {
                if ((reads & (1L << i)) != 0 && !e.getValue().equals(knobs.get(e.getKey()))) return false;
                i++;
            }
            return true;
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
                    md.update((DesignEngine.outcome(e.scenario(), p) + "\n").getBytes(StandardCharsets.UTF_8));
                }
            }
            return HexFormat.of().formatHex(md.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
