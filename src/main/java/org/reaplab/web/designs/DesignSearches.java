package org.reaplab.web.designs;

import org.reaplab.designspace.DesignSearch;
import org.reaplab.designspace.DesignSpace;
import org.reaplab.designspace.SearchResult;
import org.reaplab.exploration.Explorer;
import org.reaplab.scenario.format.LibraryEntry;
import org.reaplab.scenario.format.ScenarioLibrary;
import org.reaplab.web.jobs.Futures;
import org.reaplab.web.jobs.JobService;
import org.reaplab.web.jobs.WorkStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The design-space search of the library for the page and the API. Computed once per library and
 * engine version: on the first request that needs it, on a background thread, and kept in memory and in
 * a file under {@code reaplab.designs.cache-dir} named by {@link DesignSearch#key}, so a restart reads
 * it back instead of searching again (settings: {@link DesignProperties}). Its explorations run as jobs of the {@link JobService} (one per
 * scenario, the app's own, queued behind cheaper work). While it computes, {@link #status} says how far it got.
 */
@Service
public class DesignSearches {
    private static final Logger log = LoggerFactory.getLogger(DesignSearches.class);

    private final DesignSpace space;
    private final Explorer.Options budget;
    private final Path cacheDir;
    private final JsonMapper json;
    private final JobService jobs;
    private final Executor coordinator;
    private Search search;

    public DesignSearches(DesignProperties properties, JsonMapper json, JobService jobs,
                          @Qualifier("searchExecutor") Executor coordinator) {
        this.jobs = jobs;
        this.coordinator = coordinator;
        DesignSpace s = DesignSpace.named(properties.space());
        if (s == null) {
            throw new IllegalArgumentException("reaplab.designs.space: unknown space '" + properties.space() + "'; one of "
                    + DesignSpace.names());
        }
        this.space = s;
        Explorer.Options b = DesignSearch.budget();
        if (properties.maxStates() > 0) b = b.withMaxStates(properties.maxStates());
        if (properties.maxSeconds() > 0) b = b.withMaxSeconds(properties.maxSeconds());
        this.budget = b;
        String dir = properties.cacheDir();
        this.cacheDir = dir == null || dir.isBlank() ? null : Path.of(dir);
        this.json = json;
    }

    public DesignSpace space() {
        return space;
    }

    /** Where the search is; starts it (or reads the cache) if nothing has yet, or retries a failed one when asked. */
    public WorkStatus<SearchResult> status(boolean retry) {
        Search s;
        synchronized (this) {
            if (search == null || (retry && search.failure != null)) {
                search = new Search(ScenarioLibrary.load());
                coordinator.execute(search::compute);
            }
            s = search;
        }
        return s.status();
    }

    /** The result, waiting at most {@code timeout}; null if it is not ready by then. */
    public SearchResult await(Duration timeout) {
        WorkStatus<SearchResult> st = status(true);
        if (st.ready()) return st.result();
        Search s;
        synchronized (this) {
            s = search;
        }
        return Futures.await(s.result, timeout,
                cause -> new IllegalStateException("the design search failed: " + cause.getMessage(), cause));
    }

    private final class Search {
        final List<LibraryEntry> entries;
        final long started = System.nanoTime();
        final CompletableFuture<SearchResult> result = new CompletableFuture<>();
        volatile int done, total;
        volatile long states, elapsedMillis;
        volatile boolean cached;
        volatile String failure;

        Search(List<LibraryEntry> entries) {
            this.entries = entries;
            this.total = entries.size() * space.designs().size();
        }

        void compute() {
            try {
                String key = DesignSearch.key(entries, space, budget);
                Path file = cacheDir == null ? null : cacheDir.resolve("designs-" + space.name() + "-" + key + ".json");
                SearchResult r = read(file);
                if (r != null) {
                    cached = true;
                } else {
                    // one job of the app's own (no client limit) per worker of the job queue, each taking designs until none is left
                    AtomicInteger n = new AtomicInteger();
                    Executor queue = task -> jobs.submit(new JobService.Spec<>("design-search", "designs:" + key + ":" + started + ":" + n.incrementAndGet(),
                            Long.MAX_VALUE / 2, null, progress -> {
                                task.run();
                                return null;
                            }));
                    r = DesignSearch.run(entries, space, budget, queue, jobs.stats().workers(), (d, t, st) -> {
                        done = d;
                        total = t;
                        states = st;
                    }, "");
                    write(file, r);
                    log.info("design search '{}': {} designs x {} scenarios in {} ms", space.name(), r.designs().size(),
                            r.scenarios().size(), r.wallMillis());
                }
                elapsedMillis = (System.nanoTime() - started) / 1_000_000;
                result.complete(r);
            } catch (RuntimeException | Error e) {
                elapsedMillis = (System.nanoTime() - started) / 1_000_000;
                failure = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                log.error("design search failed", e);
                result.completeExceptionally(e);
            }
        }

        WorkStatus<SearchResult> status() {
            SearchResult r = result.isDone() && !result.isCompletedExceptionally() ? result.join() : null;
            if (r != null) {
                return new WorkStatus<>(r, cached, r.cells(), r.cells(), r.distinctStates(),
                        cached ? elapsedMillis : r.wallMillis(), r.threads(), null);
            }
            long elapsed = failure != null ? elapsedMillis : (System.nanoTime() - started) / 1_000_000;
            return new WorkStatus<>(null, false, done, total, states, elapsed, jobs.stats().workers(), failure);
        }
    }

    private SearchResult read(Path file) {
        if (file == null || !Files.isRegularFile(file)) return null;
        try {
            return json.readValue(file.toFile(), SearchResult.class);
        } catch (RuntimeException e) {
            log.warn("ignoring unreadable design search cache {}: {}", file, e.getMessage());
            return null;
        }
    }

    private void write(Path file, SearchResult r) {
        if (file == null) return;
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), "designs-", ".tmp");
            json.writeValue(tmp.toFile(), r);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            log.warn("could not keep the design search in {}: {}", file, e.getMessage());
        }
    }
}
