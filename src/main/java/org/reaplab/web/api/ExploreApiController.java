package org.reaplab.web.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.reaplab.exploration.ExplorationReport;
import org.reaplab.exploration.VerdictMatrix;
import org.reaplab.simulation.Simulation;
import org.reaplab.storage.ScenarioStore;
import org.reaplab.storage.StoredScenario;
import org.reaplab.variant.Variant;
import org.reaplab.web.verdicts.MatrixView;
import org.reaplab.web.verdicts.Verdicts;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;

@RestController
@Tag(name = "exploration", description = "Every schedule of a scenario: verdicts, outcome classes, shortest counterexamples")
class ExploreApiController {
    /** How long a request waits for an exploration before it is answered 503 with Retry-After. */
    static final Duration WAIT = Duration.ofMinutes(5);

    private final Verdicts verdicts;
    private final ScenarioStore store;
    private final JsonMapper json;

    ExploreApiController(Verdicts verdicts, ScenarioStore store, JsonMapper json) {
        this.verdicts = verdicts;
        this.store = store;
        this.json = json;
    }

    @Operation(summary = "The verdict matrix of the library: every scenario under every variant, explored exhaustively",
            description = "Per scenario and variant: the verdict (ok, violated, incomplete), the violated invariants and the "
                    + "exploration report (figures, outcome classes with an example schedule, the shortest counterexample of "
                    + "each violated invariant), with viewer links. Computed once, on first use; the first request waits for it.")
    @GetMapping(path = "/api/verdicts", produces = "application/json")
    ObjectNode matrix() {
        VerdictMatrix m = verdicts.awaitLibrary(WAIT);
        MatrixView view = m == null ? null : verdicts.libraryView();
        if (view == null) throw busy("The verdict matrix is still being computed.");
        return ExplorationJson.matrix(json, view, id -> store.find(id).orElseGet(() ->
                new StoredScenario(id, null, null, true, Instant.EPOCH)));
    }

    @Operation(summary = "Explore every schedule of one stored scenario (library or uploaded) under one variant",
            description = "Within the budgets reaplab.explore.max-states and reaplab.explore.max-seconds; a report that ran "
                    + "out of budget says complete=false and which budget (budgetHit). Reports are kept per scenario and variant.")
    @GetMapping(path = "/api/scenarios/{id}/explore", produces = "application/json")
    ObjectNode explore(@PathVariable String id,
                       @Parameter(description = "a variant id; default: the scenario's own variant") @RequestParam(required = false) String variant) {
        StoredScenario stored = store.find(id).orElseThrow(() -> ApiException.notFound("Scenario", id));
        Variant v;
        if (variant == null || variant.isBlank()) {
            v = Simulation.defaultVariant(stored.scenario());
        } else {
            v = Variant.byId(variant.strip());
            if (v == null) {
                throw ApiException.badParameter("variant", "Unknown variant '" + abbreviate(variant) + "'; the variants are "
                        + Variant.ids() + ".").with("allowed", Variant.ids());
            }
        }
        ExplorationReport r = verdicts.explore(stored, v).await(WAIT);
        if (r == null) throw busy("The exploration of " + id + " under " + v.id + " is still running.");
        return ExplorationJson.cell(json, stored, v, r);
    }

    private static ApiException busy(String detail) {
        ApiException e = new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "exploring", "Still exploring", detail);
        e.getHeaders().set("Retry-After", "5");
        return e;
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
