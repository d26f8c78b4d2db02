package org.reaplab.web.guard;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The global quota on what the instance stores (reaplab.storage.*), over real HTTP: once it holds what the
 * quota allows, a new upload or run is 507 problem+json naming the setting, the page says so next to the text,
 * and what is stored already is still served and may be uploaded again.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:reaplab-quota;DB_CLOSE_DELAY=-1",
        "reaplab.verdicts.compute-at-startup=false",
        "reaplab.guard.requests-per-second=100000", "reaplab.guard.request-burst=100000",
        "reaplab.guard.writes-per-minute=1000000", "reaplab.guard.write-burst=100000",
        "reaplab.storage.max-scenarios=3", "reaplab.storage.max-runs=2"})
class StorageQuotaTest {
    static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    HttpResponse<String> post(String path, String type, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aFullInstanceRefusesNewUploadsAndRunsWith507AndKeepsServingWhatItHas() throws Exception {
        String first = null;
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> r = post("/api/scenarios", "application/yaml", GuardTest.SCENARIO.formatted(200 + i));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            if (first == null) first = JSON.readTree(r.body()).path("id").asString();
        }
        HttpResponse<String> full = post("/api/scenarios", "application/yaml", GuardTest.SCENARIO.formatted(300));
        assertThat(full.statusCode()).isEqualTo(507);
        assertThat(full.headers().firstValue("Content-Type")).get().asString().startsWith("application/problem+json");
        JsonNode p = JSON.readTree(full.body());
        assertThat(p.path("type").asString()).isEqualTo("urn:reaplab:problem:storage-full");
        assertThat(p.path("setting").asString()).isEqualTo("reaplab.storage.max-scenarios");
        assertThat(p.path("limit").asLong()).isEqualTo(3);
        assertThat(p.path("detail").asString()).contains("reaplab.storage.max-scenarios");
        assertThat(full.headers().firstValue("Content-Security-Policy")).isPresent();

        // the same text again stores nothing new: answered as before
        HttpResponse<String> again = post("/api/scenarios", "application/yaml", GuardTest.SCENARIO.formatted(200));
        assertThat(again.statusCode()).as(again.body()).isIn(200, 201);
        assertThat(JSON.readTree(again.body()).path("id").asString()).isEqualTo(first);
        assertThat(http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/scenarios/" + first)).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);

        // the page's form: the same refusal, said next to the text that stays in the box
        String form = "source=" + URLEncoder.encode(GuardTest.SCENARIO.formatted(301), StandardCharsets.UTF_8);
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/scenarios"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("HX-Request", "true")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(507);
        assertThat(page.body()).contains("reaplab.storage.max-scenarios").contains("anon: 301");

        // runs have their own quota
        int created = 0;
        HttpResponse<String> refused = null;
        for (String variant : new String[] {"baseline", "reap_kill_v2", "kernel_oom"}) {
            HttpResponse<String> r = post("/api/runs", "application/json",
                    "{\"scenarioId\": \"" + first + "\", \"variant\": \"" + variant + "\"}");
            if (r.statusCode() == 201) created++;
            else refused = r;
        }
        assertThat(created).isEqualTo(2);
        assertThat(refused).isNotNull();
        assertThat(refused.statusCode()).isEqualTo(507);
        assertThat(JSON.readTree(refused.body()).path("setting").asString()).isEqualTo("reaplab.storage.max-runs");
    }
}
