package org.reaplab.web.api;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.reaplab.web.Limits;
import org.reaplab.web.Problems;
import org.reaplab.web.guard.Refusals;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;

import java.io.IOException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Errors found while Spring MVC picks a handler, before any controller runs: unknown path (404),
 * wrong method (405), unsupported Content-Type (415), unacceptable Accept (406). They are problem
 * details with a {@code type}, for every path. Only these exception types are handled here, so the
 * pages' own advice keeps everything else.
 */
@ControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
class RoutingProblems {
    private final ProblemTypes problems = new ProblemTypes();
    private final Limits limits;

    RoutingProblems(Limits limits) {
        this.limits = limits;
    }

    @ExceptionHandler({NoResourceFoundException.class, NoHandlerFoundException.class,
            HttpRequestMethodNotSupportedException.class, HttpMediaTypeNotSupportedException.class,
            HttpMediaTypeNotAcceptableException.class})
    ResponseEntity<Object> routing(Exception e, WebRequest request) throws Exception {
        return problems.handleException(e, request);
    }

    /** A multipart body that cannot be parsed (no boundary, a broken part): found before any controller runs. */
    @ExceptionHandler(MultipartException.class)
    ResponseEntity<ProblemDetail> multipart(MultipartException e, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        boolean tooLarge = e instanceof MaxUploadSizeExceededException;
        HttpStatus status = tooLarge ? HttpStatus.CONTENT_TOO_LARGE : HttpStatus.BAD_REQUEST;
        String detail = tooLarge ? "The multipart body is larger than the limit (reaplab.limits.body-size)."
                : "The multipart body cannot be read: its parts are not delimited by the boundary its Content-Type names.";
        ProblemDetail p = Problems.of(status, tooLarge ? "body-too-large" : "malformed-multipart",
                tooLarge ? "Request body too large" : "Malformed multipart body", detail);
        if (tooLarge) p.setProperty("limit", limits.bodySize().toBytes());
        Refusals.refuse(request, response, p, null);
        return null;
    }
}
