package org.reaplab.web.browser;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The verdict matrix in a real browser: it computes (htmx polls its progress), shows the /proc-reader
 * race row, and a counterexample link opens the viewer on that variant at the violating step.
 */
@ResourceLock(BrowserSupport.LANE_B)
class VerdictsIT extends BrowserSupport {

    /** Opens /verdicts and waits for the matrix; the first test to get here sees it computing. */
    void openTheMatrix() throws Exception {
        long start = System.nanoTime();
        page.navigate(url("/verdicts"));
        boolean computing = page.locator("#matrix[data-state='computing']").count() > 0;
        if (computing) {
            assertThat(page.locator("#matrix progress")).isVisible();
            assertThat(page.locator("#matrix")).containsText("explorations done");
            // the fragment polls every second: wait for a swap that shows some progress
            page.waitForFunction("() => { const p = document.querySelector('#matrix progress');"
                    + " return !p || p.value >= 1; }", null, new Page.WaitForFunctionOptions().setTimeout(60_000));
            if (page.locator("#matrix[data-state='computing']").count() > 0) screenshot("20-verdicts-computing");
        }
        page.waitForSelector("#matrix[data-state='ready']", new Page.WaitForSelectorOptions().setTimeout(180_000));
        if (computing) {
            long ms = (System.nanoTime() - start) / 1_000_000;
            Path dir = SCREENSHOTS.getParent().resolve("benchmark");
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("verdicts-page.txt"), "/verdicts opened with the matrix not yet computed: on screen after "
                    + ms + " ms; " + page.locator("#matrix .totals").innerText().replaceAll("\\s+", " ") + "\n");
        }
    }

    Locator cell(String scenario, String variant) {
        return page.locator("tr[data-scenario='" + scenario + "'] td[data-variant='" + variant + "']");
    }

    @Test
    void theProcReaderRaceRowShowsESRCHWithMemoryPinnedOnlyUnderBaseline() throws Exception {
        openTheMatrix();
        Locator baseline = cell("proc-reader-race", "baseline");
        assertThat(baseline).hasAttribute("data-verdict", "violated");
        assertThat(baseline.locator(".verdict")).hasText(Pattern.compile("⚠\\s*violation"));
        Locator violating = baseline.locator("li.violating").first();
        assertThat(violating).containsText("process_mrelease");
        assertThat(violating).containsText("-ESRCH");
        assertThat(violating).containsText("⚠ memory-pinned-after-reap-call");
        assertThat(baseline.locator("a.cex-link")).hasText(Pattern.compile("counterexample \\(\\d+ steps\\)"));
        for (String v : new String[] {"reap_kill_v2", "reap_kill_all_rfc", "reap_kill_all_checked"}) {
            assertThat(cell("proc-reader-race", v)).hasAttribute("data-verdict", "ok");
            assertThat(cell("proc-reader-race", v).locator(".verdict")).hasText(Pattern.compile("✓\\s*no violation"));
            assertThat(cell("proc-reader-race", v)).not().containsText("memory-pinned");
        }
        screenshot("21-verdicts-matrix");
        // the full view (outcome classes, per-cell figures) is a checkbox away from the compact one
        page.locator("#compact").uncheck();
        assertThat(violating).isVisible();
        // the per-cell figures open from the keyboard
        Locator figures = baseline.locator("details.figures");
        figures.locator("summary").focus();
        page.keyboard().press("Enter");
        assertThat(figures.locator("dl")).isVisible();
        assertThat(figures.locator("dl")).containsText("distinct states");
        assertThat(figures.locator("dl")).containsText("max depth");
        screenshot("22-verdicts-cell-figures");
        assertThat(consoleErrors).isEmpty();
    }

    @Test
    void aCounterexampleOpensInTheViewerAtTheViolatingStep() throws Exception {
        openTheMatrix();
        Locator v2 = cell("vfork-child", "reap_kill_v2");
        Locator link = v2.locator("a.cex-link[data-invariant='live-task-on-reaped-mm']");
        assertThat(link).hasText(Pattern.compile("counterexample \\(\\d+ steps\\)"));
        int step = Integer.parseInt(link.getAttribute("data-step"));
        page.navigate(url("/verdicts#s-vfork-child"));
        page.waitForSelector("#matrix[data-state='ready']");
        assertThat(v2).isInViewport();
        screenshot("23-verdicts-vfork-child-row");

        link.click();
        page.waitForURL(Pattern.compile(".*/scenarios/vfork-child\\?variant=reap_kill_v2&schedule=[^&]+&step=" + step + "$"));
        waitForRun();
        assertThat(step()).isEqualTo(step);
        waitForPanels(step);
        assertThat(page.locator("nav.variants a.current")).containsText("reap_kill_v2");
        assertThat(page.locator(".badge.fork")).isVisible();
        assertThat(page.locator("#caption")).containsText("step " + step);
        assertThat(page.locator("#caption")).containsText("⚠ live-task-on-reaped-mm");
        assertThat(page.locator("#explain .violations")).containsText("live-task-on-reaped-mm");
        assertThat(page.locator("#outcome")).containsText("live-task-on-reaped-mm at step " + step);
        screenshot("24-counterexample-in-viewer");
        assertThat(consoleErrors).isEmpty();
    }

    @Test
    void theViewerLinksToEverySchedulesReport() {
        page.navigate(url("/scenarios/proc-reader-race?variant=baseline"));
        waitForRun();
        page.locator("#explore-link").click();
        page.waitForURL(Pattern.compile(".*/scenarios/proc-reader-race/explore\\?variant=baseline$"));
        page.waitForSelector("#report[data-state='ready']");
        assertThat(page.locator(".verdict-banner")).containsText("violation: memory-pinned-after-reap-call");
        assertThat(page.locator("table.outcome-classes tbody tr.violating").first()).containsText("-ESRCH");
        screenshot("25-explore-report");
        // another variant, from the variant pills
        page.locator("nav.variants a", new Page.LocatorOptions().setHasText("reap_kill_v2")).click();
        page.waitForURL(Pattern.compile(".*/explore\\?variant=reap_kill_v2$"));
        assertThat(page.locator(".verdict-banner")).containsText("no violation");
        assertThat(page.locator("table.outcome-classes")).not().containsText("-ESRCH");
        assertThat(consoleErrors).isEmpty();
    }
}
