package org.reaplab.web.runs;

import org.junit.jupiter.api.Test;
import org.reaplab.scenario.Scenario;
import org.reaplab.simulation.Run;
import org.reaplab.simulation.StepEvent;
import org.reaplab.storage.StoredScenario;
import org.reaplab.variant.Variant;
import org.reaplab.web.Limits;
import org.reaplab.web.WebTestScenarios;
import org.springframework.util.unit.DataSize;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The app's one run service: a run asked for again is the same run, computations are shared, steps are replayed. */
class RunsTest {
    final Runs runs = new Runs(new Limits(DataSize.ofKilobytes(256), 200_000, 4, Duration.ofSeconds(2), 100, 1_000_000, 50, 160));

    static Runs.Spec spec(String name, Variant v, int maxSteps) {
        Scenario s = WebTestScenarios.scenario(name);
        return new Runs.Spec(new StoredScenario(name, s, null, true, Instant.EPOCH), s.design(v.id), s.schedule(), maxSteps);
    }

    @Test
    void aRunAskedForAgainIsTheRunKeptUntilItIsForgotten() {
        Runs.Spec spec = spec("proc-reader-race", Variant.BASELINE, 20_000);
        assertThat(runs.peek(spec)).isEmpty();
        Run first = runs.get(spec);
        assertThat(runs.peek(spec)).containsSame(first);
        assertThat(runs.get(spec(("proc-reader-race"), Variant.BASELINE, 20_000))).isSameAs(first);
        // another design, or another step limit, is another run
        assertThat(runs.get(spec("proc-reader-race", Variant.REAP_KILL_V2, 20_000))).isNotSameAs(first);
        assertThat(runs.get(spec("proc-reader-race", Variant.BASELINE, 10))).isNotSameAs(first);
        runs.forget(spec);
        assertThat(runs.peek(spec)).isEmpty();
        Run again = runs.get(spec);
        assertThat(again).isNotSameAs(first);
        assertThat(again.outcome()).isEqualTo(first.outcome());
    }

    @Test
    void aKeptRunTellsItsStepsToALateListenerInOrder() {
        Runs.Spec spec = spec("fanout-threads", Variant.BASELINE, 20_000);
        List<StepEvent> live = new ArrayList<>();
        Run run = runs.get(spec, (e, f) -> live.add(e));
        List<StepEvent> replayed = new ArrayList<>();
        List<Integer> factSteps = new ArrayList<>();
        assertThat(runs.get(spec, (e, f) -> {
            replayed.add(e);
            factSteps.add(f.step());
        })).isSameAs(run);
        assertThat(live).isEqualTo(run.events());
        assertThat(replayed).isEqualTo(run.events());
        assertThat(factSteps).isEqualTo(run.events().stream().map(StepEvent::index).toList());
    }

    @Test
    void aRequestForARunBeingComputedWaitsForItInsteadOfComputingItAgain() throws Exception {
        Runs.Spec spec = spec("long-proc-read", Variant.BASELINE, 20_000);
        CompletableFuture<Run> second = new CompletableFuture<>();
        Thread joiner = new Thread(() -> second.complete(runs.get(spec)), "joiner");
        CompletableFuture<Run> first = new CompletableFuture<>();
        Thread computer = new Thread(() -> first.complete(runs.get(spec, (e, f) -> {
            if (e.index() != 1) return;
            // the first step is simulated: the second request starts now and must wait for this run
            joiner.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (joiner.getState() != Thread.State.WAITING && System.nanoTime() < deadline) Thread.onSpinWait();
        })), "computer");
        computer.start();
        Run run = first.get(120, TimeUnit.SECONDS);
        assertThat(second.get(60, TimeUnit.SECONDS)).isSameAs(run);
        assertThat(run.steps()).isGreaterThan(10_000);
    }
}
