package org.reaplab.web.jobs;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/** Waiting for a result with a deadline, the one way the web layer does it. */
public final class Futures {
    private Futures() {}

    /**
     * The result, waiting at most {@code timeout}; null if it is not ready by then (or the waiting thread is
     * interrupted). When the work failed, throws what {@code failed} makes of the cause.
     */
    public static <T> T await(CompletableFuture<T> future, Duration timeout, Function<Throwable, RuntimeException> failed) {
        try {
            return future.get(Math.max(0, timeout.toMillis()), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException e) {
            throw failed.apply(e.getCause());
        }
    }
}
