package org.reaplab.web.viewer;

import org.junit.jupiter.api.Test;
import org.reaplab.scenario.Scenario;
import org.reaplab.simulation.KernelView;
import org.reaplab.simulation.Run;
import org.reaplab.simulation.RunFacts;
import org.reaplab.simulation.Simulation;
import org.reaplab.simulation.StepEvent;
import org.reaplab.variant.Variant;
import org.reaplab.web.WebTestScenarios;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The records the browser draws from agree with the engine's own view of every step. */
class TimelineTest {

    /** A timeline and the records of its steps as the stream makes them, while the run is simulated. */
    record Drawn(Timeline timeline, List<StepRecord> steps) {
        List<Timeline.Lane> lanes() {
            return timeline.lanes();
        }

        List<Timeline.MmStart> mms() {
            return timeline.mms();
        }
    }

    static Drawn build(Scenario s, Variant v) {
        List<StepRecord> steps = new ArrayList<>();
        Simulation.run(s, v, s.schedule(), 20_000, (e, f) -> steps.add(StepRecord.of(e, f)));
        return new Drawn(Timeline.of(s, s.design(v.id)), steps);
    }

    @Test
    void aFinishedRunGivesTheSameRecordsAsTheRunBeingSimulated() {
        for (String name : List.of("proc-reader-race", "fanout-threads")) {
            for (Variant v : Variant.values()) {
                Scenario s = WebTestScenarios.scenario(name);
                assertThat(Timeline.records(Simulation.run(s, v, s.schedule(), 20_000))).as(name + " " + v.id)
                        .isEqualTo(build(s, v).steps());
            }
        }
    }

    /** The wire form run-data.js reads (docs/web-ui.md): short names, nothing empty sent, i/t/f/x always. */
    @Test
    void aRecordIsSentWithItsShortNamesAndWithoutEmptyMembers() {
        JsonMapper json = JsonMapper.builder().build();
        Set<String> names = Set.of("i", "t", "f", "x", "l", "c", "r", "v", "s", "fd", "fx", "ro", "rc", "wo", "wc", "m", "st", "e");
        Set<String> seen = new java.util.TreeSet<>();
        for (String name : List.of("proc-reader-race", "fanout-threads")) {
            for (StepRecord r : build(WebTestScenarios.scenario(name), Variant.BASELINE).steps()) {
                JsonNode n = json.valueToTree(r);
                assertThat(n.propertyNames()).contains("i", "t", "f", "x").isSubsetOf(names);
                for (String k : n.propertyNames()) {
                    seen.add(k);
                    if (n.get(k).isArray()) assertThat(n.get(k).size()).as(k).isPositive();
                }
                if (n.has("r")) assertThat(n.get("r").propertyNames()).containsExactly("k", "op", "v");
                for (JsonNode sig : n.path("s")) {
                    assertThat(sig.propertyNames()).containsAnyOf("from").isSubsetOf(Set.of("from", "to", "sig", "r", "u", "id"));
                }
            }
        }
        assertThat(seen).contains("c", "r", "s", "fd", "fx", "ro", "rc", "wo", "wc", "m", "st", "e");
    }

    @Test
    @SuppressWarnings("unchecked")
    void counterTracksMatchTheKernelStateAtEveryStep() {
        for (String name : List.of("proc-reader-race", "fanout-threads")) {
            for (Variant v : Variant.values()) {
                Scenario s = WebTestScenarios.scenario(name);
                Run run = Simulation.run(s, v);
                Drawn t = build(s, v);
                assertThat(t.steps()).hasSize(run.steps());
                long[] users = {t.mms().get(0).users()}, count = {t.mms().get(0).count()}, resident = {t.mms().get(0).resident()};
                for (int i = 1; i <= run.steps(); i++) {
                    StepRecord rec = t.steps().get(i - 1);
                    for (List<Object> m : rec.counters()) {
                        users[0] = ((Number) m.get(1)).longValue();
                        count[0] = ((Number) m.get(2)).longValue();
                        resident[0] = ((Number) m.get(3)).longValue();
                    }
                    KernelView.MmView mm = run.viewAt(i).mms().get(0);
                    assertThat(new long[] {users[0], count[0], resident[0]}).as(name + " " + v.id + " step " + i)
                            .containsExactly(mm.users(), mm.count(), mm.resident());
                }
            }
        }
    }

    @Test
    void baselineHasTheW1WindowWithExitMmInside() {
        Drawn t = build(WebTestScenarios.scenario("proc-reader-race"), Variant.BASELINE);
        List<RunFacts.Window> windows = Simulation.run(WebTestScenarios.scenario("proc-reader-race"), Variant.BASELINE).facts().windows();
        assertThat(windows).hasSize(1);
        RunFacts.Window w = windows.get(0);
        assertThat(w.kind()).isEqualTo("W1");
        assertThat(w.thread()).isEqualTo("lmkd");
        StepEvent kill = Simulation.run(WebTestScenarios.scenario("proc-reader-race"), Variant.BASELINE).events().get(w.from() - 1);
        assertThat(kill.call().op()).isEqualTo("pidfd_send_signal");
        assertThat(t.steps().get(w.to() - 1).function()).isEqualTo("find_lock_task_mm");
        assertThat(w.exits()).hasSize(1);
        assertThat(t.steps().get(w.exits().get(0) - 1).function()).isEqualTo("exit_mm");
    }

    @Test
    void v2FindsTheMmBeforeItKillsSoThereIsNoWindow() {
        assertThat(Simulation.run(WebTestScenarios.scenario("proc-reader-race"), Variant.REAP_KILL_V2).facts().windows()).isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void oneKillFansOutToEveryThreadAndOnToItsExitMm() {
        Drawn t = build(WebTestScenarios.scenario("fanout-threads"), Variant.BASELINE);
        int flow = -1;
        for (StepRecord s : t.steps()) {
            for (StepRecord.Signal sig : s.signals()) {
                if (sig.flow() != null) flow = sig.flow();
            }
        }
        assertThat(flow).isPositive();
        int delivered = 0, exited = 0;
        for (StepRecord s : t.steps()) {
            if (s.delivered().contains(flow)) {
                delivered++;
                assertThat(s.function()).isEqualTo("get_signal");
            }
            if (s.exited().contains(flow)) {
                exited++;
                assertThat(s.function()).isEqualTo("exit_mm");
            }
        }
        assertThat(delivered).isEqualTo(3);
        assertThat(exited).isEqualTo(3);
    }

    @Test
    void lanesPutTheCallerFirstAndReadersAfterTheVictim() {
        Drawn t = build(WebTestScenarios.scenario("proc-reader-race"), Variant.BASELINE);
        assertThat(t.lanes()).extracting(Timeline.Lane::thread).containsExactly("lmkd", "app", "ps");
        assertThat(t.lanes()).extracting(Timeline.Lane::role).containsExactly("caller", "victim", "reader");
    }
}
