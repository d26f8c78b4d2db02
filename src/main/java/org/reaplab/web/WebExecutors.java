package org.reaplab.web;

import org.reaplab.web.streams.StreamProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every thread the web app starts besides the container's request threads, declared once. Long work
 * (explorations, the verdict matrix, design searches) is a job of {@code JobService} on {@link #jobThreads};
 * the rest is short or waits.
 */
@Configuration(proxyBeanMethods = false)
class WebExecutors {

    /**
     * Simulates runs off the request threads: a stream's run that nobody computed yet, the gallery's verdicts
     * ({@code reaplab.streams.compute-threads} at once).
     */
    @Bean(name = "runExecutor", destroyMethod = "shutdownNow")
    ExecutorService runExecutor(StreamProperties properties) {
        int threads = Math.max(1, properties.computeThreads());
        return new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                named("run", Thread.NORM_PRIORITY));
    }

    /** Closes streams whose clients stopped reading. */
    @Bean(name = "streamReaper", destroyMethod = "shutdownNow")
    ScheduledExecutorService streamReaper() {
        return Executors.newSingleThreadScheduledExecutor(named("stream-reaper", Thread.NORM_PRIORITY));
    }

    /**
     * The job queue's workers ({@code reaplab.jobs.threads} of them): the queue picks their next job itself (cheapest
     * first), so it takes threads rather than a pool; below normal priority, so requests come first.
     */
    @Bean(name = "jobThreads")
    ThreadFactory jobThreads() {
        return named("job", Thread.NORM_PRIORITY - 1);
    }

    /** Hands the library's design search to the job queue and waits for it: one thread, idle but for that. */
    @Bean(name = "searchExecutor", destroyMethod = "shutdownNow")
    ExecutorService searchExecutor() {
        return Executors.newSingleThreadExecutor(named("design-search-library", Thread.NORM_PRIORITY));
    }

    /** Daemon threads named {@code prefix-1}, {@code prefix-2}, …: none of them keeps the JVM alive. */
    static ThreadFactory named(String prefix, int priority) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            t.setPriority(priority);
            return t;
        };
    }
}
