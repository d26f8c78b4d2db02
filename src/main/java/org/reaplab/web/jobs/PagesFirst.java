package org.reaplab.web.jobs;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Requests go before jobs on the CPU. Thread priorities do nothing for a JVM on Linux, so a job that runs
 * while requests are being answered would take its core from them however few workers the queue has. This
 * filter counts the requests a thread is working on right now (a stream counts only while it is opened, not
 * while it waits for its client), and a job's work calls {@link #pause} where it can stop a moment (the
 * explorer's progress hook): while any request is in flight it waits, at most {@code max} each time, so on a
 * busy server a job gets at least its share between pauses and the pages get the cores.
 */
public final class PagesFirst extends OncePerRequestFilter {
    private static final long SPIN_NANOS = 500_000;
    private final AtomicInteger inFlight = new AtomicInteger();

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        inFlight.incrementAndGet();
        try {
            chain.doFilter(request, response);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /** Requests being worked on now. */
    public int inFlight() {
        return inFlight.get();
    }

    /** Waits while requests are in flight, at most {@code max}; at once when there are none. */
    public void pause(Duration max) {
        if (max.isZero() || inFlight.get() == 0) return;
        long end = System.nanoTime() + max.toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < end && !Thread.currentThread().isInterrupted()) {
            LockSupport.parkNanos(SPIN_NANOS);
        }
    }
}
