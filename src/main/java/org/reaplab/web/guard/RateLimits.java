package org.reaplab.web.guard;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * Per-client rate limits: every request takes a token from the client's request bucket, and every
 * state-changing request (upload, run, exploration) one from its write bucket as well. An empty
 * bucket is answered 429 with Retry-After. Buckets of the {@code reaplab.guard.clients} most recent
 * clients are kept; a forgotten client starts with a full bucket.
 */
class RateLimits extends OncePerRequestFilter {
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");
    /** Posts that only read (the live check as one types, validation) cost a request token, not a write. */
    private static final Set<String> READ_POSTS = Set.of("/scenarios/check", "/api/scenarios/validate");

    private final GuardProperties guard;
    private final Cache<String, Buckets> clients;

    RateLimits(GuardProperties guard) {
        this.guard = guard;
        this.clients = Caffeine.newBuilder().maximumSize(Math.max(1, guard.clients()))
                .expireAfterAccess(Duration.ofMinutes(30)).build();
    }

    private final class Buckets {
        final TokenBucket requests = new TokenBucket(guard.requestBurst(), guard.requestsPerSecond());
        final TokenBucket writes = new TokenBucket(guard.writeBurst(), guard.writesPerMinute() / 60.0);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        // health checks come from the orchestrator, static files are cached by the browser
        return path.startsWith("/actuator/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Buckets b = clients.get(Clients.of(request), k -> new Buckets());
        long now = System.nanoTime();
        if (!b.requests.take(now)) {
            tooMany(request, response, "requests", guard.requestsPerSecond() + " requests per second (burst "
                    + guard.requestBurst() + ", reaplab.guard.requests-per-second)", guard.requestRetry());
            return;
        }
        if (!SAFE.contains(request.getMethod()) && !READ_POSTS.contains(request.getRequestURI()) && !b.writes.take(now)) {
            tooMany(request, response, "writes", guard.writesPerMinute() + " uploads, runs and explorations per minute (burst "
                    + guard.writeBurst() + ", reaplab.guard.writes-per-minute)", guard.writeRetry());
            return;
        }
        chain.doFilter(request, response);
    }

    private static void tooMany(HttpServletRequest request, HttpServletResponse response, String what, String limit,
                                Duration retry) throws IOException {
        long seconds = Math.max(1, (retry.toMillis() + 999) / 1000);
        Refusals.refuse(request, response, HttpStatus.TOO_MANY_REQUESTS, "rate-limited", "Too many " + what,
                "This client sent more than " + limit + "; try again in " + seconds + " s.",
                Map.of("Retry-After", String.valueOf(seconds)));
    }

    /** A token bucket: {@code capacity} tokens, refilled at {@code perSecond}. */
    static final class TokenBucket {
        private final double capacity;
        private final double perNano;
        private double tokens;
        private long last;

        TokenBucket(double capacity, double perSecond) {
            this.capacity = Math.max(1, capacity);
            this.perNano = perSecond / 1e9;
            this.tokens = this.capacity;
            this.last = System.nanoTime();
        }

        synchronized boolean take(long now) {
            tokens = Math.min(capacity, tokens + (now - last) * perNano);
            last = now;
            if (tokens < 1) return false;
            tokens -= 1;
            return true;
        }
    }
}
