package org.reaplab.web.browser;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Designs of one's own in the viewer, in a real browser: a design's counterexample from /designs opens
 * with the design in the URL; the design panel changes a knob (from the keyboard), the URL records the
 * design, the outcome changes, and a reload lands on the same view; a bad design in the URL is an
 * inline message on the scenario's page.
 */
@ResourceLock(BrowserSupport.LANE_A)
class DesignPanelIT extends BrowserSupport {
    static final String V2_THROUGH = "reap_kill_v2+multiprocess=through";

    /** Picks {@code value} in the knob's select from the keyboard (focus, then the option by its text). */
    void pickKnob(String knob, String value) {
        Locator select = page.locator("#knob-" + knob);
        assertThat(select).isEnabled();
        select.focus();
        select.selectOption(value);
    }

    /** The URL's variant parameter as the server reads it, with '+' for the spaces a query turns '+' into. */
    String variantInUrl() {
        return ((String) page.evaluate("() => new URLSearchParams(location.search).get('variant')")).replace(' ', '+');
    }

    void openPanel() {
        Locator details = page.locator("#design-panel");
        if (details.getAttribute("open") == null) {
            page.locator("#design-panel > summary").focus();
            page.keyboard().press("Enter");
        }
        assertThat(page.locator("#knob-entry")).isVisible();
    }

    @Test
    void aCounterexampleFromDesignsThenAKnobChangedInThePanelKeepsTheScheduleAndTheInvariantFires() {
        page.navigate(url("/designs"));
        page.waitForSelector("#search[data-state='ready']", new Page.WaitForSelectorOptions().setTimeout(180_000));
        Locator link = page.locator("tr[data-design='reap_kill_v2'] a.cex-link[data-invariant='live-task-on-reaped-mm']");
        int step = Integer.parseInt(link.getAttribute("data-step"));
        link.click();
        page.waitForURL(Pattern.compile(".*\\?variant=reap_kill_v2&schedule=[^&]+&step=" + step + "$"));
        waitForRun();
        waitForPanels(step);
        assertThat(page.locator("#caption")).containsText("⚠ live-task-on-reaped-mm");
        // a design of one's own: v2 going through MMF_MULTIPROCESS, on the same schedule at the same step
        openPanel();
        pickKnob("multiprocess", "through");
        page.waitForURL(Pattern.compile(".*\\?variant=reap_kill_v2\\+multiprocess=through&schedule=[^&]+&step=" + step + "$"));
        waitForRun();
        waitForPanels(step);
        assertThat(page.locator("#design-canonical")).hasText(V2_THROUGH);
        assertThat(page.locator("#outcome")).containsText("under " + V2_THROUGH);
        assertThat(page.locator("#outcome")).containsText("live-task-on-reaped-mm");
        screenshot("43-design-counterexample-own-design");
        assertThat(consoleErrors).isEmpty();
    }

    @Test
    void changeAKnobAndTheOutcomeChangesThenAReloadLandsOnTheSameView() {
        page.navigate(url("/scenarios/vfork-child?variant=" + V2_THROUGH + "&step=0"));
        waitForRun();
        Locator outcome = page.locator("#outcome");
        assertThat(outcome).containsText("under " + V2_THROUGH);
        assertThat(outcome).containsText("live-task-on-reaped-mm");
        openPanel();
        assertThat(page.locator("#knob-multiprocess")).hasValue("through");
        screenshot("44-design-panel-v2-through");
        // v2's short-circuit replaced by task_will_free_mem: the vfork child shares the mm and is not dying
        pickKnob("reap_decision", "will_free_mem");
        String expected = "reap_kill_v2+multiprocess=through+reap_decision=will_free_mem";
        page.waitForURL(Pattern.compile(".*\\?variant=" + Pattern.quote(expected) + "&step=0$"));
        waitForRun();
        assertThat(page.locator("#design-canonical")).hasText(expected);
        assertThat(outcome).containsText("under " + expected);
        assertThat(outcome).containsText("-EINVAL");
        assertThat(outcome).not().containsText("live-task-on-reaped-mm");
        String before = outcome.innerText();
        screenshot("45-design-panel-knob-changed");

        page.reload();
        waitForRun();
        // the viewer may rewrite the query (URLSearchParams spells '=' as %3D); it names the same design
        assertThat(variantInUrl()).isEqualTo(expected);
        assertThat(page.locator("#design-canonical")).hasText(expected);
        openPanel();
        assertThat(page.locator("#knob-reap_decision")).hasValue("will_free_mem");
        assertThat(page.locator("#knob-multiprocess")).hasValue("through");
        assertThat(outcome).containsText("under " + expected);
        assertThat(outcome).containsText("-EINVAL");
        assertThat(outcome.innerText()).isEqualTo(before);

        // back to a preset from the preset select
        page.locator("#design-preset").focus();
        page.locator("#design-preset").selectOption("baseline");
        page.waitForURL(Pattern.compile(".*\\?variant=baseline&step=0$"));
        waitForRun();
        assertThat(page.locator("#knob-mm_pin")).isDisabled();
        assertThat(page.locator("#knob-mm_pin-why")).containsText("cannot matter");
        assertThat(consoleErrors).isEmpty();
    }

    @Test
    void aBadDesignInTheUrlIsAnInlineMessage() {
        // the page answers 400 (the browser logs that as a console error); the message is on the scenario's page
        page.navigate(url("/scenarios/vfork-child?variant=reap_kill_v2+bogus=1"));
        assertThat(page.locator("#design-error")).isVisible();
        assertThat(page.locator("#design-error")).containsText("unknown knob 'bogus'");
        assertThat(page.locator("#scenario-title")).isVisible();
        assertThat(page.locator("#knob-entry")).isVisible();
        screenshot("46-design-bad-url");
        // a meaningless combination shows its problem with the knobs at fault; fixing a knob leaves it
        page.navigate(url("/scenarios/vfork-child?variant=reap_kill_v2+permission=precheck+kill_errno=any_signalled"));
        assertThat(page.locator("#design-problem")).containsText("cannot mean anything");
        assertThat(page.locator("#knob-permission")).hasAttribute("aria-invalid", "true");
        pickKnob("permission", "best_effort");
        page.waitForURL(Pattern.compile(".*\\?variant=[^&]+&step=0$"));
        waitForRun();
        assertThat(page.locator("#design-problem")).hasCount(0);
        assertThat(page.locator("#design-canonical")).hasText("reap_kill_v2+kill_errno=any_signalled");
        consoleErrors.removeIf(e -> e.contains("400"));
        assertThat(consoleErrors).isEmpty();
    }
}
