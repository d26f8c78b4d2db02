package org.reaplab.web.bench;

import org.reaplab.scenario.Scenario;
import org.reaplab.simulation.Run;
import org.reaplab.simulation.Simulation;
import org.reaplab.variant.Variant;
import org.reaplab.web.WebTestScenarios;
import org.reaplab.web.viewer.StepRecord;
import org.reaplab.web.viewer.Timeline;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a kept run costs in the heap (bench/run.sh RunMemoryBench): the run itself (steps, facts, checkpoints),
 * which is what the app's one run cache keeps, against its step records kept beside it, as the viewer's cache
 * did before the records were made when sent (as typed records, and as the maps they were then).
 */
public final class RunMemoryBench {
    public static void main(String[] args) {
        Scenario s = WebTestScenarios.scenario("long-proc-read");
        JsonMapper json = JsonMapper.builder().build();
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        List<Run> runs = new ArrayList<>();
        long base = used();
        for (int i = 0; i < n; i++) runs.add(Simulation.run(s, Variant.values()[i % Variant.values().length], s.schedule(), 20_000));
        long afterRuns = used();
        List<List<StepRecord>> typed = new ArrayList<>();
        for (Run r : runs) typed.add(Timeline.records(r));
        long afterTyped = used();
        List<List<Map<?, ?>>> maps = new ArrayList<>();
        for (List<StepRecord> rs : typed) {
            List<Map<?, ?>> m = new ArrayList<>();
            for (StepRecord r : rs) m.add(json.convertValue(r, LinkedHashMap.class));
            maps.add(m);
        }
        long afterMaps = used();
        long steps = runs.stream().mapToLong(Run::steps).sum();
        System.out.printf("%d runs of long-proc-read, %,d steps in all: the runs %.1f MB (%.0f bytes a step); "
                        + "their step records beside them: +%.1f MB as typed records, +%.1f MB as maps%n", n, steps,
                (afterRuns - base) / 1e6, (afterRuns - base) / (double) steps, (afterTyped - afterRuns) / 1e6,
                (afterMaps - afterTyped) / 1e6);
        if (runs.size() + typed.size() + maps.size() < 0) System.out.println("kept");
    }

    private static long used() {
        for (int i = 0; i < 5; i++) {
            System.gc();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }
}
