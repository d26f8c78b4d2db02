package org.reaplab.web.compare;

import org.junit.jupiter.api.Test;
import org.reaplab.web.WebTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@WebTest
class CompareControllerTest {

    @Autowired
    MockMvc mvc;

    @Test
    void comparePageStreamsEachVariantAndLoadsTheOutcomeTable() throws Exception {
        mvc.perform(get("/scenarios/proc-reader-race").param("variant", "baseline").param("compare", "reap_kill_v2").param("step", "19"))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(
                        containsString("sse-connect=\"/scenarios/proc-reader-race/stream?variant=baseline\""),
                        containsString("sse-connect=\"/scenarios/proc-reader-race/stream?variant=reap_kill_v2\""),
                        containsString("hx-get=\"/scenarios/proc-reader-race/outcomes?variants=baseline,reap_kill_v2\""),
                        containsString("data-step=\"19\""),
                        containsString("+ reap_kill_all_rfc"))));
    }

    @Test
    void outcomeTablePutsTheVariantsSideBySideAndMarksDifferences() throws Exception {
        mvc.perform(get("/scenarios/proc-reader-race/outcomes").param("variants", "baseline,reap_kill_v2"))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(
                        containsString("<th scope=\"col\" title=\"today&#39;s kernel\">baseline</th>"),
                        containsString("lmkd.process_mrelease returned"),
                        containsString(">-ESRCH</a>"),
                        containsString("href=\"/scenarios/proc-reader-race?variant=reap_kill_v2&amp;step=20\""),
                        containsString("killed that the caller did not name"),
                        containsString("app_mm: who freed it"), containsString(">exit_mmap in ps at step 25</a>"),
                        containsString("reaped by lmkd at step 17, then exit_mmap in app at step 31"),
                        containsString("app_mm: still resident at the end"),
                        containsString("invariants broken"),
                        containsString("class=\"differs\""),
                        not(containsString("<html")))));
    }

    @Test
    void theOutcomeTableCopiesAsPlainText() throws Exception {
        mvc.perform(get("/scenarios/proc-reader-race/outcomes").param("variants", "baseline,reap_kill_v2"))
                .andExpect(content().string(allOf(
                        containsString("data-copy=\"outcomes-text\""),
                        containsString("outcome | baseline | reap_kill_v2\nlmkd.pidfd_open returned | 3 | 3\n"),
                        containsString("lmkd.process_mrelease returned | -ESRCH | 0   (differs)"))));
    }

    @Test
    void aCloneVmSharerIsWhereV2AndOption3PartWays() throws Exception {
        mvc.perform(get("/scenarios/proc-reader-race").param("variant", "reap_kill_v2").param("compare", "reap_kill_all_rfc"))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(
                        containsString("Where these variants part ways"),
                        containsString("href=\"/scenarios/clone-vm-sibling?variant=reap_kill_v2&amp;step=0&amp;compare=reap_kill_all_rfc\""))));
    }

    @Test
    void anEmptyCompareSetIsTheSingleView() throws Exception {
        mvc.perform(get("/scenarios/proc-reader-race").param("compare", "").param("step", "3"))
                .andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrl("/scenarios/proc-reader-race?variant=baseline&step=3"));
    }

    @Test
    void badCompareSetsAre400() throws Exception {
        mvc.perform(get("/scenarios/proc-reader-race").param("compare", "reap_kill_v3"))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("unknown preset")));
        mvc.perform(get("/scenarios/proc-reader-race").param("compare", "reap_kill_v2,reap_kill_all_rfc,reap_kill_all_checked,kernel_oom"))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("at most 4")));
        mvc.perform(get("/scenarios/proc-reader-race/outcomes").param("variants", "baseline,nope").header("HX-Request", "true"))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(allOf(containsString("unknown preset"), not(containsString("<html")))));
    }
}
