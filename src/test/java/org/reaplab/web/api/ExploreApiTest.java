package org.reaplab.web.api;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.reaplab.web.WebTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * The exploration API: the library's verdict matrix and one scenario under one variant. The claims of
 * issue 5 about the library are checked here, through the API, as a client would see them.
 */
@WebTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExploreApiTest {
    static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    MockMvc mvc;

    JsonNode matrix;

    @BeforeAll
    void loadTheMatrix() throws Exception {
        MvcResult r = answer(get("/api/verdicts").accept("application/json"));
        assertThat(r.getResponse().getStatus()).isEqualTo(200);
        assertThat(r.getResponse().getContentType()).startsWith("application/json");
        matrix = JSON.readTree(r.getResponse().getContentAsString());
    }

    /** The answer, after the job it waited for when the endpoint answers asynchronously. */
    MvcResult answer(org.springframework.test.web.servlet.RequestBuilder request) throws Exception {
        // On a busy machine a job can take longer than the endpoint waits (it then answers 202 and keeps
        // computing): ask again, which joins the same job, until it is done: a condition, not a fixed time.
        long giveUp = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(15);
        MvcResult r;
        do {
            r = mvc.perform(request).andReturn();
            if (r.getRequest().isAsyncStarted()) {
                // MockMvc never fires the endpoint's own timeout, so wait for the job's answer as the
                // condition (asyncDispatch alone would give up after the endpoint's 20 s).
                r.getAsyncResult(Math.max(1, (giveUp - System.nanoTime()) / 1_000_000));
                r = mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch(r)).andReturn();
            }
        } while (r.getResponse().getStatus() == 202 && System.nanoTime() < giveUp);
        return r;
    }

    JsonNode cell(String scenario, String variant) {
        for (JsonNode s : matrix.get("scenarios")) {
            if (s.get("id").asString().equals(scenario)) {
                JsonNode c = s.get("cells").get(variant);
                assertThat(c).as(scenario + " " + variant).isNotNull();
                return c;
            }
        }
        throw new AssertionError("no row " + scenario);
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : array) out.add(n.asString());
        return out;
    }

    static JsonNode counterexample(JsonNode cell, String invariant) {
        for (JsonNode c : cell.get("report").get("counterexamples")) if (c.get("invariant").asString().equals(invariant)) return c;
        return null;
    }

    @Test
    void theMatrixHasEveryLibraryScenarioUnderEveryVariantWithTotals() {
        assertThat(strings(matrix.get("variants"))).containsExactly("baseline", "reap_kill_v2", "reap_kill_all_rfc",
                "reap_kill_all_checked", "pidfd_mm_group", "kernel_oom");
        assertThat(matrix.get("complete").asBoolean()).isTrue();
        assertThat(matrix.get("scenarios").size()).isGreaterThanOrEqualTo(29);
        assertThat(matrix.get("scenarios").get(0).get("id").asString()).isEqualTo("proc-reader-race");
        assertThat(matrix.get("scenarios").get(0).get("file").asString()).isEqualTo("01-proc-reader-race.yaml");
        JsonNode totals = matrix.get("totals");
        assertThat(totals.get("explorations").asInt()).isEqualTo(matrix.get("scenarios").size() * 6);
        assertThat(totals.get("distinctStates").asLong()).isPositive();
        assertThat(totals.get("transitions").asLong()).isGreaterThanOrEqualTo(totals.get("distinctStates").asLong() - totals.get("explorations").asLong());
        assertThat(totals.get("maxDepth").asInt()).isPositive();
        assertThat(totals.get("completeSchedules").asLong()).isPositive();
        assertThat(totals.get("statesPerSecond").asDouble()).isPositive();
        JsonNode c = cell("proc-reader-race", "baseline");
        assertThat(c.get("exploreUrl").asString()).isEqualTo("/scenarios/proc-reader-race/explore?variant=baseline");
        for (String f : List.of("distinctStates", "transitions", "maxDepth", "completeSchedules", "statesPerSecond",
                "outcomeClasses", "counterexamples", "complete")) {
            assertThat(c.get("report").has(f)).as(f).isTrue();
        }
    }

    @Test
    void procReaderRaceBaselineEndsInESRCHWithMemoryPinnedAndTheReapKillVariantsNever() {
        JsonNode baseline = cell("proc-reader-race", "baseline");
        assertThat(baseline.get("verdict").asString()).isEqualTo("violated");
        boolean found = false;
        for (JsonNode k : baseline.get("report").get("outcomeClasses")) {
            found |= "-ESRCH".equals(k.get("calls").path("lmkd.process_mrelease").asString())
                    && strings(k.get("violations")).contains("memory-pinned-after-reap-call");
        }
        assertThat(found).as("a baseline class with process_mrelease = -ESRCH and memory-pinned-after-reap-call").isTrue();
        assertThat(counterexample(baseline, "memory-pinned-after-reap-call")).isNotNull();
        for (String v : List.of("reap_kill_v2", "reap_kill_all_rfc", "reap_kill_all_checked")) {
            JsonNode c = cell("proc-reader-race", v);
            assertThat(strings(c.get("violations"))).as(v).doesNotContain("memory-pinned-after-reap-call");
            for (JsonNode k : c.get("report").get("outcomeClasses")) {
                assertThat(strings(k.get("violations"))).as(v).doesNotContain("memory-pinned-after-reap-call");
            }
            assertThat(c.get("report").get("complete").asBoolean()).as(v + " explored every schedule").isTrue();
        }
    }

    @Test
    void theInferredDefectsOfV2AndOption3AreViolationsWithCounterexamples() throws Exception {
        Map<String, List<String>> expected = Map.of(
                "vfork-child reap_kill_v2", List.of("live-task-on-reaped-mm"),
                "global-init-victim reap_kill_v2", List.of("live-task-on-reaped-mm"),
                "container-init-victim reap_kill_v2", List.of("live-task-on-reaped-mm"),
                "concurrent-clone-vm reap_kill_v2", List.of("live-task-on-reaped-mm"),
                "pidfd-passed-into-container reap_kill_v2", List.of("signal-crossed-pidns"),
                "container-init-victim reap_kill_all_rfc", List.of("live-task-on-reaped-mm"),
                "sibling-other-uid reap_kill_all_rfc", List.of("killed-despite-error"),
                "sibling-outside-pidns reap_kill_all_rfc", List.of("killed-despite-error"),
                "sibling-global-init reap_kill_all_rfc", List.of("killed-despite-error"));
        for (Map.Entry<String, List<String>> e : expected.entrySet()) {
            String[] sv = e.getKey().split(" ");
            JsonNode c = cell(sv[0], sv[1]);
            assertThat(c.get("verdict").asString()).as(e.getKey()).isEqualTo("violated");
            for (String inv : e.getValue()) {
                JsonNode x = counterexample(c, inv);
                assertThat(x).as(e.getKey() + " " + inv).isNotNull();
                assertThat(x.get("schedule").size()).isEqualTo(x.get("step").asInt());
                assertViewerShowsIt(x.get("viewerUrl").asString(), inv, x.get("step").asInt(), sv[1]);
            }
        }
        // option 3 checked first: no partial kill
        assertThat(strings(cell("sibling-other-uid", "reap_kill_all_checked").get("violations"))).doesNotContain("killed-despite-error");
    }

    @Test
    void everyCounterexampleLinkLandsOnItsViolatingStep() throws Exception {
        int n = 0;
        for (JsonNode s : matrix.get("scenarios")) {
            for (Map.Entry<String, JsonNode> e : s.get("cells").properties()) {
                for (JsonNode x : e.getValue().get("report").get("counterexamples")) {
                    assertViewerShowsIt(x.get("viewerUrl").asString(), x.get("invariant").asString(), x.get("step").asInt(), e.getKey());
                    n++;
                }
            }
        }
        assertThat(n).isPositive();
    }

    /** The viewer URL's explanation of its step names the invariant: the link lands on the violating step. */
    void assertViewerShowsIt(String viewerUrl, String invariant, int step, String variant) throws Exception {
        var q = UriComponentsBuilder.fromUriString(viewerUrl).build();
        assertThat(q.getQueryParams().getFirst("variant")).isEqualTo(variant);
        assertThat(q.getQueryParams().getFirst("step")).isEqualTo(String.valueOf(step));
        String explain = mvc.perform(get(q.getPath() + "/explain").queryParams(q.getQueryParams()))
                .andReturn().getResponse().getContentAsString();
        assertThat(explain).as(viewerUrl).contains("data-step=\"" + step + "\"", "<strong>" + invariant + "</strong>");
    }

    @Test
    void oneScenarioUnderOneVariant() throws Exception {
        MvcResult r = answer(get("/api/scenarios/vfork-child/explore").param("variant", "reap_kill_v2"));
        assertThat(r.getResponse().getStatus()).isEqualTo(200);
        JsonNode c = JSON.readTree(r.getResponse().getContentAsString());
        assertThat(c.get("scenario").asString()).isEqualTo("vfork-child");
        assertThat(c.get("variant").asString()).isEqualTo("reap_kill_v2");
        assertThat(c.get("verdict").asString()).isEqualTo("violated");
        assertThat(strings(c.get("violations"))).containsExactly("live-task-on-reaped-mm");
        assertThat(c.get("apiUrl").asString()).isEqualTo("/api/scenarios/vfork-child/explore?variant=reap_kill_v2");
        JsonNode x = counterexample(c, "live-task-on-reaped-mm");
        List<String> schedule = strings(x.get("schedule"));
        assertThat(x.get("viewerUrl").asString()).isEqualTo("/scenarios/vfork-child?variant=reap_kill_v2&schedule="
                + org.reaplab.web.viewer.ScheduleParam.format(schedule) + "&step=" + schedule.size());
        for (JsonNode k : c.get("report").get("outcomeClasses")) {
            assertThat(k.get("exampleUrl").asString()).startsWith("/scenarios/vfork-child?variant=reap_kill_v2&schedule=")
                    .endsWith("&step=" + k.get("example").size());
        }
        // the same report as the matrix cell
        assertThat(c.get("report").get("distinctStates")).isEqualTo(cell("vfork-child", "reap_kill_v2").get("report").get("distinctStates"));
    }

    @Test
    void withoutAVariantTheScenariosOwnIsExplored() throws Exception {
        JsonNode c = JSON.readTree(answer(get("/api/scenarios/proc-reader-race/explore")).getResponse().getContentAsString());
        assertThat(c.get("variant").asString()).isEqualTo("baseline");
    }

    @Test
    void anUnknownScenarioIs404ProblemDetails() throws Exception {
        MvcResult r = answer(get("/api/scenarios/no-such-scenario/explore").param("variant", "baseline"));
        assertThat(r.getResponse().getStatus()).isEqualTo(404);
        assertThat(r.getResponse().getContentType()).startsWith("application/problem+json");
        JsonNode p = JSON.readTree(r.getResponse().getContentAsString());
        assertThat(p.get("type").asString()).isEqualTo("urn:reaplab:problem:not-found");
        assertThat(p.get("status").asInt()).isEqualTo(404);
        assertThat(p.get("detail").asString()).contains("no-such-scenario");
    }

    @Test
    void aBadVariantIs400NamingTheParameterAndTheVariants() throws Exception {
        MvcResult r = answer(get("/api/scenarios/proc-reader-race/explore").param("variant", "reap_kill_v9"));
        assertThat(r.getResponse().getStatus()).isEqualTo(400);
        assertThat(r.getResponse().getContentType()).startsWith("application/problem+json");
        JsonNode p = JSON.readTree(r.getResponse().getContentAsString());
        assertThat(p.get("type").asString()).isEqualTo("urn:reaplab:problem:bad-parameter");
        assertThat(p.get("parameter").asString()).isEqualTo("variant");
        assertThat(strings(p.get("allowed"))).contains("baseline", "reap_kill_v2");
        assertThat(p.get("detail").asString()).contains("reap_kill_v9");
    }

    @Test
    void onlyJsonIsOffered() throws Exception {
        MvcResult r = answer(get("/api/scenarios/proc-reader-race/explore").accept("application/yaml"));
        assertThat(r.getResponse().getStatus()).isEqualTo(406);
        assertThat(JSON.readTree(r.getResponse().getContentAsString()).get("type").asString()).isEqualTo("urn:reaplab:problem:not-acceptable");
    }
}
