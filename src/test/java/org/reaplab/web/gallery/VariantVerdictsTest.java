package org.reaplab.web.gallery;

import org.junit.jupiter.api.Test;
import org.reaplab.storage.StoredScenario;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The gallery's background verdicts with plain {@code new}: how many scenarios may wait for them at once. */
class VariantVerdictsTest {
    /** Takes work and never runs it: every scenario handed over stays waiting. */
    static final class Holding extends AbstractExecutorService {
        final AtomicInteger taken = new AtomicInteger();

        @Override
        public void execute(Runnable command) {
            taken.incrementAndGet();
        }

        @Override
        public void shutdown() {
        }

        @Override
        public List<Runnable> shutdownNow() {
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return false;
        }

        @Override
        public boolean isTerminated() {
            return false;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return false;
        }
    }

    static StoredScenario stored(String id) {
        return new StoredScenario(id, null, "", false, Instant.EPOCH);
    }

    @Test
    void atMost512ScenariosWaitAndAScenarioWaitsOnce() {
        Holding executor = new Holding();
        VariantVerdicts verdicts = new VariantVerdicts(executor, null);
        for (int i = 0; i < 600; i++) {
            assertThat(verdicts.ifReady(stored("s" + i))).isNull();
            assertThat(verdicts.ifReady(stored("s" + i))).as("asked again while waiting").isNull();
        }
        assertThat(executor.taken).hasValue(512);
    }

    /** Visits at once cannot all pass the limit: it is counted after each add. */
    @Test
    void visitsAtOnceStayWithinTheLimit() throws Exception {
        for (int round = 0; round < 200; round++) {
            Holding executor = new Holding();
            VariantVerdicts verdicts = new VariantVerdicts(executor, null);
            for (int i = 0; i < 508; i++) verdicts.ifReady(stored("s" + i));
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> visitors = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int visitor = t;
                Thread v = new Thread(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (int i = 0; i < 4; i++) verdicts.ifReady(stored("v" + visitor + "-" + i));
                });
                v.start();
                visitors.add(v);
            }
            go.countDown();
            for (Thread v : visitors) v.join();
            assertThat(executor.taken.get()).as("round " + round).isLessThanOrEqualTo(512);
        }
    }
}
