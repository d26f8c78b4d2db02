package org.reaplab.web.api;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class ScenarioApiTest extends ApiTestSupport {

    @Autowired
    JdbcClient jdbc;

    @Test
    void uploadsYamlAndAnswersWithTheIdAndTheLinks() {
        HttpResponse<String> r = post("/api/scenarios", "application/yaml", YAML);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode b = body(r);
        String id = b.path("id").asString();
        assertThat(id).matches("[0-9a-f]{12,64}");
        assertThat(r.headers().firstValue("Location")).get().asString().endsWith("/api/scenarios/" + id);
        assertThat(b.path("viewerUrl").asString()).isEqualTo("/scenarios/" + id);
        assertThat(b.path("shareUrl").asString()).isEqualTo("/s/" + id);
        assertThat(b.path("problems").isArray()).isTrue();
        assertThat(b.path("problems").size()).isZero();
    }

    @Test
    void uploadsJsonUnderEachYamlAndJsonMediaType() {
        String id = upload("application/json", json("json-upload"));
        for (String type : new String[] {"application/x-yaml", "text/yaml"}) {
            assertThat(upload(type, json("json-upload"))).isEqualTo(id);
        }
    }

    @Test
    void reUploadingTheSameTextGivesTheSameIdAndOneRow() {
        String first = upload("application/yaml", YAML);
        assertThat(upload("application/yaml", YAML)).isEqualTo(first);
        Integer rows = jdbc.sql("SELECT COUNT(*) FROM scenarios WHERE id = ?").param(first).query(Integer.class).single();
        assertThat(rows).isEqualTo(1);
    }

    @Test
    void theSameScenarioWithOtherCommentsShowsTheUploadersOwnText() {
        String first = upload("application/yaml", YAML);
        String other = "# see https://elsewhere.example for the real fix\n" + YAML.replace("{ name: ps, uid: 0 }", "{name: ps,   uid: 0}");
        String second = upload("application/yaml", other);
        assertThat(second).isNotEqualTo(first);
        assertThat(get("/api/scenarios/" + second, "application/yaml").body()).isEqualTo(other);
        assertThat(get("/api/scenarios/" + first, "application/yaml").body()).isEqualTo(YAML);
    }

    @Test
    void fetchesAsYamlAsWrittenAndAsJson() {
        String id = upload("application/yaml", YAML);
        HttpResponse<String> yaml = get("/api/scenarios/" + id, "application/yaml");
        assertThat(yaml.statusCode()).isEqualTo(200);
        assertThat(yaml.headers().firstValue("Content-Type")).get().asString().startsWith("application/yaml");
        assertThat(yaml.body()).contains("name: proc-reader-race");
        assertThat(yaml.headers().firstValue("ETag")).get().isEqualTo("\"" + id + "\"");

        HttpResponse<String> json = get("/api/scenarios/" + id, "application/json");
        assertThat(json.statusCode()).isEqualTo(200);
        assertThat(json.headers().firstValue("Content-Type")).get().asString().startsWith("application/json");
        JsonNode s = body(json);
        assertThat(s.path("name").asString()).isEqualTo("proc-reader-race");
        assertThat(s.path("processes").size()).isEqualTo(3);

        // no Accept: JSON
        assertThat(body(get("/api/scenarios/" + id, null)).path("name").asString()).isEqualTo("proc-reader-race");
        // text/yaml works too, and the fetched text uploads back to the same id
        HttpResponse<String> textYaml = get("/api/scenarios/" + id, "text/yaml");
        assertThat(upload("text/yaml", textYaml.body())).isEqualTo(id);
        // the JSON written form is other text: its own id, which shows exactly that text
        String jsonId = upload("application/json", json.body());
        assertThat(get("/api/scenarios/" + jsonId, "application/json").body()).isEqualTo(json.body());
    }

    @Test
    void listsAndSearchesByNameAndTitleWithPaging() {
        String a = upload("application/json", json("list-alpha"));
        String b = upload("application/json", json("list-beta"));
        JsonNode all = body(get("/api/scenarios?size=100", "application/json"));
        assertThat(all.path("total").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(all.path("items").findValuesAsString("id")).contains(a, b);

        JsonNode byName = body(get("/api/scenarios?q=LIST-ALPHA", "application/json"));
        assertThat(byName.path("total").asLong()).isEqualTo(1);
        assertThat(byName.path("items").get(0).path("id").asString()).isEqualTo(a);
        assertThat(byName.path("items").get(0).path("viewerUrl").asString()).isEqualTo("/scenarios/" + a);

        JsonNode byTitle = body(get("/api/scenarios?q=json%20upload%20of&size=1&page=0", "application/json"));
        assertThat(byTitle.path("total").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(byTitle.path("items").size()).isEqualTo(1);
        assertThat(byTitle.path("totalPages").asInt()).isGreaterThanOrEqualTo(2);
        JsonNode page1 = body(get("/api/scenarios?q=json%20upload%20of&size=1&page=1", "application/json"));
        assertThat(page1.path("items").get(0).path("id").asString())
                .isNotEqualTo(byTitle.path("items").get(0).path("id").asString());

        // LIKE wildcards are matched literally
        assertThat(body(get("/api/scenarios?q=%25", "application/json")).path("total").asLong()).isZero();
    }

    @Test
    void validatesWithoutStoring() {
        HttpResponse<String> ok = post("/api/scenarios/validate", "application/yaml", YAML);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(body(ok).path("valid").asBoolean()).isTrue();
        assertThat(body(ok).path("problems").size()).isZero();

        HttpResponse<String> bad = post("/api/scenarios/validate", "application/yaml", YAML.replace("name: proc-reader-race", "name: Bad Name!"));
        assertThat(bad.statusCode()).isEqualTo(200);
        JsonNode b = body(bad);
        assertThat(b.path("valid").asBoolean()).isFalse();
        JsonNode p = b.path("problems").get(0);
        assertThat(p.path("line").asInt()).isPositive();
        assertThat(p.path("column").asInt()).isPositive();
        assertThat(p.path("pointer").asString()).isEqualTo("/name");
        assertThat(p.path("message").asString()).isNotBlank();
    }

    @Test
    void publishesTheJsonSchema() {
        HttpResponse<String> r = get("/api/schema/scenario", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).get().asString().startsWith("application/schema+json");
        JsonNode schema = body(r);
        assertThat(schema.path("$schema").asString()).contains("json-schema.org");
        assertThat(get("/api/schema/scenario", "application/json").statusCode()).isEqualTo(200);
    }

    @Test
    void shareLinkRedirectsToTheViewerKeepingTheQuery() {
        String id = upload("application/yaml", YAML);
        HttpResponse<String> r = get("/s/" + id + "?variant=reap_kill_v2&step=12&compare=baseline,kernel_oom&schedule=ps%40mmput", null);
        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(r.headers().firstValue("Location")).get().asString()
                .endsWith("/scenarios/" + id + "?variant=reap_kill_v2&step=12&compare=baseline,kernel_oom&schedule=ps%40mmput");
        HttpResponse<String> plain = get("/s/" + id, null);
        assertThat(plain.headers().firstValue("Location")).get().asString().endsWith("/scenarios/" + id);
    }

    @Test
    void openApiAndSwaggerUi() {
        HttpResponse<String> docs = get("/v3/api-docs", "application/json");
        assertThat(docs.statusCode()).as(docs.body()).isEqualTo(200);
        JsonNode paths = body(docs).path("paths");
        assertThat(paths.has("/api/scenarios")).isTrue();
        assertThat(paths.has("/api/runs")).isTrue();
        assertThat(paths.has("/api/runs/{id}/events")).isTrue();
        assertThat(paths.has("/api/schema/scenario")).isTrue();
        HttpResponse<String> ui = get("/swagger-ui.html", "text/html");
        assertThat(ui.statusCode()).isIn(200, 302);
    }

    @Test
    void healthIsUp() {
        HttpResponse<String> r = get("/actuator/health", "application/json");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(body(r).path("status").asString()).isEqualTo("UP");
    }

    // ---- errors: every one is application/problem+json with the right status ----

    @Test
    void invalidScenarioIs422WithLineAndPointer() {
        JsonNode p = problem(post("/api/scenarios", "application/yaml", YAML.replace("name: proc-reader-race", "name: Bad Name!")), 422);
        assertThat(p.path("type").asString()).isEqualTo("urn:reaplab:problem:invalid-scenario");
        JsonNode first = p.path("problems").get(0);
        assertThat(first.path("pointer").asString()).isEqualTo("/name");
        assertThat(first.path("line").asInt()).isPositive();
        assertThat(p.path("detail").asString()).contains("/name").contains("line");
    }

    @Test
    void malformedYamlIs422WithItsLine() {
        JsonNode p = problem(post("/api/scenarios", "application/yaml", "version: 1\nname: [unclosed\n"), 422);
        assertThat(p.path("problems").get(0).path("line").asInt()).isPositive();
    }

    @Test
    void tooManyProcessesIs422NamingTheLimit() {
        StringBuilder procs = new StringBuilder();
        for (int i = 0; i < org.reaplab.scenario.format.ScenarioParser.MAX_PROCESSES + 1; i++) {
            procs.append("  - { name: p").append(i).append(", uid: 0 }\n");
        }
        String text = "version: 1\nname: too-many\ntitle: Too many processes\nprocesses:\n" + procs;
        JsonNode p = problem(post("/api/scenarios", "application/yaml", text), 422);
        assertThat(p.path("problems").toString()).contains(String.valueOf(org.reaplab.scenario.format.ScenarioParser.MAX_PROCESSES));
    }

    @Test
    void unknownScenarioIs404() {
        JsonNode p = problem(get("/api/scenarios/0123456789ab", "application/json"), 404);
        assertThat(p.path("detail").asString()).contains("0123456789ab");
        problem(get("/api/scenarios/0123456789ab", "application/yaml"), 404);
        problem(get("/s/0123456789ab?step=3", null), 404);
    }

    @Test
    void unsupportedContentTypeIs415() {
        problem(post("/api/scenarios", "text/plain", YAML), 415);
        problem(post("/api/scenarios/validate", "application/xml", "<x/>"), 415);
    }

    @Test
    void unacceptableAcceptIs406() {
        String id = upload("application/yaml", YAML);
        problem(get("/api/scenarios/" + id, "text/csv"), 406);
        problem(get("/api/scenarios?q=x", "text/csv"), 406);
    }

    @Test
    void tooLargeBodyIs413() {
        String big = YAML + "# " + "x".repeat(70 * 1024) + "\n";
        JsonNode p = problem(post("/api/scenarios", "application/yaml", big), 413);
        assertThat(p.path("detail").asString()).contains("reaplab.limits.body-size");
        // a chunked body (no Content-Length) is counted as it arrives
        HttpResponse<String> chunked = send(HttpRequest.newBuilder(uri("/api/scenarios/validate"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/yaml")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big.getBytes())))
                .build());
        problem(chunked, 413);
    }

    @Test
    void badPagingParametersAre400() {
        JsonNode p = problem(get("/api/scenarios?size=100000", "application/json"), 400);
        assertThat(p.path("parameter").asString()).isEqualTo("size");
        assertThat(problem(get("/api/scenarios?page=-1", "application/json"), 400).path("parameter").asString()).isEqualTo("page");
        problem(get("/api/scenarios?page=abc", "application/json"), 400);
    }

    @Test
    void unknownApiPathAndWrongMethodAreProblems() {
        problem(get("/api/nothing-here", "application/json"), 404);
        problem(send(HttpRequest.newBuilder(uri("/api/scenarios")).DELETE().build()), 405);
    }
}
