package org.reaplab.designspace.bench;

import org.reaplab.design.Design;
import org.reaplab.design.Knob;
import org.reaplab.design.Knobs;
import org.reaplab.design.Reads;
import org.reaplab.designspace.DesignEngine;
import org.reaplab.designspace.DesignPoint;
import org.reaplab.designspace.DesignSearch;
import org.reaplab.designspace.DesignSpace;
import org.reaplab.designspace.Scoring;
import org.reaplab.exploration.ExplorationReport;
import org.reaplab.exploration.Explorer;
import org.reaplab.scenario.format.LibraryEntry;
import org.reaplab.scenario.format.ScenarioLibrary;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where the design-space search spends its time: per scenario, the explorations it runs, their
 * distinct states, CPU seconds in exploring and in scoring, the largest single exploration, and the
 * knobs read. Single-threaded (CPU time per scenario is what the scheduler has to balance).
 * <pre>bench/run.sh DesignSearchBench [--space default|presets|full] [--scenario NAME] [--splits]</pre>
 */
public final class DesignSearchBench {
    private DesignSearchBench() {}

    public static void main(String[] args) {
        String spaceName = DesignSpace.DEFAULT, only = null;
        boolean splits = false;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--splits")) splits = true;
            if (args[i].equals("--space")) spaceName = args[++i];
            else if (args[i].equals("--scenario")) only = args[++i];
        }
        DesignSpace space = DesignSpace.named(spaceName);
        Explorer.Options options = DesignSearch.budget();
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        List<DesignPoint> designs = space.designs();
        System.out.printf("%-40s %5s %5s %11s %8s %8s %8s %9s%n", "scenario", "expl", "cells", "states", "explore", "score", "maxExpl", "maxStates");
        double totalExplore = 0, totalScore = 0;
        long totalStates = 0;
        int totalExpl = 0;
        for (LibraryEntry e : ScenarioLibrary.load()) {
            if (only != null && !only.equals(e.scenario().name())) continue;
            List<Object[]> memo = new ArrayList<>(); // {design, reads, report, cpu seconds}
            double explore = 0, score = 0, maxExpl = 0;
            long states = 0, maxStates = 0;
            int n = 0;
            for (DesignPoint d : designs) {
                ExplorationReport r = null;
                for (Object[] m : memo) if (fits(m, d)) r = (ExplorationReport) m[2];
                if (r == null) {
                    long t0 = mx.getCurrentThreadCpuTime();
                    DesignEngine.Explored x = DesignEngine.explore(e.scenario(), d, options);
                    double s = (mx.getCurrentThreadCpuTime() - t0) / 1e9;
                    explore += s;
                    maxExpl = Math.max(maxExpl, s);
                    r = x.report();
                    memo.add(new Object[] {d.design(), x.reads(), r, s});
                    n++;
                    states += r.distinctStates();
                    maxStates = Math.max(maxStates, r.distinctStates());
                }
                long t0 = mx.getCurrentThreadCpuTime();
                Scoring.score(e.scenario(), d, r);
                score += (mx.getCurrentThreadCpuTime() - t0) / 1e9;
            }
            System.out.printf("%-40s %5d %5d %,11d %8.2f %8.2f %8.2f %,9d%n", e.scenario().name(), n, designs.size(), states,
                    explore, score, maxExpl, maxStates);
            if (splits) splits(memo);
            totalExplore += explore;
            totalScore += score;
            totalStates += states;
            totalExpl += n;
        }
        System.out.printf("%-40s %5d %5s %,11d %8.2f %8.2f%n", "TOTAL", totalExpl, "", totalStates, totalExplore, totalScore);
    }

    /**
     * --splits: where reuse is lost. Explorations whose reports are equal (same counts, classes and
     * counterexamples) were run apart only because a knob read in the first one differs; per knob, how
     * many such needless explorations it split off and their CPU seconds.
     */
    private static void splits(List<Object[]> memo) {
        Map<String, List<Object[]>> bySignature = new java.util.LinkedHashMap<>();
        for (Object[] m : memo) bySignature.computeIfAbsent(signature((ExplorationReport) m[2]), x -> new ArrayList<>()).add(m);
        Map<String, double[]> byKnob = new java.util.TreeMap<>();
        for (List<Object[]> same : bySignature.values()) {
            Reads reads = (Reads) same.get(0)[1];
            for (Object[] m : same.subList(1, same.size())) {
                List<String> split = new ArrayList<>();
                for (Knob<?> k : Knobs.all()) if (!reads.admits(k, (Design) m[0])) split.add(k.id());
                String key = String.join("+", split);
                double[] c = byKnob.computeIfAbsent(key, x -> new double[2]);
                c[0]++;
                c[1] += (Double) m[3];
            }
        }
        System.out.printf("    %d distinct reports; needless explorations by the knobs that split them:", bySignature.size());
        byKnob.forEach((k, c) -> System.out.printf(" %s %d (%.1f s)", k, (int) c[0], c[1]));
        System.out.println();
    }

    /** An exploration's result without its timing and design label. */
    private static String signature(ExplorationReport r) {
        return r.complete() + " " + r.distinctStates() + " " + r.transitions() + " " + r.completeSchedules() + " " + r.maxDepth()
                + " " + r.outcomeClasses() + " " + r.counterexamples();
    }

    private static boolean fits(Object[] m, DesignPoint d) {
        return ((Reads) m[1]).admits(d.design());
    }
}
