package org.reaplab.designspace.bench;

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
 * <pre>bench/run.sh DesignSearchBench [--space default|presets|full] [--scenario NAME]</pre>
 */
public final class DesignSearchBench {
    private DesignSearchBench() {}

    public static void main(String[] args) {
        String spaceName = DesignSpace.DEFAULT, only = null;
        for (int i = 0; i < args.length; i++) {
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
            List<Object[]> memo = new ArrayList<>(); // {knobs, reads, report}
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
                    memo.add(new Object[] {d.knobs(), x.reads(), r});
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
            totalExplore += explore;
            totalScore += score;
            totalStates += states;
            totalExpl += n;
        }
        System.out.printf("%-40s %5d %5s %,11d %8.2f %8.2f%n", "TOTAL", totalExpl, "", totalStates, totalExplore, totalScore);
    }

    @SuppressWarnings("unchecked")
    private static boolean fits(Object[] m, DesignPoint d) {
        Map<String, String> knobs = (Map<String, String>) m[0];
        long reads = (Long) m[1];
        int i = 0;
        for (Map.Entry<String, String> e : d.knobs().entrySet()) {
            if ((reads & (1L << i)) != 0 && !e.getValue().equals(knobs.get(e.getKey()))) return false;
            i++;
        }
        return true;
    }
}
