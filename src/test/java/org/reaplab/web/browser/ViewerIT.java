package org.reaplab.web.browser;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The viewer in a real browser, the way a reviewer uses it: the /proc-reader race, stepped with the
 * keyboard, under baseline and v2, side by side, forked, and reopened from a copied link.
 */
@ResourceLock(BrowserSupport.LANE_A)
class ViewerIT extends BrowserSupport {

    /** Steps with → until the caption shows a return of process_mrelease; returns the step. */
    int stepToProcessMreleaseReturn() {
        page.locator("#timeline").focus();
        for (int i = 0; i < 60; i++) {
            page.keyboard().press("ArrowRight");
            String caption = page.locator("#caption").innerText();
            if (caption.contains("process_mrelease ↩")) return step();
        }
        throw new AssertionError("no process_mrelease return within 60 steps");
    }

    @Test
    void openTheProcReaderRaceFromTheGallery() {
        page.navigate(url("/"));
        page.locator("a.card[data-scenario='proc-reader-race']").click();
        page.waitForURL("**/scenarios/proc-reader-race");
        waitForRun();
        assertThat(page.locator("h1")).hasText("LMKD loses the race to exit_mm while ps reads /proc/<pid>/cmdline");
        assertThat(page.locator("[data-bind=total]")).hasText("33");
        assertThat(page.locator("#caption")).containsText("Nothing has run yet");
        screenshot("01-viewer-opened");
        assertThat(consoleErrors).isEmpty();
    }

    /**
     * A 10,000-step run streams whole through the slowed server and is stepped to its end and back with
     * the keyboard (its redraw figures are LongRunBenchmarkIT's, outside verify).
     */
    @Test
    void aTenThousandStepRunStreamsWholeAndStepsToItsEnd() {
        page.navigate(url("/scenarios/long-proc-read?variant=baseline&step=5000"));
        page.waitForFunction("() => window.reaplab && window.reaplab.complete", null,
                new Page.WaitForFunctionOptions().setTimeout(120_000));
        int last = ((Number) page.evaluate("() => window.reaplab.player.last")).intValue();
        assertThat(last).isGreaterThanOrEqualTo(10_000);
        assertThat(page.locator("[data-bind=total]").first()).hasText(Integer.toString(last));
        page.waitForFunction("() => window.reaplab.step === 5000");
        waitForPanels(5000);
        page.locator("#timeline").focus();
        page.keyboard().press("End");
        waitForPanels(last);
        page.keyboard().press("ArrowLeft");
        waitForPanels(last - 1);
        page.keyboard().press("Home");
        waitForPanels(0);
        assertThat(page).hasURL(java.util.regex.Pattern.compile(".*step=0.*"));
        assertThat(consoleErrors).isEmpty();
    }

    @Test
    void stepWithTheKeyboardToTheProcessMreleaseReturnUnderBaseline() {
        page.navigate(url("/scenarios/proc-reader-race?variant=baseline"));
        waitForRun();
        int step = stepToProcessMreleaseReturn();
        assertThat(step).isEqualTo(22);
        assertThat(page.locator("#caption .c-ret")).hasText("process_mrelease ↩ -ESRCH");
        assertThat(page.locator("#caption")).containsText("app_mm: 66,560 pages resident");
        waitForPanels(22);
        assertThat(page.locator("#explain .call-return .ret")).hasText("-ESRCH");
        assertThat(page.locator("#explain .call-return .resident")).containsText("66,560 pages (260 MiB) resident");
        assertThat(page.locator("#inspector table.mms tbody tr").first()).containsText("not reaped");
        assertThat(page).hasURL(java.util.regex.Pattern.compile(".*step=22.*"));
        screenshot("02-baseline-process-mrelease-ESRCH");
        // back and forth, Home and End
        page.keyboard().press("ArrowLeft");
        assertThat(step()).isEqualTo(21);
        page.keyboard().press("End");
        assertThat(step()).isEqualTo(33);
        page.keyboard().press("Home");
        assertThat(step()).isEqualTo(0);
        assertThat(consoleErrors).isEmpty();
    }

    @Test
    void switchToV2AndSeeTheMemoryReaped() {
        page.navigate(url("/scenarios/proc-reader-race?variant=baseline&step=22"));
        waitForRun();
        waitForPanels(22);
        page.locator("nav.variants a", new Page.LocatorOptions().setHasText("reap_kill_v2")).click();
        page.waitForURL("**variant=reap_kill_v2**");
        waitForRun();
        assertThat(page.locator("nav.variants a.current")).containsText("reap_kill_v2");
        // jump to the next syscall return with "c" until it is process_mrelease's
        page.keyboard().press("Home");
        for (int i = 0; i < 6 && !page.locator("#caption").innerText().contains("process_mrelease ↩"); i++) page.keyboard().press("c");
        assertThat(page.locator("#caption .c-ret")).hasText("process_mrelease ↩ 0");
        assertThat(page.locator("#caption")).containsText("app_mm: 0 pages resident");
        int step = step();
        waitForPanels(step);
        assertThat(page.locator("#explain .call-return .ret")).hasText("0");
        assertThat(page.locator("#inspector table.mms tbody tr").first()).containsText("✓ reaped");
        screenshot("03-v2-process-mrelease-reaped");
        assertThat(consoleErrors).isEmpty();
    }

