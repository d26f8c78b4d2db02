package org.reaplab.web.viewer;

import org.junit.jupiter.api.Test;
import org.reaplab.scenario.Scenario;
import org.reaplab.scenario.format.LibraryEntry;
import org.reaplab.scenario.format.ScenarioLibrary;
import org.reaplab.simulation.Run;
import org.reaplab.simulation.RunFacts;
import org.reaplab.simulation.Simulation;
import org.reaplab.variant.Variant;
import org.reaplab.web.WebTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Every viewer fragment and error path over plain HTTP. */
@WebTest
class ViewerControllerTest {

    @Autowired
    MockMvc mvc;

    @Test
    void pageIsAShellWithTheStreamControlsAndVariants() throws Exception {
        mvc.perform(get("/scenarios/proc-reader-race"))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(
                        containsString("sse-connect=\"/scenarios/proc-reader-race/stream?variant=baseline\""),
                        containsString("LMKD loses the race to exit_mm while ps reads /proc/&lt;pid&gt;/cmdline"),
                        containsString("data-action=\"forward\""),
                        containsString("data-action=\"copy-link\""),
                        containsString("href=\"/scenarios/proc-reader-race?variant=reap_kill_v2&amp;step=0\""),
                        containsString("compare=reap_kill_v2"))));
    }

    @Test
    void theShellCarriesTheStepScheduleAndVariantOfTheUrl() throws Exception {
        mvc.perform(get("/scenarios/proc-reader-race").param("variant", "reap_kill_v2").param("step", "7").param("schedule", "ps~4,lmkd"))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(
                        containsString("data-step=\"7\""),
                        containsString("stream?variant=reap_kill_v2&amp;schedule=ps~4,lmkd"),
                        containsString("forked schedule"))));
    }

    @Test
    void anHtmxRequestForThePageGetsTheStepPanels() throws Exception {
        mvc.perform(get("/scenarios/proc-reader-race").param("step", "22").header("HX-Request", "true"))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(
                        containsString("id=\"explain\""), containsString("id=\"inspector\""), containsString("id=\"drive\""),
                        containsString("-ESRCH"), not(containsString("<html")))));
    }

    @Test
    void explainAtTheProcessMreleaseReturnShowsESRCHAndTheMemoryStillResident() throws Exception {
        mvc.perform(get("/scenarios/proc-reader-race/explain").param("variant", "baseline").param("step", "22"))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(
                        containsString("data-step=\"22\""),
                        containsString("<strong class=\"ret err\">-ESRCH</strong>"),
                        containsString("app_mm: 66,560 pages (260 MiB) resident"),
                        containsString("memory-pinned-after-reap-call"),
                        not(containsString("<html")))));
    }

    @Test
    void explainUnderV2ShowsTheReapAndZeroReturn() throws Exception {
        mvc.perform(get("/scenarios/proc-reader-race/explain").param("variant", "reap_kill_v2").param("step", "20"))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(
                        containsString("<strong class=\"ret ok\">0</strong>"),
                        containsString("app_mm: 0 pages (0 KiB) resident"))));
    }

    @Test
    void explainInsideTheRaceWindowSaysSo() throws Exception {
        mvc.perform(get("/scenarios/proc-reader-race/explain").param("step", "15"))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(
                        containsString("exit_mm"),
                        containsString("W1: lmkd&#39;s kill returned at step 8; its find_lock_task_mm runs at step 21."))));
    }

    @Test
    void explainBeforeTheFirstStep() throws Exception {
        mvc.perform(get("/scenarios/proc-reader-race/explain").param("step", "0"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Nothing has run yet")));
    }

    @Test
    void inspectorMarksWhatTheStepChanged() throws Exception {
        mvc.perform(get("/scenarios/proc-reader-race/inspector").param("step", "15"))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(
                        containsString("after step 15"),
                        containsString("class=\"changed\""),
                        containsString("was app_mm"),
                        containsString("CAP_KILL"),
                        containsString("fd = 3"))));
    }

    /** An mm's resident cell is marked at the step that reaped it, with the whole count it had (the run's facts). */
    @Test
    void inspectorGivesTheResidentPagesBeforeAReap() throws Exception {
        Scenario s = ScenarioLibrary.load().stream().map(LibraryEntry::scenario).filter(x -> x.name().equals("proc-reader-race")).findFirst().orElseThrow();
        Run run = Simulation.run(s, Variant.REAP_KILL_V2);
        RunFacts.StepFacts reap = run.facts().steps().stream()
                .filter(f -> f.mms().stream().anyMatch(m -> m.changed(RunFacts.MmCounter.RESIDENT))).findFirst().orElseThrow();
        RunFacts.CounterChange mm = reap.mms().stream().filter(m -> m.changed(RunFacts.MmCounter.RESIDENT)).findFirst().orElseThrow();
        mvc.perform(get("/scenarios/proc-reader-race/inspector").param("variant", "reap_kill_v2").param("step", Integer.toString(reap.step())))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("class=\"num changed\""),
                        containsString("was " + Explanation.pages(mm.before().resident())))));
    }

    @Test
    void driveListsTheRunnableThreadsWithForkLinks() throws Exception {
        mvc.perform(get("/scenarios/proc-reader-race/drive").param("step", "8"))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(
                        containsString("Who runs step <span>9</span>?"),
                        containsString("as recorded"),
                        containsString("data-thread=\"lmkd\""),
                        containsString("schedule=ps~4,lmkd~5&amp;step=9"),
                        containsString("schedule=ps~4,lmkd~4,ps&amp;step=9"))));
    }

    @Test
    void aForkedScheduleChangesTheOutcome() throws Exception {
        // after lmkd's kill (step 8) let lmkd run on instead of app: lmkd wins W1 and reaps
        mvc.perform(get("/scenarios/proc-reader-race/outcome").param("schedule", "ps~4,lmkd~5"))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("✓ reaped"),
                        containsString("<strong class=\"ok\">0</strong>"), not(containsString("<strong class=\"err\">-ESRCH</strong>")))));
        mvc.perform(get("/scenarios/proc-reader-race/drive").param("schedule", "ps~4,lmkd~5").param("step", "9"))
                .andExpect(content().string(allOf(containsString("This run follows your schedule"), containsString("ps~4,lmkd~5"))));
    }

    @Test
    void outcomeListsViolationsWithLinksToTheirStep() throws Exception {
        mvc.perform(get("/scenarios/proc-reader-race/outcome"))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(
                        containsString("href=\"/scenarios/proc-reader-race?variant=baseline&amp;step=22\""),
                        containsString("memory-pinned-after-reap-call at step 22"),
                        containsString("✓ matches the scenario&#39;s expectations"))));
    }

    @Test
    void aStepPastTheEndIsTheLastStep() throws Exception {
        mvc.perform(get("/scenarios/proc-reader-race/explain").param("step", "9999"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("data-step=\"33\"")));
    }

    @Test
    void unknownScenarioIs404WithAMessage() throws Exception {
        mvc.perform(get("/scenarios/no-such-thing"))
                .andExpect(status().isNotFound())
                .andExpect(content().string(allOf(containsString("Scenario not found"), containsString("no-such-thing"))));
        mvc.perform(get("/scenarios/no-such-thing/inspector").header("HX-Request", "true"))
                .andExpect(status().isNotFound())
                .andExpect(content().string(allOf(containsString("class=\"problem\""), not(containsString("<html")))));
    }

    @Test
    void unknownVariantIs400NamingTheVariants() throws Exception {
        mvc.perform(get("/scenarios/proc-reader-race").param("variant", "<b>v3</b>"))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(allOf(containsString("unknown preset &#39;&lt;b&gt;v3&lt;/b&gt;&#39;"),
                        containsString("reap_kill_v2"), not(containsString("<b>v3</b>")))));
    }

    @Test
    void malformedScheduleOrStepIs400() throws Exception {
        mvc.perform(get("/scenarios/proc-reader-race").param("schedule", "ps,lmkd;rm"))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("schedule item")));
        mvc.perform(get("/scenarios/proc-reader-race/explain").param("step", "abc"))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("parameter &#39;step&#39;")));
    }

    @Test
    void htmlInTitleAndDescriptionIsShownAsText() throws Exception {
        mvc.perform(get("/scenarios/html-in-title"))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(
                        containsString("&lt;script&gt;window.__pwned = 1&lt;/script&gt;&lt;b&gt;bold?&lt;/b&gt; &amp; &lt;i&gt;friends&lt;/i&gt;"),
                        containsString("&lt;img src=x onerror=&quot;window.__pwned = 2&quot;&gt;"),
                        not(containsString("<script>window.__pwned")),
                        not(containsString("<img src=x")))));
    }

    @Test
    void timelineJsonHasOneRecordPerStepAndTheWindow() throws Exception {
        mvc.perform(get("/scenarios/proc-reader-race/timeline.json"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.steps.length()").value(33))
                .andExpect(jsonPath("$.lanes[0].thread").value("lmkd"))
                .andExpect(jsonPath("$.windows[0].kind").value("W1"))
                .andExpect(jsonPath("$.windows[0].from").value(8))
                .andExpect(jsonPath("$.windows[0].to").value(21))
                .andExpect(jsonPath("$.steps[21].r.v").value("-ESRCH"))
                .andExpect(jsonPath("$.outcome.calls[2].ret").value("-ESRCH"));
    }
}
