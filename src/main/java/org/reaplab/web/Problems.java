package org.reaplab.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The one place that writes RFC 9457 problem details: the API's advices ({@link #response}), the filters that
 * answer before any controller (body size, rate limits, cross-site posts; {@link #write}), the container's own
 * refusals (a header over its limit) and the share links all build their problems here, so every problem has
 * {@code type = urn:reaplab:problem:<kind>}, a title, the status, a detail and the instance.
 */
public final class Problems {
    public static final String TYPE_PREFIX = "urn:reaplab:problem:";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Problems() {}

    public static ProblemDetail of(HttpStatusCode status, String kind, String title, String detail) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setType(URI.create(TYPE_PREFIX + kind));
        p.setTitle(title);
        return p;
    }

    /** A problem whose kind and title are its status's: "bad-request", "Bad Request". */
    public static ProblemDetail of(HttpStatusCode status, String detail) {
        return typed(ProblemDetail.forStatusAndDetail(status, detail), status);
    }

    /** Gives a problem that Spring made (type about:blank) a type from its status: "not-acceptable", ... */
    public static ProblemDetail typed(ProblemDetail p, HttpStatusCode status) {
        if (p.getType() != null && !"about:blank".equals(p.getType().toString())) return p;
        HttpStatus known = HttpStatus.resolve(status.value());
        String reason = known == null ? "http-" + status.value()
                : known.getReasonPhrase().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        p.setType(URI.create(TYPE_PREFIX + reason));
        if (p.getTitle() == null && known != null) p.setTitle(known.getReasonPhrase());
        return p;
    }

    /** A problem as an answer of Spring MVC (the advices'), with its headers. */
    public static ResponseEntity<ProblemDetail> response(ProblemDetail p, HttpHeaders headers) {
        return ResponseEntity.status(p.getStatus()).headers(headers).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(p);
    }

    public static ResponseEntity<ProblemDetail> response(ProblemDetail p) {
        return response(p, HttpHeaders.EMPTY);
    }

    /** Writes a problem straight to the response, for filters that answer before Spring MVC. */
    public static void write(HttpServletRequest request, HttpServletResponse response, ProblemDetail p,
                             Map<String, String> headers) throws IOException {
        if (p.getInstance() == null) p.setInstance(URI.create(safePath(request)));
        response.resetBuffer();
        response.setStatus(p.getStatus());
        headers.forEach(response::setHeader);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.getOutputStream().write(JSON.writeValueAsBytes(members(p)));
        response.flushBuffer();
    }

    /** The members as RFC 9457 lays them out: extension members beside the standard ones, as Spring MVC writes them. */
    static Map<String, Object> members(ProblemDetail p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", p.getType().toString());
        if (p.getTitle() != null) m.put("title", p.getTitle());
        m.put("status", p.getStatus());
        if (p.getDetail() != null) m.put("detail", p.getDetail());
        if (p.getInstance() != null) m.put("instance", p.getInstance().toString());
        if (p.getProperties() != null) m.putAll(p.getProperties());
        return m;
    }

    /** The request path as a relative URI, with anything a URI may not hold percent-encoded. */
    public static String safePath(HttpServletRequest request) {
        String uri = request.getRequestURI();
        StringBuilder b = new StringBuilder();
        for (char c : uri.toCharArray()) {
            if (c > 0x20 && c < 0x7f && c != '"' && c != '<' && c != '>' && c != '\\' && c != '^' && c != '`'
                    && c != '{' && c != '|' && c != '}') {
                b.append(c);
            } else {
                b.append('%').append(String.format("%02X", (int) c & 0xff));
            }
        }
        return b.toString();
    }

    /** An exception as one short log line: its class, where it was thrown, and the start of its message. */
    public static String oneLine(Throwable e) {
        StackTraceElement[] st = e.getStackTrace();
        String where = st.length == 0 ? "" : " at " + st[0];
        String m = e.getMessage() == null ? "" : e.getMessage().replaceAll("\\s+", " ");
        return e.getClass().getName() + where + (m.isEmpty() ? "" : ": " + (m.length() > 200 ? m.substring(0, 200) + "…" : m));
    }
}
