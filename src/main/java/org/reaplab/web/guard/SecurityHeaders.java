package org.reaplab.web.guard;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * The headers every response carries, pages, fragments, the API and errors alike: a CSP that allows
 * only the app's own scripts (htmx and the frontend modules come from this origin), no framing, no
 * MIME sniffing and no referrer sent to other sites.
 */
class SecurityHeaders extends OncePerRequestFilter {
    private final GuardProperties guard;

    SecurityHeaders(GuardProperties guard) {
        this.guard = guard;
    }

    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return false;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        set(response, guard);
        chain.doFilter(request, response);
    }

    static void set(HttpServletResponse response, GuardProperties guard) {
        response.setHeader("Content-Security-Policy", guard.contentSecurityPolicy());
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Referrer-Policy", "same-origin");
        // allow-popups: "Open in Perfetto" opens ui.perfetto.dev and posts the trace to it, which needs the
        // opener relationship that plain same-origin severs; pages that open ReapLab still get none
        response.setHeader("Cross-Origin-Opener-Policy", "same-origin-allow-popups");
        response.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
        if (guard.hsts()) response.setHeader("Strict-Transport-Security", "max-age=31536000");
    }
}
