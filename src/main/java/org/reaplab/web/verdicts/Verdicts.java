package org.reaplab.web.verdicts;

import jakarta.annotation.PreDestroy;
import org.reaplab.exploration.ExplorationReport;
import org.reaplab.exploration.Explorer;
import org.reaplab.exploration.VerdictMatrix;
import org.reaplab.scenario.LibraryEntry;
import org.reaplab.scenario.ScenarioLibrary;
import org.reaplab.storage.ScenarioStore;
import org.reaplab.storage.StoredScenario;
import org.reaplab.variant.Variant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Exhaustive explorations for the pages and the API. The library's {@link VerdictMatrix} is computed
 * once, on a background thread started by the first request that needs it, and kept (the library
 * is static); while it computes, {@link #library()} says how far it got. Any stored scenario (uploads
 * too) can be explored under one variant on demand, with the budgets {@code reaplab.explore.max-states}
 * and {@code reaplab.explore.max-seconds}; reports are kept per (scenario id, variant).
 */
@Service
public class Verdicts {
    private static final Logger log = LoggerFactory.getLogger(Verdicts.class);

    private final ScenarioStore store;
    private final Explorer.Options options;
    private final int libraryThreads;
    private final int keep;
    private final ExecutorService explorer;

    private LibraryRun library;
    private final Map<Key, Exploration> explorations;

