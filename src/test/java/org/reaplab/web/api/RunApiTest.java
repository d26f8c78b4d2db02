package org.reaplab.web.api;

import org.junit.jupiter.api.Test;
import org.reaplab.ProcReaderRace;
import org.reaplab.variant.Variant;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class RunApiTest extends ApiTestSupport {

    @Autowired
    StoredRuns storedRuns;

    String scenarioId() {
        return upload("application/yaml", YAML);
    }

    HttpResponse<String> run(String body) {
        return post("/api/runs", "application/json", body);
    }

    String runId(String body) {
        HttpResponse<String> r = run(body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return body(r).path("runId").asString();
    }

    @Test
    void runsUnderEachVariantAndAnswersTheContractOutcome() {
        String id = scenarioId();
        Set<String> runIds = new HashSet<>();
        for (Variant v : Variant.values()) {
            HttpResponse<String> r = run("{\"scenarioId\": \"" + id + "\", \"variant\": \"" + v.id + "\"}");
            assertThat(r.statusCode()).as(v.id + ": " + r.body()).isEqualTo(201);
            JsonNode b = body(r);
            String runId = b.path("runId").asString();
            runIds.add(runId);
            assertThat(r.headers().firstValue("Location")).get().asString().endsWith("/api/runs/" + runId);
            JsonNode o = b.path("outcome");
            assertThat(o.path("scenario").asString()).isEqualTo("proc-reader-race");
            assertThat(o.path("variant").asString()).isEqualTo(v.id);
            assertThat(o.path("steps").asInt()).isPositive();
            for (String field : List.of("calls", "tasks", "mms", "violations", "expect")) assertThat(o.has(field)).as(field).isTrue();
            assertThat(o.path("truncated").asBoolean()).isFalse();

            HttpResponse<String> g = get("/api/runs/" + runId, "application/json");
            assertThat(g.statusCode()).isEqualTo(200);
            JsonNode stored = body(g);
            assertThat(stored.path("variant").asString()).isEqualTo(v.id);
            assertThat(stored.path("steps").asInt()).isEqualTo(o.path("steps").asInt());
            assertThat(stored.path("calls")).isEqualTo(o.path("calls"));
            assertThat(stored.path("run").path("scenarioId").asString()).isEqualTo(id);
        }
        assertThat(runIds).hasSize(Variant.values().length);
    }

    @Test
    void baselineLosesTheRaceAndV2Reaps() {
        // the library's file, by its id (the upload above has a second app thread that keeps the mm)
        ProcReaderRace.assertBaselineLosesAndV2Reaps(v -> ProcReaderRace.seen(
                body(run("{\"scenarioId\": \"" + ProcReaderRace.scenario().name() + "\", \"variant\": \"" + v.id + "\"}")).path("outcome")));
    }

    @Test
    void theSameRequestIsTheSameRun() {
        String id = scenarioId();
        String body = "{\"scenarioId\": \"" + id + "\", \"variant\": \"baseline\", \"maxSteps\": 3000}";
        assertThat(runId(body)).isEqualTo(runId(body));
    }

    @Test
    void runsAnInlineScenarioObjectOrTextAndStoresIt() {
        String inline = json("inline-object");
        HttpResponse<String> r = run("{\"scenario\": " + inline + ", \"variant\": \"reap_kill_v2\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        String scenarioId = body(r).path("scenarioId").asString();
        assertThat(get("/api/scenarios/" + scenarioId, "application/json").statusCode()).isEqualTo(200);

        String asText = JSON.writeValueAsString(Map.of("scenario", YAML, "variant", "kernel_oom"));
        HttpResponse<String> t = run(asText);
        assertThat(t.statusCode()).as(t.body()).isEqualTo(201);
        assertThat(body(t).path("scenarioId").asString()).isEqualTo(scenarioId());
    }

    @Test
    void aScheduleOverridesTheScenarios() {
        String id = scenarioId();
        JsonNode o = body(run("{\"scenarioId\": \"" + id + "\", \"schedule\": {\"policy\": \"random\", \"seed\": 42}}")).path("outcome");
        assertThat(o.path("steps").asInt()).isPositive();
        JsonNode s = body(run("{\"scenarioId\": \"" + id + "\", \"schedule\": {\"policy\": \"script\", \"steps\": [\"lmkd*\", \"app*\", \"ps*\"], \"then\": \"round_robin\"}}"))
                .path("outcome");
        assertThat(s.path("schedule").get(0).asString()).isEqualTo("lmkd");
    }

    @Test
    void aRunThatHitsMaxStepsSaysItIsTruncated() {
        String id = scenarioId();
        JsonNode o = body(run("{\"scenarioId\": \"" + id + "\", \"maxSteps\": 5}")).path("outcome");
        assertThat(o.path("steps").asInt()).isEqualTo(5);
        assertThat(o.path("truncated").asBoolean()).isTrue();
    }

    // ---- events ----

    @Test
    void eventsAsJsonArrayAndNdjson() {
        String runId = runId("{\"scenarioId\": \"" + scenarioId() + "\"}");
        int steps = body(get("/api/runs/" + runId, null)).path("steps").asInt();

        HttpResponse<String> json = get("/api/runs/" + runId + "/events", "application/json");
        assertThat(json.statusCode()).isEqualTo(200);
        assertThat(json.headers().firstValue("Content-Type")).get().asString().startsWith("application/json");
        JsonNode arr = body(json);
        assertThat(arr.isArray()).isTrue();
        assertThat(arr.size()).isEqualTo(steps);
        for (int i = 0; i < arr.size(); i++) {
            JsonNode e = arr.get(i);
            assertThat(e.path("index").asInt()).isEqualTo(i + 1);
            assertThat(e.path("thread").asString()).isNotBlank();
            assertThat(e.path("function").asString()).isNotBlank();
        }

        HttpResponse<String> nd = get("/api/runs/" + runId + "/events", "application/x-ndjson");
        assertThat(nd.statusCode()).isEqualTo(200);
        assertThat(nd.headers().firstValue("Content-Type")).get().asString().startsWith("application/x-ndjson");
        String[] lines = nd.body().split("\n");
        assertThat(lines).hasSize(steps);
        for (int i = 0; i < lines.length; i++) assertThat(JSON.readTree(lines[i])).isEqualTo(arr.get(i));

        HttpResponse<String> after = get("/api/runs/" + runId + "/events?after=" + (steps - 2), "application/json");
        assertThat(body(after).size()).isEqualTo(2);
    }

    record Sse(String id, String event, String data) {}

    List<Sse> sse(String path, String lastEventId) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60)).header("Accept", "text/event-stream");
        if (lastEventId != null) b.header("Last-Event-ID", lastEventId);
        HttpResponse<InputStream> r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).get().asString().startsWith("text/event-stream");
        List<Sse> out = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            String id = null;
            String event = null;
            StringBuilder data = new StringBuilder();
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isEmpty()) {
                    if (data.length() > 0 || event != null) out.add(new Sse(id, event, data.toString()));
                    id = null;
                    event = null;
                    data.setLength(0);
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).strip();
                } else if (line.startsWith("event:")) {
                    event = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    if (data.length() > 0) data.append('\n');
                    data.append(line.substring(5).startsWith(" ") ? line.substring(6) : line.substring(5));
                }
            }
        }
        return out;
    }

    @Test
    void eventsAsServerSentEventsWithStepIdsAndAFinalOutcome() throws Exception {
        String runId = runId("{\"scenarioId\": \"" + scenarioId() + "\", \"variant\": \"reap_kill_v2\"}");
        int steps = body(get("/api/runs/" + runId, null)).path("steps").asInt();
        List<Sse> events = sse("/api/runs/" + runId + "/events", null);
        assertThat(events).hasSize(steps + 1);
        for (int i = 0; i < steps; i++) {
            Sse e = events.get(i);
            assertThat(e.event()).isEqualTo("step");
            assertThat(e.id()).isEqualTo(String.valueOf(i + 1));
            assertThat(JSON.readTree(e.data()).path("index").asInt()).isEqualTo(i + 1);
        }
        Sse last = events.get(steps);
        assertThat(last.event()).isEqualTo("outcome");
        assertThat(JSON.readTree(last.data()).path("variant").asString()).isEqualTo("reap_kill_v2");
    }

    @Test
    void lastEventIdResumesAfterThatStep() throws Exception {
        String runId = runId("{\"scenarioId\": \"" + scenarioId() + "\"}");
        int steps = body(get("/api/runs/" + runId, null)).path("steps").asInt();
        int resumeAfter = steps / 2;
        List<Sse> events = sse("/api/runs/" + runId + "/events", String.valueOf(resumeAfter));
        assertThat(events).hasSize(steps - resumeAfter + 1);
        assertThat(events.get(0).id()).isEqualTo(String.valueOf(resumeAfter + 1));
        assertThat(events.get(events.size() - 1).event()).isEqualTo("outcome");
        // after the last step only the outcome is left
        assertThat(sse("/api/runs/" + runId + "/events", String.valueOf(steps))).extracting(Sse::event).containsExactly("outcome");
    }

    @Test
    void eventsAreRecomputedWhenNotInMemory() {
        String runId = runId("{\"scenarioId\": \"" + scenarioId() + "\", \"variant\": \"pidfd_mm_group\"}");
        String before = get("/api/runs/" + runId + "/events", "application/json").body();
        storedRuns.forget(runId);
        assertThat(get("/api/runs/" + runId + "/events", "application/json").body()).isEqualTo(before);
    }

    // ---- errors ----

    @Test
    void unknownVariantIs400WithPointer() {
        JsonNode p = problem(run("{\"scenarioId\": \"" + scenarioId() + "\", \"variant\": \"reap_kill_v3\"}"), 400);
        assertThat(p.path("pointer").asString()).isEqualTo("/variant");
        assertThat(p.path("detail").asString()).contains("reap_kill_v3").contains("baseline");
    }

    @Test
    void badRequestFieldsAre400WithPointers() {
        String id = scenarioId();
        assertThat(problem(run("{\"scenarioId\": \"" + id + "\", \"maxSteps\": 0}"), 400).path("pointer").asString()).isEqualTo("/maxSteps");
        JsonNode over = problem(run("{\"scenarioId\": \"" + id + "\", \"maxSteps\": 999999}"), 400);
        assertThat(over.path("pointer").asString()).isEqualTo("/maxSteps");
        assertThat(over.path("detail").asString()).contains("reaplab.limits.max-steps");
        assertThat(problem(run("{\"scenarioId\": \"" + id + "\", \"colour\": 1}"), 400).path("pointer").asString()).isEqualTo("/colour");
        assertThat(problem(run("{\"variant\": \"baseline\"}"), 400).path("pointer").asString()).isEqualTo("/scenarioId");
        assertThat(problem(run("{\"scenarioId\": \"" + id + "\", \"schedule\": {\"policy\": \"exhaustive\"}}"), 400)
                .path("pointer").asString()).isEqualTo("/schedule/policy");
        assertThat(problem(run("{\"scenarioId\": \"" + id + "\", \"schedule\": {\"steps\": [\"app\", 3]}}"), 400)
                .path("pointer").asString()).isEqualTo("/schedule/steps/1");
        assertThat(problem(run("[1, 2]"), 400).path("pointer").asString()).isEmpty();
    }

    @Test
    void malformedJsonIs400WithItsLine() {
        JsonNode p = problem(run("{\n  \"scenarioId\": \"x\",\n  oops\n}"), 400);
        assertThat(p.path("line").asInt()).isEqualTo(3);
        assertThat(p.path("detail").asString()).contains("line 3");
    }

    @Test
    void invalidInlineScenarioIs422WithLinesOfTheRequest() {
        String body = "{\n  \"variant\": \"baseline\",\n  \"scenario\": " + json("Not A Slug") + "}";
        JsonNode p = problem(run(body), 422);
        JsonNode first = p.path("problems").get(0);
        assertThat(first.path("pointer").asString()).isEqualTo("/scenario/name");
        // "name" is on line 5 of the request: line 3 opens the scenario, "version" is on line 4
        assertThat(first.path("line").asInt()).isEqualTo(5);
        assertThat(p.path("pointer").asString()).isEqualTo("/scenario");
    }

    @Test
    void unknownScenarioOrRunIs404() {
        assertThat(problem(run("{\"scenarioId\": \"ffffffffffff\"}"), 404).path("pointer").asString()).isEqualTo("/scenarioId");
        problem(get("/api/runs/ffffffffffffffff", "application/json"), 404);
        problem(get("/api/runs/ffffffffffffffff/events", "text/event-stream"), 404);
        problem(get("/api/runs/ffffffffffffffff/events", "application/x-ndjson"), 404);
        problem(get("/api/runs/ffffffffffffffff/trace", "application/json"), 404);
    }

    @Test
    void badEventsRequestsAreProblems() {
        String runId = runId("{\"scenarioId\": \"" + scenarioId() + "\"}");
        problem(get("/api/runs/" + runId + "/events", "text/csv"), 406);
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/api/runs/" + runId + "/events"))
                .header("Accept", "text/event-stream").header("Last-Event-ID", "seven").build());
        assertThat(problem(r, 400).path("parameter").asString()).isEqualTo("Last-Event-ID");
    }

    @Test
    void wrongContentTypeForARunIs415() {
        problem(post("/api/runs", "application/yaml", "scenarioId: x"), 415);
    }

    @Test
    void tooManyConcurrentRunsIs429WithRetryAfter() throws Exception {
        // a step limit no other test asks for: a run computed already needs no slot (below)
        String body = "{\"scenarioId\": \"" + scenarioId() + "\", \"variant\": \"reap_kill_all_rfc\", \"maxSteps\": 977}";
        int permits = storedRuns.permits().availablePermits();
        storedRuns.permits().acquire(permits);
        try {
            HttpResponse<String> r = run(body);
            JsonNode p = problem(r, 429);
            assertThat(r.headers().firstValue("Retry-After")).get().isEqualTo("2");
            assertThat(p.path("detail").asString()).contains("reaplab.limits.concurrent-runs");
        } finally {
            storedRuns.permits().release(permits);
        }
        assertThat(run(body).statusCode()).isEqualTo(201);
        storedRuns.permits().acquire(permits);
        try {
            assertThat(run(body).statusCode()).as("answered from memory, no slot taken").isEqualTo(201);
        } finally {
            storedRuns.permits().release(permits);
        }
    }
}
