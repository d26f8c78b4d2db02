package org.reaplab.web.guard;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.reaplab.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

import java.io.IOException;
import java.util.Map;

/**
 * How a filter says no: problem details to the API and to clients that do not ask for HTML, the
 * error page (with the reason in words) to a browser.
 */
public final class Refusals {
    /** The request attribute the error page reads its sentence from. */
    public static final String REASON = "org.reaplab.web.reason";

    private Refusals() {}

    public static void refuse(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String kind,
                              String title, String detail, Map<String, String> headers) throws IOException {
        refuse(request, response, Problems.of(status, kind, title, detail), headers);
    }

    /** The same, for a problem with extension members (the page shows its detail). */
    public static void refuse(HttpServletRequest request, HttpServletResponse response, ProblemDetail p,
                              Map<String, String> headers) throws IOException {
        Map<String, String> h = headers == null ? Map.of() : headers;
        if (wantsPage(request)) {
            h.forEach(response::setHeader);
            request.setAttribute(REASON, p.getDetail());
            response.sendError(p.getStatus(), p.getTitle());
            return;
        }
        Problems.write(request, response, p, h);
    }

    /** A browser page or form: not the API, and HTML is what it accepts. */
    public static boolean wantsPage(HttpServletRequest request) {
        String path = request.getRequestURI();
        if (path.startsWith("/api/") || path.startsWith("/s/") || path.startsWith("/actuator/")) return false;
        String accept = request.getHeader("Accept");
        return request.getHeader("HX-Request") != null || accept != null && accept.contains("text/html");
    }
}
