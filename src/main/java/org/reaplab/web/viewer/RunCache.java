package org.reaplab.web.viewer;

import org.reaplab.scenario.StepLimits;
import org.reaplab.simulation.Run;
import org.reaplab.simulation.Simulation;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.stereotype.Service;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * Runs scenarios for the pages. Runs are deterministic, so a run is identified by scenario id,
 * design (as the URL names it) and schedule and can always be recomputed; the most recent ones are kept in a small LRU.
 * Two requests for the same run while it is being computed share one computation.
 */
@Service
@EnableConfigurationProperties(RunCache.ViewerProperties.class)
public class RunCache {

    record Key(String scenarioId, String variant, String schedule) {
        static Key of(ViewState v) {
            return new Key(v.id(), v.variant().id(), v.schedule() == null ? null : String.join(",", v.schedule()));
        }
    }

    /**
     * The viewer's runs ({@code reaplab.viewer.*}).
     *
     * @param maxSteps     a run the viewer shows stops after this many steps
     * @param cachedRuns   finished runs kept (least recently used go first)
     * @param kernelSource a public cross-referencing source browser at the kernel version the model
     *                     follows; a step's kernel function name is appended to it
     * @param perfettoUrl  the Perfetto UI "Open in Perfetto" sends a run to
     */
    @ConfigurationProperties("reaplab.viewer")
    public record ViewerProperties(@DefaultValue("" + StepLimits.SHOWN) int maxSteps, @DefaultValue("32") int cachedRuns,
                                   @DefaultValue("https://elixir.bootlin.com/linux/v6.18/A/ident/") String kernelSource,
                                   @DefaultValue("https://ui.perfetto.dev") String perfettoUrl) {}

    private final int maxSteps;
    private final Cache<Key, RunView> cache;
    private final ConcurrentHashMap<Key, CompletableFuture<RunView>> inflight = new ConcurrentHashMap<>();

    public RunCache(ViewerProperties properties) {
        this.maxSteps = properties.maxSteps();
        this.cache = Caffeine.newBuilder().maximumSize(Math.max(1, properties.cachedRuns())).build();
    }

    public int maxSteps() {
        return maxSteps;
    }

    /** The run if it is already computed. */
    public Optional<RunView> peek(ViewState view) {
        return Optional.ofNullable(cache.getIfPresent(Key.of(view)));
    }

    /** The run, computed now if needed. */
    public RunView get(ViewState view) {
        return compute(view, null);
    }

    /**
     * The run, telling {@code onStep} about each compact step record: as the steps are simulated when
     * this call computes the run, or all at once from the finished run otherwise.
     */
    public RunView compute(ViewState view, Consumer<Map<String, Object>> onStep) {
        Key key = Key.of(view);
        RunView done = cache.getIfPresent(key);
        if (done == null) {
            CompletableFuture<RunView> mine = new CompletableFuture<>();
            CompletableFuture<RunView> theirs = inflight.putIfAbsent(key, mine);
            if (theirs == null) {
                try {
                    RunView v = simulate(view, onStep);
                    cache.put(key, v);
                    mine.complete(v);
                    return v;
                } catch (RuntimeException | Error e) {
                    mine.completeExceptionally(e);
                    throw e;
                } finally {
                    inflight.remove(key, mine);
                }
            }
            done = await(theirs);
        }
        if (onStep != null) for (Map<String, Object> s : done.timeline().steps()) onStep.accept(s);
        return done;
    }

    private RunView simulate(ViewState view, Consumer<Map<String, Object>> onStep) {
        Timeline.Builder builder = new Timeline.Builder(view.stored().scenario(), view.variant().design());
        Run run = Simulation.run(view.stored().scenario(), view.variant().design(), view.scheduleSpec(), maxSteps, (e, f) -> {
            Map<String, Object> s = builder.accept(e, f);
            if (onStep != null) onStep.accept(s);
        });
        return new RunView(run, builder.timeline());
    }

    private static RunView await(CompletableFuture<RunView> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a run", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException) throw (RuntimeException) e.getCause();
            throw new IllegalStateException(e.getCause());
        }
    }

    /** The thread names a run may use, for validating a schedule. */
    static List<String> threads(RunView v) {
        return v.timeline().lanes().stream().map(Timeline.Lane::thread).toList();
    }
}
