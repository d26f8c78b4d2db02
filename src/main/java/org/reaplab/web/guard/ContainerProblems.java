package org.reaplab.web.guard;

import jakarta.servlet.RequestDispatcher;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.apache.tomcat.util.res.StringManager;
import org.reaplab.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.util.unit.DataSize;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Errors the container answers before the app sees the request (a request line or header over
 * {@code server.max-http-request-header-size}, a request line it cannot parse): problem details like every
 * other refusal, instead of Tomcat's HTML page. It takes the place of Tomcat's error report valve on the host,
 * so it only writes where nothing else did.
 */
final class ContainerProblems extends ErrorReportValve {
    /** Tomcat's own message for a request line or header block over the limit, in the JVM's language. */
    private static final String HEADER_TOO_LARGE = StringManager.getManager("org.apache.coyote.http11")
            .getString("iib.requestheadertoolarge.error");

    private final DataSize headerLimit;

    ContainerProblems(DataSize headerLimit) {
        this.headerLimit = headerLimit;
        setShowReport(false);
        setShowServerInfo(false);
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        if (response.getStatus() < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) return;
        AtomicBoolean ioAllowed = new AtomicBoolean(true);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) return;
        Throwable cause = throwable != null ? throwable : (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        ProblemDetail p;
        if (cause != null && HEADER_TOO_LARGE.equals(cause.getMessage())) {
            // 431 (RFC 6585) says what was too large better than the container's 400
            p = Problems.of(HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "header-too-large", "Request header too large",
                    "The request line and headers together are larger than " + headerLimit.toKilobytes()
                            + " KB (server.max-http-request-header-size); a cookie or a header line may be too long.");
            p.setProperty("limit", headerLimit.toBytes());
        } else {
            p = Problems.of(HttpStatusCode.valueOf(response.getStatus()),
                    "The server could not read this request (it was refused before the app saw it).");
        }
        try {
            Problems.write(request, response, p, Map.of("Connection", "close"));
        } catch (IOException | RuntimeException e) {
            // the client is gone or the connection is closed: nothing more to say
        }
    }
}
