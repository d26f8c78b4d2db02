package org.reaplab.web.guard;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a public instance refuses, over real HTTP: security headers on every answer, cross-site form
 * posts, per-client rate limits, bodies that are too large, not UTF-8 or unreadable, and paths the
 * container used to answer with its own HTML. The body limit is low here so a test can reach it; the
 * rate limits have their own test ({@link RateLimitTest}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:reaplab-guard;DB_CLOSE_DELAY=-1", "reaplab.verdicts.compute-at-startup=false",
        "reaplab.guard.requests-per-second=1000", "reaplab.guard.request-burst=1000",
        "reaplab.guard.writes-per-minute=100000", "reaplab.guard.write-burst=100000",
        "reaplab.limits.body-size=8KB"})
class GuardTest {
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String SCENARIO = """
            version: 1
            name: guard-one
            title: Guarded
            mms:
              - { name: app_mm, memory: { anon: %d } }
            processes:
              - { name: lmkd, uid: 1069, caps: [CAP_KILL] }
              - { name: app, uid: 10123, mm: app_mm }
            programs:
              lmkd:
                - pidfd_open: { pid: app, as: fd }
                - kill_and_reap: { pidfd: fd }
            """;

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
    void everyAnswerCarriesTheSecurityHeaders() throws Exception {
        for (String path : List.of("/", "/scenarios/proc-reader-race", "/scenarios/proc-reader-race/inspector?step=3",
                // one cell's exploration page: the matrix page would start the whole library's matrix in this context
                "/scenarios/proc-reader-race/explore?variant=baseline", "/api/scenarios?size=1", "/api/scenarios/nope", "/no-such-page", "/css/reaplab.css",
                "/js/viewer.js", "/actuator/health", "/?q=race&page=0", "/scenarios/proc-reader-race?compare=baseline,reap_kill_v2",
                "/s/proc-reader-race", "/webjars/htmx.org/dist/htmx.min.js", "/api/scenarios/proc-reader-race",
                "/scenarios/proc-reader-race?variant=no-such-variant")) {
            HttpResponse<String> r = send(at(path).header("Accept", "text/html"));
            String csp = r.headers().firstValue("Content-Security-Policy").orElse("");
            assertThat(csp).as(path).contains("script-src 'self'", "frame-ancestors 'none'", "object-src 'none'")
                    .doesNotContain("unsafe-eval");
            assertThat(r.headers().firstValue("X-Content-Type-Options")).as(path).contains("nosniff");
            assertThat(r.headers().firstValue("X-Frame-Options")).as(path).contains("DENY");
            assertThat(r.headers().firstValue("Referrer-Policy")).as(path).contains("same-origin");
        }
    }

