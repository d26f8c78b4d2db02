package org.reaplab.web.jobs;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The job queue with plain {@code new}: joining, order, limits. One worker, held busy by a latch. */
class JobServiceTest {
    final JobService jobs = new JobService(new JobProperties(1, 3, 2, Duration.ofMinutes(5), Duration.ofSeconds(1), 16, Duration.ZERO));
    final CountDownLatch gate = new CountDownLatch(1);

    @AfterEach
    void stop() {
        gate.countDown();
        jobs.stop();
    }

    /** Occupies the one worker until the gate opens (returns once it runs). */
    Job<String> blocker() {
        Job<String> b = jobs.submit(new JobService.Spec<>("test", "blocker", 0, null, p -> {
            gate.await(30, TimeUnit.SECONDS);
            return "unblocked";
        }));
        await().atMost(Duration.ofSeconds(10)).until(() -> b.state() == Job.State.RUNNING);
        return b;
    }

    @Test
    void theSameKeyJoinsTheSameJobAndAFinishedOneAnswersAtOnce() {
        Job<String> a = jobs.submit(new JobService.Spec<>("test", "k", 1, "c1", p -> "result"));
        Job<String> b = jobs.submit(new JobService.Spec<>("test", "k", 1, "c2", p -> "other"));
        assertThat(b).isSameAs(a);
        assertThat(a.await(Duration.ofSeconds(10))).isEqualTo("result");
        assertThat(a.state()).isEqualTo(Job.State.DONE);
        assertThat(jobs.submit(new JobService.Spec<>("test", "k", 1, "c3", p -> "again"))).isSameAs(a);
        assertThat(jobs.find(a.id())).containsSame(a);
        assertThat(a.id()).isEqualTo(JobService.idOf("k"));
    }

    /**
     * A second submit that looked in the finished jobs before the first one finished, and took the lock after,
     * still joins it, and a look-up by id in that window still finds it. Many quick jobs make that window likely.
     */
    @Test
    void aSubmitRacingTheSameJobsFinishJoinsIt() {
        for (int i = 0; i < 20_000; i++) {
            Job<String> a = jobs.submit(new JobService.Spec<>("test", "quick-" + i, 1, null, p -> "result"));
            Job<String> b = jobs.submit(new JobService.Spec<>("test", "quick-" + i, 1, null, p -> "other"));
            assertThat(b).as("submit " + i).isSameAs(a);
            assertThat(jobs.find(a.id())).as("find " + i).containsSame(a);
        }
    }

    @Test
    void workersRunAgainAfterAStopAndAStart() {
        // Spring stops and starts a paused test context (and a restarted app) through ShutdownFirst
        jobs.stop();
        jobs.start();
        Job<String> j = jobs.submit(new JobService.Spec<>("test", "after-restart", 1, "c1", p -> "ran"));
        assertThat(j.await(Duration.ofSeconds(30))).isEqualTo("ran");
        assertThat(jobs.stats().workers()).isEqualTo(1);
    }

    /** A job still waiting when the queue stopped failed: after a start it is neither joined nor counted against its client. */
    @Test
    void aJobWaitingAtAStopIsForgottenByTheStart() {
        blocker();
        Job<String> waiting = jobs.submit(new JobService.Spec<>("test", "waiting", 1, "a", p -> "ran"));
        jobs.submit(new JobService.Spec<>("test", "waiting-too", 1, "a", p -> "ran"));
        jobs.stop();
        jobs.start();
        assertThat(waiting.state()).isEqualTo(Job.State.FAILED);
        assertThat(jobs.submit(new JobService.Spec<>("test", "after", 1, "a", p -> "ran"))).isNotNull();
        Job<String> again = jobs.submit(new JobService.Spec<>("test", "waiting", 1, "a", p -> "ran again"));
        assertThat(again).isNotSameAs(waiting);
        assertThat(again.await(Duration.ofSeconds(30))).isEqualTo("ran again");
    }

