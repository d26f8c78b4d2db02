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

import static org.assertj.core.api.Assertions.assertThat;

/** The records the browser draws from agree with the engine's own view of every step. */
class TimelineTest {

    /** A timeline and the records of its steps as the stream makes them, while the run is simulated. */
    record Drawn(Timeline timeline, List<Map<String, Object>> steps) {
        List<Timeline.Lane> lanes() {
            return timeline.lanes();
        }

        List<Timeline.MmStart> mms() {
            return timeline.mms();
        }
    }

    static Drawn build(Scenario s, Variant v) {
        List<Map<String, Object>> steps = new ArrayList<>();
        Simulation.run(s, v, s.schedule(), 20_000, (e, f) -> steps.add(Timeline.record(e, f)));
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
                    Map<String, Object> rec = t.steps().get(i - 1);
                    for (List<Object> m : (List<List<Object>>) rec.getOrDefault("m", List.of())) {
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
        assertThat(t.steps().get(w.to() - 1).get("f")).isEqualTo("find_lock_task_mm");
        assertThat(w.exits()).hasSize(1);
        assertThat(t.steps().get(w.exits().get(0) - 1).get("f")).isEqualTo("exit_mm");
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
        for (Map<String, Object> s : t.steps()) {
            for (Map<String, Object> sig : (List<Map<String, Object>>) s.getOrDefault("s", List.of())) {
                if (sig.containsKey("id")) flow = (Integer) sig.get("id");
            }
        }
        assertThat(flow).isPositive();
        int delivered = 0, exited = 0;
        for (Map<String, Object> s : t.steps()) {
            if (((List<Integer>) s.getOrDefault("fd", List.of())).contains(flow)) {
                delivered++;
                assertThat(s.get("f")).isEqualTo("get_signal");
            }
            if (((List<Integer>) s.getOrDefault("fx", List.of())).contains(flow)) {
                exited++;
                assertThat(s.get("f")).isEqualTo("exit_mm");
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
