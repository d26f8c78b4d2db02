package org.reaplab.web.browser;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.BoundingBox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The viewer in a linux-mm design review (issue 11), one test per point, each at 1280×720 with every
 * page and fragment 300 ms late (BrowserSupport), saving its screenshots as target/screenshots/p{N}-….
 */
@ResourceLock(BrowserSupport.LANE_B)
class DesignReviewIT extends BrowserSupport {

    private static final String RACE = "/scenarios/proc-reader-race";

    /** Every text the canvases draw, with its font, recorded as it is drawn. */
    private void recordCanvasText() {
        page.addInitScript("""
                (() => {
                  window.__texts = [];
                  const orig = CanvasRenderingContext2D.prototype.fillText;
                  CanvasRenderingContext2D.prototype.fillText = function (text, x, y, w) {
                    const px = Number((/(\\d+(?:\\.\\d+)?)px/.exec(this.font) || [0, 0])[1]);
                    if (window.__texts.length < 200000) window.__texts.push({text: String(text), px});
                    return orig.call(this, text, x, y, w);
                  };
                })();""");
    }

    /** The viewer with "About this scenario" already seen (closed), as on a second visit. */
    private void openViewer(String query) {
        page.navigate(url("/"));
        page.evaluate("() => localStorage.setItem('reaplab.about.proc-reader-race', 'closed')");
        page.navigate(url(RACE + query));
        waitForRun();
    }

    private int stepOf(String js) {
        return ((Number) page.evaluate(js)).intValue();
    }

    // ---------------------------------------------------------------- 1

    @Test
    void p1CompareLinesTheRunsUpByEventAndSwitchingVariantKeepsTheEvent() {
        page.navigate(url(RACE + "?variant=baseline&compare=reap_kill_v2&step=22"));
        page.waitForFunction("() => window.reaplab && window.reaplab.complete && window.reaplab.step === 22");
        // baseline's process_mrelease returns at step 22; v2's at its own step, and the cursor goes there
        Locator v2 = page.locator(".compare-run[data-variant=reap_kill_v2] .caption");
        assertThat(v2).containsText("process_mrelease ↩ 0");
        assertThat(v2).containsText("lined up on the return of lmkd.process_mrelease");
        assertThat(page.locator("svg.align-links path.align-link")).hasCount(1);
        int v2Step = stepOf("() => window.reaplab.cursors[1]");
        assertThat(v2Step).isNotEqualTo(22);
        screenshot("p1-compare-lined-up-on-process-mrelease-return");
        // by exit_mm: the victim's exit_mm in both runs
        page.locator("select[data-control=align]").selectOption("exit_mm");
        page.locator("canvas").first().focus();
        page.keyboard().press("Home");
        Locator fn = page.locator(".compare-run[data-variant=baseline] .caption .fn").first();
        for (int i = 0; i < 40 && !(fn.count() > 0 && fn.innerText().equals("exit_mm")); i++) page.keyboard().press("ArrowRight");
        assertThat(page.locator(".compare-run[data-variant=baseline] .caption .fn").first()).hasText("exit_mm");
        assertThat(page.locator(".compare-run[data-variant=reap_kill_v2] .caption .fn").first()).hasText("exit_mm");
        assertThat(v2).containsText("lined up on app's exit_mm");
        screenshot("p1-compare-lined-up-on-exit-mm");

        // the single view: switching variant keeps the event, not the step number
        openViewer("?variant=baseline&step=22");
        waitForPanels(22);
        page.locator("nav.variants a", new Page.LocatorOptions().setHasText("reap_kill_v2")).click();
        page.waitForURL(Pattern.compile(".*variant=reap_kill_v2&step=" + v2Step + "$"));
        waitForRun();
        assertThat(page.locator("#caption .c-ret")).hasText("process_mrelease ↩ 0");
        screenshot("p1-variant-switch-keeps-the-event");
        assertThat(consoleErrors).isEmpty();
    }

    // ---------------------------------------------------------------- 2