    public Verdicts(ScenarioStore store, @Value("${reaplab.explore.max-states:2000000}") long maxStates,
                    @Value("${reaplab.explore.max-seconds:30}") double maxSeconds,
                    @Value("${reaplab.explore.threads:1}") int threads,
                    @Value("${reaplab.explore.cached-reports:64}") int keep) {
        this.store = store;
        this.options = Explorer.Options.defaults().withMaxStates(maxStates).withMaxSeconds(maxSeconds);
        this.libraryThreads = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
        this.keep = Math.max(1, keep);
        AtomicInteger n = new AtomicInteger();
        this.explorer = Executors.newFixedThreadPool(Math.max(1, threads), r -> daemon(r, "explore-" + n.incrementAndGet()));
        this.explorations = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Exploration> eldest) {
                return size() > Verdicts.this.keep;
            }
        };
    }

    // ------------------------------------------------------------------ the library matrix

    /**
     * Where the library matrix is: computed, computing (and how far), or failed. Starts the
     * computation if nothing has started it yet, or if it failed and {@code retry} is set.
     */
    public LibraryStatus library(boolean retry) {
        LibraryRun run;
        synchronized (this) {
            if (library == null || (retry && library.failure != null)) {
                library = new LibraryRun(ScenarioLibrary.load());
                Thread t = daemon(library::compute, "verdict-matrix-library");
                t.start();
            }
            run = library;
        }
        return run.status();
    }

    public LibraryStatus library() {
        return library(false);
    }

    /** The library matrix as the pages show it, once it is computed; null until then. */
    public MatrixView libraryView() {
        LibraryRun run;
        synchronized (this) {
            run = library;
        }
        if (run == null || run.matrix == null) return null;
        MatrixView v = run.view;
        if (v == null) run.view = v = MatrixView.of(run.matrix, store, run.elapsedMillis, libraryThreads);
        return v;
    }

    /** The library matrix, waiting at most {@code timeout} for it; null if it is not ready by then. */
    public VerdictMatrix awaitLibrary(Duration timeout) {
        LibraryStatus s = library(true);
        if (s.ready()) return s.matrix();
        LibraryRun run;
        synchronized (this) {
            run = library;
        }
        try {
            return run.result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException e) {
            throw new IllegalStateException("the library matrix failed: " + e.getCause(), e.getCause());
        }
    }

    /**
     * How far the library matrix got.
     *
     * @param matrix        the matrix once computed, else null
     * @param done          explorations finished
     * @param cells         explorations in all (scenarios × variants)
     * @param states        distinct states stored so far, over every exploration
     * @param elapsedMillis since the computation started, or how long it took
     * @param threads       explorations run at once
     * @param failure       why it failed, or null
     */
    public record LibraryStatus(VerdictMatrix matrix, int done, int cells, long states, long elapsedMillis, int threads,
                                String failure) {
        public boolean ready() {
            return matrix != null;
        }

        public boolean failed() {
            return failure != null;
        }

        public int percent() {
            return cells == 0 ? 0 : (int) (100L * done / cells);
        }
    }

    private final class LibraryRun {
        final List<LibraryEntry> entries;
        final int cells;
        final long started = System.nanoTime();
        final CompletableFuture<VerdictMatrix> result = new CompletableFuture<>();
        final AtomicInteger done = new AtomicInteger();
        final AtomicLong doneStates = new AtomicLong();
        /** The states of the exploration each worker thread is running. */
        final ConcurrentHashMap<Thread, Long> running = new ConcurrentHashMap<>();
        volatile VerdictMatrix matrix;
        volatile MatrixView view;
        volatile String failure;
        volatile long elapsedMillis;

        LibraryRun(List<LibraryEntry> entries) {
            this.entries = entries;
            this.cells = entries.size() * Variant.values().length;
        }

        /**
         * Told by every exploration of the matrix, on the thread running it. The explorer's last word on
         * a finished search has an empty frontier; while it searches the frontier is never empty.
         */
        void progress(long states, long frontier, long transitions, int depth) {
            Thread t = Thread.currentThread();
            if (frontier == 0) {
                running.remove(t);
                done.incrementAndGet();
                doneStates.addAndGet(states);
            } else {
                running.put(t, states);
            }
        }

        void compute() {
            try {
                Explorer.Options o = VerdictMatrix.libraryOptions().withProgress(this::progress);
                VerdictMatrix m = VerdictMatrix.compute(entries.stream().map(LibraryEntry::scenario).toList(),
                        entries.stream().map(LibraryEntry::file).toList(), List.of(Variant.values()), o, libraryThreads);
                elapsedMillis = (System.nanoTime() - started) / 1_000_000;
                matrix = m;
                log.info("verdict matrix of the library: {} explorations in {} ms on {} threads", cells, elapsedMillis, libraryThreads);
                result.complete(m);
            } catch (RuntimeException | Error e) {
                elapsedMillis = (System.nanoTime() - started) / 1_000_000;
                failure = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                log.error("verdict matrix of the library failed", e);
                result.completeExceptionally(e);
            }
        }

        LibraryStatus status() {
            VerdictMatrix m = matrix;
            if (m != null) {
                long states = 0;
                for (VerdictMatrix.Row r : m.rows()) for (VerdictMatrix.Cell c : r.cells()) states += c.report().distinctStates();
                return new LibraryStatus(m, cells, cells, states, elapsedMillis, libraryThreads, null);
            }
            long states = doneStates.get();
            for (long s : running.values()) states += s;
            long elapsed = failure != null ? elapsedMillis : (System.nanoTime() - started) / 1_000_000;
            return new LibraryStatus(null, Math.min(done.get(), cells), cells, states, elapsed, libraryThreads, failure);
        }
    }

    // ------------------------------------------------------------------ one scenario, one variant

    private record Key(String scenarioId, String variant) {}

    /**
     * The exploration of a stored scenario under a variant: the cached one, the library matrix's cell,
     * or a new one queued now.
     */
    public Exploration explore(StoredScenario stored, Variant variant) {
        Key key = new Key(stored.id(), variant.id);
        synchronized (explorations) {
            Exploration e = explorations.get(key);
            if (e != null) return e;
        }
        Exploration e = fromLibrary(stored, variant);
        boolean queue = false;
        synchronized (explorations) {
            Exploration other = explorations.get(key);
            if (other != null) return other;
            if (e == null) {
                e = new Exploration(stored.id(), variant, options.maxStates(), options.maxSeconds());
                queue = true;
            }
            explorations.put(key, e);
        }
        if (queue) {
            Exploration mine = e;
            explorer.execute(() -> run(stored, mine));
        }
        return e;
    }

    private Exploration fromLibrary(StoredScenario stored, Variant variant) {
        if (!stored.library()) return null;
        LibraryRun run;
        synchronized (this) {
            run = library;
        }
        VerdictMatrix m = run == null ? null : run.matrix;
        VerdictMatrix.Cell cell = m == null ? null : m.cell(stored.id(), variant.id);
        if (cell == null) return null;
        Explorer.Options lib = VerdictMatrix.libraryOptions();
        Exploration e = new Exploration(stored.id(), variant, lib.maxStates(), lib.maxSeconds());
        e.result.complete(cell.report());
        return e;
    }

    private void run(StoredScenario stored, Exploration e) {
        e.started = System.nanoTime();
        try {
            ExplorationReport r = Explorer.explore(stored.scenario(), e.variant, options.withProgress(e::progress));
            e.result.complete(r);
        } catch (RuntimeException | Error ex) {
            log.warn("exploring {} under {} failed", stored.id(), e.variant.id, ex);
            synchronized (explorations) {
                explorations.remove(new Key(stored.id(), e.variant.id), e);
            }
            e.result.completeExceptionally(ex);
        }
    }

    /** One exploration, finished or not. */
    public static final class Exploration {
        private final String scenarioId;
        private final Variant variant;
        private final long maxStates;
        private final double maxSeconds;
        private final CompletableFuture<ExplorationReport> result = new CompletableFuture<>();
        private volatile long started;
        private volatile long states, frontier, transitions;
        private volatile int depth;

        Exploration(String scenarioId, Variant variant, long maxStates, double maxSeconds) {
            this.scenarioId = scenarioId;
            this.variant = variant;
            this.maxStates = maxStates;
            this.maxSeconds = maxSeconds;
        }

        void progress(long states, long frontier, long transitions, int depth) {
            this.states = states;
            this.frontier = frontier;
            this.transitions = transitions;
            this.depth = depth;
        }

        public String scenarioId() {
            return scenarioId;
        }

        public Variant variant() {
            return variant;
        }

        public boolean done() {
            return result.isDone();
        }

        /** The report, waiting at most {@code timeout}; null if it is not ready by then. Throws if the exploration failed. */
        public ExplorationReport await(Duration timeout) {
            try {
                return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            } catch (ExecutionException e) {
                throw new IllegalStateException("exploring " + scenarioId + " under " + variant.id + " failed: "
                        + e.getCause().getMessage(), e.getCause());
            }
        }

        /** The report if it is ready, else null. */
        public ExplorationReport report() {
            return done() ? await(Duration.ZERO) : null;
        }

        public Progress progress() {
            long s = started;
            return new Progress(s != 0, states, frontier, transitions, depth,
                    s == 0 ? 0 : (System.nanoTime() - s) / 1_000_000, maxStates, maxSeconds);
        }
    }

    /** Where a running exploration is, in the explorer's terms, and its budgets. */
    public record Progress(boolean started, long states, long frontier, long transitions, int depth, long elapsedMillis,
                           long maxStates, double maxSeconds) {
        public long maxMillis() {
            return Math.round(maxSeconds * 1000);
        }
    }

    @PreDestroy
    void stop() {
        explorer.shutdownNow();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
