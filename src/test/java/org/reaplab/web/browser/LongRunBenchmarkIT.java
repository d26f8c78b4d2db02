package org.reaplab.web.browser;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;


import static org.assertj.core.api.Assertions.assertThat;

/**
 * A 10,000-step run stays usable: the time from a key press to the redrawn timeline (cursor, caption,
 * controls; the step panels are fetched later, once the cursor rests), measured in the browser over
 * hundreds of steps at three zoom levels and for random jumps. Prints the figures and writes them to
 * target/benchmark/timeline-redraw.txt for the README.
 */
// a benchmark: no other browser test beside it, so its figures are its own
@ResourceLock(BrowserSupport.LANE_A)
@ResourceLock(BrowserSupport.LANE_B)
class LongRunBenchmarkIT extends BrowserSupport {

    /** The figures are the browser's own work: the server answers at once. */
    @Override
    long serverDelayMillis() {
        return 0;
    }

    private static final String STEP_WITH_KEYS = """
            (n) => {
              const times = [];
              for (let k = 0; k < n; k++) {
                const t0 = performance.now();
                document.dispatchEvent(new KeyboardEvent('keydown', {key: 'ArrowRight', bubbles: true}));
                times.push(performance.now() - t0);
              }
              return times;
            }""";

    private static final String RANDOM_JUMPS = """
            (n) => {
              const times = [];
              let seed = 7;
              const max = window.reaplab.data.length;
              for (let k = 0; k < n; k++) {
                seed = (seed * 1103515245 + 12345) % 2147483648;
                const target = seed % max;
                const t0 = performance.now();
                window.reaplab.player.go(target);
                times.push(performance.now() - t0);
              }
              return times;
            }""";

    /** One step per animation frame: the frame interval shows whether stepping keeps up with the display. */
    private static final String STEP_PER_FRAME = """
            (n) => new Promise((resolve) => {
              const frames = [];
              let last = performance.now(), k = 0;
              const tick = (now) => {
                frames.push(now - last);
                last = now;
                document.dispatchEvent(new KeyboardEvent('keydown', {key: 'ArrowRight', bubbles: true}));
                if (++k < n) requestAnimationFrame(tick); else resolve(frames.slice(1));
              };
              requestAnimationFrame(tick);
            })""";

    /**
     * The viewer as a reviewer opens it: first contentful paint (the shell, caption and controls), the
     * whole run drawn (stream done, timeline redrawn), and the step panels shown; median of 5 loads.
     */
    @Test
    void firstPaintOfTheViewerIsMeasured() throws Exception {
        double[] fcp = new double[5], drawn = new double[5], panels = new double[5];
        for (int k = 0; k < 5; k++) {
            page.navigate(url("/scenarios/proc-reader-race?variant=baseline&step=22&k=" + k));
            drawn[k] = ((Number) page.waitForFunction("() => window.reaplab && window.reaplab.complete && window.reaplab.view.drawCount > 0"
                    + " && performance.now()").jsonValue()).doubleValue();
            panels[k] = ((Number) page.waitForFunction("() => document.querySelector(\"#explain[data-step='22']\") && performance.now()")
                    .jsonValue()).doubleValue();
            fcp[k] = ((Number) page.evaluate("() => (performance.getEntriesByName('first-contentful-paint')[0] || {startTime: -1}).startTime")).doubleValue();
        }
        java.util.Arrays.sort(fcp);
        java.util.Arrays.sort(drawn);
        java.util.Arrays.sort(panels);
        String report = String.format("viewer, proc-reader-race at step 22 (33 steps), chromium %s, 1280x720, median of 5 loads:%n"
                        + "first contentful paint %.0f ms · whole run streamed and drawn %.0f ms · step panels shown %.0f ms%n",
                browser.version(), fcp[2], drawn[2], panels[2]);
        System.out.println(report);
        Path out = Paths.get("target", "benchmark");
        Files.createDirectories(out);
        Files.writeString(out.resolve("viewer-first-paint.txt"), report);
        assertThat(fcp[0]).isPositive();
        assertThat(consoleErrors).isEmpty();
    }

