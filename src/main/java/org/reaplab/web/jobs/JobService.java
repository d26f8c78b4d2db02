package org.reaplab.web.jobs;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.reaplab.storage.ScenarioCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;

/**
 * The one executor for long work: explorations, the library's verdict matrix, design-space searches.
 * Work is submitted with a key (the same key joins the job already queued, running or recently
 * finished), an estimated cost and the client that asked. A fixed set of worker threads
 * ({@code reaplab.jobs.threads}) takes the cheapest waiting job first, except that a job waiting longer
 * than {@code reaplab.jobs.promote-after} goes first, so large jobs are delayed, never starved. A client
 * may have {@code per-client} jobs waiting or running, and at most {@code queue} jobs wait in all; work the
 * app submits itself (client null) is bounded by construction and exempt.
 */
public final class JobService {
    private static final Logger log = LoggerFactory.getLogger(JobService.class);

    /** The work of a job; {@code progress} takes whatever the work wants its watchers to see. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Consumer<Object> progress) throws Exception;
    }

    /**
     * @param kind   what it is ("exploration"), for logs and the API
     * @param key    what makes two submissions the same job
     * @param cost   estimated size (any unit, only the order matters): smaller goes first
     * @param client who asked (their limit applies), or null for the app's own work
     */
    public record Spec<T>(String kind, String key, long cost, String client, Work<T> work) {}

    /** How busy the queue is. */
    public record Stats(int workers, int running, int waiting, long finished) {}

    private final JobProperties properties;
    private final List<Thread> workers = new ArrayList<>();
    private final Map<String, Job<?>> active = new HashMap<>();
    private final List<Job<?>> waiting = new ArrayList<>();
    private final Cache<String, Job<?>> finished;
    private long seq;
    private int running;
    private volatile boolean stopped;
    private int generation;

    private final PagesFirst pagesFirst;
    private final ThreadFactory threads;

    /** A queue whose jobs never give way to requests, on plain threads (tools and tests without a web server). */
    public JobService(JobProperties properties) {
        this(properties, new PagesFirst(), r -> {
            Thread t = new Thread(r, "job");
            t.setDaemon(true);
            return t;
        });
    }

    /** @param threads makes the {@code reaplab.jobs.threads} workers (the app's {@code jobThreads}) */
    public JobService(JobProperties properties, PagesFirst pagesFirst, ThreadFactory threads) {
        this.properties = properties;
        this.pagesFirst = pagesFirst;
        this.threads = threads;
        this.finished = Caffeine.newBuilder().maximumSize(Math.max(1, properties.finished())).build();
        startWorkers();
    }

    /**
     * Starts the workers again after {@link #stop()}: a context that is stopped and started again (Spring pauses
     * cached test contexts this way) must not be left without workers.
     */
    public void start() {
        synchronized (this) {
            if (!stopped) return;
            stopped = false;
        }
        startWorkers();
    }

    private synchronized void startWorkers() {
        workers.clear();
        int generation = ++this.generation; // a worker of an earlier start ends when it sees a newer one
        for (int i = 0; i < properties.workers(); i++) {
            Thread t = threads.newThread(() -> work(generation));
            workers.add(t);
            t.start();
        }
    }

    /**
     * Called by a client's job where it can stop a moment (the explorer's progress hook): waits while requests
     * are being answered, at most {@code reaplab.jobs.yield-to-pages}, so jobs do not take the cores from the pages.
     */
    public void yieldToPages() {
        pagesFirst.pause(properties.yieldToPages());
    }

    /** The id a job with this key has: the same request always names the same job. */
    public static String idOf(String key) {
        return ScenarioCodec.sha256(key).substring(0, 16);
    }

