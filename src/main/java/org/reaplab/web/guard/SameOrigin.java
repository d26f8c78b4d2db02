package org.reaplab.web.guard;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.net.URI;
import java.util.Locale;
import java.util.Set;

/**
 * Cross-site request forgery: a state-changing request (POST, PUT, PATCH, DELETE) that a browser says
 * comes from another site is refused with 403. Browsers say it in {@code Sec-Fetch-Site} (and in
 * {@code Origin} on every POST); the page's own forms and htmx requests are same-origin. Scripts and
 * command-line clients send neither header and are let through: they carry no victim's cookies, and
 * the app keeps no sessions.
 */
class SameOrigin extends OncePerRequestFilter {
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS", "TRACE");
    private final GuardProperties guard;

    SameOrigin(GuardProperties guard) {
        this.guard = guard;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (SAFE.contains(request.getMethod()) || allowed(request)) {
            chain.doFilter(request, response);
            return;
        }
        Refusals.refuse(request, response, HttpStatus.FORBIDDEN, "cross-site-request", "Cross-site request refused",
                "This " + request.getMethod() + " came from another site (Origin " + clip(request.getHeader("Origin"))
                        + ", Sec-Fetch-Site " + clip(request.getHeader("Sec-Fetch-Site"))
                        + "); forms are accepted from this site's own pages only (reaplab.guard.allowed-origins).", null);
    }

    boolean allowed(HttpServletRequest request) {
        String origin = request.getHeader("Origin");
        if (origin != null && !origin.isBlank()) return sameOrigin(origin.strip(), request);
        String site = request.getHeader("Sec-Fetch-Site");
        if (site == null) return true;
        site = site.strip().toLowerCase(Locale.ROOT);
        return site.equals("same-origin") || site.equals("none");
    }

    private boolean sameOrigin(String origin, HttpServletRequest request) {
        if (guard.allowedOrigins().contains(origin)) return true;
        URI o;
        try {
            o = URI.create(origin);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (o.getScheme() == null || o.getHost() == null) return false; // "null" from sandboxed frames and file:
        String host = request.getHeader("Host");
        if (host == null) return false;
        String own = host.strip().toLowerCase(Locale.ROOT);
        String theirs = o.getHost().toLowerCase(Locale.ROOT) + (o.getPort() < 0 ? "" : ":" + o.getPort());
        if (own.equals(theirs)) return true;
        // a default port may be written or left out on either side
        int defaultPort = "https".equalsIgnoreCase(o.getScheme()) ? 443 : 80;
        return o.getPort() < 0 ? own.equals(theirs + ":" + defaultPort)
                : o.getPort() == defaultPort && own.equals(o.getHost().toLowerCase(Locale.ROOT));
    }

    private static String clip(String s) {
        if (s == null) return "none";
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }
}
