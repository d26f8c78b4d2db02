package org.reaplab.web.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.reaplab.designspace.PlainText;
import org.reaplab.designspace.SearchResult;
import org.reaplab.web.designs.DesignSearches;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Duration;

@RestController
@Tag(name = "designs", description = "The design-space search: every library scenario under every design of a space")
class DesignsApiController {
    static final Duration WAIT = Duration.ofMinutes(5);

    private final DesignSearches searches;

    DesignsApiController(DesignSearches searches) {
        this.searches = searches;
    }

    @Operation(summary = "The design-space search of the library: ranked scorecards, verdict rows, the computed sentence",
            description = "Per design: status (safe, incomplete, unsafe), every invariant some schedule breaks with its shortest "
                    + "counterexample (scenario, step, schedule: replay it as a script), and the measures of docs/designs.md. "
                    + "Computed once per library and engine version; the first request waits for it.")
    @GetMapping(path = "/api/designs", produces = "application/json")
    SearchResult designs() {
        return result();
    }

    @Operation(summary = "The search as plain ASCII wrapped at 72 columns, ending with the command that reproduces it",
            description = "Without parameters the design-space summary; with design= that design's scorecard; with scenario= "
                    + "that scenario's verdict row. The page's copy buttons and the designs command print the same texts.")
    @GetMapping(path = "/api/designs/text", produces = "text/plain;charset=UTF-8")
    String text(@Parameter(description = "a design's canonical string") @RequestParam(required = false) String design,
                @Parameter(description = "a scenario name") @RequestParam(required = false) String scenario) {
        if (design != null && scenario != null) {
            throw ApiException.badParameter("design", "Give design= or scenario=, not both.");
        }
        SearchResult r = result();
        if (design != null) {
            String t = PlainText.scorecard(r, design);
            if (t == null) throw ApiException.badParameter("design", "No design '" + abbreviate(design) + "' in the space '" + r.space() + "'.");
            return t;
        }
        if (scenario != null) {
            String t = PlainText.verdictRow(r, scenario);
            if (t == null) throw ApiException.badParameter("scenario", "No scenario '" + abbreviate(scenario) + "' in the search.");
            return t;
        }
        return PlainText.summary(r);
    }

    private SearchResult result() {
        SearchResult r = searches.await(WAIT);
        if (r == null) {
            ApiException e = new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "exploring", "Still searching",
                    "The design-space search is still running.");
            e.getHeaders().set("Retry-After", "5");
            throw e;
        }
        return r;
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
