package org.reaplab.web.streams;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The executors of streaming, declared once: one thread that closes stalled streams, and the run simulators. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(StreamProperties.class)
class StreamConfiguration {

    @Bean(destroyMethod = "stop")
    Streams streams(StreamProperties properties) {
        return new Streams(properties, Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "stream-reaper")));
    }

    /** Simulates runs that a stream asked for and nobody had computed yet; a bounded set of threads. */
    @Bean(name = "runExecutor", destroyMethod = "shutdownNow")
    ExecutorService runExecutor(StreamProperties properties) {
        AtomicInteger n = new AtomicInteger();
        int threads = Math.max(1, properties.computeThreads());
        return new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                r -> daemon(r, "run-" + n.incrementAndGet()));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
