package org.reaplab.web.jobs;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Jobs give way to requests: a pause waits while a request is in flight, never longer than asked, and not at all when idle. */
class PagesFirstTest {
    final PagesFirst pages = new PagesFirst();
    final CountDownLatch answer = new CountDownLatch(1);

    /** A request whose answer takes until the latch opens. */
    Thread request() {
        Thread t = new Thread(() -> {
            try {
                pages.doFilter(new MockHttpServletRequest("GET", "/"), new MockHttpServletResponse(), (req, res) -> {
                    try {
                        answer.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        t.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> pages.inFlight() == 1);
        return t;
    }

    @Test
    void anIdleServerIsNotWaitedFor() {
        long t0 = System.nanoTime();
        pages.pause(Duration.ofMinutes(5));
        assertThat(System.nanoTime() - t0).as("returned without waiting out the 5 minutes").isLessThan(Duration.ofMinutes(1).toNanos());
    }

    @Test
    void aJobWaitsWhileARequestIsAnsweredAndGoesOnWhenItIsDone() throws Exception {
        Thread req = request();
        Thread job = new Thread(() -> pages.pause(Duration.ofMinutes(5)));
        job.start();
        answer.countDown(); // the request is answered: the job goes on
        job.join(Duration.ofMinutes(1).toMillis());
        assertThat(job.isAlive()).isFalse();
        req.join();
        assertThat(pages.inFlight()).isZero();
    }

    @Test
    void aPauseIsBoundedWhateverTheLoad() throws Exception {
        Thread req = request();
        long t0 = System.nanoTime();
        pages.pause(Duration.ofMillis(30));
        long waited = System.nanoTime() - t0;
        assertThat(waited).as("it did wait").isGreaterThanOrEqualTo(Duration.ofMillis(30).toNanos());
        assertThat(pages.inFlight()).as("the request was still being answered").isEqualTo(1);
        answer.countDown();
        req.join();
    }
}
