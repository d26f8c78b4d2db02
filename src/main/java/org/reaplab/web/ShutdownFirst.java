package org.reaplab.web;

import org.reaplab.web.jobs.JobService;
import org.reaplab.web.streams.Streams;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * On shutdown, before the web server waits for its requests to finish (graceful shutdown): ends the open
 * streams and fails the jobs, so no stream or request waiting for a job keeps the server from stopping.
 */
@Component
class ShutdownFirst implements SmartLifecycle {
    private final Streams streams;
    private final JobService jobs;
    private volatile boolean running;

    ShutdownFirst(Streams streams, JobService jobs) {
        this.streams = streams;
        this.jobs = jobs;
    }

    @Override
    public void start() {
        jobs.start();
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        jobs.stop();
        streams.closeAll();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops before the web server's graceful shutdown (a lower phase), which stops before everything else. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }
}
