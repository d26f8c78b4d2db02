package org.reaplab.web.share;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.reaplab.storage.ScenarioStore;
import org.reaplab.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriUtils;

import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * Short links: {@code /s/{id}} opens the viewer of scenario {@code id}, carrying the query string
 * (variant, schedule, step, compare) over unchanged so the link reproduces the exact view.
 */
@RestController
@Tag(name = "share links")
class ShareLinkController {
    private final ScenarioStore store;

    ShareLinkController(ScenarioStore store) {
        this.store = store;
    }

    @Operation(summary = "Short link: redirects (302) to /scenarios/{id} with the same query string")
    @GetMapping("/s/{id}")
    ResponseEntity<Void> open(@PathVariable String id, HttpServletRequest request) {
        if (store.find(id).isEmpty()) {
            ProblemDetail p = Problems.of(HttpStatus.NOT_FOUND, "not-found", "Scenario not found",
                    "There is no scenario with id '" + id + "' behind this link.");
            throw new ErrorResponseException(HttpStatus.NOT_FOUND, p, null);
        }
        String query = request.getQueryString();
        String target = "/scenarios/" + UriUtils.encodePathSegment(id, StandardCharsets.UTF_8)
                + (query == null || query.isEmpty() ? "" : "?" + query);
        return ResponseEntity.status(HttpStatus.FOUND).location(URI.create(target)).build();
    }
}