    @Test
    void aCrossSiteFormPostIsRefusedAndTheSiteOwnIsNot() throws Exception {
        String form = "source=" + java.net.URLEncoder.encode(SCENARIO.formatted(1), StandardCharsets.UTF_8);
        HttpResponse<String> foreign = send(at("/scenarios").header("Content-Type", "application/x-www-form-urlencoded")
                .header("Origin", "https://evil.example").header("Accept", "text/html")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(foreign.body()).contains("<html", "came from another site");
        HttpResponse<String> fetchSite = send(at("/scenarios").header("Content-Type", "application/x-www-form-urlencoded")
                .header("Sec-Fetch-Site", "cross-site").POST(HttpRequest.BodyPublishers.ofString(form)));
        assertThat(fetchSite.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(fetchSite.body()).path("type").asString()).isEqualTo("urn:reaplab:problem:cross-site-request");
        HttpResponse<String> apiForeign = send(at("/api/scenarios").header("Content-Type", "application/yaml")
                .header("Origin", "https://evil.example").POST(HttpRequest.BodyPublishers.ofString(SCENARIO.formatted(2))));
        assertThat(apiForeign.statusCode()).isEqualTo(403);

        // the page's own form (same origin, as the browser and htmx send it)
        HttpResponse<String> own = send(at("/scenarios").header("Content-Type", "application/x-www-form-urlencoded")
                .header("Origin", "http://localhost:" + port).header("Sec-Fetch-Site", "same-origin").header("HX-Request", "true")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
        assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
        // accepted: htmx is told to open the stored scenario's viewer
        assertThat(own.headers().firstValue("HX-Redirect")).hasValueSatisfying(v -> assertThat(v).startsWith("/scenarios/"));
        // and the live check as one types
        HttpResponse<String> check = send(at("/scenarios/check").header("Content-Type", "application/x-www-form-urlencoded")
                .header("Origin", "http://localhost:" + port).header("HX-Request", "true")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
        assertThat(check.statusCode()).isEqualTo(200);
    }

    @Test
    void anOverSizeBodyIs413ForTheApiAndAPageForTheForm() throws Exception {
        String big = "#" + "x".repeat(9000) + "\n" + SCENARIO.formatted(3);
        HttpResponse<String> api = send(at("/api/scenarios/validate").header("Content-Type", "application/yaml")
                .POST(HttpRequest.BodyPublishers.ofString(big)));
        assertThat(api.statusCode()).isEqualTo(413);
        assertThat(api.headers().firstValue("Content-Type")).get().asString().startsWith("application/problem+json");
        assertThat(JSON.readTree(api.body()).path("limit").asLong()).as("the member docs/api.md lists").isEqualTo(8192);
        HttpResponse<String> page = send(at("/scenarios/check").header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "text/html").POST(HttpRequest.BodyPublishers.ofString("source=" + big.replace("\n", "%0A"))));
        assertThat(page.statusCode()).isEqualTo(413);
        assertThat(page.headers().firstValue("Content-Type")).get().asString().startsWith("text/html");
        assertThat(page.body()).contains("<html", "reaplab.limits.body-size");
    }

    @Test
    void invalidUtf8IsRefusedWithItsPlaceAndALoneSurrogateInATitleIsAProblem() throws Exception {
        byte[] text = SCENARIO.formatted(4).replace("Guarded", "Guarded \u0001").getBytes(StandardCharsets.UTF_8);
        byte[] bad = SCENARIO.formatted(4).getBytes(StandardCharsets.UTF_8);
        bad[SCENARIO.indexOf("Guarded")] = (byte) 0xC3; // a lead byte followed by 'u': not UTF-8
        HttpResponse<String> r = send(at("/api/scenarios").header("Content-Type", "application/yaml")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bad)));
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode p = JSON.readTree(r.body());
        assertThat(p.path("type").asString()).isEqualTo("urn:reaplab:problem:bad-encoding");
        assertThat(p.path("detail").asString()).contains("line 3, column 8");
        HttpResponse<String> surrogate = send(at("/api/scenarios").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"version\":1,\"name\":\"x\",\"title\":\"A\\ud800B\"}")));
        assertThat(surrogate.statusCode()).isEqualTo(422);
        assertThat(surrogate.body()).contains("lone surrogate");
        HttpResponse<String> control = send(at("/api/scenarios").header("Content-Type", "application/yaml")
                .POST(HttpRequest.BodyPublishers.ofByteArray(text)));
        assertThat(control.statusCode()).isEqualTo(422);
        assertThat(JSON.readTree(control.body()).path("problems").get(0).path("line").asInt()).isEqualTo(3);
        HttpResponse<String> nul = send(at("/api/scenarios").header("Content-Type", "application/yaml")
                .POST(HttpRequest.BodyPublishers.ofString(SCENARIO.formatted(5).replace("Guarded", "\"A\\0B\\nC\""))));
        assertThat(nul.statusCode()).isEqualTo(422);
        assertThat(nul.body()).contains("/title", "control character U+0000");
    }

    @Test
    void multipartWithoutABoundaryIs400ProblemDetails() throws Exception {
        for (String path : List.of("/api/scenarios", "/api/scenarios/validate")) {
            HttpResponse<String> r = send(at(path).header("Content-Type", "multipart/form-data")
                    .POST(HttpRequest.BodyPublishers.ofString("--x\r\n\r\nhello\r\n--x--\r\n")));
            assertThat(r.statusCode()).as(path).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type")).get().asString().startsWith("application/problem+json");
            assertThat(r.body()).doesNotContain("at org.", "Exception");
        }
    }

    @Test
    void anEncodedSlashInAnApiPathIsAProblemNotTheContainersPage() throws Exception {
        HttpResponse<String> r = send(at("/api/scenarios/..%2f..%2fetc%2fpasswd"));
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.headers().firstValue("Content-Type")).get().asString().startsWith("application/problem+json");
        assertThat(r.body()).doesNotContain("Apache Tomcat");
    }

    @Test
    void aRawRequestWithoutHeadersGetsNoStackTrace() throws IOException {
        try (Socket s = new Socket("localhost", port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /api/scenarios HTTP/1.1\r\nHost: localhost\r\nContent-Type: multipart/form-data; boundary=\r\n"
                    + "Content-Length: 5\r\nConnection: close\r\n\r\nhello").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 4").doesNotContain("at org.", "Exception");
        }
    }

    @Test
    void aHeaderLineOverTheLimitIsAProblemThatNamesIt() throws Exception {
        try (Socket s = new Socket("localhost", port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET /api/scenarios HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "a".repeat(9000)
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 431").containsIgnoringCase("Content-Type: application/problem+json")
                    .doesNotContain("<html", "Apache Tomcat");
            JsonNode p = JSON.readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4));
            assertThat(p.path("type").asString()).isEqualTo("urn:reaplab:problem:header-too-large");
            assertThat(p.path("detail").asString()).contains("8 KB", "server.max-http-request-header-size");
            assertThat(p.path("limit").asLong()).isEqualTo(8192);
        }
        // a header within the limit is answered by the app as usual
        HttpResponse<String> ok = send(at("/api/scenarios?size=1").header("X-Big", "a".repeat(4000)));
        assertThat(ok.statusCode()).isEqualTo(200);
    }
}
