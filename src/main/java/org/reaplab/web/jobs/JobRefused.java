package org.reaplab.web.jobs;

/**
 * A submission the queue cannot take: the client has {@code reaplab.jobs.per-client} jobs already
 * ({@code perClient}), or the queue is full ({@code reaplab.jobs.queue}).
 */
public final class JobRefused extends RuntimeException {
    private final boolean perClient;
    private final int limit;

    JobRefused(boolean perClient, int limit, String message) {
        super(message);
        this.perClient = perClient;
        this.limit = limit;
    }

    public boolean perClient() {
        return perClient;
    }

    public int limit() {
        return limit;
    }
}
