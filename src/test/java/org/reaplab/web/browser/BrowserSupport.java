package org.reaplab.web.browser;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.reaplab.web.WebTestScenarios;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Real-browser tests: Playwright for Java driving Debian's chromium (/usr/bin/chromium, or
 * $REAPLAB_CHROMIUM), headless, at 1280×720 (a projector). Playwright's driver comes from its
 * driver-bundle jar; PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD keeps it from downloading browsers.
 * Screenshots go to target/screenshots/. Every page, fragment and stream answers 300 ms late
 * ({@link SlowServer}); a console error or an unhandled promise rejection is recorded in
 * {@link #consoleErrors}, which the tests require to stay empty.
 *
 * <p>The tests mostly wait for that latency, so the classes run in two lanes at once, each class in the
 * lane its {@link ResourceLock} names ({@link #LANE_A}, {@link #LANE_B}), one class at a time per lane, one
 * chromium per lane; both lanes share the app. A benchmark holds both lanes: it runs with no other
 * browser test beside it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:reaplab-browser;DB_CLOSE_DELAY=-1",
        // as deployed: the matrix starts with the app, before other jobs (a design search) queue up
        "reaplab.verdicts.compute-at-startup=true",
        "reaplab.designs.space=presets", "reaplab.designs.cache-dir=",
        // every browser test comes from one client: the guard's per-client limits are GuardTest's subject, not these
        "reaplab.guard.requests-per-second=100000", "reaplab.guard.request-burst=100000",
        "reaplab.guard.writes-per-minute=1000000", "reaplab.guard.write-burst=100000",
        "reaplab.streams.per-client=1000"})
@Import({WebTestScenarios.class, SlowServer.class})
@Execution(ExecutionMode.CONCURRENT)
abstract class BrowserSupport {
    static final String LANE_A = "browser-lane-a", LANE_B = "browser-lane-b";
    private static final List<String> LANES = List.of(LANE_A, LANE_B);
    static final Path SCREENSHOTS = Paths.get("target", "screenshots");
    /** A lane's chromium: Playwright's objects are used by one thread at a time, which the lane's lock ensures. */
    private static final Map<String, Browser> BROWSERS = new ConcurrentHashMap<>();
    /** This test's lane's chromium. */
    Browser browser;

    @LocalServerPort
    int port;

    BrowserContext context;
    Page page;
    final List<String> consoleErrors = new ArrayList<>();

    /** The lane this class runs in: the first lane its locks name. */
    private String lane() {
        return Arrays.stream(getClass().getAnnotationsByType(ResourceLock.class)).map(ResourceLock::value)
                .filter(LANES::contains).sorted().findFirst()
                .orElseThrow(() -> new IllegalStateException(getClass().getSimpleName() + " names no browser lane in a @ResourceLock"));
    }

    /**
     * One chromium per lane for every browser test class of the JVM (a launch costs a second or two of both
     * cores); each test still gets its own browser context, so no cookie, storage or page outlives it.
     * Closed when the JVM exits.
     */
    private Browser launch() {
        return BROWSERS.compute(lane(), (lane, running) -> running != null && running.isConnected() ? running : start());
    }

    private static Browser start() {
        try {
            Files.createDirectories(SCREENSHOTS);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Playwright playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        String exe = System.getenv().getOrDefault("REAPLAB_CHROMIUM", "/usr/bin/chromium");
        Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(Paths.get(exe))
                .setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--no-first-run")));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                playwright.close();
            } catch (RuntimeException e) {
                // the JVM is exiting: the driver and its chromium end with their pipe anyway
            }
        }, "close-playwright"));
        return browser;
    }

    /** The server's delay for this test; a benchmark overrides it with 0. */
    long serverDelayMillis() {
        return SlowServer.DEFAULT_DELAY_MILLIS;
    }

    @BeforeEach
    void open() {
        browser = launch();
        context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 720)
                .setBaseURL("http://localhost:" + port)
                .setExtraHTTPHeaders(Map.of(SlowServer.DELAY_HEADER, Long.toString(serverDelayMillis()))));
        context.grantPermissions(List.of("clipboard-read", "clipboard-write"), new BrowserContext.GrantPermissionsOptions().setOrigin("http://localhost:" + port));
        context.addInitScript("window.addEventListener('unhandledrejection', (e) => console.error('unhandled rejection: ' + (e.reason && e.reason.stack || e.reason)));");
        page = context.newPage();
        page.onConsoleMessage(m -> { if ("error".equals(m.type())) consoleErrors.add(m.text()); });
        page.onPageError(e -> consoleErrors.add("pageerror: " + e));
    }

    @AfterEach
    void closeContext() {
        if (context != null) context.close();
    }

    String url(String path) {
        return "http://localhost:" + port + path;
    }

    void screenshot(String name) {
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + ".png")));
    }

    void fullScreenshot(String name) {
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + ".png")).setFullPage(true));
    }

    /** Waits until the viewer has the whole run. */
    void waitForRun() {
        page.waitForFunction("() => window.reaplab && window.reaplab.complete");
    }

    int step() {
        return ((Number) page.evaluate("() => window.reaplab.step")).intValue();
    }

    /** Waits until the step panels show {@code step}. */
    void waitForPanels(int step) {
        page.waitForSelector("#explain[data-step='" + step + "']");
    }
}
