package org.reaplab.web.api;

import org.reaplab.web.Problems;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;


/**
 * Spring MVC's own errors in the API's controllers (unsupported Content-Type, unacceptable Accept,
 * ...) as problem details that, like the API's own, always carry a {@code type}:
 * {@code urn:reaplab:problem:<reason>}, e.g. {@code urn:reaplab:problem:not-acceptable}. Errors found
 * before any controller is chosen (unknown path, wrong method) are {@link RoutingProblems}'. The pages
 * keep their own error handling.
 */
@ControllerAdvice(basePackages = {"org.reaplab.web.api", "org.reaplab.web.share"})
@Order(0)
class ProblemTypes extends ResponseEntityExceptionHandler {

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
                                                             HttpStatusCode statusCode, WebRequest request) {
        if (body instanceof ProblemDetail p) Problems.typed(p, statusCode);
        return super.handleExceptionInternal(ex, body, headers, statusCode, request);
    }

    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode statusCode,
                                                          WebRequest request) {
        if (body instanceof ProblemDetail p) Problems.typed(p, statusCode);
        return super.createResponseEntity(body, headers, statusCode, request);
    }
}