    @Test
    void p2TheCompareTableShowsWhatEachPatchCostsAndWhereTheVariantsPartWays() {
        page.navigate(url(RACE + "?variant=reap_kill_v2&compare=reap_kill_all_rfc"));
        page.waitForFunction("() => window.reaplab && window.reaplab.complete");
        Locator table = page.locator("#outcomes table.compare-outcomes").first();
        for (String row : List.of("killed that the caller did not name", "app_mm: who freed it", "app_mm: still resident at the end",
                "invariants broken")) {
            assertThat(table).containsText(row);
        }
        Locator partWays = page.locator(".part-ways");
        assertThat(partWays).containsText("CLONE_VM");
        screenshot("p2-compare-costs-v2-vs-option3");
        partWays.locator("a", new Locator.LocatorOptions().setHasText("CLONE_VM")).click();
        page.waitForURL("**/scenarios/clone-vm-sibling?variant=reap_kill_v2**compare=reap_kill_all_rfc");
        page.waitForFunction("() => window.reaplab && window.reaplab.complete");
        Locator there = page.locator("#outcomes table.compare-outcomes").first();
        assertThat(there).containsText("-EINVAL");
        assertThat(there).containsText("⚠ sibling");
        assertThat(there).containsText("✗ 66,560 pages");
        screenshot("p2-clone-vm-sibling-v2-vs-option3");
        assertThat(consoleErrors).isEmpty();
    }

    // ---------------------------------------------------------------- 3

    @Test
    void p3TheViewerAndCompareFitA1280x720ProjectorWithReadableLabels() {
        recordCanvasText();
        openViewer("?variant=baseline&step=22");
        waitForPanels(22);
        BoundingBox caption = page.locator("#caption").boundingBox();
        BoundingBox timeline = page.locator("#timeline").boundingBox();
        BoundingBox explain = page.locator("#explain .sentence").boundingBox();
        assertThat(caption.y + caption.height).isLessThan(720);
        assertThat(timeline.y + timeline.height).isLessThan(720);
        assertThat(explain.y + explain.height).as("the explanation's sentence is on screen").isLessThanOrEqualTo(720);
        screenshot("p3-viewer-1280x720");
        // the inspector is one key away, and back
        page.locator("#timeline").focus();
        page.keyboard().press("i");
        assertThat(page.locator("#inspector")).isInViewport();
        screenshot("p3-inspector-one-key-away");
        page.keyboard().press("i");
        assertThat(page.locator("#timeline")).isInViewport();

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> texts = (List<Map<String, Object>>) page.evaluate("() => window.__texts");
        assertThat(texts).isNotEmpty();
        assertThat(texts).allSatisfy(t -> assertThat(((Number) t.get("px")).doubleValue()).as(String.valueOf(t.get("text"))).isGreaterThanOrEqualTo(13));
        // elided at fit, in full once zoomed in
        page.evaluate("() => { window.__texts = []; window.reaplab.view.zoom(3, 3); }");
        assertThat((Boolean) page.evaluate("() => window.__texts.some(t => t.text === 'access_remote_vm ×2' || t.text === 'access_remote_vm')")).isTrue();
        screenshot("p3-zoomed-in-labels-in-full");

        // compare: the outcome summary without scrolling
        page.navigate(url(RACE + "?variant=baseline&compare=reap_kill_v2,reap_kill_all_rfc&step=22"));
        page.waitForFunction("() => window.reaplab && window.reaplab.complete");
        page.waitForSelector("#outcomes table.compare-outcomes");
        BoundingBox outcomes = page.locator("#outcomes table.compare-outcomes").first().boundingBox();
        assertThat(outcomes.y + outcomes.height).isLessThanOrEqualTo(720);
        screenshot("p3-compare-outcomes-on-screen");
        assertThat(consoleErrors).isEmpty();
    }

    // ---------------------------------------------------------------- 4

