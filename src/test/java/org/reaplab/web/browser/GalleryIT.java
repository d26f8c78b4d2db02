package org.reaplab.web.browser;

import com.microsoft.playwright.Locator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/** The gallery in a real browser: cards, search, and the paste box checked as you type. */
@ResourceLock(BrowserSupport.LANE_A)
class GalleryIT extends BrowserSupport {

    @Test
    void openTheGallery() {
        page.navigate(url("/"));
        assertThat(page.locator("a.card[data-scenario='proc-reader-race']")).containsText("-ESRCH");
        assertThat(page.locator("a.card").first()).isVisible();
        screenshot("00-gallery");
        page.locator("#q").fill("three threads");
        // the library's one match; scenarios other browser tests pasted may match too (they share the app)
        assertThat(page.locator("a.card[data-scenario='proc-reader-race']")).hasCount(0);
        assertThat(page.locator("a.card[data-scenario='fanout-threads']")).containsText("One kill, three threads");
        assertThat(page.locator("a.card").filter(new Locator.FilterOptions().setHasNotText("three threads"))).hasCount(0);
        assertThat(page).hasURL(java.util.regex.Pattern.compile(".*\\?q=three(\\+|%20)threads"));
        assertThat(consoleErrors).isEmpty();
    }

    @Test
    void aBadPasteShowsTheErrorNextToItsLine() {
        page.navigate(url("/"));
        page.locator("#source").fill("""
                version: 1
                name: Bad_Name
                title: broken
                mms:
                  - name: app_mm
                    memory: { anon: 10 }
                processes:
                  - { name: lmkd, uid: 1069, caps: [CAP_KILL] }
                  - { name: app, mm: app_mm }
                """);
        assertThat(page.locator("#check .source-listing li.bad[data-line='2']")).containsText("/name");
        assertThat(page.locator("#check .source-listing li.bad[data-line='2']")).containsText("line 2, column 7");
        page.locator("#upload").scrollIntoViewIfNeeded();
        screenshot("10-paste-inline-errors");
        // fix it and it becomes valid; submit opens the viewer
        page.locator("#source").fill(org.reaplab.web.WebTestScenarios.text("fanout-threads").replace("fanout-threads", "my-fanout"));
        assertThat(page.locator("#check .ok")).containsText("Valid");
        page.locator("#upload-form button[type=submit]").click();
        page.waitForURL(java.util.regex.Pattern.compile(".*/scenarios/[0-9a-f]{12,}$"));
        waitForRun();
        assertThat(page.locator("h1")).hasText("One kill, three threads, three exit_mm");
        assertThat(consoleErrors).isEmpty();
    }
}
