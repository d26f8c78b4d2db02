package org.reaplab.web.api;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;
import org.reaplab.web.Problems;


/**
 * An error the API answers with RFC 9457 problem details. The {@code type} is
 * {@code urn:reaplab:problem:<kind>}; {@code detail} says what is wrong and where.
 */
class ApiException extends ErrorResponseException {

    ApiException(HttpStatus status, String kind, String title, String detail) {
        super(status, Problems.of(status, kind, title, detail), null);
    }

    /** Adds an extension member. */
    ApiException with(String name, Object value) {
        getBody().setProperty(name, value);
        return this;
    }

    @Override
    public String getMessage() {
        return getBody().getTitle() + ": " + getBody().getDetail();
    }

    static ApiException notFound(String what, String id) {
        return new ApiException(HttpStatus.NOT_FOUND, "not-found", what + " not found",
                "There is no " + what.toLowerCase() + " with id '" + id + "'.");
    }

    /** A field of the request body is wrong; {@code pointer} is its JSON pointer (RFC 6901). */
    static ApiException badField(String pointer, String detail) {
        return new ApiException(HttpStatus.BAD_REQUEST, "bad-request-field", "Bad request field", detail)
                .with("pointer", pointer);
    }

    /** A query parameter or header is wrong. */
    static ApiException badParameter(String parameter, String detail) {
        return new ApiException(HttpStatus.BAD_REQUEST, "bad-parameter", "Bad parameter", detail)
                .with("parameter", parameter);
    }
}
