package org.reaplab.web.guard;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.List;

/**
 * What a public instance refuses ({@code reaplab.guard.*}); each refusal names the setting it hit.
 * A client is its remote address (put a proxy that sets it in front, or raise the limits). Open streams per
 * client are {@code reaplab.streams.per-client} ({@link org.reaplab.web.streams.StreamProperties}).
 *
 * @param requestsPerSecond every request of one client refills at this rate ...
 * @param requestBurst      ... into a bucket of this size; empty: 429 with Retry-After
 * @param writesPerMinute   uploads, runs and other POSTs of one client refill at this rate ...
 * @param writeBurst        ... into a bucket of this size
 * @param clients           clients whose buckets are remembered (the least recent are forgotten)
 * @param allowedOrigins    origins besides the request's own host whose form posts are accepted
 * @param contentSecurityPolicy the Content-Security-Policy header of every response
 * @param hsts              also send Strict-Transport-Security (only behind HTTPS)
 */
@ConfigurationProperties("reaplab.guard")
public record GuardProperties(@DefaultValue("20") double requestsPerSecond,
                              @DefaultValue("200") int requestBurst,
                              @DefaultValue("30") double writesPerMinute,
                              @DefaultValue("20") int writeBurst,
                              @DefaultValue("10000") int clients,
                              @DefaultValue List<String> allowedOrigins,
                              @DefaultValue("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                                      + "img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; "
                                      + "base-uri 'self'; form-action 'self'; frame-ancestors 'none'") String contentSecurityPolicy,
                              @DefaultValue("false") boolean hsts) {

    /** How long a client waits for one more request when its bucket is empty. */
    Duration requestRetry() {
        return Duration.ofMillis((long) Math.ceil(1000 / Math.max(0.001, requestsPerSecond)));
    }

    Duration writeRetry() {
        return Duration.ofMillis((long) Math.ceil(60_000 / Math.max(0.001, writesPerMinute)));
    }
}
