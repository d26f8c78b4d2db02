package org.reaplab.web.api;

import org.reaplab.web.jobs.WorkStatus;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.reaplab.exploration.ExplorationReport;
import org.reaplab.exploration.VerdictMatrix;
import org.reaplab.storage.ScenarioStore;
import org.reaplab.storage.StoredScenario;
import org.reaplab.web.viewer.ViewDesign;
import org.reaplab.web.guard.Clients;
import org.reaplab.web.jobs.Job;
import org.reaplab.web.jobs.JobProperties;
import org.reaplab.web.jobs.JobRefused;
import org.reaplab.web.jobs.JobService;
import org.reaplab.web.verdicts.MatrixTotals;
import org.reaplab.web.verdicts.Explorations;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * Explorations are jobs ({@link JobService}): {@code POST /api/explorations} starts one or joins the
 * identical one, {@code GET /api/explorations/{job}} says where it is and, once done, gives the report.
 * The older {@code GET /api/scenarios/{id}/explore} and {@code GET /api/verdicts} start or join the same
 * jobs and wait for them without holding a request thread ({@code reaplab.jobs.answer-within}); when the
 * work is not done by then they answer 202 with the job and {@code Retry-After}.
 */
@RestController
@Tag(name = "exploration", description = "Every schedule of a scenario: verdicts, outcome classes, shortest counterexamples")
class ExploreApiController {
    private static final String RETRY_SECONDS = "2";

    private final Explorations explorations;
    private final ScenarioStore store;
    private final JobService jobs;
    private final JobProperties properties;
    private final JsonMapper json;

    ExploreApiController(Explorations explorations, ScenarioStore store, JobService jobs, JobProperties properties, JsonMapper json) {
        this.explorations = explorations;
        this.store = store;
        this.jobs = jobs;
        this.properties = properties;
        this.json = json;
    }

    @Operation(summary = "The verdict matrix of the library: every scenario under every variant, explored exhaustively",
            description = "Per scenario and variant: the verdict (ok, violated, incomplete), the violated invariants and the "
                    + "exploration report, with viewer links. Computed once, as jobs; until it is done (after waiting up to "
                    + "reaplab.jobs.answer-within) the answer is 202 with how far it got and Retry-After.")
    @GetMapping(path = "/api/verdicts", produces = "application/json")
    DeferredResult<ResponseEntity<ObjectNode>> matrix() {
        DeferredResult<ResponseEntity<ObjectNode>> out = deferred(() -> {
            WorkStatus<VerdictMatrix> s = explorations.library();
            ObjectNode body = json.createObjectNode();
            body.put("state", s.failed() ? "failed" : "running");
            body.put("done", s.done());
            body.put("cells", s.total());
            body.put("states", s.states());
            if (s.failed()) body.put("failure", s.failure());
            return ResponseEntity.status(HttpStatus.ACCEPTED).header("Retry-After", RETRY_SECONDS).body(body);
        });
        CompletableFuture<VerdictMatrix> f = explorations.libraryFuture();
        f.whenComplete((m, err) -> {
            if (err != null) {
                out.setErrorResult(new ApiException(HttpStatus.INTERNAL_SERVER_ERROR, "exploration-failed",
                        "Exploration failed", "The verdict matrix could not be computed: " + err.getMessage()));
                return;
            }
            WorkStatus<VerdictMatrix> s = explorations.library();
            out.setResult(ResponseEntity.ok(ExplorationJson.matrix(json, m, MatrixTotals.of(m, s.elapsedMillis(), s.threads()),
                    id -> store.find(id).orElseGet(() -> new StoredScenario(id, null, null, true, Instant.EPOCH)))));
        });
        return out;
    }

    @Operation(summary = "Explore every schedule of one stored scenario (library or uploaded) under one variant",
            description = "Starts the exploration or joins the identical one, and waits for it up to reaplab.jobs.answer-within "
                    + "without holding a thread: 200 with the cell when done, else 202 with the job (Location: its URL) and "
                    + "Retry-After. Budgets: reaplab.explore.*; a report that ran out says complete=false and budgetHit.")
    @GetMapping(path = "/api/scenarios/{id}/explore", produces = "application/json")
    DeferredResult<ResponseEntity<ObjectNode>> explore(@PathVariable String id,
                                                       @Parameter(description = "a preset id or a design string (reap_kill_v2+multiprocess=through); default: the scenario's own variant")
                                                       @RequestParam(required = false) String variant,
                                                       HttpServletRequest request) {
        StoredScenario stored = store.find(id).orElseThrow(() -> ApiException.notFound("Scenario", id));
        Explorations.Exploration e = start(stored, DesignParam.parameter(stored, variant, "variant"), request);
        DeferredResult<ResponseEntity<ObjectNode>> out = deferred(() -> accepted(stored, e));
        e.future().whenComplete((r, err) -> {
            if (err != null) out.setErrorResult(failed(e, err));
            else out.setResult(ResponseEntity.ok(ExplorationJson.cell(json, stored, e.variant(), r)));
        });
        return out;
    }

