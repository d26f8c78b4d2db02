package org.reaplab.web.verdicts;

import org.reaplab.web.jobs.WorkStatus;
import org.reaplab.exploration.VerdictMatrix;
import org.junit.jupiter.api.Test;
import org.reaplab.exploration.Counterexample;
import org.reaplab.exploration.ExplorationReport;
import org.reaplab.exploration.Explorer;
import org.reaplab.scenario.format.ParseResult;
import org.reaplab.scenario.format.ScenarioParser;
import org.reaplab.storage.ScenarioStore;
import org.reaplab.storage.StoredScenario;
import org.reaplab.variant.Variant;
import org.reaplab.web.viewer.ViewDesign;
import org.reaplab.web.WebTest;
import org.reaplab.web.viewer.ScheduleParam;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.thymeleaf.context.Context;
import org.thymeleaf.spring6.SpringTemplateEngine;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The verdict matrix and the exploration page over plain HTTP: pages, the htmx fragments, errors. */
@WebTest
class VerdictsControllerTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    Explorations explorations;

    @Autowired
    ScenarioStore store;

    @Autowired
    SpringTemplateEngine templates;

    /**
     * The matrix fragment the way the page polls it: progress that polls again while the matrix is
     * computed (when the first request finds it still computing), then the matrix. Waits for the
     * computation itself, not for a clock.
     */
    String readyMatrixFragment() throws Exception {
        String body = fragment();
        if (!body.contains("data-state=\"ready\"")) {
            assertThat(body).contains("data-state=\"computing\"", "hx-get=\"/verdicts\"", "hx-trigger=\"every 1s\"",
                    "hx-swap=\"outerHTML\"", "<progress", "explorations done");
            explorations.libraryFuture().get(120, java.util.concurrent.TimeUnit.SECONDS);
            body = fragment();
        }
        assertThat(body).contains("data-state=\"ready\"").doesNotContain("hx-trigger");
        return body;
    }

    private String fragment() throws Exception {
        String body = mvc.perform(get("/verdicts").header("HX-Request", "true"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(body).doesNotContain("<html").contains("id=\"matrix\"");
        return body;
    }

    @Test
    void theMatrixFragmentPollsUntilTheMatrixIsReady() throws Exception {
        String body = readyMatrixFragment();
        assertThat(body).contains("data-scenario=\"proc-reader-race\"", "data-scenario=\"vfork-child\"",
                "<code class=\"variant-id\">reap_<wbr>kill_<wbr>v2</code>", "distinct states", "complete schedules", "states/s");
    }

    @Test
    void thePageListsTheLibraryInOrderWithEveryVariantAndTheSummedFigures() throws Exception {
        readyMatrixFragment();
        String page = mvc.perform(get("/verdicts")).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("<title>ReapLab · verdict matrix</title>", "<table class=\"matrix\">",
                "href=\"/scenarios/proc-reader-race\"", "LMKD loses the race to exit_mm while ps reads /proc/&lt;pid&gt;/cmdline");
        // library order: file names 01-, 02-, ... 08-vfork-child, ... 29-pidfd-self
        assertThat(page.indexOf("data-scenario=\"proc-reader-race\"")).isLessThan(page.indexOf("data-scenario=\"proc-reader-lmkd-wins\""));
        assertThat(page.indexOf("data-scenario=\"proc-reader-lmkd-wins\"")).isLessThan(page.indexOf("data-scenario=\"vfork-child\""));
        assertThat(page.indexOf("data-scenario=\"vfork-child\"")).isLessThan(page.indexOf("data-scenario=\"pidfd-self\""));
        for (Variant v : Variant.values()) assertThat(page).contains("th scope=\"col\" data-variant=\"" + v.id + "\"");
        // figures: summed in the header, per cell behind <details>
        assertThat(page).contains("class=\"totals\"", "<dt>distinct states</dt>", "<dt>transitions</dt>", "<dt>max depth</dt>",
                "<dt>complete schedules</dt>", "<dt>states/s</dt>", "<details class=\"figures\">");
        // test-only scenarios of the store are not library rows
        assertThat(page).doesNotContain("data-scenario=\"long-proc-read\"");
    }

    @Test
    void theProcReaderRaceRowShowsESRCHWithMemoryPinnedOnlyUnderBaseline() throws Exception {
        readyMatrixFragment();
        String page = mvc.perform(get("/verdicts")).andReturn().getResponse().getContentAsString();
        String row = row(page, "proc-reader-race");
        String baseline = cell(row, "baseline");
        Counterexample x = counterexample("proc-reader-race", Variant.BASELINE, "memory-pinned-after-reap-call");
        assertThat(baseline).contains("data-verdict=\"violated\"", "⚠", "violation",
                "counterexample (" + x.step() + " steps)", "class=\"inv\">memory-pinned-after-reap-call");
        // the violating class comes first and says both facts
        String firstClass = baseline.substring(baseline.indexOf("<li class=\"violating\">"));
        firstClass = firstClass.substring(0, firstClass.indexOf("</li>"));
        assertThat(firstClass).contains("title=\"lmkd.process_mrelease\">process_mrelease</code>",
                "<strong class=\"ret err\">-ESRCH</strong>", "⚠ memory-pinned-after-reap-call");
        // who freed the memory: the reader's exit_mmap, not a reap; red is kept for memory still pinned
        assertThat(firstClass).contains("freed by exit_mmap in ps").doesNotContain("✗");
        assertThat(baseline).contains("<span class=\"lbl\">memory:</span>").doesNotContain("✗ pinned");
        // the row copies as plain text
        assertThat(row).contains("data-copy=\"row-text-proc-reader-race\"", "baseline: ⚠ violation (memory-pinned-after-reap-call in " + x.step() + " steps)");
        // compact view, violation filter
        assertThat(page).contains("id=\"compact\" checked", "id=\"only-violations\"", "data-violated=\"true\"");
        for (String v : new String[] {"reap_kill_v2", "reap_kill_all_rfc", "reap_kill_all_checked"}) {
            String c = cell(row, v);
            assertThat(c).as(v).contains("data-verdict=\"ok\"", "✓", "no violation").doesNotContain("memory-pinned-after-reap-call", "cex-link");
        }
    }

    @Test
    void everyCounterexampleLinkOpensTheViewerAtItsViolatingStep() throws Exception {
        readyMatrixFragment();
        String page = mvc.perform(get("/verdicts")).andReturn().getResponse().getContentAsString();
        String c = cell(row(page, "vfork-child"), "reap_kill_v2");
        Counterexample x = counterexample("vfork-child", Variant.REAP_KILL_V2, "live-task-on-reaped-mm");
        String schedule = ScheduleParam.format(x.schedule());
        assertThat(c).contains("href=\"/scenarios/vfork-child?variant=reap_kill_v2&amp;schedule=" + schedule + "&amp;step=" + x.step() + "\"",
                "data-invariant=\"live-task-on-reaped-mm\"", "counterexample (" + x.step() + " steps)");
        // the link's target shows the violation at that step
        mvc.perform(get("/scenarios/vfork-child/explain").param("variant", "reap_kill_v2").param("schedule", schedule)
                        .param("step", String.valueOf(x.step())))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("data-step=\"" + x.step() + "\""),
                        containsString("<strong>live-task-on-reaped-mm</strong>"))));
        int links = 0;
        for (int i = page.indexOf("class=\"cex-link\""); i >= 0; i = page.indexOf("class=\"cex-link\"", i + 1)) links++;
        assertThat(links).isEqualTo(explorations.library().result().violatedCells().stream().mapToInt(cell -> cell.violations().size()).sum());
    }

    @Test
    void aHistoryRestoreGetsTheWholePage() throws Exception {
        mvc.perform(get("/verdicts").header("HX-Request", "true").header("HX-History-Restore-Request", "true"))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("<html"), containsString("id=\"matrix\""))));
    }

    @Test
    void whileTheMatrixComputesItsFragmentShowsProgressAndPollsEverySecond() {
        Context ctx = new Context(Locale.ROOT, Map.of("status", new WorkStatus<VerdictMatrix>(null, false, 57, 192, 234_567, 2_100, 2, null),
                "fig", Figures.INSTANCE));
        String html = templates.process(VerdictsController.MATRIX, Set.of("matrix"), ctx);
        assertThat(html).contains("hx-get=\"/verdicts\"", "hx-trigger=\"every 1s\"", "data-state=\"computing\"",
                "<progress value=\"57\" max=\"192\">", "57 of 192", "<span>29%</span>", "234,567", "2.1 s", "2 threads");
        assertThat(html).doesNotContain("<table");

        Context failed = new Context(Locale.ROOT, Map.of("status", new WorkStatus<VerdictMatrix>(null, false, 3, 192, 10, 100, 2, "out of memory"),
                "fig", Figures.INSTANCE));
        String f = templates.process(VerdictsController.MATRIX, Set.of("matrix"), failed);
        assertThat(f).contains("data-state=\"failed\"", "out of memory", "Try again").doesNotContain("hx-trigger");
    }

    // ------------------------------------------------------------------ one exploration

    @Test
    void theExplorePageHasTheFiguresTheClassesWithExamplesAndTheCounterexamples() throws Exception {
        Counterexample pinned = counterexample("proc-reader-race", Variant.BASELINE, "memory-pinned-after-reap-call");
        String page = mvc.perform(get("/scenarios/proc-reader-race/explore").param("variant", "baseline"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("<html", "data-state=\"ready\"", "data-verdict=\"violated\"", "memory-pinned-after-reap-call",
                "every schedule explored", "<dt>distinct states</dt>", "<dt>max depth</dt>", "<dt>complete schedules</dt>",
                "<dt>outcome classes</dt>", "<dt>states/s</dt>", "<code>lmkd.process_mrelease</code>", "<code>ps.read_proc</code>",
                "class=\"example-link\"", "counterexample (" + pinned.step() + " steps)",
                // the violating step, as the explorer's replay worded it
                "Step " + pinned.step() + ", " + pinned.at().thread() + " in " + pinned.at().function() + ": "
                        + org.springframework.web.util.HtmlUtils.htmlEscape(pinned.at().text()),
                "href=\"/scenarios/proc-reader-race?variant=baseline&amp;schedule=" + ScheduleParam.format(pinned.schedule())
                        + "&amp;step=" + pinned.step() + "\"",
                "aria-current=\"page\"", "href=\"/scenarios/proc-reader-race/explore?variant=reap_kill_v2\"")
                .doesNotContain("hx-trigger");
        // one row per outcome class, the violating one first
        ExplorationReport r = explorations.explore(store.find("proc-reader-race").orElseThrow(), ViewDesign.preset(Variant.BASELINE)).await(Duration.ofSeconds(30));
        int rows = 0;
        for (int i = page.indexOf("class=\"example-link\""); i >= 0; i = page.indexOf("class=\"example-link\"", i + 1)) rows++;
        assertThat(rows).isEqualTo(r.outcomeClasses().size());
        assertThat(page.indexOf("class=\"violating\"")).isGreaterThan(0).isLessThan(page.indexOf("class=\"example-link\""));
    }

    @Test
    void anExampleLinkOpensTheViewerAtTheEndOfItsSchedule() throws Exception {
        ExplorationReport r = explorations.explore(store.find("proc-reader-race").orElseThrow(), ViewDesign.preset(Variant.REAP_KILL_V2)).await(Duration.ofSeconds(30));
        StoredScenario s = store.find("proc-reader-race").orElseThrow();
        ReportView v = ReportView.of(s, ViewDesign.preset(Variant.REAP_KILL_V2), r);
        for (ReportView.ClassView k : v.classes()) {
            assertThat(k.exampleUrl()).startsWith("/scenarios/proc-reader-race?variant=reap_kill_v2&schedule=")
                    .endsWith("&step=" + k.outcome().example().size());
        }
        String page = mvc.perform(get("/scenarios/proc-reader-race/explore").param("variant", "reap_kill_v2"))
                .andReturn().getResponse().getContentAsString();
        assertThat(page).contains("data-verdict=\"ok\"", "✓ No schedule breaks an invariant.");
    }

    @Test
    void anHtmxRequestGetsTheReportAlone() throws Exception {
        mvc.perform(get("/scenarios/vfork-child/explore").param("variant", "reap_kill_v2").header("HX-Request", "true"))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("id=\"report\""), containsString("live-task-on-reaped-mm"),
                        containsString("counterexample (" + counterexample("vfork-child", Variant.REAP_KILL_V2, "live-task-on-reaped-mm").step()
                                + " steps)"), not(containsString("<html")), not(containsString("hx-trigger")))));
    }

    @Test
    void withoutAVariantTheScenariosOwnIsExplored() throws Exception {
        mvc.perform(get("/scenarios/proc-reader-race/explore"))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("● </span><span>baseline</span>"), containsString("memory-pinned-after-reap-call"))));
    }

    @Test
    void anUploadedScenarioIsExploredOnDemandAndKept() throws Exception {
        String text = library("01-proc-reader-race.yaml").replace("name: proc-reader-race", "name: my-reader-race")
                .replaceFirst("title: .*", "title: My own reader race");
        ParseResult p = new ScenarioParser().parse(text, "upload.yaml");
        assertThat(p.ok()).as(p.report()).isTrue();
        StoredScenario up = store.save(text, p.scenario());
        assertThat(up.library()).isFalse();
        String page = mvc.perform(get("/scenarios/" + up.id() + "/explore").param("variant", "baseline"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        if (!page.contains("data-state=\"ready\"")) {
            assertThat(page).contains("hx-trigger=\"every 1s\"", "hx-get=\"/scenarios/" + up.id() + "/explore?variant=baseline\"");
            explorations.explore(up, ViewDesign.preset(Variant.BASELINE)).await(Duration.ofSeconds(60));
            page = mvc.perform(get("/scenarios/" + up.id() + "/explore").param("variant", "baseline").header("HX-Request", "true"))
                    .andReturn().getResponse().getContentAsString();
        }
        // the same scenario under another name: the same shortest counterexample, linked to the upload
        Counterexample x = counterexample("proc-reader-race", Variant.BASELINE, "memory-pinned-after-reap-call");
        assertThat(page).contains("data-verdict=\"violated\"", "memory-pinned-after-reap-call",
                "href=\"/scenarios/" + up.id() + "?variant=baseline&amp;schedule=" + ScheduleParam.format(x.schedule())
                        + "&amp;step=" + x.step() + "\"");
        // asking again joins the same job (kept once done); another variant is another job
        assertThat(explorations.explore(up, ViewDesign.preset(Variant.BASELINE)).job()).isSameAs(explorations.explore(up, ViewDesign.preset(Variant.BASELINE)).job());
        assertThat(explorations.explore(up, ViewDesign.preset(Variant.BASELINE)).job()).isNotSameAs(explorations.explore(up, ViewDesign.preset(Variant.REAP_KILL_V2)).job());
    }

    @Test
    void whileAnExplorationRunsItsFragmentShowsProgressAndPolls() {
        Map<String, Object> vars = Map.of("exploreUrl", "/scenarios/x/explore?variant=baseline", "fig", Figures.INSTANCE,
                "progress", new Explorations.Progress(true, 123_456, 2_000, 400_000, 17, 1_200, 2_000_000, 30, 0));
        String html = templates.process(VerdictsController.EXPLORE, Set.of("report"), new Context(Locale.ROOT, vars));
        assertThat(html).contains("hx-get=\"/scenarios/x/explore?variant=baseline\"", "hx-trigger=\"every 1s\"",
                "data-state=\"computing\"", "123,456 distinct states", "depth <span>17</span>", "1.2 s",
                "budget: 2,000,000 states, 30.0 s");
        Map<String, Object> queued = Map.of("exploreUrl", "/scenarios/x/explore?variant=baseline", "fig", Figures.INSTANCE,
                "progress", new Explorations.Progress(false, 0, 0, 0, 0, 0, 2_000_000, 30, 1));
        assertThat(templates.process(VerdictsController.EXPLORE, Set.of("report"), new Context(Locale.ROOT, queued)))
                .contains("Waiting for another exploration to finish", "hx-trigger=\"every 1s\"");
    }

    @Test
    void aReportCutShortByItsBudgetSaysIncomplete() {
        StoredScenario s = store.find("fanout-threads").orElseThrow();
        ExplorationReport r = Explorer.explore(s.scenario(), Variant.BASELINE, Explorer.Options.defaults().withMaxStates(500));
        ReportView v = ReportView.of(s, ViewDesign.preset(Variant.BASELINE), r);
        assertThat(v.verdictText()).isEqualTo("incomplete");
        Map<String, Object> vars = Map.of("exploreUrl", v.exploreUrl(), "fig", Figures.INSTANCE, "report", v);
        String html = templates.process(VerdictsController.EXPLORE, Set.of("report"), new Context(Locale.ROOT, vars));
        assertThat(html).contains("data-verdict=\"incomplete\"", "◔", "incomplete: the states budget ran out",
                "No schedule explored so far breaks an invariant.").doesNotContain("hx-trigger");
    }

    @Test
    void titlesAreText() throws Exception {
        mvc.perform(get("/scenarios/html-in-title/explore"))
                .andExpect(status().isOk())
                .andExpect(content().string(not(containsString("<script>window.__pwned"))));
    }

    @Test
    void unknownScenarioIs404AndUnknownVariant400AsPageOrFragment() throws Exception {
        mvc.perform(get("/scenarios/no-such-scenario/explore"))
                .andExpect(status().isNotFound())
                .andExpect(content().string(allOf(containsString("<html"), containsString("No scenario has the id"))));
        mvc.perform(get("/scenarios/proc-reader-race/explore").param("variant", "reap_kill_v9"))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(allOf(containsString("<html"), containsString("unknown preset"))));
        mvc.perform(get("/scenarios/proc-reader-race/explore").param("variant", "reap_kill_v9").header("HX-Request", "true"))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(allOf(containsString("class=\"problem\""), not(containsString("<html")))));
    }

    @Test
    void theViewerLinksToTheExplorationOfItsVariant() throws Exception {
        mvc.perform(get("/scenarios/vfork-child").param("variant", "reap_kill_v2"))
                .andExpect(content().string(containsString("href=\"/scenarios/vfork-child/explore?variant=reap_kill_v2\"")));
        mvc.perform(get("/"))
                .andExpect(content().string(containsString("href=\"/verdicts\"")));
    }

    // ------------------------------------------------------------------ helpers

    Counterexample counterexample(String scenario, Variant v, String invariant) {
        ExplorationReport r = explorations.explore(store.find(scenario).orElseThrow(), ViewDesign.preset(v)).await(Duration.ofSeconds(60));
        Counterexample x = r.counterexample(invariant);
        assertThat(x).as(scenario + " " + v.id + " " + invariant).isNotNull();
        return x;
    }

    static String row(String page, String scenario) {
        int start = page.indexOf("data-scenario=\"" + scenario + "\"");
        assertThat(start).as("row " + scenario).isPositive();
        int end = page.indexOf("</tr>", start);
        return page.substring(start, end);
    }

    static String cell(String row, String variant) {
        int start = row.indexOf("<td class=\"cell");
        while (start >= 0 && !row.substring(start, row.indexOf('>', start)).contains("data-variant=\"" + variant + "\"")) {
            start = row.indexOf("<td class=\"cell", start + 1);
        }
        assertThat(start).as("cell " + variant).isNotNegative();
        return row.substring(start, row.indexOf("</td>", start));
    }

    static String library(String file) {
        try (var in = VerdictsControllerTest.class.getResourceAsStream("/scenarios/" + file)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
