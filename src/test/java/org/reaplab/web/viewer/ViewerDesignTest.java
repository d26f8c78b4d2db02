package org.reaplab.web.viewer;

import org.junit.jupiter.api.Test;
import org.reaplab.web.WebTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Designs in the viewer and compare: design strings in the URL, the design panel, bad designs inline. */
@WebTest
class ViewerDesignTest {
    static final String V2_THROUGH = "reap_kill_v2+multiprocess=through";

    @Autowired
    MockMvc mvc;

    @Test
    void theViewerTakesADesignStringAndShowsItsPanel() throws Exception {
        // a '+' in a query arrives as a space; the design reads the same and the page names it canonically
        mvc.perform(get("/scenarios/proc-reader-race").param("variant", "reap_kill_v2 multiprocess=through"))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(
                        containsString("stream?variant=" + V2_THROUGH),
                        containsString("id=\"design-panel\""),
                        containsString("<code id=\"design-canonical\">" + V2_THROUGH + "</code>"),
                        containsString("<option value=\"through\" title="),
                        containsString("name=\"from\" value=\"" + V2_THROUGH + "\""))));
        mvc.perform(get("/scenarios/proc-reader-race/timeline.json").param("variant", V2_THROUGH))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.variant").value(V2_THROUGH))
                .andExpect(jsonPath("$.design").value(V2_THROUGH))
                .andExpect(jsonPath("$.knobs.multiprocess").value("through"))
                .andExpect(jsonPath("$.outcome.variant").value(V2_THROUGH));
    }

    @Test
    void knobsThatCannotMatterAreDisabledWithTheReason() throws Exception {
        mvc.perform(get("/scenarios/proc-reader-race").param("variant", "baseline"))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(
                        containsString("id=\"knob-mm_pin\" name=\"mm_pin\" aria-describedby=\"knob-mm_pin-why\" disabled=\"disabled\""),
                        containsString("id=\"knob-mm_pin-why\">cannot matter: read only inside process_mrelease"),
                        not(containsString("id=\"knob-entry\" name=\"entry\" disabled")))));
    }

    @Test
    void thePanelAnswersWithTheViewerUrlOfTheDesignChosen() throws Exception {
        mvc.perform(get("/scenarios/proc-reader-race/design").param("from", "reap_kill_v2").param("multiprocess", "through")
                        .param("entry", "mrelease_flag").param("step", "5").param("schedule", "ps~4,lmkd"))
                .andExpect(status().isSeeOther())
                .andExpect(header().string("Location", "/scenarios/proc-reader-race?variant=" + V2_THROUGH + "&schedule=ps~4,lmkd&step=5"));
        mvc.perform(get("/scenarios/proc-reader-race/design").param("preset", "kernel_oom").param("step", "0").header("HX-Request", "true"))
                .andExpect(status().isNoContent())
                .andExpect(header().string("HX-Redirect", "/scenarios/proc-reader-race?variant=kernel_oom&step=0"));
        // "a design of your own" in the preset select keeps the design shown
        mvc.perform(get("/scenarios/proc-reader-race/design").param("preset", "").param("from", V2_THROUGH).param("step", "2"))
                .andExpect(header().string("Location", "/scenarios/proc-reader-race?variant=" + V2_THROUGH + "&step=2"));
        // nothing changed: the preset keeps its name
        mvc.perform(get("/scenarios/proc-reader-race/design").param("from", "reap_kill_v2").param("multiprocess", "refuse"))
                .andExpect(header().string("Location", "/scenarios/proc-reader-race?variant=reap_kill_v2&step=0"));
    }

    @Test
    void aBadDesignInTheUrlIsAnInlineMessageWithThePanel() throws Exception {
        mvc.perform(get("/scenarios/proc-reader-race").param("variant", "reap_kill_v2+bogus=1"))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(allOf(containsString("<html"), containsString("id=\"design-error\""),
                        containsString("unknown knob &#39;bogus&#39;"), containsString("id=\"design-panel\""),
                        containsString("LMKD loses the race"))));
        // a meaningless combination: the panel shows it with the knobs at fault
        mvc.perform(get("/scenarios/proc-reader-race").param("variant", "baseline+entry=oom_kill"))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(allOf(containsString("cannot mean anything"), containsString("id=\"design-problem\""),
                        containsString("aria-invalid=\"true\""))));
        mvc.perform(get("/scenarios/proc-reader-race/explain").param("variant", "baseline+bogus=1").header("HX-Request", "true"))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(allOf(containsString("class=\"problem\""), not(containsString("<html")))));
    }

    @Test
    void compareTakesDesignsAndLabelsThemByTheirCanonicalString() throws Exception {
        mvc.perform(get("/scenarios/proc-reader-race").param("variant", "baseline").param("compare", V2_THROUGH))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("data-variant=\"" + V2_THROUGH + "\""),
                        containsString("/scenarios/proc-reader-race/outcomes?variants=baseline," + V2_THROUGH))));
        mvc.perform(get("/scenarios/proc-reader-race/outcomes").param("variants", "baseline," + V2_THROUGH))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString(">" + V2_THROUGH + "</th>")));
        // a design string may use commas between its knobs too
        mvc.perform(get("/scenarios/proc-reader-race/outcomes").param("variants", "baseline,reap_kill_v2,multiprocess=through"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString(">" + V2_THROUGH + "</th>")));
    }
}
