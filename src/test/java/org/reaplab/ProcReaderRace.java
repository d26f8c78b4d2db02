package org.reaplab;

import org.reaplab.scenario.Scenario;
import org.reaplab.scenario.format.ParseResult;
import org.reaplab.scenario.format.ScenarioParser;
import org.reaplab.simulation.CallResult;
import org.reaplab.simulation.Outcome;
import org.reaplab.simulation.Violation;
import org.reaplab.variant.Variant;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bug report behind PROCESS_MRELEASE_REAP_KILL, once for every test: the library's
 * {@code 01-proc-reader-race.yaml} (ps pins the mm while lmkd kills and reaps) and its claim, that under
 * baseline process_mrelease returns -ESRCH with the memory left pinned, and under reap_kill_v2 returns 0
 * and reaps. Each caller reads the claim from its own form of a run (records, the API's JSON, the
 * command line's JSON) and hands it to {@link #assertBaselineLosesAndV2Reaps}.
 */
public final class ProcReaderRace {
    /** The library file, on the classpath and in the source tree (for the command line). */
    public static final String RESOURCE = "/scenarios/01-proc-reader-race.yaml";
    public static final String FILE = "src/main/resources" + RESOURCE;

    private static final String TEXT = read();
    private static final Scenario SCENARIO = parse();

    private ProcReaderRace() {}

    /** The file's text. */
    public static String text() {
        return TEXT;
    }

    /** The parsed scenario (immutable, shared). */
    public static Scenario scenario() {
        return SCENARIO;
    }

    /** What the claim is about in one run: process_mrelease's return, whether app_mm was reaped, the invariants broken. */
    public record Seen(String mreleaseReturn, boolean reaped, List<String> violations) {}

    /** From the simulation's outcome. */
    public static Seen seen(Outcome o) {
        String ret = o.calls().stream().filter(c -> c.key().equals("lmkd.process_mrelease"))
                .map(CallResult::ret).findFirst().orElse(null);
        boolean reaped = o.mms().stream().filter(m -> m.name().equals("app_mm")).findFirst().orElseThrow().reaped();
        return new Seen(ret, reaped, o.violations().stream().map(Violation::invariant).toList());
    }

    /** From an outcome written as JSON (the API's run, {@code run --json}). */
    public static Seen seen(JsonNode outcome) {
        String ret = null;
        for (JsonNode c : outcome.path("calls")) {
            if (c.path("key").asString().equals("lmkd.process_mrelease")) {
                ret = c.path("ret").asString();
                break;
            }
        }
        boolean reaped = false;
        for (JsonNode m : outcome.path("mms")) {
            if (m.path("name").asString().equals("app_mm")) reaped = m.path("reaped").asBoolean();
        }
        List<String> violations = new ArrayList<>();
        for (JsonNode v : outcome.path("violations")) violations.add(v.path("invariant").asString());
        return new Seen(ret, reaped, violations);
    }

    /** The claim: baseline loses the race (-ESRCH, memory pinned, not reaped); v2 grabs the mm first and reaps. */
    public static void assertBaselineLosesAndV2Reaps(Function<Variant, Seen> run) {
        Seen baseline = run.apply(Variant.BASELINE);
        assertThat(baseline.mreleaseReturn()).as("baseline: process_mrelease").isEqualTo("-ESRCH");
        assertThat(baseline.reaped()).as("baseline: app_mm reaped").isFalse();
        assertThat(baseline.violations()).as("baseline: violations").contains("memory-pinned-after-reap-call");
        Seen v2 = run.apply(Variant.REAP_KILL_V2);
        assertThat(v2.mreleaseReturn()).as("reap_kill_v2: process_mrelease").isEqualTo("0");
        assertThat(v2.reaped()).as("reap_kill_v2: app_mm reaped").isTrue();
        assertThat(v2.violations()).as("reap_kill_v2: violations").isEmpty();
    }

    private static String read() {
        try (InputStream in = ProcReaderRace.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException("missing classpath resource " + RESOURCE);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Scenario parse() {
        ParseResult r = new ScenarioParser().parse(TEXT, RESOURCE);
        if (r.scenario() == null) throw new IllegalStateException("the library's proc-reader-race does not parse: " + r.problems());
        return r.scenario();
    }
}