    @Operation(summary = "Start an exploration as a job, or join the identical one",
            description = "Body {scenarioId, variant? (a preset id or design string) | design? (a design string or {preset?, knob: value}); "
                    + "identical designs join one job. 202 with the job ({id, state, position, progress, url}) and Location; "
                    + "200 with the job and its result when it is already done. 429 when this client has "
                    + "reaplab.jobs.per-client jobs already, 503 when the queue is full (both with Retry-After).")
    @PostMapping(path = "/api/explorations", consumes = "application/json", produces = "application/json")
    ResponseEntity<ObjectNode> submit(@RequestBody String body, HttpServletRequest request) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JacksonException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "malformed-json", "Malformed JSON",
                    "The request body is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) throw ApiException.badField("", "The request body must be a JSON object {scenarioId, variant? | design?}.");
        for (String name : root.propertyNames()) {
            if (!name.equals("scenarioId") && !name.equals("variant") && !name.equals("design")) {
                throw ApiException.badField("/" + name, "Unknown field '" + name + "'; an exploration request has [design, scenarioId, variant].");
            }
        }
        JsonNode sid = root.get("scenarioId");
        if (sid == null || !sid.isString() || sid.stringValue().isBlank()) {
            throw ApiException.badField("/scenarioId", "'scenarioId' must be the id of a stored or library scenario.");
        }
        StoredScenario stored = store.find(sid.stringValue()).orElseThrow(() ->
                ApiException.notFound("Scenario", sid.stringValue()).with("pointer", "/scenarioId"));
        Explorations.Exploration e = start(stored, DesignParam.of(stored, root.get("variant"), root.get("design")), request);
        if (e.done()) return ResponseEntity.ok(jobJson(stored, e));
        return accepted(stored, e);
    }

    @Operation(summary = "An exploration job: where it is, and its result once done",
            description = "state is queued (with position: 1 = next), running (with progress) or done (with result, the cell "
                    + "of GET /api/scenarios/{id}/explore). Finished jobs are kept while reaplab.jobs.finished allows.")
    @GetMapping(path = "/api/explorations/{job}", produces = "application/json")
    ObjectNode job(@PathVariable String job) {
        Job<?> j = jobs.find(job).orElseThrow(() -> ApiException.notFound("Job", job));
        String[] key = j.key().split("\n");
        if (!key[0].equals("exploration") || key.length < 3) throw ApiException.notFound("Job", job);
        StoredScenario stored = store.find(key[1]).orElseThrow(() -> ApiException.notFound("Scenario", key[1]));
        return jobJson(stored, explorations.explore(stored, DesignParam.parameter(stored, key[2], "job")));
    }

    private Explorations.Exploration start(StoredScenario stored, ViewDesign v, HttpServletRequest request) {
        try {
            return explorations.explore(stored, v, Clients.of(request));
        } catch (JobRefused r) {
            ApiException e = r.perClient()
                    ? new ApiException(HttpStatus.TOO_MANY_REQUESTS, "too-many-jobs", "Too many explorations", r.getMessage())
                    : new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "queue-full", "Exploration queue full", r.getMessage());
            e.with("limit", r.limit());
            e.getHeaders().set("Retry-After", "5");
            throw e;
        }
    }

    private ResponseEntity<ObjectNode> accepted(StoredScenario stored, Explorations.Exploration e) {
        ObjectNode body = jobJson(stored, e);
        return ResponseEntity.status(HttpStatus.ACCEPTED).location(URI.create(body.path("url").asString()))
                .header("Retry-After", RETRY_SECONDS).body(body);
    }

    /** {id, kind, state, position, progress, submitted, elapsedMillis, url, scenario, variant, result?}. */
    private ObjectNode jobJson(StoredScenario stored, Explorations.Exploration e) {
        ObjectNode out = json.createObjectNode();
        Job<ExplorationReport> j = e.job();
        String id = j == null ? JobService.idOf("library\n" + stored.id() + "\n" + e.variant().id()) : j.id();
        out.put("id", id);
        out.put("kind", "exploration");
        out.put("state", j == null ? "done" : j.state().name().toLowerCase(java.util.Locale.ROOT));
        Explorations.Progress p = e.progress();
        out.put("position", p.position());
        out.set("progress", json.valueToTree(p));
        if (j != null) {
            out.put("submitted", j.submitted().toString());
            out.put("elapsedMillis", j.elapsedMillis());
        }
        out.put("url", j == null ? ExplorationJson.apiUrl(stored.id(), e.variant()) : "/api/explorations/" + id);
        out.put("scenario", stored.id());
        out.put("variant", e.variant().id());
        out.set("design", json.valueToTree(DesignParam.echo(e.variant())));
        ExplorationReport r = j != null && j.state() == Job.State.FAILED ? null : e.report();
        if (r != null) out.set("result", ExplorationJson.cell(json, stored, e.variant(), r));
        if (j != null && j.state() == Job.State.FAILED) out.put("failure", "the exploration failed; submit it again");
        return out;
    }

    private ApiException failed(Explorations.Exploration e, Throwable err) {
        return new ApiException(HttpStatus.INTERNAL_SERVER_ERROR, "exploration-failed", "Exploration failed",
                "Exploring " + e.scenarioId() + " under " + e.variant().id() + " failed (" + err.getClass().getSimpleName() + ").");
    }

    private <T> DeferredResult<T> deferred(java.util.function.Supplier<T> onTimeout) {
        DeferredResult<T> out = new DeferredResult<>(properties.answerWithin().toMillis());
        out.onTimeout(() -> out.setResult(onTimeout.get()));
        return out;
    }
}
