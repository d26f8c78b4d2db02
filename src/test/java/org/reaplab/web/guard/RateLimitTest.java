package org.reaplab.web.guard;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Per-client rate limits over real HTTP, with a write burst small enough to reach. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:reaplab-rate;DB_CLOSE_DELAY=-1", "reaplab.verdicts.compute-at-startup=false",
        "reaplab.guard.requests-per-second=1000", "reaplab.guard.request-burst=1000",
        "reaplab.guard.writes-per-minute=6", "reaplab.guard.write-burst=12"})
class RateLimitTest {
    static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return http.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpRequest.Builder at(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
    }

    @Test
    void writesBeyondTheClientsBurstAre429WithRetryAfter() throws Exception {
        int accepted = 0;
        HttpResponse<String> refused = null;
        for (int i = 0; i < 40 && refused == null; i++) {
            HttpResponse<String> r = send(at("/api/scenarios").header("Content-Type", "application/yaml")
                    .POST(HttpRequest.BodyPublishers.ofString(GuardTest.SCENARIO.formatted(100 + i))));
            if (r.statusCode() == 429) refused = r;
            else accepted++;
        }
        assertThat(refused).as("a refusal within 40 uploads").isNotNull();
        assertThat(accepted).isBetween(10, 14);
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        JsonNode p = JSON.readTree(refused.body());
        assertThat(p.path("type").asString()).isEqualTo("urn:reaplab:problem:rate-limited");
        assertThat(p.path("detail").asString()).contains("reaplab.guard.writes-per-minute");
        // reads are another bucket
        assertThat(send(at("/api/scenarios?size=1")).statusCode()).isEqualTo(200);
    }

}