    /** Starts the work, or joins the job with the same key that is waiting, running or recently done. */
    @SuppressWarnings("unchecked")
    public <T> Job<T> submit(Spec<T> spec) {
        String id = idOf(spec.key());
        Job<?> done = finished.getIfPresent(id);
        if (done != null) return (Job<T>) done;
        synchronized (this) {
            Job<?> same = active.get(spec.key());
            if (same != null) return (Job<T>) same;
            // a worker moves a job from active to finished under this lock: it may have done so since the look above
            same = finished.getIfPresent(id);
            if (same != null) return (Job<T>) same;
            if (stopped) throw new JobRefused(false, 0, "The server is shutting down.");
            if (spec.client() != null) {
                int mine = 0;
                for (Job<?> j : active.values()) if (spec.client().equals(j.client())) mine++;
                if (mine >= properties.perClient()) {
                    throw new JobRefused(true, properties.perClient(), "This client already has " + mine
                            + " jobs waiting or running, the limit (reaplab.jobs.per-client); wait for one to finish.");
                }
                int queued = 0;
                for (Job<?> j : waiting) if (j.client() != null) queued++;
                if (queued >= properties.queue()) {
                    throw new JobRefused(false, properties.queue(), "The job queue is full (" + queued
                            + " waiting, reaplab.jobs.queue); try again shortly.");
                }
            }
            Job<T> job = new Job<>(id, spec.key(), spec.kind(), Math.max(0, spec.cost()), spec.client(), seq++);
            runners.put(job, spec.work());
            active.put(spec.key(), job);
            waiting.add(job);
            notifyAll();
            return job;
        }
    }

    private final Map<Job<?>, Work<?>> runners = new HashMap<>();

    /** A job by id: waiting, running or recently finished. */
    public Optional<Job<?>> find(String id) {
        Job<?> done = finished.getIfPresent(id);
        if (done != null) return Optional.of(done);
        synchronized (this) {
            for (Job<?> j : active.values()) if (j.id().equals(id)) return Optional.of(j);
            // it may have finished since the look above (a worker moves it under this lock)
            return Optional.ofNullable(finished.getIfPresent(id));
        }
    }

    /** How many jobs would start before this one if nothing else arrived (0 when it is running or done). */
    public synchronized int position(Job<?> job) {
        if (job.state() != Job.State.QUEUED) return 0;
        List<Job<?>> order = new ArrayList<>(waiting);
        long now = System.nanoTime();
        order.sort((a, b) -> compare(a, b, now));
        int i = order.indexOf(job);
        return Math.max(0, i) + 1;
    }

    public synchronized Stats stats() {
        return new Stats(workers.size(), running, waiting.size(), finished.estimatedSize());
    }

    /** Older than promote-after first (oldest first), then cheapest, then first come. */
    private int compare(Job<?> a, Job<?> b, long now) {
        long promote = properties.promoteAfter().toNanos();
        boolean ao = now - a.submittedNanos > promote, bo = now - b.submittedNanos > promote;
        if (ao != bo) return ao ? -1 : 1;
        if (ao) return Long.compare(a.seq(), b.seq());
        int c = Long.compare(a.cost(), b.cost());
        return c != 0 ? c : Long.compare(a.seq(), b.seq());
    }

    private void work(int generation) {
        while (true) {
            Job<Object> job;
            Work<Object> work;
            synchronized (this) {
                while (waiting.isEmpty() && !stopped && generation == this.generation) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (stopped || generation != this.generation) return;
                long now = System.nanoTime();
                Job<?> next = waiting.get(0);
                for (Job<?> j : waiting) if (compare(j, next, now) < 0) next = j;
                waiting.remove(next);
                running++;
                @SuppressWarnings("unchecked") Job<Object> n = (Job<Object>) next;
                job = n;
                @SuppressWarnings("unchecked") Work<Object> w = (Work<Object>) runners.remove(next);
                work = w;
            }
            job.started();
            try {
                Object value = work.run(job::report);
                synchronized (this) {
                    // a stop fails the jobs in active under this lock: one it failed while its work ran is not a result to keep
                    if (!job.done()) finished.put(job.id(), job);
                    active.remove(job.key());
                    running--;
                }
                job.finish(value);
            } catch (Throwable t) {
                log.warn("{} {} failed: {}", job.kind(), job.key(), t.toString());
                synchronized (this) {
                    active.remove(job.key());
                    running--;
                }
                job.fail(t);
                if (t instanceof Error && !(t instanceof OutOfMemoryError)) throw (Error) t;
            }
        }
    }

    /** Stops the workers: waiting and running jobs fail (so nobody waits for them), running work is interrupted. */
    public void stop() {
        List<Thread> stopping;
        synchronized (this) {
            if (stopped) return;
            stopped = true;
            for (Job<?> j : active.values()) j.fail(new IllegalStateException("the server is shutting down"));
            // no worker will take these: left in active, a start after this stop would join them and count them to their client
            for (Job<?> j : waiting) {
                active.remove(j.key());
                runners.remove(j);
            }
            waiting.clear();
            notifyAll();
            stopping = List.copyOf(workers); // a start after this stop replaces the list: its new workers are not to be interrupted
        }
        for (Thread t : stopping) t.interrupt();
    }
}
