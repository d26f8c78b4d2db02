package org.reaplab.web.guard;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.reaplab.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * Request bodies, before any controller sees them, on every path:
 * <ul>
 * <li>above {@code reaplab.limits.body-size}: 413, whether the length was declared or streamed chunked;</li>
 * <li>a text body (JSON, YAML, a form) that is not UTF-8: 400, with the line and column of the first bad
 * byte, so what is stored is exactly what was sent (a form's percent-escapes are decoded first);</li>
 * <li>{@code multipart/form-data} without a boundary: 400.</li>
 * </ul>
 * Bodies under the limit are buffered (they are small) and handed on.
 */
class BodyLimits extends OncePerRequestFilter {
    private final long limit;

    BodyLimits(long limit) {
        this.limit = limit;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String method = request.getMethod();
        if (!"POST".equals(method) && !"PUT".equals(method) && !"PATCH".equals(method)) {
            chain.doFilter(request, response);
            return;
        }
        String type = request.getContentType() == null ? "" : request.getContentType().toLowerCase(Locale.ROOT);
        boolean parsed = request instanceof org.springframework.web.multipart.MultipartHttpServletRequest;
        if (type.startsWith("multipart/") && !type.contains("boundary=") && !parsed) {
            Refusals.refuse(request, response, HttpStatus.BAD_REQUEST, "malformed-multipart", "Malformed multipart body",
                    "The Content-Type '" + clip(request.getContentType()) + "' has no boundary, so the parts cannot be told apart.", null);
            return;
        }
        long declared = request.getContentLengthLong();
        if (declared > limit) {
            tooLarge(request, response, declared + " bytes");
            return;
        }
        if (type.startsWith("multipart/")) {
            // parsed by the container, which enforces the same limit (spring.servlet.multipart.max-request-size)
            chain.doFilter(request, response);
            return;
        }
        ByteArrayOutputStream buffer = new ByteArrayOutputStream((int) Math.max(0, Math.min(declared, limit)));
        try (InputStream in = request.getInputStream()) {
            byte[] chunk = new byte[8192];
            int n;
            while ((n = in.read(chunk)) > 0) {
                buffer.write(chunk, 0, n);
                if (buffer.size() > limit) {
                    tooLarge(request, response, "more than " + limit + " bytes");
                    return;
                }
            }
        }
        byte[] body = buffer.toByteArray();
        if (isText(type)) {
            String bad = type.startsWith("application/x-www-form-urlencoded") ? badForm(body) : badUtf8(body);
            if (bad != null) {
                Refusals.refuse(request, response, HttpStatus.BAD_REQUEST, "bad-encoding", "Body is not UTF-8",
                        "The request body is not valid UTF-8: " + bad + ". Scenarios are UTF-8 text.", null);
                return;
            }
        }
        chain.doFilter(new Buffered(request, body, type.startsWith("application/x-www-form-urlencoded")), response);
    }

    private static boolean isText(String type) {
        return type.startsWith("application/json") || type.contains("yaml") || type.startsWith("text/")
                || type.startsWith("application/x-www-form-urlencoded") || type.startsWith("application/problem+json");
    }

    private void tooLarge(HttpServletRequest request, HttpServletResponse response, String size) throws IOException {
        response.setHeader("Connection", "close");
        ProblemDetail p = Problems.of(HttpStatus.CONTENT_TOO_LARGE, "body-too-large", "Request body too large",
                "The request body has " + size + "; the limit is " + limit + " bytes (reaplab.limits.body-size).");
        p.setProperty("limit", limit);
        Refusals.refuse(request, response, p, Map.of("X-Limit", String.valueOf(limit)));
    }

    /** Where the bytes stop being UTF-8 ("line 3, column 7 (byte 41)"), or null when they are. */
    static String badUtf8(byte[] bytes) {
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            d.decode(ByteBuffer.wrap(bytes));
            return null;
        } catch (CharacterCodingException e) {
            int at = firstBad(bytes);
            int line = 1, column = 1;
            for (int i = 0; i < at; ) {
                int b = bytes[i] & 0xff;
                if (b == '\n') {
                    line++;
                    column = 1;
                    i++;
                    continue;
                }
                int len = b < 0x80 ? 1 : b < 0xe0 ? 2 : b < 0xf0 ? 3 : 4;
                column++;
                i += len;
            }
            return String.format("byte 0x%02x at line %d, column %d (byte offset %d)", bytes[at] & 0xff, line, column, at);
        }
    }

    private static int firstBad(byte[] bytes) {
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(bytes.length + 1);
        java.nio.charset.CoderResult r = d.decode(in, out, true);
        return r.isError() ? in.position() : 0;
    }

    /** A form body: percent-escapes must be well formed and decode to UTF-8. */
    static String badForm(byte[] body) {
        ByteArrayOutputStream decoded = new ByteArrayOutputStream(body.length);
        for (int i = 0; i < body.length; i++) {
            byte b = body[i];
            if (b == '%') {
                if (i + 2 >= body.length || Character.digit(body[i + 1], 16) < 0 || Character.digit(body[i + 2], 16) < 0) {
                    return "a malformed percent-escape at byte offset " + i;
                }
                decoded.write(Character.digit(body[i + 1], 16) * 16 + Character.digit(body[i + 2], 16));
                i += 2;
            } else if (b == '&' || b == '=') {
                decoded.write('\n');
            } else {
                decoded.write(b);
            }
        }
        String bad = badUtf8(decoded.toByteArray());
        return bad == null ? null : "a form field decodes to bytes that are not UTF-8 (" + bad.replaceAll(" at line.*", "") + ")";
    }

    private static String clip(String s) {
        return s == null ? "" : s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }

    /** The buffered body; a form's fields are decoded from it here, since the container's copy was read. */
    private static final class Buffered extends HttpServletRequestWrapper {
        private final byte[] body;
        private final Map<String, String[]> parameters;

        Buffered(HttpServletRequest request, byte[] body, boolean form) {
            super(request);
            this.body = body;
            if (form) {
                Map<String, java.util.List<String>> all = new java.util.LinkedHashMap<>();
                request.getParameterMap().forEach((k, v) -> all.computeIfAbsent(k, x -> new java.util.ArrayList<>()).addAll(java.util.List.of(v)));
                for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
                    if (pair.isEmpty()) continue;
                    int eq = pair.indexOf('=');
                    String k = java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                    String v = eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                    all.computeIfAbsent(k, x -> new java.util.ArrayList<>()).add(v);
                }
                Map<String, String[]> m = new java.util.LinkedHashMap<>();
                all.forEach((k, v) -> m.put(k, v.toArray(String[]::new)));
                this.parameters = java.util.Collections.unmodifiableMap(m);
            } else {
                this.parameters = null;
            }
        }

        @Override
        public String getParameter(String name) {
            if (parameters == null) return super.getParameter(name);
            String[] v = parameters.get(name);
            return v == null || v.length == 0 ? null : v[0];
        }

        @Override
        public Map<String, String[]> getParameterMap() {
            return parameters == null ? super.getParameterMap() : parameters;
        }

        @Override
        public java.util.Enumeration<String> getParameterNames() {
            return parameters == null ? super.getParameterNames() : java.util.Collections.enumeration(parameters.keySet());
        }

        @Override
        public String[] getParameterValues(String name) {
            return parameters == null ? super.getParameterValues(name) : parameters.get(name);
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException();
                }

                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
