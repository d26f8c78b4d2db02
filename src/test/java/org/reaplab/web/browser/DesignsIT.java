package org.reaplab.web.browser;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The design-space page in a real browser (the tests search the presets space): it computes with live
 * progress, shows the computed sentence and the ranked designs, copies a scorecard as text, and a
 * design's counterexample opens the viewer on that design at the violating step.
 */
@ResourceLock(BrowserSupport.LANE_A)
class DesignsIT extends BrowserSupport {

    void openTheSearch() {
        page.navigate(url("/designs"));
        if (page.locator("#search[data-state='computing']").count() > 0) {
            assertThat(page.locator("#search progress")).isVisible();
            assertThat(page.locator("#search")).containsText("explorations done");
            screenshot("40-designs-computing");
        }
        page.waitForSelector("#search[data-state='ready']", new Page.WaitForSelectorOptions().setTimeout(180_000));
    }

    @Test
    void theSentenceAndTheRankedDesignsWithPresetsAndTheFrontierMarked() {
        openTheSearch();
        assertThat(page.locator("#answer")).hasText(Pattern.compile("\\d+ of 6 designs break no safety invariant on these \\d+ scenarios; .+"));
        Locator rows = page.locator("table.designs-table tbody tr");
        assertThat(rows).hasCount(6);
        assertThat(rows.first()).hasAttribute("data-pareto", "true");
        assertThat(rows.first().locator(".pareto-mark")).isVisible();
        assertThat(page.locator("tr[data-design='reap_kill_v2']")).hasAttribute("data-status", "unsafe");
        assertThat(page.locator("tr[data-design='reap_kill_v2'] .preset-mark")).hasText("reap_kill_v2");
        screenshot("41-designs-ranked");
        // a scorecard copied as plain text, from the keyboard
        Locator copy = page.locator("tr[data-design='baseline'] button[data-copy]");
        copy.focus();
        page.keyboard().press("Enter");
        assertThat(copy).hasAttribute("data-copied", "yes");
        String text = (String) page.evaluate("() => navigator.clipboard.readText()");
        assertThat(text).startsWith("Design baseline (preset baseline): rank ");
        assertThat(text.replaceAll("\\s+", " ")).contains("--space presets --design baseline --text");
        for (String line : text.split("\n")) assertThat(line.length()).isLessThanOrEqualTo(72);
        assertThat(consoleErrors).isEmpty();
    }

    @Test
    void aDesignsCounterexampleOpensTheViewerOnThatDesignAtTheViolatingStep() {
        openTheSearch();
        Locator link = page.locator("tr[data-design='reap_kill_v2'] a.cex-link[data-invariant='live-task-on-reaped-mm']");
        int step = Integer.parseInt(link.getAttribute("data-step"));
        String scenario = link.getAttribute("data-scenario");
        link.click();
        page.waitForURL(Pattern.compile(".*/scenarios/" + scenario + "\\?variant=reap_kill_v2&schedule=[^&]+&step=" + step + "$"));
        waitForRun();
        assertThat(step()).isEqualTo(step);
        waitForPanels(step);
        assertThat(page.locator("#caption")).containsText("⚠ live-task-on-reaped-mm");
        screenshot("42-designs-counterexample-in-viewer");
        assertThat(consoleErrors).isEmpty();
    }
}
