package org.reaplab.web.api;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Explorations as jobs over HTTP: POST starts or joins, GET says where the job is and gives the result. */
class ExplorationJobsTest extends ApiTestSupport {

    @Test
    void postStartsOrJoinsAndTheJobGivesTheResult() {
        String id = upload("application/json", json("job-explored"));
        HttpResponse<String> first = post("/api/explorations", "application/json",
                "{\"scenarioId\": \"" + id + "\", \"variant\": \"reap_kill_v2\"}");
        assertThat(first.statusCode()).as(first.body()).isIn(200, 202);
        JsonNode job = body(first);
        String url = job.path("url").asString();
        assertThat(url).startsWith("/api/explorations/");
        if (first.statusCode() == 202) assertThat(first.headers().firstValue("Location")).contains(url);
        assertThat(job.path("scenario").asString()).isEqualTo(id);
        assertThat(job.path("variant").asString()).isEqualTo("reap_kill_v2");

        // the identical request joins the same job
        JsonNode again = body(post("/api/explorations", "application/json", "{\"scenarioId\": \"" + id + "\", \"variant\": \"reap_kill_v2\"}"));
        assertThat(again.path("id").asString()).isEqualTo(job.path("id").asString());

        await().atMost(Duration.ofSeconds(60)).until(() -> "done".equals(body(get(url, "application/json")).path("state").asString()));
        JsonNode done = body(get(url, "application/json"));
        assertThat(done.path("result").path("verdict").asString()).isIn("ok", "violated", "incomplete");
        assertThat(done.path("result").path("report").path("distinctStates").asLong()).isPositive();

        // the older GET answers from the same job
        HttpResponse<String> cell = get("/api/scenarios/" + id + "/explore?variant=reap_kill_v2", "application/json");
        assertThat(cell.statusCode()).isEqualTo(200);
        assertThat(body(cell).path("verdict").asString()).isEqualTo(done.path("result").path("verdict").asString());
    }

    @Test
    void badRequestsAreProblems() {
        problem(post("/api/explorations", "application/json", "{\"scenarioId\": \"no-such\"}"), 404);
        problem(post("/api/explorations", "application/json", "{\"scenarioId\": \"proc-reader-race\", \"variant\": \"v9\"}"), 400);
        problem(post("/api/explorations", "application/json", "{\"scenario\": 1}"), 400);
        problem(post("/api/explorations", "application/json", "{"), 400);
        problem(get("/api/explorations/ffffffffffffffff", "application/json"), 404);
    }
}
