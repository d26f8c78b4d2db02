package org.reaplab.web.api;

import org.reaplab.web.Limits;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.reaplab.export.PerfettoTrace;
import org.reaplab.simulation.Run;
import org.reaplab.simulation.StepEvent;
import org.reaplab.storage.ScenarioCodec;
import org.reaplab.storage.ScenarioStore;
import org.reaplab.storage.StoredRun;
import org.reaplab.storage.StoredScenario;
import org.reaplab.web.viewer.ViewDesign;
import org.springframework.http.ContentDisposition;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

@RestController
@RequestMapping("/api/runs")
@Tag(name = "runs", description = "Run a scenario under a variant and read its steps")
class RunApiController {
    private final StoredRuns runs;
    private final EventStreams streams;
    private final ScenarioStore scenarios;
    private final ScenarioCodec codec;
    private final JsonMapper json;
    private final Limits limits;

    RunApiController(StoredRuns runs, EventStreams streams, ScenarioStore scenarios, ScenarioCodec codec, JsonMapper json,
                     Limits limits) {
        this.runs = runs;
        this.streams = streams;
        this.scenarios = scenarios;
        this.codec = codec;
        this.json = json;
        this.limits = limits;
    }

    @Operation(summary = "Run a scenario",
            description = "Body: {scenarioId | scenario (object or YAML/JSON text), variant? (a preset id or design string) | design? (a design string "
                    + "or {preset?, knob: value, ...}), schedule?: {policy, steps, seed, then}, maxSteps?}. A bad design is 400 bad-design "
                    + "naming the field and knob. The answer echoes the design as {canonical, knobs}. "
                    + "An inline scenario is stored like an upload. Answers 201 {runId, scenarioId, outcome, ...}; the run id is derived "
                    + "from the request, so the same request gives the same run. A run that reaches maxSteps stops there with "
                    + "outcome.truncated = true.")
    @PostMapping(consumes = "application/json", produces = "application/json")
    ResponseEntity<Map<String, Object>> create(@RequestBody String body) {
        RunRequest req = RunRequest.parse(body, json, codec, limits);
        StoredScenario scenario;
        if (req.scenarioId() != null) {
            scenario = scenarios.find(req.scenarioId()).orElseThrow(() -> ApiException.notFound("Scenario", req.scenarioId())
                    .with("pointer", "/scenarioId"));
        } else {
            scenario = scenarios.save(req.scenarioText(), req.inline().scenario());
        }
        ViewDesign design = DesignParam.of(scenario, req.variant(), req.design());
        StoredRuns.Started started = runs.start(scenario, design, req.schedule(), req.maxSteps());
        StoredRun r = started.stored();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("runId", r.id());
        out.put("scenarioId", r.scenarioId());
        out.put("variant", r.variant());
        out.put("design", DesignParam.echo(design));
        out.put("outcome", started.run().outcome());
        out.putAll(StoredRuns.links(r));
        return ResponseEntity.created(URI.create("/api/runs/" + r.id())).body(out);
    }

    @Operation(summary = "A run's outcome (scenario-format.md), with the extension member 'run' (its request and links)")
    @GetMapping(path = "/{id}", produces = "application/json")
    Map<String, Object> get(@PathVariable String id) {
        return runs.outcomeWithRun(runs.find(id));
    }

    @Operation(summary = "A run's steps as a JSON array, NDJSON or server-sent events (by Accept)",
            description = "text/event-stream: one event 'step' per step with id = step index, then one event 'outcome'. "
                    + "Last-Event-ID (or ?after=) resumes after that step.")
    @GetMapping(path = "/{id}/events", produces = {"application/json", "application/x-ndjson", "text/event-stream"})
    void events(@PathVariable String id,
                @RequestHeader(name = "Accept", required = false) String accept,
                @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
                @Parameter(description = "only steps after this index") @RequestParam(required = false) String after,
                HttpServletRequest request, HttpServletResponse response)
            throws HttpMediaTypeNotAcceptableException, IOException {
        MediaType type = Accepts.choose(accept, List.of(MediaType.APPLICATION_JSON, Accepts.NDJSON, MediaType.TEXT_EVENT_STREAM));
        StoredRun stored = runs.find(id);
        int from = 0;
        if (lastEventId != null && !lastEventId.isBlank()) from = stepIndex("Last-Event-ID", lastEventId);
        else if (after != null) from = stepIndex("after", after);
        Run run = runs.steps(stored);
        List<StepEvent> events = run.events().subList(Math.min(from, run.events().size()), run.events().size());
        if (MediaType.TEXT_EVENT_STREAM.equals(type)) streams.sse(request, response, events, run.outcome());
        else if (Accepts.NDJSON.equals(type)) streams.ndjson(request, response, events);
        else streams.jsonArray(request, response, events);
    }

    private static int stepIndex(String name, String value) {
        try {
            int v = Integer.parseInt(value.strip());
            if (v >= 0) return v;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw ApiException.badParameter(name, "'" + name + "' must be a step index (a whole number from 0), got '" + value + "'.");
    }

    @Operation(summary = "A run as a Chrome trace-event JSON file for ui.perfetto.dev",
            description = "A thread track per simulated thread, a slice per kernel function, counters mm_users/mm_count/resident per mm, "
                    + "flows from each SIGKILL send to get_signal and exit_mm, instants for syscall returns and violations. 1 step = 1 us.")
    @GetMapping(path = "/{id}/trace", produces = "application/json")
    ResponseEntity<StreamingResponseBody> trace(@PathVariable String id) {
        StoredRun stored = runs.find(id);
        Run run = runs.steps(stored);
        StreamingResponseBody body = out -> {
            try (JsonGenerator g = json.createGenerator(out)) {
                PerfettoTrace.write(run, g);
            }
        };
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_JSON)
                .header("Content-Disposition", ContentDisposition.inline()
                        .filename("reaplab-" + run.scenario().name() + "-" + stored.variant().replaceAll("[^A-Za-z0-9_.-]+", "_") + "-" + id + ".json").build().toString())
                .body(body);
    }
}
