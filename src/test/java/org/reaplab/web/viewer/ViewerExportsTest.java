package org.reaplab.web.viewer;

import org.junit.jupiter.api.Test;
import org.reaplab.web.WebTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** What the viewer lets a reviewer take away: the trace, the outcome as text, the kernel source, the same event elsewhere. */
@WebTest
class ViewerExportsTest {

    @Autowired
    MockMvc mvc;

    @Test
    void theRunDownloadsAsAPerfettoTrace() throws Exception {
        MvcResult started = mvc.perform(get("/scenarios/proc-reader-race/trace.json").param("variant", "baseline"))
                .andExpect(request().asyncStarted()).andReturn();
        started.getAsyncResult(java.util.concurrent.TimeUnit.MINUTES.toMillis(5)); // a condition, however slow the machine
        mvc.perform(asyncDispatch(started))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Disposition", containsString("attachment; filename=\"reaplab-proc-reader-race-baseline.json\"")))
                .andExpect(jsonPath("$.otherData.variant").value("baseline"))
                .andExpect(jsonPath("$.traceEvents[?(@.cat == 'signal' && @.ph == 's')]").isNotEmpty());
        mvc.perform(get("/scenarios/proc-reader-race"))
                .andExpect(content().string(allOf(
                        containsString("id=\"open-perfetto\" href=\"/scenarios/proc-reader-race/trace.json?variant=baseline\""),
                        containsString("download=\"reaplab-proc-reader-race-baseline.json\""),
                        containsString("data-perfetto=\"https://ui.perfetto.dev\""))));
    }

    @Test
    void theStepsKernelFunctionLinksToItsDefinition() throws Exception {
        mvc.perform(get("/scenarios/proc-reader-race/explain").param("variant", "baseline").param("step", "21"))
                .andExpect(content().string(allOf(
                        containsString("href=\"https://elixir.bootlin.com/linux/v6.18/A/ident/find_lock_task_mm\""),
                        containsString("target=\"_blank\" rel=\"noopener\""))));
        mvc.perform(get("/scenarios/proc-reader-race"))
                .andExpect(content().string(containsString("data-source-url=\"https://elixir.bootlin.com/linux/v6.18/A/ident/\"")));
    }

    @Test
    void aStepOfCodeThatWasNeverMergedHasNoSourceLink() {
        KernelSource source = new KernelSource("https://example.org/ident/");
        org.assertj.core.api.Assertions.assertThat(source.url("kill_all_shared_mm")).isNull();
        org.assertj.core.api.Assertions.assertThat(source.url("exit_mm")).isEqualTo("https://example.org/ident/exit_mm");
    }

    @Test
    void theOutcomeCopiesAsPlainText() throws Exception {
        mvc.perform(get("/scenarios/proc-reader-race/outcome").param("variant", "baseline"))
                .andExpect(content().string(allOf(
                        containsString("data-copy=\"outcome-text\""),
                        containsString("proc-reader-race under baseline (33 steps)\nlmkd.pidfd_open returned 3 at step 5\n"),
                        containsString("lmkd.process_mrelease returned -ESRCH at step 22\n"),
                        containsString("app_mm: exit_mmap in ps at step 25 (66,560 pages)\n"),
                        containsString("invariants broken: memory-pinned-after-reap-call at step 22\n"),
                        // who freed the memory; red only for memory still pinned
                        containsString("exit_mmap in ps at step 25</span>"),
                        not(containsString("pages still resident</span>")))));
    }

    @Test
    void switchingVariantKeepsTheEvent() throws Exception {
        // baseline's process_mrelease returns at step 22; under v2 (kill_pid in two steps) the same return is step 20
        mvc.perform(get("/scenarios/proc-reader-race").param("variant", "reap_kill_v2").param("step", "22")
                        .param("event", "return:lmkd.process_mrelease,mmput:app:app_mm"))
                .andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrl("/scenarios/proc-reader-race?variant=reap_kill_v2&step=20"));
        // an event the other run does not have: the next key, else the step asked for
        mvc.perform(get("/scenarios/proc-reader-race").param("variant", "reap_kill_v2").param("step", "7").param("event", "nothing:here"))
                .andExpect(redirectedUrl("/scenarios/proc-reader-race?variant=reap_kill_v2&step=7"));
    }
}
