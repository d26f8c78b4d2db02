package org.reaplab.web.api;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;
import org.reaplab.ReapLab;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Upload, stop the app, start it again on the same database, fetch the same scenario and run. */
class RestartTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void aStoredScenarioAndRunSurviveARestartOnH2() throws Exception {
        restartRoundTrip("--spring.datasource.url=jdbc:h2:file:" + dir.resolve("data/reaplab").toAbsolutePath());
    }

    @Test
    @EnabledIfEnvironmentVariable(named = "REAPLAB_TEST_POSTGRES_URL", matches = ".+")
    void aStoredScenarioAndRunSurviveARestartOnPostgres() throws Exception {
        String url = System.getenv("REAPLAB_TEST_POSTGRES_URL");
        String schema = "restart_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        restartRoundTrip("--spring.profiles.active=postgres",
                "--spring.datasource.url=" + url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema,
                "--spring.datasource.username=" + System.getenv().getOrDefault("REAPLAB_TEST_POSTGRES_USER", "reaplab"),
                "--spring.datasource.password=" + System.getenv().getOrDefault("REAPLAB_TEST_POSTGRES_PASSWORD", ""),
                "--spring.flyway.schemas=" + schema);
    }

    private void restartRoundTrip(String... args) throws Exception {
        String scenarioId;
        String runId;
        String outcome;
        try (ConfigurableApplicationContext app = start(args)) {
            int port = port(app);
            HttpResponse<String> up = send(port, HttpRequest.newBuilder(uri(port, "/api/scenarios"))
                    .header("Content-Type", "application/yaml")
                    .POST(HttpRequest.BodyPublishers.ofString(ApiTestSupport.YAML)).build());
            assertThat(up.statusCode()).as(up.body()).isEqualTo(201);
            scenarioId = JSON.readTree(up.body()).path("id").asString();
            HttpResponse<String> run = send(port, HttpRequest.newBuilder(uri(port, "/api/runs"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"scenarioId\": \"" + scenarioId + "\", \"variant\": \"reap_kill_v2\"}")).build());
            assertThat(run.statusCode()).as(run.body()).isEqualTo(201);
            runId = JSON.readTree(run.body()).path("runId").asString();
            outcome = JSON.readTree(run.body()).path("outcome").toString();
        }
        try (ConfigurableApplicationContext app = start(args)) {
            int port = port(app);
            HttpResponse<String> fetched = send(port, HttpRequest.newBuilder(uri(port, "/api/scenarios/" + scenarioId))
                    .header("Accept", "application/yaml").GET().build());
            assertThat(fetched.statusCode()).isEqualTo(200);
            assertThat(fetched.body()).isEqualTo(ApiTestSupport.YAML);
            HttpResponse<String> run = send(port, HttpRequest.newBuilder(uri(port, "/api/runs/" + runId)).GET().build());
            assertThat(run.statusCode()).isEqualTo(200);
            JsonNode again = JSON.readTree(run.body());
            assertThat(again.path("steps").asInt()).isEqualTo(JSON.readTree(outcome).path("steps").asInt());
            // the steps are recomputed from the stored request
            HttpResponse<String> events = send(port, HttpRequest.newBuilder(uri(port, "/api/runs/" + runId + "/events"))
                    .header("Accept", "application/json").GET().build());
            assertThat(events.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(events.body()).size()).isEqualTo(again.path("steps").asInt());
        }
    }

    private static ConfigurableApplicationContext start(String... args) {
        List<String> all = new ArrayList<>(List.of("--server.port=0", "--spring.main.banner-mode=off", "--reaplab.verdicts.compute-at-startup=false"));
        all.addAll(List.of(args));
        return new SpringApplicationBuilder(ReapLab.class).run(all.toArray(String[]::new));
    }

    private static int port(ConfigurableApplicationContext app) {
        return ((WebServerApplicationContext) app).getWebServer().getPort();
    }

    private static URI uri(int port, String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private HttpResponse<String> send(int port, HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