    @Test
    void compareTheTwoSideBySide() {
        page.navigate(url("/scenarios/proc-reader-race?variant=baseline&step=20"));
        waitForRun();
        page.locator("#compare-link").click();
        page.waitForURL("**compare=reap_kill_v2**");
        page.waitForFunction("() => window.reaplab && window.reaplab.complete");
        assertThat(page.locator(".compare-run")).hasCount(2);
        // by step number, both cursors are at step 20
        page.locator("select[data-control=align]").selectOption("step");
        assertThat(page.locator(".compare-run[data-variant=baseline] .caption")).containsText("step 20");
        assertThat(page.locator(".compare-run[data-variant=reap_kill_v2] .caption")).containsText("process_mrelease ↩ 0");
        Locator table = page.locator("#outcomes table").first();
        assertThat(table).containsText("-ESRCH");
        assertThat(table).containsText("exit_mmap in ps at step 25");
        assertThat(table).containsText("reaped by lmkd at step 17");
        // the cursors move together
        page.locator("#timeline, canvas").first().focus();
        page.keyboard().press("ArrowRight");
        assertThat(page.locator(".compare-run[data-variant=baseline] .caption")).containsText("step 21");
        assertThat(page.locator(".compare-run[data-variant=reap_kill_v2] .caption")).containsText("step 21");
        page.keyboard().press("ArrowLeft");
        screenshot("04-compare-baseline-v2");
        fullScreenshot("04b-compare-full-page");
        assertThat(consoleErrors).isEmpty();
    }

    @Test
    void pickADifferentThreadAndTheOutcomeChanges() {
        page.navigate(url("/scenarios/proc-reader-race?variant=baseline&step=8"));
        waitForRun();
        waitForPanels(8);
        assertThat(page.locator("#outcome")).containsText("-ESRCH");
        // the recorded run lets app run next; make lmkd run instead
        Locator lmkd = page.locator("#drive a.choice[data-thread=lmkd]");
        assertThat(lmkd).containsText("fork");
        page.locator("#drive").scrollIntoViewIfNeeded();
        screenshot("05a-drive-the-race-choices");
        lmkd.click();
        page.waitForURL("**schedule=ps~4,lmkd~5**");
        waitForRun();
        assertThat(step()).isEqualTo(9);
        assertThat(page.locator(".badge.fork")).isVisible();
        assertThat(page.locator("#outcome")).containsText("✓ reaped");
        assertThat(page.locator("#outcome .returns")).not().containsText("-ESRCH");
        page.keyboard().press("End");
        waitForPanels(step());
        screenshot("05b-forked-run-reaped");
        assertThat(consoleErrors).isEmpty();
    }

    @Test
    void reloadTheCopiedLinkAndLandOnTheSameStep() {
        page.navigate(url("/scenarios/proc-reader-race?variant=reap_kill_v2"));
        waitForRun();
        page.locator("#timeline").focus();
        for (int i = 0; i < 12; i++) page.keyboard().press("ArrowRight");
        assertThat(step()).isEqualTo(12);
        waitForPanels(12);
        page.locator("#copy-link").click();
        assertThat(page.locator("#copy-link")).hasText("✓ Link copied");
        String copied = (String) page.evaluate("() => navigator.clipboard.readText()");
        assertThat(copied).contains("/s/proc-reader-race?variant=reap_kill_v2").contains("step=12");

        Page other = context.newPage();
        other.navigate(copied);
        other.waitForFunction("() => window.reaplab && window.reaplab.complete && window.reaplab.step === 12");
        other.waitForSelector("#explain[data-step='12']");
        assertThat(other.locator("#caption")).containsText("step 12");
        assertThat(other.locator("nav.variants a.current")).containsText("reap_kill_v2");
        other.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("06-reopened-from-copied-link.png")));
        other.close();
    }

    @Test
    void helpOverlayAndPlayWithTheKeyboard() {
        page.navigate(url("/scenarios/proc-reader-race"));
        waitForRun();
        page.keyboard().press("?");
        assertThat(page.locator("#help")).isVisible();
        screenshot("07-keyboard-help");
        page.keyboard().press("Escape");
        assertThat(page.locator("#help")).isHidden();
        page.locator("select[data-control=speed]").selectOption("30");
        page.locator("#timeline").focus();
        page.keyboard().press(" ");
        page.waitForFunction("() => window.reaplab.step >= 5");
        page.keyboard().press(" ");
        assertThat(page.locator("[data-action=play]")).hasAttribute("aria-pressed", "false");
        int at = step();
        // the panels load once the cursor rests; by then a running player would have moved on
        waitForPanels(at);
        assertThat(step()).isEqualTo(at);
        // the next-event buttons
        page.keyboard().press("Home");
        page.locator("button[data-kind=violation]").click();
        assertThat(step()).isEqualTo(22);
        page.locator("button[data-kind=signal]").click();
        page.keyboard().press("Shift+S");
        assertThat(page.locator("#caption")).containsText("step 8");
    }

    @Test
    void markupInATitleIsShownNotRun() {
        page.navigate(url("/scenarios/html-in-title"));
        waitForRun();
        page.locator("[data-action=toggle-desc]").click();
        assertThat(page.locator("h1")).hasText("<script>window.__pwned = 1</script><b>bold?</b> & <i>friends</i>");
        assertThat(page.locator("#scenario-desc")).containsText("<img src=x onerror=\"window.__pwned = 2\">");
        assertThat(page.evaluate("() => window.__pwned === undefined")).isEqualTo(true);
        assertThat(page.locator("h1 b")).hasCount(0);
        screenshot("08-markup-shown-as-text");
    }

    @Test
    void signalFanOutToEveryThread() {
        page.navigate(url("/scenarios/fanout-threads"));
        waitForRun();
        Object flows = page.evaluate("() => { const f = [...window.reaplab.data.flows.values()][0]; return [f.deliveries.length, f.exits.length]; }");
        assertThat(flows.toString()).isEqualTo("[3, 3]");
        page.keyboard().press("s");
        page.keyboard().press("s");
        screenshot("09-signal-fan-out");
    }
}
