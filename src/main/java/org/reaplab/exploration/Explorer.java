package org.reaplab.exploration;

import org.reaplab.kernel.path.Kernels;
import org.reaplab.design.Design;
import org.reaplab.kernel.Invariant;
import org.reaplab.kernel.KernelState;
import org.reaplab.kernel.PackedStates;
import org.reaplab.kernel.StepCache;
import org.reaplab.scenario.Scenario;
import org.reaplab.simulation.MemoryFate;
import org.reaplab.variant.Variant;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

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
 * <h2>Persistent sets</h2>
 * With {@link Options#persistentSets()} (the {@code explore} command's default) each state follows only
 * a persistent set of its runnable threads ({@link PersistentSets}), which removes states and keeps the
 * verdicts, terminal states and outcome classes; the shortest counterexamples then come from a second,
 * unreduced search ({@link #shortest}). docs/exploration.md gives the argument.
 *
 * <p>Memory: the states of a level are kept packed ({@link PackedStates}: each distinct task, group and
 * mm is stored once and a state is the ids of its values), in large int arrays; when the heap is nearly
 * full the search stops ("memory").
 *
 * <h2>Replayed steps</h2>
 * Without a reduction or with sleep sets, a thread's step from a packed state is replayed from the ids of what it reads
 * ({@link StepCache}, {@link Replay}): the step is taken on objects only the first time those values meet.
 */
public final class Explorer {
    public static final long DEFAULT_MAX_STATES = 5_000_000;
    public static final double DEFAULT_MAX_SECONDS = 60;
    /**
     * The {@code explore} command's {@link Options#persistentSetsWiderThan}. Interleavings that multiply
     * show as wide breadth-first levels: the library's widest level under any preset holds 3,828 states
     * (oom-reaper-lifo under kernel_oom, 130,133 states in all), and there persistent sets remove about 10 %
     * of the states at twice the cost per state; sharers-4..8 pass 5,000 within their first 30,000 states,
     * and persistent sets remove 28x to over 100x of them.
     */
    public static final int PERSISTENT_SETS_WIDER_THAN = 5_000;

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
     * @param threads               threads expanding each breadth-first level (1: the calling thread alone);
     *                              the report is the same for every count
     * @param persistentSets        follow only a persistent set of threads from each state ({@link PersistentSets}):
     *                              fewer states, the same verdicts, terminal states, outcome classes and shortest
     *                              counterexamples (found by a second, unreduced search); used only with
     *                              {@code partialOrderReduction}, instead of the sleep sets
     * @param persistentSetsWiderThan with {@code persistentSets}, above 0: search with sleep sets first (every state
     *                              stored) and start again with persistent sets only when a breadth-first level
     *                              grows wider than this (or a budget other than time runs out): a small search
     *                              then pays nothing for working out footprints, a large one loses the few
     *                              levels before it widens. 0: persistent sets from the start
     */
    public record Options(long maxStates, double maxSeconds, boolean partialOrderReduction, Progress progress,
                          long progressEveryMillis, int threads, boolean persistentSets, int persistentSetsWiderThan) {
        /** One thread. */
        public Options(long maxStates, double maxSeconds, boolean partialOrderReduction, Progress progress, long progressEveryMillis) {
            this(maxStates, maxSeconds, partialOrderReduction, progress, progressEveryMillis, 1);
        }

        /** Sleep sets only (every distinct state is stored). */
        public Options(long maxStates, double maxSeconds, boolean partialOrderReduction, Progress progress, long progressEveryMillis,
                       int threads) {
            this(maxStates, maxSeconds, partialOrderReduction, progress, progressEveryMillis, threads, false, 0);
        }

        /** Sleep sets, one thread: every distinct state is stored. */
        public static Options defaults() {
            return new Options(DEFAULT_MAX_STATES, DEFAULT_MAX_SECONDS, true, null, 100, 1, false, 0);
        }

        public Options withMaxStates(long n) {
            return new Options(n, maxSeconds, partialOrderReduction, progress, progressEveryMillis, threads, persistentSets,
                    persistentSetsWiderThan);
        }

        public Options withMaxSeconds(double s) {
            return new Options(maxStates, s, partialOrderReduction, progress, progressEveryMillis, threads, persistentSets,
                    persistentSetsWiderThan);
        }

        public Options withReduction(boolean on) {
            return new Options(maxStates, maxSeconds, on, progress, progressEveryMillis, threads, persistentSets,
                    persistentSetsWiderThan);
        }

        /** With {@code on} (and the reduction on), states are removed: see {@link PersistentSets}. */
        public Options withPersistentSets(boolean on) {
            return new Options(maxStates, maxSeconds, partialOrderReduction, progress, progressEveryMillis, threads, on,
                    persistentSetsWiderThan);
        }

        /** With persistent sets: sleep sets first, persistent sets once a level is wider than {@code width} (0: from the start). */
        public Options withPersistentSetsWiderThan(int width) {
            return new Options(maxStates, maxSeconds, partialOrderReduction, progress, progressEveryMillis, threads,
                    persistentSets, Math.max(0, width));
        }

        public Options withProgress(Progress p) {
            return new Options(maxStates, maxSeconds, partialOrderReduction, p, progressEveryMillis, threads, persistentSets,
                    persistentSetsWiderThan);
        }

        public Options withThreads(int n) {
            return new Options(maxStates, maxSeconds, partialOrderReduction, progress, progressEveryMillis, Math.max(1, n), persistentSets,
                    persistentSetsWiderThan);
        }

        /** States are removed (persistent sets, perhaps after a first search that stayed narrow), not only transitions. */
        public boolean removesStates() {
            return partialOrderReduction && persistentSets;
        }
    }

    private final Scenario scenario;
    private final Design design;
    private final Options options;
    /** Tests: check every pair the reduction calls independent by running both orders. */
    boolean checkIndependence;
    /** Experiment: decide independence by running both orders (exact, and as costly as not reducing). */
    boolean exactIndependence;
    /** Without a reduction or with sleep sets, steps are replayed from what they read ({@link StepCache}); off: every step is taken on objects. */
    boolean stepCache = true;
    /** Tests: take every replayed step on objects too, and fail if the two children differ. */
    boolean checkStepCache;
    static final int STEP_CACHE_ENTRIES = 1 << 18;
    /**
     * Recorded steps a worker keeps at most: about 100 bytes each, so at most about 26 MB a worker (the
     * library needs a few hundred per cell, sharers-5 a few thousand); past it, new steps are taken on
     * objects and not kept. Tests lower it.
     */
    int stepCacheEntries = STEP_CACHE_ENTRIES;
    private StepCache[] stepCaches;

    // per state id
    private int[] parent = new int[1 << 12];
    private short[] via = new short[1 << 12];
    private int count;

    // the search in progress
    private long deadline;
    private volatile String stop; // the budget that ran out, set by any worker
    // the level being expanded, in rank order: state i is packed at arena(i)[levelAt[i]] (one arena per worker that found states)
    private PackedStates packed;
    private int[][] levelArenas;
    private byte[] levelArenaOf; // null: one arena
    private int[] levelAt;
    private long[] levelFp;
    private int levelSize;
    private long[] levelSleep;
    private int levelStart;
    private FingerprintSet seen;
    private final AtomicInteger nextChunk = new AtomicInteger();
    private int chunkSize;
    private List<Terminal>[] chunkTerminals;
    private final AtomicLong transitions = new AtomicLong(), pruned = new AtomicLong();
    private long lastProgress, lastMemoryCheck, progressEvery;
    private static final long MEMORY_CHECK_EVERY = 500_000_000L; // ns
    private int depth;
    /** A first search before persistent sets: it gives up (run returns null) once a level is wider than this. */
    private int widerThan;
    private static final String WIDE = "wide";

    /** Who freed each mm's memory in an end state. */
    private static Map<String, String> freed(KernelState s) {
        Map<String, String> out = new java.util.TreeMap<>();
        for (org.reaplab.kernel.Mm m : s.mms) out.put(m.name, MemoryFate.atEnd(s, m));
        return out;
    }

    /** A terminal state met while expanding a level: its index in the level, its outcome, who freed each mm. */
    private record Terminal(int index, OutcomeClass outcome, Map<String, String> freed) {}

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

    /**
     * Level-synchronous breadth-first search. Each level is expanded by {@link Options#threads()} workers
     * taking chunks of it; a child is offered to the fingerprint set (the worker's own tables for the
     * level) with its <em>rank</em> (its parent's place in the level, then the thread that stepped), and
     * taking the level keeps, per new fingerprint, the least rank and the intersection of the sleep sets
     * offered by any worker. The new states are then numbered in rank order: exactly the order a single thread finds them in,
     * so parents, shortest counterexamples, example schedules and every count are the same whatever the
     * thread count and timing.
     */
    public ExplorationReport run() {
        if (options.removesStates() && options.persistentSetsWiderThan() > 0) return sleepSetsFirst();
        long start = System.nanoTime();
        deadline = options.maxSeconds() > 0 ? start + (long) (options.maxSeconds() * 1e9) : Long.MAX_VALUE;
        progressEvery = Math.max(1, options.progressEveryMillis()) * 1_000_000L;
        lastProgress = start;
        // the JVM's first memory check comes at once, while the search still runs interpreted: made 0.5 s in,
        // it met classes the compiled search loop had never loaded and sent it back to the interpreter (once
        // per JVM: a check costs about 4 ms, and the library's 228 cells would each pay it)
        lastMemoryCheck = Memory.FIRST.getAndSet(false) ? start - MEMORY_CHECK_EVERY : start;
        long maxStates = options.maxStates() > 0 ? options.maxStates() : Long.MAX_VALUE;
        int threads = Math.max(1, options.threads());

        KernelState init = Kernels.boot(scenario, design);
        seen = new FingerprintSet(threads, sleepsKept());
        seen.add(init.fingerprint());
        add(-1, -1);

        Map<String, long[]> classes = new LinkedHashMap<>(); // signature -> {count, example id}
        Map<String, OutcomeClass> classBySignature = new LinkedHashMap<>();
        // who freed each mm, over the terminal states of a class (not part of its signature)
        Map<String, Map<String, java.util.Set<String>>> freedBySignature = new HashMap<>();
        int invariants = Invariant.values().length;
        int[] cexState = new int[invariants];
        int[] cexDepth = new int[invariants];
        Arrays.fill(cexState, -1);

        packed = new PackedStates(init, threads > 1);
        int[] first = new int[PackedStates.length(init)];
        packed.pack(init, null, 0, first);
        levelArenas = new int[][] {first};
        levelArenaOf = null;
        levelAt = new int[] {0};
        levelFp = new long[] {init.fingerprint()};
        levelSize = 1;
        levelSleep = new long[] {0};
        levelStart = 0;
        depth = 0;
        int maxDepth = 0;
        long terminals = 0;
        long maxFrontier = 1;
        ExecutorService pool = threads > 1 ? Executors.newFixedThreadPool(threads - 1, r -> {
            Thread t = new Thread(r, "explorer");
            t.setDaemon(true);
            return t;
        }) : null;
        try {
            while (levelSize > 0 && stop == null) {
                maxDepth = depth;
                maxFrontier = Math.max(maxFrontier, levelSize);
                expandLevel(pool, threads);
                // terminal states, in level order
                for (List<Terminal> list : chunkTerminals) {
                    if (list == null) continue;
                    for (Terminal t : list) {
                        terminals++;
                        String sig = t.outcome().signature();
                        long[] acc = classes.get(sig);
                        if (acc == null) {
                            classes.put(sig, new long[] {1, levelStart + t.index()});
                            classBySignature.put(sig, t.outcome());
                        } else {
                            acc[0]++;
                        }
                        Map<String, java.util.Set<String>> freed = freedBySignature.computeIfAbsent(sig, x -> new java.util.TreeMap<>());
                        t.freed().forEach((mm, how) -> freed.computeIfAbsent(mm, x -> new java.util.TreeSet<>()).add(how));
                    }
                }
                // the new states, numbered in rank order
                FingerprintSet.Level found = seen.takeLevel(pool);
                int nextStart = count;
                int n = found.size();
                int kept = 0;
                for (int k = 0; k < n; k++) {
                    long rank = found.rank[k];
                    int cid = add(levelStart + (int) (rank >>> FingerprintSet.THREAD_BITS), (int) (rank & FingerprintSet.THREAD_MASK));
                    kept = k + 1;
                    for (int f : packed.fired(found.arena(k), found.at[k])) {
                        int inv = f / 4096;
                        if (cexState[inv] < 0) {
                            cexState[inv] = cid;
                            cexDepth[inv] = depth + 1;
                        }
                    }
                    if (count >= maxStates) {
                        stop = ExplorationReport.BUDGET_STATES;
                        maxDepth = depth + 1;
                        break;
                    }
                }
                levelArenas = found.arenas;
                levelArenaOf = found.arenaOf;
                levelAt = found.at;
                levelFp = found.fp;
                levelSize = kept;
                levelSleep = found.sleep;
                levelStart = nextStart;
                depth++;
                if (wanted != null && allFound(cexState)) break;
                if (widerThan > 0 && levelSize > widerThan) stop = WIDE;
            }
        } catch (OutOfMemoryError e) {
            levelArenas = null; // let the frontier go; what was found so far is reported
            levelSize = 0;
            stop = ExplorationReport.BUDGET_MEMORY;
        } finally {
            if (pool != null) pool.shutdownNow();
        }
        String budget = stop;
        if (widerThan > 0 && !ExplorationReport.BUDGET_TIME.equals(budget) && budget != null) return null;
        long elapsedNanos = System.nanoTime() - start;
        if (options.progress() != null) {
            options.progress().update(count, budget == null ? 0 : levelSize, transitions.get(), maxDepth);
        }

        List<OutcomeClass> classList = new ArrayList<>();
        for (Map.Entry<String, long[]> e : classes.entrySet()) {
            OutcomeClass oc = classBySignature.get(e.getKey());
            long[] acc = e.getValue();
            Map<String, String> freed = new java.util.TreeMap<>();
            freedBySignature.getOrDefault(e.getKey(), Map.of()).forEach((mm, how) -> freed.put(mm, String.join(" or ", how)));
            classList.add(new OutcomeClass(oc.calls(), oc.killed(), oc.reaped(), oc.violations(), oc.panic(),
                    oc.stuck(), acc[0], schedule((int) acc[1]), Map.copyOf(freed)));
        }
        classList.sort((a, b) -> Long.compare(b.count(), a.count()));

        List<Counterexample> cex = new ArrayList<>();
        for (Invariant inv : Invariant.values()) {
            int sid = cexState[inv.ordinal()];
            if (sid < 0) continue;
            cex.add(Counterexample.replayed(scenario, design, inv.id, cexDepth[inv.ordinal()], schedule(sid)));
        }
        if (options.removesStates() && !cex.isEmpty() && wanted == null) cex = shortest(cex, start);
        cex.sort((a, b) -> Integer.compare(a.step(), b.step()));

        return new ExplorationReport(scenario.name(), design.label(), budget == null, budget, count, transitions.get(),
                pruned.get(), maxDepth, maxFrontier, terminals, 0, 0,
                options.partialOrderReduction(), List.copyOf(classList), List.copyOf(cex), options.removesStates()).took(elapsedNanos);
    }

    /**
     * {@link Options#persistentSetsWiderThan}: the search with sleep sets, kept when it completes (or runs
     * out of time) without a level wider than the threshold; else the search with persistent sets from the
     * start, with the time that is left. Either report is that search's own (the second one's time includes
     * the first's), so verdicts, outcome classes and shortest counterexamples are those of the full graph.
     */
    private ExplorationReport sleepSetsFirst() {
        long start = System.nanoTime();
        Explorer first = new Explorer(scenario, design, options.withPersistentSets(false));
        first.widerThan = options.persistentSetsWiderThan();
        ExplorationReport r = first.run();
        if (r != null) return r;
        double spent = (System.nanoTime() - start) / 1e9;
        double left = options.maxSeconds() > 0 ? Math.max(0.001, options.maxSeconds() - spent) : 0;
        r = new Explorer(scenario, design, options.withPersistentSetsWiderThan(0).withMaxSeconds(left)).run();
        return r.took(System.nanoTime() - start);
    }

    /** Only for the search of shortest counterexamples: the invariants it looks for (it stops once all are found). */
    private Set<Invariant> wanted;

    private boolean allFound(int[] cexState) {
        for (Invariant inv : wanted) if (cexState[inv.ordinal()] < 0) return false;
        return true;
    }

    /**
     * The persistent-set search keeps which invariants can be violated, not how soon: a second,
     * unreduced breadth-first search (sleep sets only) looks for the violated invariants and stops at
     * the level where the last of them is first met, so each counterexample is a shortest one. It gets
     * what is left of the budgets; an invariant it does not reach in time keeps the counterexample the
     * reduced search found.
     */
    private List<Counterexample> shortest(List<Counterexample> found, long start) {
        Set<Invariant> look = new java.util.HashSet<>();
        for (Counterexample c : found) look.add(Invariant.byId(c.invariant()));
        double left = options.maxSeconds() > 0 ? Math.max(0.001, options.maxSeconds() - (System.nanoTime() - start) / 1e9) : 0;
        Explorer unreduced = new Explorer(scenario, design, options.withPersistentSets(false).withProgress(null).withMaxSeconds(left));
        unreduced.wanted = look;
        List<Counterexample> out = new ArrayList<>();
        Map<String, Counterexample> better = new HashMap<>();
        for (Counterexample c : unreduced.run().counterexamples()) better.put(c.invariant(), c);
        for (Counterexample c : found) out.add(better.getOrDefault(c.invariant(), c));
        return out;
    }

    /** Expands every state of the level: the calling thread and the pool's workers take chunks until none is left. */
    @SuppressWarnings("unchecked")
    private void expandLevel(ExecutorService pool, int threads) {
        int size = levelSize;
        chunkSize = threads == 1 ? Math.max(1, size) : Math.max(16, Math.min(1024, size / (threads * 8) + 1));
        int chunks = (size + chunkSize - 1) / chunkSize;
        chunkTerminals = new List[chunks];
        nextChunk.set(0);
        if (pool == null || chunks == 1) {
            work(0);
            return;
        }
        List<Future<?>> helpers = new ArrayList<>();
        for (int w = 1; w < threads; w++) {
            int worker = w;
            helpers.add(pool.submit(() -> work(worker)));
        }
        Throwable failure = null;
        try {
            work(0);
        } catch (RuntimeException | Error e) {
            failure = e;
            stop = ExplorationReport.BUDGET_MEMORY.equals(stop) ? stop : "failed";
        }
        for (Future<?> f : helpers) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop = ExplorationReport.BUDGET_TIME;
            } catch (ExecutionException e) {
                if (failure == null) failure = e.getCause();
            }
        }
        if (failure instanceof OutOfMemoryError oom) throw oom;
        if (failure instanceof RuntimeException re) throw re;
        if (failure instanceof Error err) throw err;
    }

    /** One worker: takes chunks of the level and expands their states. The coordinator (worker 0) also reports progress. */
    private void work(int worker) {
        boolean coordinator = worker == 0;
        int size = levelSize;
        int[] enabled = new int[8], picked = new int[8];
        int[] pack = new int[16];
        PersistentSets persistent = options.removesStates() ? new PersistentSets() : null;
        // without sleep sets to intersect, a state this worker offered a moment ago is answered here
        FingerprintSet.Recent recent = sleepsKept() ? null : new FingerprintSet.Recent();
        Outcomes outcomes = new Outcomes();
        // steps replayed without a reduction or with sleep sets; persistent sets and the independence
        // experiments decide with the objects at hand
        Replay replay = persistent == null && !exactIndependence && !checkIndependence && stepCache
                ? new Replay(stepCache(worker), recent, worker) : null;
        long myTransitions = 0, myPruned = 0;
        KernelState s = null;       // the state expanded, unpacked (it holds the stored objects: never stepped)
        KernelState scratch = null; // the state steps are tried on: rewound to each state expanded, and after each step
        try {
            while (stop == null) {
                int chunk = nextChunk.getAndIncrement();
                int from = chunk * chunkSize;
                if (from >= size) break;
                int to = Math.min(size, from + chunkSize);
                if (replay != null) {
                    chunkTerminals[chunk] = replay.chunk(from, to);
                    continue;
                }
                List<Terminal> terminals = null;
                for (int i = from; i < to && stop == null; i++) {
                    s = packed.unpack(arena(i), levelAt[i], levelFp[i], s);
                    long sleep = levelSleep[i];
                    int n = s.tasks.length;
                    if (enabled.length < n) {
                        enabled = new int[n * 2];
                        picked = new int[n * 2];
                    }
                    int c = 0;
                    if (s.panic == null) for (int t = 0; t < n; t++) if (s.runnable(t)) enabled[c++] = t;
                    if (c == 0) {
                        if (terminals == null) terminals = new ArrayList<>();
                        terminals.add(new Terminal(i, outcomes.of(s), freed(s)));
                        continue;
                    }
                    if (persistent != null) {
                        if (scratch == null) scratch = s.copy();
                        else scratch.rewind(s);
                        long done = expandPersistent(persistent, s, i, enabled, c, picked, scratch, pack, worker);
                        myTransitions += done;
                        myPruned += c - done;
                        if ((myTransitions & 255) < done) checkBudgets(coordinator, myTransitions);
                        continue;
                    }
                    long explored = 0; // local steps explored from s so far
                    boolean atS = false;
                    for (int j = 0; j < c; j++) {
                        int t = enabled[j];
                        if (asleep(sleep, t)) {
                            myPruned++;
                            continue;
                        }
                        if (scratch == null) scratch = s.copy(); // shares s's frames and per-object hashes
                        else if (!atS) scratch.rewind(s);        // copies only the objects s does not share with the last state
                        atS = true;
                        KernelState child = scratch;
                        child.step(t, null);
                        myTransitions++;
                        long childSleep = 0;
                        if (exactIndependence && t < 64) {
                            long indep = 0;
                            for (int z = 0; z < 64; z++) if (((sleep | explored) & (1L << z)) != 0 && commute(s, z, t)) indep |= 1L << z;
                            childSleep = indep;
                            explored |= 1L << t;
                        } else if (options.partialOrderReduction() && t < 64 && Footprint.local(s, child, t)) {
                            childSleep = sleep | explored;
                            if (checkIndependence) checkIndependent(s, t, childSleep);
                            explored |= 1L << t;
                        }
                        long fp = child.fingerprint();
                        long rank = FingerprintSet.rank(i, t);
                        int entry = recent != null && recent.offered(fp, rank) ? -1 : seen.offer(worker, fp, rank, childSleep);
                        // stored, a new state holds only the objects its step changed; scratch equals s again
                        if (entry >= 0) pack = keep(worker, entry, scratch, i, pack);
                        scratch.rewind(s);
                        if ((myTransitions & 255) == 0) checkBudgets(coordinator, myTransitions);
                    }
                }
                chunkTerminals[chunk] = terminals;
            }
        } finally {
            transitions.addAndGet(myTransitions + (replay == null ? 0 : replay.transitions));
            pruned.addAndGet(myPruned + (replay == null ? 0 : replay.pruned));
        }
    }

    /**
     * A worker's expansion of states without a reduction or with sleep sets, by steps replayed from what
     * they read ({@link StepCache}): a state is unpacked only for a step not met before, or at its end. Its own
     * method, so the compiler's hot loop is this and not the whole of {@link #work}.
     */
    private final class Replay {
        private final StepCache cache;
        private final FingerprintSet.Recent recent;
        private final int worker;
        private final boolean coordinator;
        private final Outcomes outcomes = new Outcomes();
        private final boolean sleeps = options.partialOrderReduction();
        private KernelState s, scratch; // as in work(), for the steps not met before
        private int[] pack = new int[16];
        long transitions, pruned;

        Replay(StepCache cache, FingerprintSet.Recent recent, int worker) {
            this.cache = cache;
            this.recent = recent;
            this.worker = worker;
            this.coordinator = worker == 0;
        }

        /** Expands states from..to of the level; returns the terminal states met, or null. */
        List<Terminal> chunk(int from, int to) {
            List<Terminal> terminals = null;
            for (int i = from; i < to && stop == null; i++) {
                cache.at(arena(i), levelAt[i], depth > 0);
                boolean unpacked = false;
                int c = 0;
                long sleep = sleeps ? levelSleep[i] : 0, explored = 0; // sleep sets, as in work()
                for (int t = 0, n = cache.threads(); t < n; t++) {
                    int e = cache.find(t);
                    if (e == StepCache.MISS || checkStepCache) {
                        if (!unpacked) {
                            unpack(i);
                            unpacked = true;
                        }
                        if (e == StepCache.MISS) e = cache.record(t, s, scratch, pack);
                        else checkStep(cache, e, s, scratch, t, i);
                    }
                    if (cache.disabled(e)) continue;
                    c++;
                    if (asleep(sleep, t)) {
                        pruned++;
                        continue;
                    }
                    long fp = cache.fingerprint(e);
                    long childSleep = 0;
                    if (sleeps && t < 64 && cache.local(e)) {
                        childSleep = sleep | explored;
                        explored |= 1L << t;
                    }
                    long rank = FingerprintSet.rank(i, t);
                    int entry = recent != null && recent.offered(fp, rank) ? -1 : seen.offer(worker, fp, rank, childSleep);
                    if (entry >= 0) {
                        int len = cache.childLength(e);
                        if (pack.length < len) pack = new int[len * 2];
                        cache.child(e, pack);
                        seen.keep(worker, entry, pack, len);
                    }
                    if ((++transitions & 255) == 0) checkBudgets(coordinator, transitions);
                }
                if (c == 0) {
                    if (!unpacked) s = packed.unpack(arena(i), levelAt[i], levelFp[i], s);
                    if (terminals == null) terminals = new ArrayList<>();
                    terminals.add(new Terminal(i, outcomes.of(s), freed(s)));
                }
            }
            return terminals;
        }

        /** State i of the level as objects, and the scratch state rewound to it. */
        private void unpack(int i) {
            s = packed.unpack(arena(i), levelAt[i], levelFp[i], s);
            if (scratch == null) scratch = s.copy();
            else scratch.rewind(s);
        }
    }

    /** The arena state i of the level is packed in, at levelAt[i]. */
    private int[] arena(int i) {
        return levelArenaOf == null ? levelArenas[0] : levelArenas[levelArenaOf[i]];
    }

    /** This worker's step cache, made at its first use and kept for the whole search. */
    private synchronized StepCache stepCache(int worker) {
        if (stepCaches == null) stepCaches = new StepCache[Math.max(1, options.threads())];
        if (stepCaches[worker] == null) {
            stepCaches[worker] = new StepCache(packed, stepCacheEntries, options.partialOrderReduction() ? Footprint::local : null);
        }
        return stepCaches[worker];
    }

    /** checkStepCache: thread t's step from state i taken on objects gives the child entry e replays, id for id. */
    private void checkStep(StepCache cache, int e, KernelState s, KernelState scratch, int t, int i) {
        boolean can = s.runnable(t);
        if (can == cache.disabled(e)) throw new IllegalStateException("step cache: thread " + t + " of state " + (levelStart + i)
                + (can ? " can run, the cache says not" : " cannot run, the cache says it can"));
        if (!can) return;
        scratch.step(t, null);
        long fp = scratch.fingerprint();
        int[] real = new int[PackedStates.length(scratch)];
        packed.pack(scratch, arena(i), levelAt[i], real);
        boolean local = Footprint.local(s, scratch, t);
        scratch.rewind(s);
        int[] replayed = new int[cache.childLength(e)];
        long cached = cache.fingerprint(e);
        cache.child(e, replayed);
        if (options.partialOrderReduction() && local != cache.local(e)) {
            throw new IllegalStateException("step cache: thread " + t + " of state " + (levelStart + i) + " takes a "
                    + (local ? "" : "non-") + "local step, the cache says otherwise");
        }
        if (fp != cached || !Arrays.equals(real, 0, real.length, replayed, 0, cache.childLength(e))) {
            throw new IllegalStateException("step cache: thread " + t + " of state " + (levelStart + i) + " steps to "
                    + Arrays.toString(real) + " (fingerprint " + fp + "), the cache replays " + Arrays.toString(Arrays.copyOf(replayed,
                    cache.childLength(e))) + " (" + cached + ")");
        }
    }

    /**
     * Expands state {@code s} (entry {@code i} of the level) along a persistent set of its {@code c}
     * runnable threads; returns the steps followed. The cycle proviso: when a chosen step leads to a
     * state already numbered (this level or an earlier one), every runnable thread is followed, so no
     * cycle of the reduced graph can put a thread's step off for ever. The first level (the initial
     * state) is always expanded in full.
     */
    private long expandPersistent(PersistentSets persistent, KernelState s, int i, int[] enabled, int c, int[] picked,
                                  KernelState scratch, int[] pack, int worker) {
        int m = depth == 0 ? c : persistent.choose(s, enabled, c, scratch, picked);
        int[] order = m < c ? picked : enabled;
        boolean proviso = false;
        for (int j = 0; j < m; j++) proviso |= offerStep(s, i, order[j], scratch, pack, worker) == NUMBERED;
        if (m == c || !proviso) return m;
        for (int j = 0, k = 0; j < c; j++) {
            int t = enabled[j];
            if (k < m && picked[k] == t) {
                k++;
                continue;
            }
            offerStep(s, i, t, scratch, pack, worker);
        }
        return c;
    }

    /** What {@link #offerStep} found: a new state, one found already in the next level, one numbered already. */
    private static final int NEW = 0, NEXT_LEVEL = 1, NUMBERED = 2;

    /** Steps {@code t} on {@code scratch} (equal to s) and offers the child; scratch equals s again afterwards. */
    private int offerStep(KernelState s, int i, int t, KernelState scratch, int[] pack, int worker) {
        scratch.step(t, null);
        long fp = scratch.fingerprint();
        int entry = seen.offer(worker, fp, FingerprintSet.rank(i, t), 0);
        if (entry >= 0) {
            keep(worker, entry, scratch, i, pack);
            scratch.rewind(s);
            return NEW;
        }
        boolean numbered = seen.stored(fp);
        scratch.rewind(s);
        return numbered ? NUMBERED : NEXT_LEVEL;
    }

    /**
     * Hands the new state {@code child} (stepped from state {@code i} of the level) to the fingerprint set,
     * packed; returns the buffer used (grown when too small), which the caller keeps for the next one.
     */
    private int[] keep(int worker, int entry, KernelState child, int i, int[] buf) {
        int need = PackedStates.length(child);
        if (buf.length < need) buf = new int[need * 2];
        int len = packed.pack(child, arena(i), levelAt[i], buf);
        seen.keep(worker, entry, buf, len);
        return buf;
    }

    /** Sleep sets may be offered (and must be intersected): any reduction, or the exact-independence experiment. */
    private boolean sleepsKept() {
        return options.partialOrderReduction() || exactIndependence;
    }

    private void checkBudgets(boolean coordinator, long myTransitions) {
        long now = System.nanoTime();
        if (now > deadline) {
            stop = ExplorationReport.BUDGET_TIME;
            return;
        }
        if (!coordinator) return;
        if (options.progress() != null && now - lastProgress >= progressEvery) {
            lastProgress = now;
            options.progress().update(count + seen.levelSize(), levelSize + seen.levelSize(),
                    transitions.get() + myTransitions, depth);
        }
        if (now - lastMemoryCheck >= MEMORY_CHECK_EVERY) {
            lastMemoryCheck = now;
            if (Memory.nearlyFull()) stop = ExplorationReport.BUDGET_MEMORY;
        }
    }

    /** Heap use after the last collection, against the maximum heap. */
    static final class Memory {
        private Memory() {}

        /** No search of this JVM has checked the memory yet. */
        static final java.util.concurrent.atomic.AtomicBoolean FIRST = new java.util.concurrent.atomic.AtomicBoolean(true);

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
        KernelState k = Kernels.boot(scenario, design);
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
