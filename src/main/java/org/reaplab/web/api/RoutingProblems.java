package org.reaplab.web.api;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ResponseEntity;
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

    @ExceptionHandler({NoResourceFoundException.class, NoHandlerFoundException.class,
            HttpRequestMethodNotSupportedException.class, HttpMediaTypeNotSupportedException.class,
            HttpMediaTypeNotAcceptableException.class})
    ResponseEntity<Object> routing(Exception e, WebRequest request) throws Exception {
        return problems.handleException(e, request);
    }
}
