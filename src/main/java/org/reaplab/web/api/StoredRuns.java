package org.reaplab.web.api;

import org.reaplab.web.Limits;
import org.reaplab.scenario.ScheduleSpec;
import org.reaplab.simulation.Run;
import org.reaplab.simulation.Simulation;
import org.reaplab.storage.RunStore;
import org.reaplab.storage.ScenarioCodec;
import org.reaplab.storage.ScenarioStore;
import org.reaplab.storage.StoredRun;
import org.reaplab.storage.StoredScenario;
import org.reaplab.web.runs.Runs;
import org.reaplab.web.viewer.ViewDesign;
import org.reaplab.web.viewer.ViewState;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;

/**
 * The API's runs: a run is stored as its request and outcome under an id derived from the request; its steps come
 * from the app's {@link Runs} (kept in memory while there is room, otherwise computed again, which gives the same
 * steps because runs are deterministic). At most {@code reaplab.limits.concurrent-runs} runs that are not computed
 * yet are computed at once for the API; beyond it 429.
 */
@Service
class StoredRuns {
    private final ScenarioStore scenarios;
    private final RunStore runs;
    private final Runs computed;
    private final JsonMapper json;
    private final Limits limits;
    private final Semaphore permits;

    StoredRuns(ScenarioStore scenarios, RunStore runs, Runs computed, JsonMapper json, Limits limits) {
        this.scenarios = scenarios;
        this.runs = runs;
        this.computed = computed;
        this.json = json;
        this.limits = limits;
        this.permits = new Semaphore(Math.max(1, limits.concurrentRuns()));
    }

    /** The semaphore that bounds concurrent runs (tests hold it to see 429). */
    Semaphore permits() {
        return permits;
    }

    int defaultMaxSteps() {
        return Math.min(Simulation.DEFAULT_MAX_STEPS, limits.maxSteps());
    }

    record Started(StoredRun stored, Run run) {}

    Started start(StoredScenario scenario, ViewDesign v, ScheduleSpec schedule, Integer maxSteps) {
        int steps = maxSteps != null ? maxSteps : defaultMaxSteps();
        String scheduleJson = schedule == null ? null : json.writeValueAsString(RunRequest.scheduleJson(schedule));
        String id = ScenarioCodec.sha256(scenario.id() + "\n" + v.id() + "\n" + (scheduleJson == null ? "" : scheduleJson)
                + "\n" + steps).substring(0, 16);
        Run run = compute(spec(scenario, v, schedule, steps));
        StoredRun stored = runs.save(new StoredRun(id, scenario.id(), v.id(), scheduleJson, steps,
                json.writeValueAsString(run.outcome()), Instant.now().truncatedTo(ChronoUnit.MILLIS)));
        return new Started(stored, run);
    }

    StoredRun find(String id) {
        return runs.find(id).orElseThrow(() -> ApiException.notFound("Run", id));
    }

    /** The run's steps: from memory, or computed again from its request. */
    Run steps(StoredRun stored) {
        return compute(spec(stored));
    }

    private Runs.Spec spec(StoredRun stored) {
        StoredScenario scenario = scenarios.find(stored.scenarioId()).orElseThrow(() -> new ApiException(HttpStatus.GONE,
                "scenario-gone", "Scenario gone", "Run " + stored.id() + " was of scenario '" + stored.scenarioId()
                + "', which is no longer stored."));
        ScheduleSpec schedule = stored.schedule() == null ? null : json.readValue(stored.schedule(), ScheduleSpec.class);
        return spec(scenario, ViewDesign.of(scenario, stored.variant()), schedule, stored.maxSteps());
    }

    private static Runs.Spec spec(StoredScenario scenario, ViewDesign design, ScheduleSpec schedule, int maxSteps) {
        return new Runs.Spec(scenario, design.design(), schedule != null ? schedule : scenario.scenario().schedule(), maxSteps);
    }

    private Run compute(Runs.Spec spec) {
        Run known = computed.peek(spec).orElse(null);
        if (known != null) return known;
        if (!permits.tryAcquire()) {
            ApiException busy = new ApiException(HttpStatus.TOO_MANY_REQUESTS, "too-many-runs", "Too many runs",
                    "All " + limits.concurrentRuns() + " run slots are busy (reaplab.limits.concurrent-runs); try again in "
                            + limits.retryAfter().toSeconds() + " s.");
            busy.getHeaders().set("Retry-After", String.valueOf(Math.max(1, limits.retryAfter().toSeconds())));
            throw busy;
        }
        try {
            return computed.get(spec);
        } finally {
            permits.release();
        }
    }

    /** Drops a run's steps from memory (they are computed again when asked for). */
    void forget(String id) {
        computed.forget(spec(find(id)));
    }

    /** The stored outcome with the run's own details added as the extension member {@code run}. */
    Map<String, Object> outcomeWithRun(StoredRun stored) {
        @SuppressWarnings("unchecked")
        Map<String, Object> outcome = json.readValue(stored.outcome(), LinkedHashMap.class);
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("id", stored.id());
        run.put("scenarioId", stored.scenarioId());
        run.put("variant", stored.variant());
        try {
            scenarios.find(stored.scenarioId()).ifPresent(s -> run.put("design", DesignParam.echo(ViewDesign.of(s, stored.variant()))));
        } catch (org.reaplab.design.DesignException e) {
            // a run stored before its scenario's designs changed: the outcome still says what ran
        }
        run.put("schedule", stored.schedule() == null ? null : json.readValue(stored.schedule(), LinkedHashMap.class));
        run.put("maxSteps", stored.maxSteps());
        run.put("created", stored.created().toString());
        run.putAll(links(stored));
        outcome.put("run", run);
        return outcome;
    }

    static Map<String, Object> links(StoredRun r) {
        Map<String, Object> links = new LinkedHashMap<>();
        links.put("url", "/api/runs/" + r.id());
        links.put("eventsUrl", "/api/runs/" + r.id() + "/events");
        links.put("traceUrl", "/api/runs/" + r.id() + "/trace");
        links.put("viewerUrl", "/scenarios/" + r.scenarioId() + "?variant=" + ViewState.param(r.variant()));
        return links;
    }
}
