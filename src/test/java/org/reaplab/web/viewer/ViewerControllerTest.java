package org.reaplab.web.viewer;

import org.junit.jupiter.api.Test;
import org.reaplab.web.WebTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultHandlers.print;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@WebTest
class ViewerControllerTest {

    @Autowired
    MockMvc mvc;

    @Test
    void pageIsAShellWithTheStreamAndControls() throws Exception {
        mvc.perform(get("/scenarios/proc-reader-race"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("sse-connect=\"/scenarios/proc-reader-race/stream?variant=baseline\"")))
                .andExpect(content().string(containsString("LMKD loses the race to exit_mm while ps reads cmdline")))
                .andExpect(content().string(containsString("data-action=\"forward\"")));
    }

    @Test
    void explainAtTheProcessMreleaseReturn() throws Exception {
        mvc.perform(get("/scenarios/proc-reader-race/explain").param("variant", "baseline").param("step", "22"))
                .andDo(print())
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("-ESRCH")))
                .andExpect(content().string(containsString("66,560 pages")))
                .andExpect(content().string(not(containsString("<html"))));
    }
}
