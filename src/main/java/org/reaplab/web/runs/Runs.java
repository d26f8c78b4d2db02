package org.reaplab.web.runs;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.reaplab.design.Design;
import org.reaplab.scenario.ScheduleSpec;
import org.reaplab.simulation.Run;
import org.reaplab.simulation.Simulation;
import org.reaplab.storage.StoredScenario;
import org.reaplab.web.Limits;
import org.springframework.stereotype.Service;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The one place the web runs scenarios: the viewer, the compare view, the gallery's verdicts and the API all ask
 * here. Runs are deterministic, so a run is known by what was asked for ({@link Spec}) and can always be
 * computed again: finished runs are kept in one cache weighed by their steps ({@code reaplab.limits.cached-steps}
 * in all), and two requests for a run being computed share the computation.
 */
@Service
public class Runs {

    /**
     * What a run is asked for: a stored scenario, a design (labelled with the name it was asked by, which the
     * outcome repeats), the schedule, and the step limit.
     */
    public record Spec(StoredScenario stored, Design design, ScheduleSpec schedule, int maxSteps) {
        Key key() {
            return new Key(stored.id(), design.label(), design.canonical(), schedule, maxSteps);
        }
    }

    private record Key(String scenarioId, String label, String design, ScheduleSpec schedule, int maxSteps) {}

    private final AsyncCache<Key, Run> cache;

    public Runs(Limits limits) {
        this.cache = Caffeine.newBuilder().maximumWeight(Math.max(1, limits.cachedSteps()))
                .weigher((Key k, Run run) -> Math.max(1, run.steps())).buildAsync();
    }

    /** The run if it is computed already. */
    public Optional<Run> peek(Spec spec) {
        CompletableFuture<Run> f = cache.getIfPresent(spec.key());
        return f != null && f.isDone() && !f.isCompletedExceptionally() ? Optional.of(f.join()) : Optional.empty();
    }

    /** The run, computed now if nobody has (or joining the computation in progress). */
    public Run get(Spec spec) {
        return get(spec, null);
    }

    /**
     * The run, telling {@code onStep} about each step: as it is simulated when this call computes the run, or
     * all at once from the finished run otherwise.
     */
    public Run get(Spec spec, Simulation.StepListener onStep) {
        CompletableFuture<Run> mine = new CompletableFuture<>();
        CompletableFuture<Run> theirs = cache.asMap().putIfAbsent(spec.key(), mine);
        if (theirs == null) {
            try {
                Run run = Simulation.run(spec.stored().scenario(), spec.design(), spec.schedule(), spec.maxSteps(), onStep);
                mine.complete(run);
                return run;
            } catch (RuntimeException | Error e) {
                mine.completeExceptionally(e); // a failed run is not kept: the cache drops it
                throw e;
            }
        }
        Run run = await(theirs);
        if (onStep != null) {
            for (int i = 0; i < run.events().size(); i++) onStep.onStep(run.events().get(i), run.facts().steps().get(i));
        }
        return run;
    }

    /** Drops a run from memory (it is computed again when asked for). */
    public void forget(Spec spec) {
        cache.synchronous().invalidate(spec.key());
    }

    private static Run await(CompletableFuture<Run> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a run", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException(e.getCause());
        }
    }
}
