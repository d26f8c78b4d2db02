package org.reaplab.web.api;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Designs in run and exploration requests: as a string, an object of knobs, or the old variant; bad ones as problems. */
class DesignApiTest extends ApiTestSupport {
    static final String V2_THROUGH = "reap_kill_v2+multiprocess=through";

    HttpResponse<String> run(String body) {
        return post("/api/runs", "application/json", body);
    }

    @Test
    void aRunTakesADesignAsAStringAnObjectOrAVariantAndEchoesIt() {
        String id = upload("application/yaml", YAML);
        List<String> bodies = List.of(
                "{\"scenarioId\": \"" + id + "\", \"design\": \"" + V2_THROUGH + "\"}",
                "{\"scenarioId\": \"" + id + "\", \"design\": {\"preset\": \"reap_kill_v2\", \"multiprocess\": \"through\"}}",
                "{\"scenarioId\": \"" + id + "\", \"variant\": \"reap_kill_v2 multiprocess=through\"}");
        List<String> runIds = new ArrayList<>();
        for (String b : bodies) {
            HttpResponse<String> r = run(b);
            assertThat(r.statusCode()).as(b + " → " + r.body()).isEqualTo(201);
            JsonNode out = body(r);
            assertThat(out.path("variant").asString()).isEqualTo(V2_THROUGH);
            assertThat(out.path("design").path("canonical").asString()).isEqualTo(V2_THROUGH);
            assertThat(out.path("design").path("knobs").path("multiprocess").asString()).isEqualTo("through");
            assertThat(out.path("design").path("knobs").path("entry").asString()).isEqualTo("mrelease_flag");
            assertThat(out.path("outcome").path("variant").asString()).isEqualTo(V2_THROUGH);
            assertThat(out.path("viewerUrl").asString()).contains("variant=reap_kill_v2+multiprocess=through");
            runIds.add(out.path("runId").asString());
        }
        // the same design, however it is written, is the same run
        assertThat(runIds).containsOnly(runIds.get(0));
        JsonNode stored = body(get("/api/runs/" + runIds.get(0), "application/json"));
        assertThat(stored.path("run").path("design").path("canonical").asString()).isEqualTo(V2_THROUGH);
        // a preset is echoed by its id, and its knobs
        JsonNode v2 = body(run("{\"scenarioId\": \"" + id + "\", \"variant\": \"reap_kill_v2\"}"));
        assertThat(v2.path("design").path("canonical").asString()).isEqualTo("reap_kill_v2");
        assertThat(v2.path("design").path("knobs").path("multiprocess").asString()).isEqualTo("refuse");
    }

    @Test
    void badDesignsAreProblemsNamingTheFieldAndTheKnob() {
        String id = upload("application/yaml", YAML);
        JsonNode unknownKnob = problem(run("{\"scenarioId\": \"" + id + "\", \"design\": {\"preset\": \"reap_kill_v2\", \"bogus\": \"x\"}}"), 400);
        assertThat(unknownKnob.path("pointer").asString()).isEqualTo("/design/bogus");
        assertThat(unknownKnob.path("knob").asString()).isEqualTo("bogus");
        assertThat(unknownKnob.path("detail").asString()).contains("unknown knob 'bogus'");

        JsonNode badValue = problem(run("{\"scenarioId\": \"" + id + "\", \"design\": {\"multiprocess\": \"sometimes\"}}"), 400);
        assertThat(badValue.path("pointer").asString()).isEqualTo("/design/multiprocess");
        assertThat(badValue.path("knob").asString()).isEqualTo("multiprocess");
        assertThat(badValue.path("allowed").valueStream().map(JsonNode::asString).toList()).containsExactly("through", "refuse");

        JsonNode badString = problem(run("{\"scenarioId\": \"" + id + "\", \"design\": \"reap_kill_v2+multiprocess=sometimes\"}"), 400);
        assertThat(badString.path("pointer").asString()).isEqualTo("/design");
        assertThat(badString.path("knob").asString()).isEqualTo("multiprocess");

        JsonNode meaningless = problem(run("{\"scenarioId\": \"" + id + "\", \"variant\": \"baseline+entry=oom_kill\"}"), 400);
        assertThat(meaningless.path("pointer").asString()).isEqualTo("/variant");
        assertThat(meaningless.path("knob").asString()).isEqualTo("entry");
        assertThat(meaningless.path("detail").asString()).contains("cannot mean anything");
        // known knobs in a combination that cannot mean anything: no list of values would fix one knob alone
        assertThat(meaningless.has("allowed")).isFalse();

        JsonNode meaninglessObject = problem(run("{\"scenarioId\": \"" + id + "\", \"design\": {\"entry\": \"kill_then_mrelease\", \"mm_pin\": \"before_kill\"}}"), 400);
        assertThat(meaninglessObject.path("pointer").asString()).isEqualTo("/design/mm_pin");

        JsonNode unknownPreset = problem(run("{\"scenarioId\": \"" + id + "\", \"variant\": \"reap_kill_v9\"}"), 400);
        assertThat(unknownPreset.path("pointer").asString()).isEqualTo("/variant");
        assertThat(unknownPreset.path("allowed").valueStream().map(JsonNode::asString).toList()).contains("baseline", "kernel_oom");

        JsonNode both = problem(run("{\"scenarioId\": \"" + id + "\", \"variant\": \"baseline\", \"design\": \"baseline\"}"), 400);
        assertThat(both.path("pointer").asString()).isEqualTo("/design");
    }

    @Test
    void explorationsTakeADesignAndTheSameDesignJoinsTheSameJob() {
        String id = upload("application/yaml", YAML);
        HttpResponse<String> a = post("/api/explorations", "application/json",
                "{\"scenarioId\": \"" + id + "\", \"design\": \"" + V2_THROUGH + "\"}");
        HttpResponse<String> b = post("/api/explorations", "application/json",
                "{\"scenarioId\": \"" + id + "\", \"design\": {\"preset\": \"reap_kill_v2\", \"multiprocess\": \"through\"}}");
        assertThat(a.statusCode()).as(a.body()).isIn(200, 202);
        assertThat(b.statusCode()).as(b.body()).isIn(200, 202);
        assertThat(body(a).path("id").asString()).isEqualTo(body(b).path("id").asString());
        assertThat(body(a).path("design").path("canonical").asString()).isEqualTo(V2_THROUGH);
        assertThat(body(a).path("design").path("knobs").path("multiprocess").asString()).isEqualTo("through");

        JsonNode bad = problem(post("/api/explorations", "application/json",
                "{\"scenarioId\": \"" + id + "\", \"design\": {\"reaper\": \"kthreadd\"}}"), 400);
        assertThat(bad.path("pointer").asString()).isEqualTo("/design/reaper");
        assertThat(bad.path("knob").asString()).isEqualTo("reaper");

        JsonNode badParam = problem(get("/api/scenarios/" + id + "/explore?variant=baseline%2Bbogus%3D1", "application/json"), 400);
        assertThat(badParam.path("parameter").asString()).isEqualTo("variant");
        assertThat(badParam.path("knob").asString()).isEqualTo("bogus");
        assertThat(badParam.path("allowed").valueStream().map(JsonNode::asString).toList()).contains("multiprocess", "reaper");

        JsonNode meaninglessParam = problem(get("/api/scenarios/" + id + "/explore?variant=baseline%2Bentry%3Doom_kill", "application/json"), 400);
        assertThat(meaninglessParam.path("knob").asString()).isEqualTo("entry");
        assertThat(meaninglessParam.has("allowed")).isFalse();
    }
}
