package org.reaplab.web.api;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One application on a random port with H2 in a temporary directory, shared by every API test class
 * (same configuration, so Spring's test context cache starts it once). What {@link StreamsTest} needs of
 * the container is set here for all of them, so it shares this context too: send buffers fixed at 16 KB
 * and stalled connections dropped after 10 s.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "reaplab.designs.space=presets", "reaplab.designs.cache-dir=", "reaplab.verdicts.compute-at-startup=false",
        // a connection whose writes made no progress is dropped by the container after 10 s (after the 8 s stall timeout)
        "server.tomcat.connection-timeout=10s"})
@Import(ApiTestSupport.SmallSendBuffers.class)
abstract class ApiTestSupport {
    /**
     * The server's socket send buffers fixed at 16 KB (Linux grows them to megabytes otherwise), so a
     * client that does not read stalls the server's writes within the first batches (StreamsTest).
     */
    @TestConfiguration(proxyBeanMethods = false)
    static class SmallSendBuffers {
        @Bean
        TomcatConnectorCustomizer smallSendBuffers() {
            return connector -> connector.setProperty("socket.txBufSize", "16384");
        }
    }

    static final Path DB_DIR;

    static {
        try {
            DB_DIR = Files.createTempDirectory("reaplab-api-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:file:" + DB_DIR.resolve("reaplab").toAbsolutePath());
        registry.add("reaplab.limits.body-size", () -> "64KB");
        registry.add("reaplab.limits.max-steps", () -> "5000");
        // every test here is one client on loopback: the per-client limits have their own tests (GuardTest)
        registry.add("reaplab.guard.requests-per-second", () -> "100000");
        registry.add("reaplab.guard.request-burst", () -> "100000");
        registry.add("reaplab.guard.writes-per-minute", () -> "1000000");
        registry.add("reaplab.guard.write-burst", () -> "100000");
        // streams: a client that stops reading is closed after 8 s here (StreamsTest)
        registry.add("reaplab.streams.stall-timeout", () -> "8s");
        registry.add("reaplab.streams.per-client", () -> "8");
    }

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String PROBLEM = "application/problem+json";

    static final String YAML = """
            version: 1
            name: proc-reader-race
            title: LMKD loses the race to exit_mm while ps reads cmdline
            description: |
              ps holds a reference to the mm while lmkd kills and reaps the app.
            variant: baseline
            mms:
              - name: app_mm
                memory: { anon: 65536, file: 1024, shmem: 0, mlocked: 0, hugetlb: 0 }
            processes:
              - { name: lmkd, uid: 1069, caps: [CAP_KILL] }
              - { name: app, uid: 10123, mm: app_mm, threads: 2 }
              - { name: ps, uid: 0 }
            programs:
              lmkd:
                - pidfd_open: { pid: app, as: fd }
                - kill_and_reap: { pidfd: fd }
              ps:
                - read_proc: { pid: app, file: cmdline }
            schedule:
              policy: script
              steps: [ps@mmput, lmkd@process_mrelease, app*, lmkd*, ps*]
            """;

    /** The same scenario under another name, as a JSON document. */
    static String json(String name) {
        return """
                {
                  "version": 1,
                  "name": "%s",
                  "title": "A JSON upload of the reader race",
                  "variant": "baseline",
                  "mms": [ { "name": "app_mm", "memory": { "anon": 4096, "file": 16 } } ],
                  "processes": [
                    { "name": "lmkd", "uid": 1069, "caps": ["CAP_KILL"] },
                    { "name": "app", "uid": 10123, "mm": "app_mm" },
                    { "name": "ps", "uid": 0 }
                  ],
                  "programs": {
                    "lmkd": [ { "pidfd_open": { "pid": "app", "as": "fd" } }, { "kill_and_reap": { "pidfd": "fd" } } ],
                    "ps": [ { "read_proc": { "pid": "app", "file": "cmdline" } } ]
                  },
                  "schedule": { "policy": "script", "steps": ["ps@mmput", "lmkd*", "app*", "ps*"] }
                }
                """.formatted(name);
    }

    @LocalServerPort
    int port;

    final HttpClient http = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    HttpResponse<String> get(String path, String accept) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60)).GET();
        if (accept != null) b.header("Accept", accept);
        return send(b.build());
    }

    HttpResponse<String> post(String path, String contentType, String body) {
        return send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", contentType)
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode body(HttpResponse<String> r) {
        return JSON.readTree(r.body());
    }

    /** Asserts an RFC 9457 answer: status, media type and the members every problem has; returns it. */
    static JsonNode problem(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).get().asString().startsWith(PROBLEM);
        JsonNode p = body(r);
        assertThat(p.path("status").asInt()).isEqualTo(status);
        assertThat(p.path("title").asString()).isNotBlank();
        assertThat(p.path("detail").asString()).isNotBlank();
        assertThat(p.has("type")).isTrue();
        return p;
    }

    String upload(String contentType, String text) {
        HttpResponse<String> r = post("/api/scenarios", contentType, text);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return body(r).path("id").asString();
    }
}
