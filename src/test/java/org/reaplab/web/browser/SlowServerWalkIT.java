package org.reaplab.web.browser;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A reviewer's whole walk with every page, fragment and stream 300 ms late: gallery → viewer → compare →
 * verdicts → counterexample → paste. It fails on any console error or unhandled promise rejection.
 */
@ResourceLock(BrowserSupport.LANE_B)
class SlowServerWalkIT extends BrowserSupport {

    @Test
    void galleryViewerCompareVerdictsCounterexamplePaste() {
        page.navigate(url("/"));
        page.locator("a.card[data-scenario='proc-reader-race']").click();
        page.waitForURL("**/scenarios/proc-reader-race");
        waitForRun();
        screenshot("walk-1-viewer");

        // step faster than the panels arrive, play, jump to the violation
        page.locator("#timeline").focus();
        for (int i = 0; i < 12; i++) page.keyboard().press("ArrowRight");
        page.locator("button[data-kind=violation]").click();
        assertThat(step()).isEqualTo(22);
        waitForPanels(22);
        page.locator("select[data-control=speed]").selectOption("30");
        page.locator("#timeline").focus();
        page.keyboard().press(" ");
        page.waitForFunction("() => window.reaplab.step >= 30");
        page.keyboard().press(" ");
        // stopped: by this pause, or (on a slow machine the run can end first, and a space at the end
        // plays it again from step 0) at the end of the replay; either way the step holds still now
        page.waitForSelector("[data-action=play][aria-pressed=false]");
        waitForPanels(step());
        screenshot("walk-2-viewer-stepped");

        page.locator("#compare-link").click();
        page.waitForURL("**compare=reap_kill_v2**");
        page.waitForFunction("() => window.reaplab && window.reaplab.complete");
        page.waitForSelector("#outcomes table.compare-outcomes");
        page.locator("canvas").first().focus();
        for (int i = 0; i < 10; i++) page.keyboard().press("ArrowLeft");
        page.locator("select[data-control=align]").selectOption("return");
        screenshot("walk-3-compare");

        page.navigate(url("/verdicts"));
        page.waitForSelector("#matrix[data-state='ready']", new Page.WaitForSelectorOptions().setTimeout(180_000));
        screenshot("walk-4-verdicts");
        Locator link = page.locator("tr[data-scenario='vfork-child'] td[data-variant='reap_kill_v2'] a.cex-link").first();
        int cexStep = Integer.parseInt(link.getAttribute("data-step"));
        link.click();
        page.waitForURL(Pattern.compile(".*/scenarios/vfork-child\\?variant=reap_kill_v2&schedule=[^&]+&step=" + cexStep + "$"));
        waitForRun();
        waitForPanels(cexStep);
        assertThat(page.locator("#explain .violations")).containsText("live-task-on-reaped-mm");
        screenshot("walk-5-counterexample");

        page.navigate(url("/"));
        page.locator("#source").fill("version: 1\nname: Nope\n");
        page.waitForSelector("#check .source-listing li.bad");
        assertThat(page.locator("#open-in-viewer")).isDisabled();
        page.locator("#source").fill(org.reaplab.web.WebTestScenarios.text("fanout-threads").replace("fanout-threads", "walk-fanout"));
        assertThat(page.locator("#check .ok")).containsText("Valid");
        page.locator("#open-in-viewer").click();
        page.waitForURL(Pattern.compile(".*/scenarios/[0-9a-f]{12,}$"));
        waitForRun();
        screenshot("walk-6-pasted-scenario");

        assertThat(consoleErrors).isEmpty();
    }
}