    @Test
    void p4EveryCounterLabelShowsTheValueAtTheCursorAndNoneOverlap() {
        openViewer("?variant=reap_kill_v2");
        page.locator("#timeline").focus();
        page.keyboard().press("End");
        int last = step();
        waitForPanels(last);
        String resident = page.locator("#inspector table.mms tbody tr").first().locator("td").nth(2).innerText();
        assertThat(resident).startsWith("0 pages");
        @SuppressWarnings("unchecked")
        List<String> readouts = (List<String>) page.evaluate("() => window.reaplab.view.readouts");
        assertThat(readouts).contains("0 pages");
        // the last resident label on the track is the value the line ends at
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> labels = (List<Map<String, Object>>) page.evaluate("() => window.reaplab.view.labelRects");
        List<String> residentLabels = labels.stream().map(l -> String.valueOf(l.get("text"))).filter(t -> t.endsWith(" p")).toList();
        // placed from the right, the resident labels come last in the list: the final value first among them
        assertThat(residentLabels).first().isEqualTo("0 p");
        for (int i = 0; i < labels.size(); i++) {
            for (int j = i + 1; j < labels.size(); j++) {
                Map<String, Object> a = labels.get(i), b = labels.get(j);
                boolean overlap = num(a, "x") < num(b, "x") + num(b, "w") && num(b, "x") < num(a, "x") + num(a, "w")
                        && num(a, "y") < num(b, "y") + num(b, "h") && num(b, "y") < num(a, "y") + num(a, "h");
                assertThat(overlap).as(a.get("text") + " / " + b.get("text")).isFalse();
            }
        }
        screenshot("p4-counter-labels-after-the-reap");
        assertThat(consoleErrors).isEmpty();
    }

    private static double num(Map<String, Object> m, String k) {
        return ((Number) m.get(k)).doubleValue();
    }

    // ---------------------------------------------------------------- 5

    @Test
    void p5TheVerdictMatrixSaysWhoFreedTheMemoryIsCompactFiltersAndKeepsItsHeader() {
        page.navigate(url("/verdicts"));
        page.waitForSelector("#matrix[data-state='ready']", new Page.WaitForSelectorOptions().setTimeout(180_000));
        Locator v2 = page.locator("tr[data-scenario='proc-reader-race'] td[data-variant='reap_kill_v2']");
        assertThat(v2.locator(".memory")).containsText("exit_mmap in app");
        assertThat(v2.locator(".memory")).not().containsText("✗");
        assertThat(v2.locator(".memory .tone.err")).hasCount(0);
        double compactHeight = ((Number) page.evaluate("() => document.documentElement.scrollHeight")).doubleValue();
        screenshot("p5-verdicts-compact");
        // the full view is a click away and much taller
        page.locator("#compact").uncheck();
        double fullHeight = ((Number) page.evaluate("() => document.documentElement.scrollHeight")).doubleValue();
        assertThat(compactHeight).isLessThan(fullHeight * 0.6);
        page.locator("#compact").check();
        // only scenarios with a violation
        page.locator("#only-violations").check();
        assertThat(page.locator("tr[data-violated=false]").first()).isHidden();
        assertThat(page.locator("tr[data-scenario='proc-reader-race']")).isVisible();
        screenshot("p5-verdicts-only-violations");
        page.locator("#only-violations").uncheck();
        // the header stays on screen while the rows scroll
        page.evaluate("() => window.scrollTo(0, 1500)");
        assertThat(page.locator("table.matrix thead th[data-variant=baseline]")).isInViewport();
        screenshot("p5-verdicts-sticky-header");
        assertThat(consoleErrors).isEmpty();
    }

    // ---------------------------------------------------------------- 6

