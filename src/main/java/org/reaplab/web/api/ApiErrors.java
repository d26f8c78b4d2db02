package org.reaplab.web.api;

import org.reaplab.storage.StorageFull;
import org.reaplab.web.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;


/**
 * The API's own problems and unexpected failures as RFC 9457 problem details. Spring MVC's own
 * exceptions are answered by {@link ProblemTypes} and {@link RoutingProblems}, which come first; this
 * advice comes last.
 */
@RestControllerAdvice(basePackages = {"org.reaplab.web.api", "org.reaplab.web.share"})
@Order(Ordered.LOWEST_PRECEDENCE)
class ApiErrors {
    private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ProblemDetail> api(ApiException e) {
        return Problems.response(e.getBody(), e.getHeaders());
    }

    /**
     * The database holds what its quota allows: 507 Insufficient Storage (RFC 4918), since no client did
     * anything wrong and waiting does not help; it is the instance that is full, until its operator raises the
     * quota or makes room. Re-uploads of stored texts still answer.
     */
    @ExceptionHandler(StorageFull.class)
    ResponseEntity<ProblemDetail> full(StorageFull e) {
        ProblemDetail p = Problems.of(HttpStatus.INSUFFICIENT_STORAGE, "storage-full", "Storage full", e.getMessage());
        p.setProperty("setting", e.setting());
        p.setProperty("limit", e.limit());
        return Problems.response(p);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        // one line, without the stack: a message may hold posted text, and a flood of them must not fill the log
        log.warn("API request failed: {}", Problems.oneLine(e));
        ProblemDetail p = Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "Internal error",
                "The server failed to answer (" + e.getClass().getSimpleName() + ").");
        return Problems.response(p);
    }
}
