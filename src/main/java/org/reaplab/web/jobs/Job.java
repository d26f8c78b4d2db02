package org.reaplab.web.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * One piece of long work in the {@link JobService}: queued, running, done or failed, with what it last
 * said about its progress and, once done, its result.
 *
 * @param <T> the result
 */
public final class Job<T> {
    public enum State { QUEUED, RUNNING, DONE, FAILED }

    private final String id;
    private final String key;
    private final String kind;
    private final long cost;
    private final String client;
    private final long seq;
    private final Instant submitted = Instant.now();
    final long submittedNanos = System.nanoTime();
    final CompletableFuture<T> result = new CompletableFuture<>();
    private volatile State state = State.QUEUED;
    private volatile Object progress;
    private volatile long startedNanos, endedNanos;

    Job(String id, String key, String kind, long cost, String client, long seq) {
        this.id = id;
        this.key = key;
        this.kind = kind;
        this.cost = cost;
        this.client = client;
        this.seq = seq;
    }

    public String id() {
        return id;
    }

    /** What makes two submissions the same job. */
    public String key() {
        return key;
    }

    /** "exploration", "verdict-matrix", ... */
    public String kind() {
        return kind;
    }

    /** The work's estimated size: smaller jobs go first. */
    public long cost() {
        return cost;
    }

    String client() {
        return client;
    }

    long seq() {
        return seq;
    }

    public Instant submitted() {
        return submitted;
    }

    public State state() {
        return state;
    }

    public boolean done() {
        return result.isDone();
    }

    /** What the work last reported (its own record), or null. */
    public Object progress() {
        return progress;
    }

    /** Milliseconds it has been running, or ran; 0 while queued. */
    public long elapsedMillis() {
        long s = startedNanos;
        if (s == 0) return 0;
        long e = endedNanos;
        return ((e == 0 ? System.nanoTime() : e) - s) / 1_000_000;
    }

    /** The result, waiting at most {@code timeout}; null if it is not ready by then. Throws if the work failed. */
    public T await(Duration timeout) {
        return Futures.await(result, timeout, cause -> new JobFailed(this, cause));
    }

    /** The result if it is ready, else null. */
    public T resultNow() {
        return done() ? await(Duration.ZERO) : null;
    }

    /** Completes when the job does, without blocking anyone. */
    public CompletableFuture<T> future() {
        return result.copy();
    }

    void report(Object p) {
        progress = p;
    }

    void started() {
        startedNanos = System.nanoTime();
        state = State.RUNNING;
    }

    void finish(T value) {
        if (result.isDone()) return;
        endedNanos = System.nanoTime();
        state = State.DONE;
        result.complete(value);
    }

    void fail(Throwable t) {
        if (result.isDone()) return;
        endedNanos = System.nanoTime();
        state = State.FAILED;
        result.completeExceptionally(t);
    }

    /** A job's work threw. */
    public static final class JobFailed extends RuntimeException {
        JobFailed(Job<?> job, Throwable cause) {
            super(job.kind + " " + job.key + " failed: " + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage()), cause);
        }
    }
}