    @Test
    void p6OpenInPerfettoCopyTheShortLinkAndTheOutcomeAsText() {
        // ui.perfetto.dev, played by a page that speaks its documented PING/PONG protocol
        context.route("https://ui.perfetto.dev/**", route -> route.fulfill(new com.microsoft.playwright.Route.FulfillOptions()
                .setContentType("text/html").setBody("""
                        <!doctype html><title>perfetto</title><script>
                        addEventListener('message', (e) => {
                          if (e.data === 'PING') { e.source.postMessage('PONG', '*'); return; }
                          if (e.data && e.data.perfetto) document.title = 'trace ' + e.data.perfetto.buffer.byteLength + ' bytes: ' + e.data.perfetto.title;
                        });
                        </script>""")));
        openViewer("?variant=baseline&step=22");
        Page perfetto = page.waitForPopup(() -> page.locator("#open-perfetto").click());
        perfetto.waitForFunction("() => document.title.startsWith('trace ')");
        assertThat(perfetto.title()).matches("trace \\d+ bytes: LMKD loses the race .* · baseline");
        perfetto.close();
        screenshot("p6-sent-to-perfetto");

        // no new tab allowed: the trace file downloads instead
        page.evaluate("() => { window.open = () => null; }");
        Download d = page.waitForDownload(() -> page.locator("#open-perfetto").click());
        assertThat(d.suggestedFilename()).isEqualTo("reaplab-proc-reader-race-baseline.json");

        page.locator("#copy-link").click();
        assertThat(page.locator("#copy-link")).hasText("✓ Link copied");
        assertThat((String) page.evaluate("() => navigator.clipboard.readText()")).contains("/s/proc-reader-race?variant=baseline").contains("step=22");

        page.locator("#outcome button[data-copy=outcome-text]").click();
        assertThat(page.locator("#outcome button[data-copy=outcome-text]")).hasText("✓ Copied");
        String text = (String) page.evaluate("() => navigator.clipboard.readText()");
        assertThat(text).contains("proc-reader-race under baseline").contains("lmkd.process_mrelease returned -ESRCH at step 22")
                .contains("app_mm: exit_mmap in ps");
        screenshot("p6-outcome-copied");

        // a verdict row, too
        page.navigate(url("/verdicts#s-proc-reader-race"));
        page.waitForSelector("#matrix[data-state='ready']", new Page.WaitForSelectorOptions().setTimeout(180_000));
        page.locator("#compact").uncheck();
        page.locator("tr[data-scenario='proc-reader-race'] .copy-row").click();
        assertThat((String) page.evaluate("() => navigator.clipboard.readText()")).contains("baseline: ⚠ violation (memory-pinned-after-reap-call");
        assertThat(consoleErrors).isEmpty();
    }

    // ---------------------------------------------------------------- 7

    @Test
    void p7EachStepsKernelFunctionLinksToItsDefinition() {
        openViewer("?variant=baseline&step=21");
        waitForPanels(21);
        Locator inPanel = page.locator("#explain a.fn-link");
        assertThat(inPanel).hasAttribute("href", "https://elixir.bootlin.com/linux/v6.18/A/ident/find_lock_task_mm");
        assertThat(inPanel).hasAttribute("target", "_blank");
        assertThat(page.locator("#caption a.fn-link")).hasAttribute("href", "https://elixir.bootlin.com/linux/v6.18/A/ident/find_lock_task_mm");
        screenshot("p7-kernel-source-link");
        assertThat(consoleErrors).isEmpty();
    }

    // ---------------------------------------------------------------- 8

    @Test
    void p8SteppingFasterThanTheServerAnswersIsSilentAndEndsConsistent() {
        openViewer("?variant=baseline");
        page.locator("#timeline").focus();
        // 25 steps, far faster than the 300 ms each panel request takes
        for (int i = 0; i < 25; i++) page.keyboard().press("ArrowRight");
        assertThat(step()).isEqualTo(25);
        waitForPanels(25);
        assertThat(page.locator("#inspector")).hasAttribute("data-step", "25");
        assertThat(page.locator("#drive")).hasAttribute("data-step", "25");
        assertThat(page).hasURL(Pattern.compile(".*step=25$"));
        // and back and forth, then rest on a step whose panels are already shown
        page.keyboard().press("ArrowLeft");
        page.keyboard().press("ArrowRight");
        waitForPanels(25);
        screenshot("p8-fast-stepping-consistent");
        assertThat(consoleErrors).isEmpty();
    }

    // ---------------------------------------------------------------- 9

