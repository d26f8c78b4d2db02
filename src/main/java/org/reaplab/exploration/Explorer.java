package org.reaplab.exploration;

import org.reaplab.design.Design;
import org.reaplab.kernel.Invariant;
import org.reaplab.kernel.KernelState;
import org.reaplab.scenario.Scenario;
import org.reaplab.simulation.Run;
import org.reaplab.simulation.Violation;
import org.reaplab.variant.Variant;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Explores every schedule of a scenario under a design (a preset or any other point of the design space): breadth-first over the choice of which
 * runnable thread takes the next atomic step, with states deduplicated by {@link KernelState#fingerprint()}
 * (TLC's approach, so the first state found that has fired an invariant ends a shortest counterexample).
 * Deferred steps (timers, I/O completions) are ordinary choices here.
 *
 * <h2>Partial-order reduction: sleep sets over local steps</h2>
 * A step is <em>local</em> when it changes only its own thread's private state ({@link Footprint}):
 * its place in its program, its kernel stack and scheduler state, or the fd table of a single-threaded
 * process. Every
 * step reads at most the public state and its own private state, so two local steps of different
 * threads commute: neither changes what the other reads, both stay enabled, and both orders end in the
 * same state with the same invariants fired (an invariant is a predicate over public state, which a
 * local step leaves as it was). Sleep sets (Godefroid) then skip the second order: when thread b's local
 * step was explored from a state before thread a's local step, b sleeps in the successor reached by a,
 * and stays asleep along further local steps. Sleep sets prune transitions, never states: with the
 * sleep set of a state taken as the intersection over every shortest path reaching it (all of them are
 * found in the level before it is expanded), every state is still reached at its breadth-first depth.
 * So the reduction keeps the set of distinct states, the terminal states and their outcome classes, the
 * reachable sets of fired invariants and the length of every shortest counterexample exactly; the tests
 * check this against a brute-force enumeration and with the reduction off. In this kernel model most
 * steps write shared state, so only about 1% of transitions are pruned (deciding independence by running
 * both orders would prune 60-70%, see docs/exploration.md): a stronger relation needs steps to declare
 * what they read.
 *
 * <p>Memory: a stored state shares with its parent every object its step left unchanged
 * ({@link KernelState#shareUnchanged}); when the heap is nearly full the search stops ("memory").
 */
public final class Explorer {
    public static final long DEFAULT_MAX_STATES = 5_000_000;
    public static final double DEFAULT_MAX_SECONDS = 60;

    /** Told about progress at most every {@link Options#progressEveryMillis()}. */
    @FunctionalInterface
    public interface Progress {
        void update(long states, long frontier, long transitions, int depth);
    }

    /**
     * @param maxStates             stop (incomplete, budgetHit "states") once this many distinct states are stored
     * @param maxSeconds            stop (incomplete, budgetHit "time") after this long
     * @param partialOrderReduction sleep sets over local steps (see the class comment)
     * @param progress              null, or told about progress while the search runs
     */
    public record Options(long maxStates, double maxSeconds, boolean partialOrderReduction, Progress progress,
                          long progressEveryMillis) {
        public static Options defaults() {
            return new Options(DEFAULT_MAX_STATES, DEFAULT_MAX_SECONDS, true, null, 100);
        }

        public Options withMaxStates(long n) {
            return new Options(n, maxSeconds, partialOrderReduction, progress, progressEveryMillis);
        }

        public Options withMaxSeconds(double s) {
            return new Options(maxStates, s, partialOrderReduction, progress, progressEveryMillis);
        }

        public Options withReduction(boolean on) {
            return new Options(maxStates, maxSeconds, on, progress, progressEveryMillis);
        }

        public Options withProgress(Progress p) {
            return new Options(maxStates, maxSeconds, partialOrderReduction, p, progressEveryMillis);
        }
    }

    private final Scenario scenario;
    private final Design design;
    private final Options options;
    /** Tests: check every pair the reduction calls independent by running both orders. */
    boolean checkIndependence;
    /** Experiment: decide independence by running both orders (exact, and as costly as not reducing). */
    boolean exactIndependence;

    // per state id
    private int[] parent = new int[1 << 12];
    private short[] via = new short[1 << 12];
    private int count;

    /** Under a preset, with the scenario's variantOptions folded in ({@link Scenario#design(String)}). */
    public Explorer(Scenario scenario, Variant variant, Options options) {
        this(scenario, scenario.design(variant.id), options);
    }

    /** Under a design; the report's {@code variant} is the design's label. */
    public Explorer(Scenario scenario, Design design, Options options) {
        this.scenario = scenario;
        this.design = design;
        this.options = options;
    }

    public static ExplorationReport explore(Scenario scenario, Variant variant) {
        return new Explorer(scenario, variant, Options.defaults()).run();
    }

    public static ExplorationReport explore(Scenario scenario, Variant variant, Options options) {
        return new Explorer(scenario, variant, options).run();
    }

    public static ExplorationReport explore(Scenario scenario, Design design, Options options) {
        return new Explorer(scenario, design, options).run();
    }

    public ExplorationReport run() {
        long start = System.nanoTime();
        long deadline = options.maxSeconds() > 0 ? start + (long) (options.maxSeconds() * 1e9) : Long.MAX_VALUE;
        long progressEvery = Math.max(1, options.progressEveryMillis()) * 1_000_000L;
        long lastProgress = start;
        boolean por = options.partialOrderReduction();
        long maxStates = options.maxStates() > 0 ? options.maxStates() : Long.MAX_VALUE;

        KernelState init = new KernelState(scenario, design);
        LongIntMap seen = new LongIntMap(1 << 16);
        seen.putIfAbsent(init.fingerprint(), add(-1, -1));

        Outcomes outcomes = new Outcomes();
        Map<String, long[]> classes = new LinkedHashMap<>(); // signature -> {count, example id}
        Map<String, OutcomeClass> classBySignature = new LinkedHashMap<>();
        int invariants = Invariant.values().length;
        int[] cexState = new int[invariants];
        int[] cexDepth = new int[invariants];
        Arrays.fill(cexState, -1);

        List<KernelState> level = new ArrayList<>();
        level.add(init);
        long[] levelSleep = {0};
        int levelStart = 0;
        int depth = 0;
        int maxDepth = 0;
        long transitions = 0, pruned = 0, terminals = 0;
        String budget = null;
        int[] enabled = new int[8];

        long maxFrontier = 1;
        long lastMemoryCheck = start;
        try {
            search:
            while (!level.isEmpty()) {
                maxDepth = depth;
                maxFrontier = Math.max(maxFrontier, level.size());
                int nextStart = count;
                List<KernelState> next = new ArrayList<>();
                long[] nextSleep = new long[Math.max(16, level.size())];
                for (int i = 0; i < level.size(); i++) {
                    KernelState s = level.get(i);
                    level.set(i, null);
                    int id = levelStart + i;
                    long sleep = levelSleep[i];
                    int n = s.tasks.length;
                    if (enabled.length < n) enabled = new int[n * 2];
                    int c = 0;
                    if (s.panic == null) for (int t = 0; t < n; t++) if (s.runnable(t)) enabled[c++] = t;
                    if (c == 0) {
                        terminals++;
                        OutcomeClass oc = outcomes.of(s);
                        String sig = oc.signature();
                        long[] acc = classes.get(sig);
                        if (acc == null) {
                            classes.put(sig, new long[] {1, id});
                            classBySignature.put(sig, oc);
                        } else {
                            acc[0]++;
                        }
                        continue;
                    }
                    long explored = 0; // local steps explored from s so far
                    KernelState scratch = null; // a copy of s to try steps on; rewound when the step leads to a known state
                    for (int j = 0; j < c; j++) {
                        int t = enabled[j];
                        if (asleep(sleep, t)) {
                            pruned++;
                            continue;
                        }
                        int firedBefore = s.fired.length;
                        if (scratch == null) scratch = s.copy(); // shares s's frames and per-object hashes
                        KernelState child = scratch;
                        child.step(t, null);
                        transitions++;
                        long childSleep = 0;
                        if (exactIndependence && t < 64) {
                            long indep = 0;
                            for (int z = 0; z < 64; z++) if (((sleep | explored) & (1L << z)) != 0 && commute(s, z, t)) indep |= 1L << z;
                            childSleep = indep;
                            explored |= 1L << t;
                        } else if (por && t < 64 && Footprint.local(s, child, t)) {
                            childSleep = sleep | explored;
                            if (checkIndependence) checkIndependent(s, t, childSleep);
                            explored |= 1L << t;
                        }
                        long fp = child.fingerprint();
                        int old = seen.putIfAbsent(fp, count);
                        if (old == LongIntMap.MISSING) {
                            scratch = null; // the child keeps it
                        child.shareUnchanged(s); // stored, it holds only the objects its step changed
                            int cid = add(id, t);
                            int slot = cid - nextStart;
                            if (slot >= nextSleep.length) nextSleep = Arrays.copyOf(nextSleep, nextSleep.length * 2);
                            nextSleep[slot] = childSleep;
                            next.add(child);
                            for (int f = firedBefore; f < child.fired.length; f++) {
                                int inv = child.fired[f] / 4096;
                                if (cexState[inv] < 0) {
                                    cexState[inv] = cid;
                                    cexDepth[inv] = depth + 1;
                                }
                            }
                            if (count >= maxStates) {
                                budget = ExplorationReport.BUDGET_STATES;
                                maxDepth = depth + 1;
                                break search;
                            }
                        } else {
                            if (old >= nextStart) nextSleep[old - nextStart] &= childSleep; // another shortest path: intersect
                            scratch.rewind(s);
                        }
                        if ((transitions & 255) == 0) {
                            long now = System.nanoTime();
                            if (now > deadline) {
                                budget = ExplorationReport.BUDGET_TIME;
                                break search;
                            }
                            if (options.progress() != null && now - lastProgress >= progressEvery) {
                                lastProgress = now;
                                options.progress().update(count, next.size() + level.size() - i, transitions, depth);
                            }
                            if (now - lastMemoryCheck >= 500_000_000L) {
                                lastMemoryCheck = now;
                                if (Memory.nearlyFull()) {
                                    budget = ExplorationReport.BUDGET_MEMORY;
                                    break search;
                                }
                            }
                        }
                    }
                }
                level = next;
                levelSleep = nextSleep;
                levelStart = nextStart;
                depth++;
            }
        } catch (OutOfMemoryError e) {
            level = null; // let the frontier go; what was found so far is reported
            budget = ExplorationReport.BUDGET_MEMORY;
        }
        long elapsedNanos = System.nanoTime() - start;
        if (options.progress() != null) {
            options.progress().update(count, budget == null || level == null ? 0 : level.size(), transitions, maxDepth);
        }

        List<OutcomeClass> classList = new ArrayList<>();
        for (Map.Entry<String, long[]> e : classes.entrySet()) {
            OutcomeClass oc = classBySignature.get(e.getKey());
            long[] acc = e.getValue();
            classList.add(new OutcomeClass(oc.calls(), oc.killed(), oc.reaped(), oc.violations(), oc.panic(),
                    oc.stuck(), acc[0], schedule((int) acc[1])));
        }
        classList.sort((a, b) -> Long.compare(b.count(), a.count()));

        List<Counterexample> cex = new ArrayList<>();
        for (Invariant inv : Invariant.values()) {
            int sid = cexState[inv.ordinal()];
            if (sid < 0) continue;
            List<String> sched = schedule(sid);
            Counterexample c = new Counterexample(inv.id, cexDepth[inv.ordinal()], sched, null);
            Run run = c.replay(scenario, design);
            Violation v = c.find(run);
            String detail = v == null ? "(the replayed run did not fire it)" : v.detail();
            cex.add(new Counterexample(inv.id, c.step(), sched, detail));
        }
        cex.sort((a, b) -> Integer.compare(a.step(), b.step()));

        double seconds = elapsedNanos / 1e9;
        return new ExplorationReport(scenario.name(), design.label(), budget == null, budget, count, transitions, pruned,
                maxDepth, maxFrontier, terminals, seconds > 0 ? count / seconds : 0, elapsedNanos / 1_000_000, por,
                List.copyOf(classList), List.copyOf(cex));
    }

    /** Heap use after the last collection, against the maximum heap. */
    static final class Memory {
        private Memory() {}

        static boolean nearlyFull() {
            long used = 0, max = Runtime.getRuntime().maxMemory();
            for (java.lang.management.MemoryPoolMXBean p : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
                if (p.getType() != java.lang.management.MemoryType.HEAP) continue;
                java.lang.management.MemoryUsage u = p.getCollectionUsage();
                if (u != null) used += u.getUsed();
            }
            return max > 0 && used > max * 0.85;
        }
    }

    private static boolean asleep(long sleep, int t) {
        return t < 64 && (sleep & (1L << t)) != 0;
    }

    private int add(int parentId, int task) {
        if (count == parent.length) {
            parent = Arrays.copyOf(parent, count * 2);
            via = Arrays.copyOf(via, count * 2);
        }
        parent[count] = parentId;
        via[count] = (short) task;
        return count++;
    }

    /** The schedule (thread names) from the initial state to state {@code id}. */
    private List<String> schedule(int id) {
        int len = 0;
        for (int s = id; parent[s] >= 0; s = parent[s]) len++;
        int[] steps = new int[len];
        for (int s = id, i = len - 1; parent[s] >= 0; s = parent[s], i--) steps[i] = via[s];
        KernelState k = new KernelState(scenario, design);
        List<String> out = new ArrayList<>(len);
        for (int t : steps) {
            out.add(k.tasks[t].name);
            k.step(t, null);
        }
        return List.copyOf(out);
    }

    private static boolean commute(KernelState s, int z, int t) {
        if (!s.runnable(z)) return true;
        KernelState a = s.copy();
        a.step(z, null);
        KernelState b = s.copy();
        b.step(t, null);
        if (!a.runnable(t) || !b.runnable(z)) return false;
        a.step(t, null);
        b.step(z, null);
        return a.fingerprint() == b.fingerprint();
    }

    /** Both orders of every pair the reduction treats as independent reach the same state. */
    private static void checkIndependent(KernelState s, int t, long sleepers) {
        for (int z = 0; z < 64; z++) {
            if ((sleepers & (1L << z)) == 0 || !s.runnable(z)) continue;
            KernelState a = s.copy();
            a.step(z, null);
            KernelState b = s.copy();
            b.step(t, null);
            if (!a.runnable(t) || !b.runnable(z)) {
                throw new AssertionError("reduction: " + s.tasks[z].name + " and " + s.tasks[t].name + " disable each other");
            }
            a.step(t, null);
            b.step(z, null);
            if (a.fingerprint() != b.fingerprint()) {
                throw new AssertionError("reduction: " + s.tasks[z].name + " at " + s.nextLabel(z) + " and "
                        + s.tasks[t].name + " at " + s.nextLabel(t) + " do not commute");
            }
        }
    }
}