    @Test
    void steppingATenThousandStepRunIsMeasured() throws Exception {
        long t0 = System.nanoTime();
        page.navigate(url("/scenarios/long-proc-read?variant=baseline&step=5000"));
        page.waitForFunction("() => window.reaplab && window.reaplab.complete", null,
                new com.microsoft.playwright.Page.WaitForFunctionOptions().setTimeout(120_000));
        long streamMs = (System.nanoTime() - t0) / 1_000_000;
        int steps = ((Number) page.evaluate("() => window.reaplab.data.length")).intValue();
        assertThat(steps).isGreaterThanOrEqualTo(10_000);
        page.waitForFunction("() => window.reaplab.step === 5000");
        screenshot("11-long-run-10k-steps");

        StringBuilder report = new StringBuilder();
        report.append(String.format("ReapLab timeline redraw benchmark: %,d-step run (long-proc-read), chromium %s, headless, 1280x720%n",
                steps, browser.version()));
        report.append(String.format("page load + streaming all %,d steps over SSE: %,d ms%n", steps, streamMs));

        Stats keysDefault = measure(STEP_WITH_KEYS, 400);
        report.append(line("→ key, default zoom (48 px/step, auto-scroll)", keysDefault));

        page.evaluate("() => { window.reaplab.view.fit(); }");
        Stats keysFit = measure(STEP_WITH_KEYS, 400);
        report.append(line("→ key, whole run in view (per-pixel lanes)", keysFit));
        screenshot("12-long-run-fit");

        page.evaluate("() => { const v = window.reaplab.view; v.stepW = 4; v.follow = true; v.setCursor(window.reaplab.step); }");
        Stats keysMid = measure(STEP_WITH_KEYS, 400);
        report.append(line("→ key, 4 px/step", keysMid));

        Stats jumps = measure(RANDOM_JUMPS, 200);
        report.append(line("random jumps (scrubber / jump to step)", jumps));

        page.evaluate("() => { const v = window.reaplab.view; v.stepW = 48; v.follow = true; v.setCursor(window.reaplab.step); }");
        @SuppressWarnings("unchecked")
        List<Number> frames = (List<Number>) page.evaluate(STEP_PER_FRAME, 240);
        Stats frameStats = Stats.of(frames);
        report.append(String.format("one step per animation frame: frame interval median %.1f ms, p95 %.1f ms (%.0f steps/s)%n",
                frameStats.median, frameStats.p95, 1000 / frameStats.median));
        screenshot("13-long-run-after-benchmark");

        System.out.println(report);
        Path out = Paths.get("target", "benchmark");
        Files.createDirectories(out);
        Files.writeString(out.resolve("timeline-redraw.txt"), report.toString());

        // The 50 ms budget is a benchmark figure, reported above and in the README, not a pass/fail
        // timing test: what is asserted is that every measured step really redrew the page.
        assertThat(List.of(keysDefault.n(), keysFit.n(), keysMid.n(), jumps.n())).containsExactly(400, 400, 400, 200);
        assertThat(((Number) page.evaluate("() => window.reaplab.step")).intValue()).isBetween(1, steps);
        assertThat(consoleErrors).isEmpty();
    }

    private Stats measure(String script, int n) {
        @SuppressWarnings("unchecked")
        List<Number> times = (List<Number>) page.evaluate(script, n);
        // let the panels catch up with the cursor so the runs do not overlap
        waitForPanels(step());
        return Stats.of(times);
    }

    private static String line(String what, Stats s) {
        return String.format("%-48s median %6.2f ms  p95 %6.2f ms  max %6.2f ms  (n=%d)%n", what, s.median, s.p95, s.max, s.n);
    }

    record Stats(double median, double p95, double max, int n) {
        static Stats of(List<Number> values) {
            double[] v = values.stream().mapToDouble(Number::doubleValue).sorted().toArray();
            return new Stats(v[v.length / 2], v[(int) Math.min(v.length - 1, Math.ceil(v.length * 0.95) - 1)], v[v.length - 1], v.length);
        }
    }

}