    @Test
    void p9PasteDisablesOpenWhileThereAreProblemsAndKeepsTheErrorNextToTheText() {
        page.navigate(url("/"));
        page.locator("#source").fill("version: 1\nname: Bad_Name\ntitle: broken\n");
        assertThat(page.locator("#check .source-listing li.bad")).not().hasCount(0);
        assertThat(page.locator("#open-in-viewer")).isDisabled();
        assertThat(page.locator("#check")).hasCount(1);
        assertThat(page.locator("#check #check")).hasCount(0);
        assertThat(page.locator("#upload [aria-live]")).hasCount(1);
        page.locator("#upload").scrollIntoViewIfNeeded();
        screenshot("p9-paste-problems-open-disabled");

        // submitted before the live check answered: the 422 keeps the problems next to the text
        page.locator("#source").fill("version: 1\nname: Bad_Again\n");
        page.locator("#open-in-viewer").click(new Locator.ClickOptions().setForce(true));
        page.waitForSelector("#check .source-listing li.bad");
        assertThat(page.locator("#check .source-listing")).isInViewport();
        assertThat(page.locator("#source")).hasValue("version: 1\nname: Bad_Again\n");
        assertThat((Number) page.evaluate("() => window.scrollY")).isNotEqualTo(0);
        screenshot("p9-422-keeps-the-error-next-to-the-text");
        // what matters is a console free of anything but the 422 itself
        consoleErrors.removeIf(e -> e.contains("422"));
        assertThat(consoleErrors).isEmpty();
    }

    // ---------------------------------------------------------------- 10

    @Test
    void p10SmallThingsAt800PixelsAndOnTheGallery() {
        page.setViewportSize(800, 720);
        openViewer("?variant=baseline&step=30");
        // the timeline scrolls to the cursor
        assertThat((Number) page.evaluate("() => window.reaplab.view.scroll")).isNotEqualTo(0);
        double x = ((Number) page.evaluate("() => window.reaplab.view.cursorX()")).doubleValue();
        double w = ((Number) page.evaluate("() => window.reaplab.view.cssW")).doubleValue();
        assertThat(x).isBetween(178.0, w);
        screenshot("p10-800px-timeline-follows-the-cursor");
        page.navigate(url("/verdicts"));
        page.waitForSelector("#matrix[data-state='ready']", new Page.WaitForSelectorOptions().setTimeout(180_000));
        assertThat((Boolean) page.evaluate("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth")).isTrue();
        screenshot("p10-800px-verdicts-no-sideways-scroll");

        page.setViewportSize(1280, 720);
        // no schedule note for the kthread only kernel_oom has
        page.navigate(url(RACE + "?variant=reap_kill_v2"));
        waitForRun();
        page.waitForSelector("#outcome h2");
        assertThat(page.locator("#outcome")).not().containsText("no such thread");
        // "About this scenario" is open on a first visit, and stays as the reader left it
        page.evaluate("() => localStorage.clear()");
        page.reload();
        waitForRun();
        assertThat(page.locator("[data-action=toggle-desc]")).hasAttribute("aria-expanded", "true");
        assertThat(page.locator("#scenario-desc")).isVisible();
        page.locator("[data-action=toggle-desc]").click();
        page.reload();
        waitForRun();
        assertThat(page.locator("#scenario-desc")).isHidden();

        // the gallery: the variants explained, no citation of a file the visitor lacks, a readable button
        page.navigate(url("/"));
        assertThat(page.locator(".variant-legend dl > div")).hasCount(6);
        assertThat(page.locator(".variant-legend")).containsText("v2 patch: PROCESS_MRELEASE_REAP_KILL");
        assertThat(page.locator("#cards")).not().containsText("kernel-model.md");
        assertThat(page.locator(".card .vs").first()).hasAttribute("title", Pattern.compile(".*: .*"));
        page.locator("#source").fill(org.reaplab.web.WebTestScenarios.text("fanout-threads").replace("fanout-threads", "contrast-check"));
        assertThat(page.locator("#open-in-viewer")).isEnabled();
        double contrast = ((Number) page.evaluate("""
                () => {
                  const b = document.getElementById('open-in-viewer'), s = getComputedStyle(b);
                  const lum = (c) => { const v = c.match(/\\d+/g).slice(0, 3).map(Number).map(x => x / 255)
                      .map(x => x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4));
                    return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2]; };
                  const a = lum(s.color), g = lum(s.backgroundColor);
                  return (Math.max(a, g) + 0.05) / (Math.min(a, g) + 0.05);
                }""")).doubleValue();
        assertThat(contrast).isGreaterThanOrEqualTo(4.5);
        page.locator(".variant-legend").scrollIntoViewIfNeeded();
        screenshot("p10-gallery-variant-legend");
        assertThat(consoleErrors).isEmpty();
    }
}
