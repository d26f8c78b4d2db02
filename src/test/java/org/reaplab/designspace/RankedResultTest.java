package org.reaplab.designspace;

import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.Test;
import org.reaplab.exploration.Counterexample;
import org.reaplab.scenario.Scenario;
import org.reaplab.scenario.format.LibraryEntry;
import org.reaplab.scenario.format.ScenarioLibrary;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Making the search faster must not change its answer: the sentence, the ranking, each design's status,
 * measures and shortest counterexamples (invariant, scenario, length) and every cell's verdict are the ones
 * recorded in {@code src/test/resources/designspace/} for the presets space and for a sample of the default
 * space (every twelfth design) over the library, and every counterexample's schedule replays to its
 * invariant. The schedules themselves and end-state counts are not recorded: a reduction of the explorer
 * may pick another shortest path or fewer equivalent end states. After an intended change of the engine's
 * semantics regenerate with {@code mvn -q -Dtest=RankedResultTest -Drecorded.update=true test}.
 */
@Execution(ExecutionMode.CONCURRENT) // heavy and self-contained: runs beside the other tests (junit-platform.properties)
class RankedResultTest {
    static final Path DIR = Path.of("src/test/resources/designspace");

    @Test
    void thePresetsSpaceRanksAsRecorded() throws IOException {
        check("ranked-presets.txt", DesignSpace.named(DesignSpace.PRESETS));
    }

    @Test
    void aSampleOfTheDefaultSpaceRanksAsRecorded() throws IOException {
        List<DesignPoint> all = DesignSpace.named(DesignSpace.DEFAULT).designs();
        List<DesignPoint> sample = new ArrayList<>();
        for (int i = 0; i < all.size(); i += 12) sample.add(all.get(i));
        check("ranked-default-sample.txt", new DesignSpace("default-sample", "every twelfth design of the default space", sample));
    }

    private static void check(String file, DesignSpace space) throws IOException {
        List<LibraryEntry> library = ScenarioLibrary.load();
        SearchResult r = DesignSearch.run(library, space, DesignSearch.budget(), null, "");
        String now = render(r);
        Path p = DIR.resolve(file);
        if (Boolean.getBoolean("recorded.update")) Files.writeString(p, now, StandardCharsets.UTF_8);
        if (!Files.exists(p)) fail("no recorded result " + p + "; record it with -Drecorded.update=true");
        String[] e = Files.readString(p, StandardCharsets.UTF_8).split("\n", -1), a = now.split("\n", -1);
        for (int i = 0; i < Math.max(e.length, a.length); i++) {
            String want = i < e.length ? e[i] : "(end)", got = i < a.length ? a[i] : "(end)";
            assertThat(got).as(file + " line " + (i + 1)).isEqualTo(want);
        }
        int replayed = 0;
        for (DesignScore d : r.designs()) {
            for (DesignScore.Break b : d.breaks()) {
                Scenario sc = library.stream().map(LibraryEntry::scenario).filter(s -> s.name().equals(b.scenario())).findFirst().orElseThrow();
                Counterexample c = new Counterexample(b.invariant(), b.step(), b.schedule(), b.detail(), null);
                assertThat(b.schedule()).as(d.id() + " " + b.invariant()).hasSize(b.step());
                assertThat(c.reproducedBy(c.replay(sc, DesignEngine.byId(d.id()).design())))
                        .as(d.id() + " " + b.invariant() + " in " + b.scenario()).isTrue();
                replayed++;
            }
        }
        assertThat(replayed).isPositive();
    }

    /** What the answer is made of, one line each; no schedules, end-state counts, states or timings. */
    static String render(SearchResult r) {
        StringBuilder b = new StringBuilder();
        b.append("sentence: ").append(r.sentence()).append('\n');
        for (SearchResult.ScenarioInfo s : r.scenarios()) {
            b.append("scenario ").append(s.name()).append(" requests=").append(s.requests()).append(" race=").append(s.race()).append('\n');
        }
        for (DesignScore d : r.designs()) {
            b.append(String.format("%d %s %s pareto=%s races=%d/%d freed=%d/%d pinned=%d collateral=%d %s misleading=%d %s incomplete=%s%n",
                    d.rank(), d.id(), d.status(), d.pareto(), d.racesFreed(), d.races(), d.freed(), d.requests(), d.pinned(),
                    d.collateral(), d.collateralAt(), d.misleading(), d.misleadingAt(), d.incompleteAt()));
            for (DesignScore.Break x : d.breaks()) {
                b.append("  breaks ").append(x.invariant()).append(x.safety() ? " (safety)" : "").append(" in ").append(x.scenarios())
                        .append(" scenarios; shortest: ").append(x.scenario()).append(" step ").append(x.step()).append('\n');
            }
        }
        for (SearchResult.Row row : r.rows()) {
            b.append("row ").append(row.scenario()).append(':');
            for (SearchResult.Cell c : row.cells()) {
                b.append(' ').append(c.verdict().charAt(0)).append(c.frees() ? "+" : "").append(c.violations().isEmpty() ? "" : c.violations().toString().replace(" ", ""));
            }
            b.append('\n');
        }
        return b.toString();
    }
}
