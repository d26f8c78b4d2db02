package org.reaplab.web.api;

import org.reaplab.web.Limits;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.reaplab.scenario.format.ParseResult;
import org.reaplab.storage.ScenarioCodec;
import org.reaplab.storage.ScenarioStore;
import org.reaplab.storage.StoredScenario;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
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

import java.net.URI;
import java.time.Instant;
import java.util.List;

@RestController
@RequestMapping("/api/scenarios")
@Tag(name = "scenarios", description = "Upload, fetch, list and validate scenarios")
class ScenarioApiController {
    static final String SCENARIO_TYPES_IN = "application/json, application/yaml, application/x-yaml, text/yaml";

    private final ScenarioStore store;
    private final ScenarioCodec codec;
    private final Limits limits;

    ScenarioApiController(ScenarioStore store, ScenarioCodec codec, Limits limits) {
        this.store = store;
        this.codec = codec;
        this.limits = limits;
    }

    record Created(String id, String viewerUrl, String shareUrl, List<ScenarioProblem> problems) {}

    record Summary(String id, String name, String title, String summary, boolean library, Instant created,
                   String url, String viewerUrl, String shareUrl) {}

    record Page(List<Summary> items, int page, int size, long total, int totalPages, String q) {}

    /** @param problemsOmitted problems found beyond the first {@code reaplab.limits.problems} */
    record Validation(boolean valid, List<ScenarioProblem> problems, int problemsOmitted) {}

    @Operation(summary = "Upload a scenario (JSON or YAML by Content-Type)",
            description = "The id is derived from the canonical content: the same scenario uploaded twice has one id and one row. "
                    + "An invalid scenario is answered 422 with the problems (line, column, JSON pointer, message).")
    @PostMapping(consumes = {"application/json", "application/yaml", "application/x-yaml", "text/yaml"},
            produces = "application/json")
    ResponseEntity<Created> upload(@RequestBody String body) {
        StoredScenario stored = store.save(body, Scenarios.parseOrThrow(codec, body, "upload", limits.problems()));
        return ResponseEntity.created(URI.create("/api/scenarios/" + stored.id()))
                .body(new Created(stored.id(), viewerUrl(stored.id()), shareUrl(stored.id()), List.of()));
    }

    @Operation(summary = "Check a scenario without storing it",
            description = "Always 200 when the body was read: {valid, problems}.")
    @PostMapping(path = "/validate", consumes = {"application/json", "application/yaml", "application/x-yaml", "text/yaml"},
            produces = "application/json")
    Validation validate(@RequestBody String body) {
        ParseResult r = codec.parse(body, "upload");
        List<ScenarioProblem> all = r.problems().stream().map(ScenarioProblem::of).toList();
        int shown = Math.min(all.size(), limits.problems());
        return new Validation(r.ok(), all.subList(0, shown), all.size() - shown);
    }

    @Operation(summary = "A scenario as JSON or YAML (by Accept)",
            description = "YAML uploads and library scenarios come back as written (comments kept) when YAML is asked for; "
                    + "otherwise the scenario is written out in the asked format. ETag is the id: content never changes.")
    @GetMapping(path = "/{id}", produces = {"application/json", "application/yaml", "application/x-yaml", "text/yaml"})
    ResponseEntity<String> get(@PathVariable String id, @RequestHeader(name = "Accept", required = false) String accept)
            throws HttpMediaTypeNotAcceptableException {
        MediaType type = Accepts.choose(accept, List.of(MediaType.APPLICATION_JSON, Accepts.YAML_TYPES.get(0),
                Accepts.YAML_TYPES.get(1), Accepts.YAML_TYPES.get(2)));
        StoredScenario s = store.find(id).orElseThrow(() -> ApiException.notFound("Scenario", id));
        String body;
        if (Accepts.isYaml(type)) {
            body = "yaml".equals(ScenarioCodec.formatOf(s.source())) ? s.source() : codec.toYaml(s.scenario());
        } else {
            body = "json".equals(ScenarioCodec.formatOf(s.source())) && !s.library() ? s.source() : codec.toJson(s.scenario());
        }
        return ResponseEntity.ok()
                .contentType(new MediaType(type, java.nio.charset.StandardCharsets.UTF_8))
                .eTag("\"" + s.id() + "\"")
                .cacheControl(s.library() ? CacheControl.noCache() : CacheControl.maxAge(java.time.Duration.ofDays(365)).cachePublic())
                .body(body);
    }

    @Operation(summary = "List scenarios, library first, then uploads newest first",
            description = "q matches name or title (case-insensitive substring); page is 0-based.")
    @GetMapping(produces = "application/json")
    Page list(@Parameter(description = "substring of name or title") @RequestParam(required = false) String q,
              @RequestParam(defaultValue = "0") String page,
              @RequestParam(defaultValue = "20") String size) {
        int p = intParam("page", page, 0, Integer.MAX_VALUE / 1000);
        int n = intParam("size", size, 1, limits.pageSize());
        long total = store.count(q);
        List<Summary> items = store.search(q, p * n, n).stream().map(ScenarioApiController::summary).toList();
        return new Page(items, p, n, total, (int) ((total + n - 1) / n), q);
    }

    private static int intParam(String name, String value, int min, int max) {
        int v;
        try {
            v = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw ApiException.badParameter(name, "Query parameter '" + name + "' must be a whole number, got '" + value + "'.");
        }
        if (v < min || v > max) {
            throw ApiException.badParameter(name, "Query parameter '" + name + "' must be between " + min + " and " + max
                    + ", got " + v + ".");
        }
        return v;
    }

    static Summary summary(StoredScenario s) {
        return new Summary(s.id(), s.scenario().name(), s.scenario().title(), s.scenario().summary(), s.library(),
                s.library() ? null : s.created(), "/api/scenarios/" + s.id(), viewerUrl(s.id()), shareUrl(s.id()));
    }

    static String viewerUrl(String id) {
        return "/scenarios/" + id;
    }

    static String shareUrl(String id) {
        return "/s/" + id;
    }

    /** 422 with the first {@code max} problems and, when there are more, how many were left out. */
    static ApiException invalid(List<ScenarioProblem> problems, int max) {
        ScenarioProblem first = problems.get(0);
        String where = "line " + first.line() + ", column " + first.column()
                + (first.pointer().isEmpty() ? "" : " (" + first.pointer() + ")");
        int shown = Math.min(problems.size(), Math.max(1, max));
        ApiException e = new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "invalid-scenario", "Invalid scenario",
                problems.size() + " problem" + (problems.size() == 1 ? "" : "s") + " in the scenario; the first at "
                        + where + ": " + first.message()
                        + (shown < problems.size() ? " (the first " + shown + " are listed, and " + (problems.size() - shown) + " more)" : ""))
                .with("problems", problems.subList(0, shown));
        if (shown < problems.size()) e.with("problemsOmitted", problems.size() - shown);
        return e;
    }
}