    /**
     * Work that does not stop when interrupted (the explorer, the simulator) ends after the stop failed its job: that
     * failed job is not kept as finished, so after a start asking again runs the work again.
     */
    @Test
    void aJobFailedByAStopIsNotKeptWhenItsWorkEndsAfter() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        Job<String> stubborn = jobs.submit(new JobService.Spec<>("test", "stubborn", 1, null, p -> {
            running.countDown();
            while (true) {
                try {
                    gate.await();
                    return "ended after the stop";
                } catch (InterruptedException ignored) {
                    // like work that never looks at its interrupt
                }
            }
        }));
        running.await(30, TimeUnit.SECONDS);
        jobs.stop();
        jobs.start();
        gate.countDown();
        await().atMost(Duration.ofSeconds(30)).until(() -> jobs.stats().running() == 0);
        assertThat(stubborn.state()).isEqualTo(Job.State.FAILED);
        Job<String> again = jobs.submit(new JobService.Spec<>("test", "stubborn", 1, null, p -> "ran again"));
        assertThat(again).isNotSameAs(stubborn);
        assertThat(again.await(Duration.ofSeconds(30))).isEqualTo("ran again");
    }

    @Test
    void smallerJobsGoFirst() throws Exception {
        Job<String> block = blocker();
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        List<Job<String>> queued = new ArrayList<>();
        for (long cost : new long[] {900, 5, 300, 40}) {
            queued.add(jobs.submit(new JobService.Spec<>("test", "cost-" + cost, cost, null, p -> {
                order.add("cost-" + cost);
                return "ok";
            })));
        }
        assertThat(jobs.position(queued.get(1))).isEqualTo(1);
        assertThat(jobs.position(queued.get(0))).isEqualTo(4);
        gate.countDown();
        for (Job<String> j : queued) j.await(Duration.ofSeconds(10));
        assertThat(block.resultNow()).isEqualTo("unblocked");
        assertThat(order).containsExactly("cost-5", "cost-40", "cost-300", "cost-900");
    }

    @Test
    void aClientHasAtMostItsShareAndTheQueueIsBounded() {
        blocker();
        jobs.submit(new JobService.Spec<>("test", "a1", 1, "a", p -> "x"));
        jobs.submit(new JobService.Spec<>("test", "a2", 1, "a", p -> "x"));
        assertThatThrownBy(() -> jobs.submit(new JobService.Spec<>("test", "a3", 1, "a", p -> "x")))
                .isInstanceOfSatisfying(JobRefused.class, r -> assertThat(r.perClient()).isTrue());
        jobs.submit(new JobService.Spec<>("test", "b1", 1, "b", p -> "x"));
        assertThatThrownBy(() -> jobs.submit(new JobService.Spec<>("test", "c1", 1, "c", p -> "x")))
                .isInstanceOfSatisfying(JobRefused.class, r -> assertThat(r.perClient()).isFalse());
        // the app's own work is bounded by construction and not refused
        assertThat(jobs.submit(new JobService.Spec<>("test", "own", 1, null, p -> "x"))).isNotNull();
    }

    @Test
    void progressIsWhatTheWorkLastSaidAndAFailureIsKeptOff() {
        Job<String> j = jobs.submit(new JobService.Spec<>("test", "fails", 1, "c", p -> {
            p.accept("half way");
            throw new IllegalStateException("boom");
        }));
        assertThatThrownBy(() -> j.await(Duration.ofSeconds(10))).isInstanceOf(Job.JobFailed.class).hasMessageContaining("boom");
        assertThat(j.progress()).isEqualTo("half way");
        assertThat(j.state()).isEqualTo(Job.State.FAILED);
        // a failed job is not kept: asking again starts it again
        assertThat(jobs.submit(new JobService.Spec<>("test", "fails", 1, "c", p -> "fine"))).isNotSameAs(j);
    }
}
