package org.reaplab.designspace;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.reaplab.design.Design;
import org.reaplab.design.Knobs;
import org.reaplab.exploration.Counterexample;
import org.reaplab.exploration.Explorer;
import org.reaplab.scenario.VariantOptions;
import org.reaplab.scenario.format.LibraryEntry;
import org.reaplab.scenario.Scenario;
import org.reaplab.scenario.format.ScenarioLibrary;
import org.reaplab.simulation.Run;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The search over the library under the six presets: scores, ranking, frontier, sentence, texts. */
class DesignSearchTest {
    static List<LibraryEntry> library;
    static SearchResult presets;
    static final List<int[]> progress = new ArrayList<>();

    @BeforeAll
    static void search() {
        library = ScenarioLibrary.load();
        presets = DesignSearch.run(library, DesignSpace.named(DesignSpace.PRESETS), DesignSearch.budget(),
                (done, total, states) -> {
                    synchronized (progress) {
                        progress.add(new int[] {done, total});
                    }
                }, "src/main/resources/scenarios/*.yaml");
    }

    static Scenario scenario(String name) {
        return library.stream().map(LibraryEntry::scenario).filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    static DesignPoint design(String id) {
        return DesignEngine.byId(id);
    }

    @Test
    void everyExplorationReportsProgressOnce() {
        int total = library.size() * 6;
        assertThat(presets.cells()).isEqualTo(total);
        assertThat(presets.explorations()).isBetween(1, total);
        assertThat(progress).hasSize(total);
        assertThat(progress.stream().mapToInt(p -> p[0]).max().orElse(0)).isEqualTo(total);
        assertThat(progress).allSatisfy(p -> assertThat(p[1]).isEqualTo(total));
    }

    @Test
    void theRequestOfTheProcReaderRaceNamesAppAndItsMm() {
        List<Request> r = Request.of(scenario("proc-reader-race"), design("baseline"));
        assertThat(r).containsExactly(new Request("lmkd", "app", "app_mm", "lmkd.pidfd_send_signal", "lmkd.process_mrelease"));
        List<Request> v2 = Request.of(scenario("proc-reader-race"), design("reap_kill_v2"));
        assertThat(v2).containsExactly(new Request("lmkd", "app", "app_mm", "lmkd.process_mrelease", "lmkd.process_mrelease"));
    }

    @Test
    void theProcReaderRaceIsARaceThatTodaysKernelLosesAndTheReapKillPatchWins() {
        assertThat(presets.scenario("proc-reader-race").race()).isTrue();
        SearchResult.Row row = presets.row("proc-reader-race");
        SearchResult.Cell baseline = cell(row, "baseline"), v2 = cell(row, "reap_kill_v2");
        assertThat(baseline.frees()).isFalse();
        assertThat(baseline.violations()).contains(Scoring.GOAL);
        assertThat(v2.frees()).isTrue();
        assertThat(v2.violations()).isEmpty();
        // a scenario without a kill_and_reap is no race and counts for no design
        SearchResult.ScenarioInfo invalid = presets.scenario("invalid-flags");
        assertThat(invalid.requests()).isFalse();
        assertThat(invalid.race()).isFalse();
    }

    @Test
    void aPresetIsSearchedAsTheScenarioFileReadsItAsTheViewerDoes() {
        // pidfd-thread-leader, with the old file setting that makes reap_kill_all_checked refuse a PIDFD_THREAD pidfd
        Scenario plain = scenario("pidfd-thread-leader");
        Scenario folded = new Scenario(plain.version(), plain.name(), plain.title(), plain.description(), plain.variant(),
                plain.namespaces(), plain.mms(), plain.processes(), plain.programs(), plain.schedule(), Map.of(),
                new VariantOptions(new VariantOptions.ReapKillAllChecked(true, true, "split", true), null), plain.lsm());
        SearchResult r = DesignSearch.run(List.of(new LibraryEntry("leader.yaml", folded)), DesignSpace.named(DesignSpace.PRESETS),
                DesignSearch.budget(), null, "leader.yaml");
        String id = "reap_kill_all_checked";
        SearchResult.Cell searched = cell(r.row(plain.name()), id);
        // the viewer (and check, explore) open the cell's link, ?variant=reap_kill_all_checked, as Scenario.design(id)
        Design viewed = folded.design(id);
        assertThat(viewed.get(Knobs.PIDFD_THREAD)).isEqualTo(Knobs.PidfdThread.REJECT);
        ScenarioScore expected = Scoring.score(folded, DesignPoint.of(viewed),
                Explorer.explore(folded, viewed, DesignSearch.budget()));
        assertThat(searched.verdict()).isEqualTo(expected.verdict());
        assertThat(searched.violations()).isEqualTo(expected.violations());
        assertThat(searched.frees()).isEqualTo(expected.frees()).isFalse(); // -EINVAL: nothing killed, nothing freed
        // without the setting the preset as posted kills and reaps
        assertThat(cell(presets.row(plain.name()), id).frees()).isTrue();
        // the other presets are untouched by a setting of reap_kill_all_checked
        assertThat(cell(r.row(plain.name()), "baseline")).isEqualTo(cell(presets.row(plain.name()), "baseline"));
    }

    static SearchResult.Cell cell(SearchResult.Row row, String design) {
        return row.cells().stream().filter(c -> c.design().equals(design)).findFirst().orElseThrow();
    }

    @Test
    void theScorecardsAddUpTheCells() {
        for (DesignScore d : presets.designs()) {
            int freed = 0, racesFreed = 0, pinned = 0;
            for (SearchResult.ScenarioInfo s : presets.scenarios()) {
                SearchResult.Cell c = cell(presets.row(s.name()), d.id());
                if (c.frees()) {
                    freed++;
                    if (s.race()) racesFreed++;
                }
                if (c.violations().contains(Scoring.GOAL)) pinned++;
            }
            assertThat(d.freed()).as(d.id()).isEqualTo(freed);
            assertThat(d.racesFreed()).as(d.id()).isEqualTo(racesFreed);
            assertThat(d.pinned()).as(d.id()).isEqualTo(pinned);
            assertThat(d.races()).isEqualTo(presets.raceCount());
        }
    }

    @Test
    void everyCounterexampleOfAScorecardReplaysToItsViolation() {
        int checked = 0;
        for (DesignScore d : presets.designs()) {
            for (DesignScore.Break b : d.breaks()) {
                Counterexample c = new Counterexample(b.invariant(), b.step(), b.schedule(), b.detail(), null);
                Run run = c.replay(scenario(b.scenario()), design(d.id()).design());
                assertThat(c.reproducedBy(run)).as(d.id() + " " + b.invariant() + " in " + b.scenario()).isTrue();
                checked++;
            }
        }
        assertThat(checked).isPositive();
    }

    @Test
    void safeDesignsComeFirstAndTheFrontierIsUndominated() {
        List<DesignScore> ds = presets.designs();
        for (int i = 0; i < ds.size(); i++) {
            assertThat(ds.get(i).rank()).isEqualTo(i + 1);
            if (i > 0) assertThat(Ranking.ORDER.compare(ds.get(i - 1), ds.get(i))).isNegative();
        }
        boolean seenUnsafe = false;
        for (DesignScore d : ds) {
            if (!d.safe()) seenUnsafe = true;
            else assertThat(seenUnsafe).as("a safe design after an unsafe one").isFalse();
            assertThat(d.safe()).isEqualTo(d.safetyBreaks() == 0 && d.incompleteAt().isEmpty());
        }
        for (DesignScore a : ds) {
            boolean dominated = ds.stream().anyMatch(b -> b != a && Ranking.dominates(Ranking.measures(b), Ranking.measures(a)));
            assertThat(a.pareto()).as(a.id()).isEqualTo(!dominated);
        }
        assertThat(ds.get(0).pareto()).isTrue();
        // the v2 patch as posted reaps a vfork parent's live memory: not safe
        assertThat(presets.design("reap_kill_v2").status()).isEqualTo(DesignScore.UNSAFE);
        assertThat(presets.design("reap_kill_v2").breaks()).extracting(DesignScore.Break::invariant).contains("live-task-on-reaped-mm");
    }

    @Test
    void theSentenceIsComputedFromTheScorecards() {
        Matcher m = Pattern.compile("(\\d+) of (\\d+) designs break no safety invariant on these (\\d+) scenarios; the best of them"
                + " frees the memory in (\\d+) of (\\d+) race scenarios: (.+)\\.").matcher(presets.sentence());
        assertThat(m.matches()).as(presets.sentence()).isTrue();
        DesignScore best = presets.designs().get(0);
        assertThat(Integer.parseInt(m.group(1))).isEqualTo(presets.safe());
        assertThat(Integer.parseInt(m.group(2))).isEqualTo(6);
        assertThat(Integer.parseInt(m.group(3))).isEqualTo(library.size());
        assertThat(Integer.parseInt(m.group(4))).isEqualTo(best.racesFreed());
        assertThat(Integer.parseInt(m.group(5))).isEqualTo(presets.raceCount());
        for (Map.Entry<String, String> k : best.knobs().entrySet()) assertThat(m.group(6)).contains(k.getKey() + "=" + k.getValue());
    }

    @Test
    void aBudgetHitIsIncompleteNeverSafe() {
        List<LibraryEntry> big = library.stream().filter(e -> e.scenario().name().equals("proc-reader-race")).toList();
        SearchResult r = DesignSearch.run(big, DesignSpace.named(DesignSpace.PRESETS), DesignSearch.budget().withMaxStates(20),
                null, "");
        assertThat(r.designs()).isNotEmpty().noneMatch(DesignScore::safe);
        assertThat(r.designs()).anyMatch(d -> d.status().equals(DesignScore.INCOMPLETE));
        for (DesignScore d : r.designs()) {
            assertThat(d.incompleteAt()).isNotEmpty();
            assertThat(PlainText.scorecard(r, d.id())).doesNotContain("status: safe");
        }
        assertThat(r.sentence()).startsWith("0 of 6 designs break no safety invariant on this scenario (");
    }

    @Test
    void theTextsArePlainAsciiWithinSeventyTwoColumnsAndEndWithTheirCommand() {
        List<String> texts = new ArrayList<>();
        texts.add(PlainText.summary(presets));
        for (DesignScore d : presets.designs()) texts.add(PlainText.scorecard(presets, d.id()));
        for (SearchResult.ScenarioInfo s : presets.scenarios()) texts.add(PlainText.verdictRow(presets, s.name()));
        AtomicInteger lines = new AtomicInteger();
        for (String t : texts) {
            for (String line : t.split("\n")) {
                lines.incrementAndGet();
                assertThat(line.length()).as(line).isLessThanOrEqualTo(PlainText.WIDTH);
                assertThat(line.chars().allMatch(c -> c >= 32 && c < 127)).as(line).isTrue();
            }
            String flat = t.replaceAll("\\s+", " ");
            assertThat(flat).containsPattern("Reproduce: java -jar target/reaplab.jar designs src/main/resources/scenarios/\\*.yaml"
                    + " --space presets( --design \\S+| --scenario \\S+)? --text $");
        }
        assertThat(PlainText.summary(presets).replaceAll("\\s+", " ")).contains(presets.sentence());
        // the wall time says little on a loaded machine: the summary gives the workers' CPU seconds too
        assertThat(presets.cpuMillis()).isPositive();
        assertThat(PlainText.summary(presets).replaceAll("\\s+", " ")).containsPattern("s on \\d+ threads \\(\\d+\\.\\d s CPU\\)\\.");
        assertThat(PlainText.verdictRow(presets, "proc-reader-race").replaceAll("\\s+", " "))
                .contains("breaks memory-pinned-after-reap-call, does not always free the memory: baseline, pidfd_mm_group");
        assertThat(lines.get()).isGreaterThan(100);
    }

    @Test
    void theKeyChangesWithTheScenariosAndTheBudget() {
        DesignSpace s = DesignSpace.named(DesignSpace.PRESETS);
        String k = DesignSearch.key(library, s, DesignSearch.budget());
        assertThat(DesignSearch.key(library, s, DesignSearch.budget())).isEqualTo(k);
        assertThat(DesignSearch.key(library.subList(1, library.size()), s, DesignSearch.budget())).isNotEqualTo(k);
        assertThat(DesignSearch.key(library, s, DesignSearch.budget().withMaxStates(7))).isNotEqualTo(k);
        assertThat(presets.key()).isEqualTo(k);
    }
}
