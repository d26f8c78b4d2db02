package org.reaplab.web.verdicts;

import org.reaplab.exploration.ExplorationReport;
import org.reaplab.exploration.Explorer;
import org.reaplab.exploration.VerdictMatrix;
import org.reaplab.scenario.format.LibraryEntry;
import org.reaplab.scenario.ProcessSpec;
import org.reaplab.scenario.Scenario;
import org.reaplab.scenario.format.ScenarioLibrary;
import org.reaplab.storage.ScenarioStore;
import org.reaplab.storage.StoredScenario;
import org.reaplab.design.Design;
import org.reaplab.variant.Variant;
import org.reaplab.web.viewer.ViewDesign;
import org.reaplab.web.jobs.Job;
import org.reaplab.web.jobs.JobService;
import org.reaplab.web.jobs.WorkStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Exhaustive explorations for the pages and the API, as jobs of the {@link JobService}. Each is keyed
 * by (scenario id, design's canonical string, budgets), so asking again joins the job already waiting or running, and a
 * finished one answers at once while it is kept. The library's {@link VerdictMatrix} is one job per cell
 * (the app's own work, exempt from client limits), so a visitor's small exploration does not wait for
 * the whole matrix; while it computes, {@link #library()} says how far it got.
 */
@Service
public class Explorations {
    private static final Logger log = LoggerFactory.getLogger(Explorations.class);
    static final String KIND = "exploration";
    private static final long YIELD_EVERY_MILLIS = 10;

    private final ScenarioStore store;
    private final JobService jobs;
    private final ExploreProperties properties;
    private LibraryRun library;

    public Explorations(ScenarioStore store, JobService jobs, ExploreProperties properties) {
        this.store = store;
        this.jobs = jobs;
        this.properties = properties;
    }

    /** An exploration's estimated size, for the queue's order: operations times threads. */
    static long cost(Scenario s) {
        long threads = 0;
        for (ProcessSpec p : s.processes()) threads += Math.max(1, p.threads());
        long ops = 1;
        for (var program : s.programs().values()) ops += program.size();
        return ops * Math.max(1, threads);
    }

    // ------------------------------------------------------------------ the library matrix

    /**
     * Where the library matrix is: computed, computing (and how far), or failed. Starts the
     * computation if nothing has started it yet, or if it failed and {@code retry} is set.
     */
    public WorkStatus<VerdictMatrix> library(boolean retry) {
        LibraryRun run;
        synchronized (this) {
            if (library == null || (retry && library.failure != null)) library = new LibraryRun(ScenarioLibrary.load());
            run = library;
        }
        return run.status();
    }

    public WorkStatus<VerdictMatrix> library() {
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
        if (v == null) run.view = v = MatrixView.of(run.matrix, store, run.elapsedMillis, jobs.stats().workers());
        return v;
    }

    /** Completes with the library matrix (starting it if needed); never blocks the caller. */
    public CompletableFuture<VerdictMatrix> libraryFuture() {
        library(true);
        synchronized (this) {
            return library.result.copy();
        }
    }

    private final class LibraryRun {
        final List<LibraryEntry> entries;
        final List<List<Job<ExplorationReport>>> cells = new ArrayList<>();
        final int count;
        final long started = System.nanoTime();
        final CompletableFuture<VerdictMatrix> result = new CompletableFuture<>();
        volatile VerdictMatrix matrix;
        volatile MatrixView view;
        volatile String failure;
        volatile long elapsedMillis;

        LibraryRun(List<LibraryEntry> entries) {
            this.entries = entries;
            this.count = entries.size() * Variant.values().length;
            Explorer.Options lib = VerdictMatrix.libraryOptions();
            List<CompletableFuture<?>> all = new ArrayList<>();
            for (LibraryEntry e : entries) {
                List<Job<ExplorationReport>> row = new ArrayList<>();
                for (Variant v : Variant.values()) {
                    Job<ExplorationReport> job = submit(e.scenario(), e.scenario().name(), e.scenario().design(v.id), lib, null);
                    row.add(job);
                    all.add(job.future());
                }
                cells.add(row);
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).whenComplete((ok, err) -> finish(err));
        }

        private void finish(Throwable err) {
            elapsedMillis = (System.nanoTime() - started) / 1_000_000;
            if (err != null) {
                Throwable cause = err instanceof java.util.concurrent.CompletionException && err.getCause() != null ? err.getCause() : err;
                failure = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
                log.warn("verdict matrix of the library failed: {}", failure);
                result.completeExceptionally(cause);
                return;
            }
            List<VerdictMatrix.Row> rows = new ArrayList<>();
            for (int i = 0; i < entries.size(); i++) {
                Scenario s = entries.get(i).scenario();
                List<VerdictMatrix.Cell> row = new ArrayList<>();
                for (int j = 0; j < Variant.values().length; j++) {
                    ExplorationReport r = cells.get(i).get(j).resultNow();
                    row.add(new VerdictMatrix.Cell(s.name(), Variant.values()[j].id, VerdictMatrix.verdict(r), r));
                }
                rows.add(new VerdictMatrix.Row(s.name(), s.title(), entries.get(i).file(), List.copyOf(row)));
            }
            VerdictMatrix m = VerdictMatrix.of(Variant.ids(), rows);
            matrix = m;
            log.info("verdict matrix of the library: {} explorations in {} ms on {} job threads", count, elapsedMillis,
                    jobs.stats().workers());
            result.complete(m);
        }

        WorkStatus<VerdictMatrix> status() {
            int workers = jobs.stats().workers();
            VerdictMatrix m = matrix;
            long states = 0;
            int done = 0;
            for (List<Job<ExplorationReport>> row : cells) {
                for (Job<ExplorationReport> j : row) {
                    ExplorationReport r = j.done() && j.state() == Job.State.DONE ? j.resultNow() : null;
                    if (r != null) {
                        done++;
                        states += r.distinctStates();
                    } else if (j.progress() instanceof Progress p) {
                        states += p.states();
                    }
                }
            }
            long elapsed = m != null || failure != null ? elapsedMillis : (System.nanoTime() - started) / 1_000_000;
            return new WorkStatus<>(m, false, m != null ? count : Math.min(done, count), count, states, elapsed, workers, failure);
        }
    }

    // ------------------------------------------------------------------ one scenario, one variant

    /** The exploration of a stored scenario under a design, for the app itself (no client limit). */
    public Exploration explore(StoredScenario stored, ViewDesign variant) {
        return explore(stored, variant, null);
    }

    /**
     * The exploration of a stored scenario under a variant: the library matrix's cell when it has one,
     * else the job exploring it, joined or started now for {@code client}.
     *
     * @throws org.reaplab.web.jobs.JobRefused when the client has too many jobs or the queue is full
     */
    public Exploration explore(StoredScenario stored, ViewDesign variant, String client) {
        Exploration lib = fromLibrary(stored, variant);
        if (lib != null) return lib;
        Explorer.Options o = Explorer.Options.defaults().withMaxStates(properties.stateBudget())
                .withMaxSeconds(properties.maxSeconds());
        return new Exploration(stored.id(), variant, submit(stored.scenario(), stored.id(), variant.design(), o, client), null,
                o.maxStates(), o.maxSeconds(), jobs);
    }

    private Job<ExplorationReport> submit(Scenario scenario, String id, Design design, Explorer.Options o, String client) {
        // keyed by the design's knobs, so the same design named differently (a preset id, its canonical string) joins
        String key = KIND + "\n" + id + "\n" + design.canonical() + "\n" + o.maxStates() + "\n" + o.maxSeconds();
        long maxStates = o.maxStates();
        double maxSeconds = o.maxSeconds();
        // a visitor's exploration checks in every YIELD_EVERY_MILLIS and gives way to requests then (the library
        // matrix, the app's own work, does not: its budgets are figures on a page and must not depend on the load)
        boolean yields = client != null;
        return jobs.submit(new JobService.Spec<>(KIND, key, cost(scenario), client, progress -> {
            long started = System.nanoTime();
            Explorer.Progress hook = (states, frontier, transitions, depth) -> {
                progress.accept(new Progress(true, states, frontier, transitions, depth,
                        (System.nanoTime() - started) / 1_000_000, maxStates, maxSeconds, 0));
                if (yields) jobs.yieldToPages();
            };
            Explorer.Options withHook = new Explorer.Options(o.maxStates(), o.maxSeconds(), o.partialOrderReduction(), hook,
                    yields ? YIELD_EVERY_MILLIS : o.progressEveryMillis(), o.threads());
            return Explorer.explore(scenario, design, withHook);
        }));
    }

    private Exploration fromLibrary(StoredScenario stored, ViewDesign variant) {
        if (!stored.library()) return null;
        Variant preset = null;
        for (Variant v : Variant.values()) if (stored.scenario().design(v.id).equals(variant.design())) preset = v;
        if (preset == null) return null;
        LibraryRun run;
        synchronized (this) {
            run = library;
        }
        VerdictMatrix m = run == null ? null : run.matrix;
        VerdictMatrix.Cell cell = m == null ? null : m.cell(stored.id(), preset.id);
        if (cell == null) return null;
        Explorer.Options lib = VerdictMatrix.libraryOptions();
        return new Exploration(stored.id(), variant, null, cell.report(), lib.maxStates(), lib.maxSeconds(), jobs);
    }

    /** One exploration, finished or not: a job of the queue, or a cell of the library matrix. */
    public static final class Exploration {
        private final String scenarioId;
        private final ViewDesign variant;
        private final Job<ExplorationReport> job;
        private final ExplorationReport ready;
        private final long maxStates;
        private final double maxSeconds;
        private final JobService jobs;

        Exploration(String scenarioId, ViewDesign variant, Job<ExplorationReport> job, ExplorationReport ready, long maxStates,
                    double maxSeconds, JobService jobs) {
            this.scenarioId = scenarioId;
            this.variant = variant;
            this.job = job;
            this.ready = ready;
            this.maxStates = maxStates;
            this.maxSeconds = maxSeconds;
            this.jobs = jobs;
        }

        public String scenarioId() {
            return scenarioId;
        }

        /** The design explored, as it was asked for. */
        public ViewDesign variant() {
            return variant;
        }

        /** The job, or null for a cell of the library matrix (which is done). */
        public Job<ExplorationReport> job() {
            return job;
        }

        public boolean done() {
            return job == null || job.done();
        }

        /** The report, waiting at most {@code timeout}; null if it is not ready by then. Throws if the exploration failed. */
        public ExplorationReport await(Duration timeout) {
            return job == null ? ready : job.await(timeout);
        }

        /** The report if it is ready, else null. */
        public ExplorationReport report() {
            return job == null ? ready : job.resultNow();
        }

        /** Completes with the report, without blocking anyone. */
        public CompletableFuture<ExplorationReport> future() {
            return job == null ? CompletableFuture.completedFuture(ready) : job.future();
        }

        public Progress progress() {
            if (job == null) return new Progress(true, ready.distinctStates(), 0, ready.transitions(), ready.maxDepth(),
                    ready.elapsedMillis(), maxStates, maxSeconds, 0);
            if (job.progress() instanceof Progress p) return p;
            return new Progress(job.state() != Job.State.QUEUED, 0, 0, 0, 0, job.elapsedMillis(), maxStates, maxSeconds,
                    jobs.position(job));
        }
    }

    /**
     * Where a running exploration is, in the explorer's terms, and its budgets.
     *
     * @param position place in the job queue while it waits (1 = next), 0 once it runs
     */
    public record Progress(boolean started, long states, long frontier, long transitions, int depth, long elapsedMillis,
                           long maxStates, double maxSeconds, int position) {
        public long maxMillis() {
            return Math.round(maxSeconds * 1000);
        }
    }
}
