package org.reaplab.web.browser;

import com.microsoft.playwright.Page;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.springframework.test.context.TestPropertySource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * /verdicts on a first visit right after start-up, as deployed: the matrix is computed in the
 * background from start-up (reaplab.verdicts.compute-at-startup), so a visitor arriving at once waits
 * only for what is left, and a later one not at all. Writes target/benchmark/verdicts-first-visit.txt.
 */
@TestPropertySource(properties = "reaplab.verdicts.compute-at-startup=true")
// a benchmark: no other browser test beside it, so its figures are its own
@ResourceLock(BrowserSupport.LANE_A)
@ResourceLock(BrowserSupport.LANE_B)
class VerdictsFirstVisitBenchmarkIT extends BrowserSupport {

    @Override
    long serverDelayMillis() {
        return 0;
    }

    @Test
    void theMatrixIsOnScreenSoonAfterStartUp() throws Exception {
        long t0 = System.nanoTime();
        page.navigate(url("/verdicts"));
        page.waitForSelector("#matrix[data-state='ready']", new Page.WaitForSelectorOptions().setTimeout(180_000));
        long firstMs = (System.nanoTime() - t0) / 1_000_000;
        long t1 = System.nanoTime();
        page.navigate(url("/verdicts?again"));
        page.waitForSelector("#matrix[data-state='ready']");
        long againMs = (System.nanoTime() - t1) / 1_000_000;
        String report = String.format("/verdicts, first visit as soon as the app is up: matrix on screen after %,d ms; "
                + "a later visit: %,d ms (%s)%n", firstMs, againMs, page.locator("#matrix .totals").innerText().replaceAll("\\s+", " "));
        System.out.println(report);
        Path out = Paths.get("target", "benchmark");
        Files.createDirectories(out);
        Files.writeString(out.resolve("verdicts-first-visit.txt"), report);
        assertThat(page.locator("tr[data-scenario='proc-reader-race']")).isVisible();
        assertThat(consoleErrors).isEmpty();
    }
}
