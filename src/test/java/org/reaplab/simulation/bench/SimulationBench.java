package org.reaplab.simulation.bench;

import org.reaplab.kernel.KernelState;
import org.reaplab.scenario.format.LibraryEntry;
import org.reaplab.scenario.format.ScenarioLibrary;
import org.reaplab.simulation.Run;
import org.reaplab.simulation.Simulation;
import org.reaplab.variant.Variant;

import java.util.ArrayList;
import java.util.List;

/**
 * Prints simulated steps per second (recorded runs, as the viewer and the command line make them, and
 * bare steps without a log, as the explorer makes them) and state copies and fingerprints per second,
 * over the whole library under every variant. Run with {@code bench/run.sh SimulationBench}.
 */
public final class SimulationBench {

    public static void main(String[] args) {
        List<LibraryEntry> library = ScenarioLibrary.load();
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3.0;
        System.out.printf("library: %d scenarios x %d variants, %.1f s per measurement, java %s%n",
                library.size(), Variant.values().length, seconds, System.getProperty("java.version"));

        measure("recorded runs (events, text, checkpoints)", seconds, () -> {
            long steps = 0;
            for (LibraryEntry e : library) for (Variant v : Variant.values()) steps += Simulation.run(e.scenario(), v).steps();
            return steps;
        }, "steps");

        List<int[]> schedules = new ArrayList<>();
        List<KernelState> initial = new ArrayList<>();
        for (LibraryEntry e : library) {
            for (Variant v : Variant.values()) {
                Run run = Simulation.run(e.scenario(), v);
                initial.add(run.stateAt(0));
                schedules.add(run.choices());
            }
        }
        measure("bare steps (no log: the explorer's path)", seconds, () -> {
            long steps = 0;
            for (int i = 0; i < initial.size(); i++) {
                KernelState k = initial.get(i).copy();
                for (int t : schedules.get(i)) k.step(t, null);
                steps += schedules.get(i).length;
            }
            return steps;
        }, "steps");

        List<KernelState> states = new ArrayList<>();
        for (int i = 0; i < initial.size(); i++) {
            KernelState k = initial.get(i).copy();
            int[] s = schedules.get(i);
            for (int j = 0; j < s.length / 2; j++) k.step(s[j], null);
            states.add(k);
        }
        measure("state copies (mid-run states)", seconds, () -> {
            long n = 0;
            for (KernelState k : states) {
                if (k.copy() != null) n++;
            }
            return n;
        }, "copies");
        measure("state fingerprints", seconds, () -> {
            long n = 0;
            long acc = 0;
            for (KernelState k : states) {
                acc ^= k.fingerprint();
                n++;
            }
            if (acc == 42) System.out.print("");
            return n;
        }, "fingerprints");
    }

    interface Work {
        long run();
    }

    private static void measure(String what, double seconds, Work work, String unit) {
        long deadline = System.nanoTime() + (long) (seconds * 0.4e9);
        while (System.nanoTime() < deadline) work.run(); // warm up
        long n = 0;
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        long now;
        do {
            n += work.run();
            now = System.nanoTime();
        } while (now < end);
        double rate = n / ((now - start) / 1e9);
        System.out.printf("%-44s %,14.0f %s/s%n", what, rate, unit);
    }
}
