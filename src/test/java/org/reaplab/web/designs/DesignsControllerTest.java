package org.reaplab.web.designs;

import org.junit.jupiter.api.Test;
import org.reaplab.designspace.DesignScore;
import org.reaplab.designspace.PlainText;
import org.reaplab.designspace.SearchResult;
import org.reaplab.web.WebTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** /designs and /api/designs over plain HTTP (the tests search the presets space). */
@WebTest
class DesignsControllerTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    DesignSearches searches;

    /** Polls the fragment the way the page does until it is ready; before that every answer is progress that polls again. */
    String readyFragment() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (true) {
            String body = mvc.perform(get("/designs").header("HX-Request", "true"))
                    .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
            assertThat(body).doesNotContain("<html").contains("id=\"search\"");
            if (body.contains("data-state=\"ready\"")) {
                assertThat(body).doesNotContain("hx-trigger");
                return body;
            }
            assertThat(body).contains("data-state=\"computing\"", "hx-get=\"/designs\"", "hx-trigger=\"every 1s\"", "explorations done");
            assertThat(System.nanoTime()).as("the search is ready within two minutes").isLessThan(deadline);
            searches.await(Duration.ofMillis(200));
        }
    }

    @Test
    void thePageShowsTheSentenceTheRankedDesignsAndLinksEachViolationToTheViewer() throws Exception {
        String body = readyFragment();
        SearchResult r = searches.await(Duration.ZERO);
        assertThat(body).contains(org.springframework.web.util.HtmlUtils.htmlEscape(r.sentence()));
        for (DesignScore d : r.designs()) assertThat(body).contains("data-design=\"" + d.id() + "\"");
        // v2 reaps the vfork parent's live memory; its counterexample opens the viewer on v2 at the breaking step
        DesignScore.Break b = r.design("reap_kill_v2").breaks().stream()
                .filter(x -> x.invariant().equals("live-task-on-reaped-mm")).findFirst().orElseThrow();
        assertThat(body).contains("href=\"" + DesignsView.viewerUrl(b.scenario(), "reap_kill_v2", b.schedule(), b.step())
                .replace("&", "&amp;") + "\"");
        assertThat(body).contains("/scenarios/" + b.scenario() + "?variant=reap_kill_v2&amp;schedule=");
        // copy texts are the plain texts
        assertThat(body).contains("data-copy=\"summary-text\"", "data-copy=\"row-proc-reader-race\"");
        String page = mvc.perform(get("/designs")).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("<html", "Design space", "id=\"answer\"", "/js/copy-text.js");
    }

    @Test
    void theApiGivesTheJsonAndTheSameTexts() throws Exception {
        readyFragment();
        SearchResult r = searches.await(Duration.ZERO);
        mvc.perform(get("/api/designs")).andExpect(status().isOk())
                .andExpect(jsonPath("$.sentence").value(r.sentence()))
                .andExpect(jsonPath("$.designs.length()").value(6))
                .andExpect(jsonPath("$.designs[?(@.id=='reap_kill_v2')].breaks[*].schedule").isNotEmpty());
        String summary = mvc.perform(get("/api/designs/text")).andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith("text/plain")).andReturn().getResponse().getContentAsString();
        assertThat(summary).isEqualTo(PlainText.summary(r));
        mvc.perform(get("/api/designs/text").param("design", "baseline")).andExpect(status().isOk())
                .andExpect(content().string(PlainText.scorecard(r, "baseline")));
        mvc.perform(get("/api/designs/text").param("scenario", "proc-reader-race")).andExpect(status().isOk())
                .andExpect(content().string(PlainText.verdictRow(r, "proc-reader-race")));
    }

    @Test
    void anUnknownDesignIsAProblem() throws Exception {
        readyFragment();
        mvc.perform(get("/api/designs/text").param("design", "no_such_design"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith("application/problem+json"))
                .andExpect(jsonPath("$.parameter").value("design"))
                .andExpect(jsonPath("$.detail", containsString("no_such_design")));
    }
}
