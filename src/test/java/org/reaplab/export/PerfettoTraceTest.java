package org.reaplab.export;

import org.junit.jupiter.api.Test;
import org.reaplab.scenario.format.LibraryEntry;
import org.reaplab.scenario.format.ScenarioLibrary;
import org.reaplab.simulation.Outcome;
import org.reaplab.simulation.Run;
import org.reaplab.simulation.RunFacts;
import org.reaplab.simulation.Simulation;
import org.reaplab.variant.Variant;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.StringWriter;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** The trace's counters are the run's, step by step, in every library run (an mm exec installs and pinned pages included). */
class PerfettoTraceTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void everyCounterFollowsTheRunsMmsAtEveryStep() {
        for (LibraryEntry e : ScenarioLibrary.load()) {
            for (Variant v : Variant.values()) {
                Run run = Simulation.run(e.scenario(), v);
                Map<String, TreeMap<Long, Long>> series = series(trace(run));
                Map<String, RunFacts.Counters> now = new HashMap<>();
                for (RunFacts.Counters c : run.facts().start()) now.put(c.mm(), c);
                for (int i = 0; i <= run.steps(); i++) {
                    if (i > 0) for (RunFacts.Counters c : run.facts().at(i).counters()) now.put(c.mm(), c);
                    for (RunFacts.Counters c : now.values()) {
                        for (RunFacts.MmCounter m : RunFacts.MmCounter.values()) {
                            TreeMap<Long, Long> s = series.get("mm " + c.mm() + " " + m.id);
                            assertThat(s).as(e.file() + " " + v.id + " " + c.mm() + " " + m.id).isNotNull();
                            assertThat(s.floorEntry((long) i).getValue()).as(e.file() + " " + v.id + " " + c.mm() + " " + m.id + " after step " + i)
                                    .isEqualTo(c.value(m));
                        }
                    }
                }
                // and they end where the run's outcome says the mms end
                for (Outcome.MmOutcome m : run.outcome().mms()) {
                    assertThat(series.get("mm " + m.name() + " resident").lastEntry().getValue()).isEqualTo(m.resident());
                }
            }
        }
    }

    @Test
    void aCounterChangeStartsWhereTheLastOneOfItsMmEnded() {
        for (LibraryEntry e : ScenarioLibrary.load()) {
            Run run = Simulation.run(e.scenario(), Variant.BASELINE);
            Map<String, RunFacts.Counters> now = new HashMap<>();
            for (RunFacts.Counters c : run.facts().start()) now.put(c.mm(), c);
            for (RunFacts.StepFacts s : run.facts().steps()) {
                for (RunFacts.CounterChange c : s.mms()) {
                    assertThat(c.before()).as(e.file() + " step " + s.step())
                            .isEqualTo(now.getOrDefault(c.mm(), new RunFacts.Counters(c.mm(), 0, 0, 0)));
                    assertThat(c.after()).isNotEqualTo(c.before());
                    now.put(c.mm(), c.after());
                }
            }
        }
    }

    private static JsonNode trace(Run run) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(w)) {
            PerfettoTrace.write(run, g);
        }
        return JSON.readTree(w.toString());
    }

    /** "mm NAME counter" to its samples by time (the last one at a time wins). */
    private static Map<String, TreeMap<Long, Long>> series(JsonNode trace) {
        Map<Integer, String> names = new HashMap<>();
        Map<String, TreeMap<Long, Long>> out = new HashMap<>();
        for (JsonNode ev : trace.get("traceEvents")) {
            String ph = ev.get("ph").asString();
            if (ph.equals("M") && ev.get("name").asString().equals("process_name")) {
                names.put(ev.get("pid").asInt(), ev.get("args").get("name").asString());
            } else if (ph.equals("C")) {
                out.computeIfAbsent(names.get(ev.get("pid").asInt()) + " " + ev.get("name").asString(), k -> new TreeMap<>())
                        .put(ev.get("ts").asLong(), ev.get("args").get("value").asLong());
            }
        }
        return out;
    }
}
