package org.reaplab.kernel;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Steps of packed states, replayed from what they read. Whether a thread can run, and what its step
 * does, depend only on the objects the probe and the step look up, which {@link Exec} records
 * ({@link Access}, with the witnesses of the facts filed under an mm). So the first time thread
 * {@code t} runs from some values of those objects, the step is taken on objects as usual and the cache
 * keeps what it left: the ids ({@link PackedStates}) of the values it wrote. Every later state in which
 * t's lookups meet the same values takes the same step without unpacking, copying or hashing an object:
 * the child is the parent's ids with the written ones replaced, and its fingerprint's sum of object
 * hashes is the parent's plus the recorded difference. A search keeps millions of states made of a few
 * hundred distinct tasks, groups and mms, so it meets each such step many times (sharers-4: about five
 * million transitions from a few thousand recorded steps).
 *
 * <p>The three invariants checked after every step read the whole state, so they are not part of a
 * recorded step: they are checked on the child's objects, looked up by id (never copied or written),
 * exactly as {@link KernelState#step} checks them.
 *
 * <p>A child is equal, id for id, to the packed state of the same step taken on objects (the explorer's
 * {@code checkStepCache} option compares the two at every transition; {@code StepCacheTest} runs it over
 * the library). One per worker thread: it is not thread-safe; its {@link PackedStates} may be shared.
 */
public final class StepCache {
    /** A recorded result: the thread cannot run ({@link #disabled}). */
    private static final int DISABLED = -2;
    /** {@link #find}: nothing recorded matches; {@link #record} the step. */
    public static final int MISS = -1;

    private static final int KIND_BITS = 28, INDEX_MASK = (1 << KIND_BITS) - 1;
    private static final int GLOBALS = 1;
    private static final int SCANS = StoredValues.SCANS;

    private final PackedStates packed;
    private final int maxEntries;
    private final Access reads = new Access(), stepReads = new Access();

    // the state expanded: the packed ids at a[at], its shape, and (once asked for) the sum of its object hashes
    private int[] a;
    private int at, nt, ng, nm;
    private long sum;
    private boolean summed, parentChecked, viewIsParent;
    private int childGlobals; // the global part of the child last fingerprinted

    // read patterns: which tasks, groups and mms (by index) and whether the global part was read
    private long[] patTasks = new long[16], patGroups = new long[16], patMms = new long[16];
    private int[] patFlags = new int[16], patScans = new int[16];
    private int patterns;
    private final Map<Pattern, Integer> patternIds = new HashMap<>();

    private record Pattern(long tasks, long groups, long mms, int flags, int scans) {
        // written out: a record's generated equals and hashCode bootstrap method handles at first use
        @Override
        public boolean equals(Object o) {
            return o instanceof Pattern p && tasks == p.tasks && groups == p.groups && mms == p.mms && flags == p.flags && scans == p.scans;
        }

        @Override
        public int hashCode() {
            return Long.hashCode(tasks * 31 + groups * 961 + mms * 29791) ^ flags << 8 ^ scans;
        }
    }

    // the patterns met for a thread whose task has a given value: (thread, task id) -> list of pattern ids
    private long[] headKeys = new long[256];
    private int[][] heads = new int[256][];
    private int headCount;

    // recorded steps: key ints [thread, pattern, shape, global id?, ids read...] and what the step left
    private int[] keys = new int[1 << 12];
    private int[] keyAt = new int[256], keyLength = new int[256];
    private int[] results = new int[1 << 12]; // [shape', global id', changes n, (kind << 28 | index, id) x n] or [DISABLED]
    private int[] resultAt = new int[256];
    private long[] delta = new long[256];
    private boolean[] stepLocal = new boolean[256];
    private final Local local;
    private boolean invariantsFired; // the invariants after the step last fingerprinted fired one
    // the invariants a recorded step can turn true (Invariants.check): of these tasks, and of the mms
    private long[] checkTasks = new long[256];
    private boolean[] checkMms = new boolean[256];
    private int entries, keysUsed, resultsUsed;
    private int[] table = new int[1 << 10]; // open addressing by key hash: entry + 1, 0 empty
    private int[] gathered = new int[64];
    // per thread (the first LAST), the key and entry of its last step found: keys of up to LAST_KEY ints
    private static final int LAST = 64, LAST_KEY = 16;
    private final int[] lastKey = new int[LAST * LAST_KEY], lastLength = new int[LAST], lastEntry = new int[LAST];

    private final StoredValues values;

    // the child's objects for the invariants: a view of tables' values, never stepped or written
    private final KernelState view;
    private final Exec viewExec;

    /** Tells whether a step was local (a partial-order reduction's question), from the states before and after it. */
    @FunctionalInterface
    public interface Local {
        boolean test(KernelState before, KernelState after, int thread);
    }

    /** For the states of one search, packed in {@code packed}; keeps at most {@code maxEntries} recorded steps. */
    public StepCache(PackedStates packed, int maxEntries) {
        this(packed, maxEntries, null);
    }

    /**
     * With {@code local} (null for none), each recorded step also keeps whether it was local; it is asked
     * before the invariants after the step are checked, which {@link #local} then adds.
     */
    public StepCache(PackedStates packed, int maxEntries, Local local) {
        this.local = local;
        this.packed = packed;
        this.maxEntries = maxEntries;
        this.view = KernelState.blank(packed.world);
        this.viewExec = new Exec(view, null, null);
        this.values = new StoredValues(packed);
    }

    /**
     * The state the next lookups are from: the packed state at {@code a[at]}; {@code checked}: it was
     * reached by a step, so every invariant that holds in it has fired already (not so the initial state).
     */
    public void at(int[] a, int at, boolean checked) {
        parentChecked = checked;
        viewIsParent = false;
        this.a = a;
        this.at = at;
        nt = PackedStates.taskCount(a, at);
        ng = PackedStates.groupCount(a, at);
        nm = PackedStates.mmCount(a, at);
        summed = false;
    }

    /** Threads (tasks) of the current state. */
    public int threads() {
        return nt;
    }

    /** The entry of thread {@code t}'s recorded probe and step from the current state, or {@link #MISS}. */
    public int find(int t) {
        int[] list = head(t, a[at + 2 + t]);
        if (list == null) return MISS;
        for (int p : list) {
            int n = gather(t, p);
            if (n < 0) continue;
            // the level is expanded in parent order, and siblings mostly meet a thread's step with the same key
            if (t < LAST && lastLength[t] == n && Arrays.equals(lastKey, t * LAST_KEY, t * LAST_KEY + n, gathered, 0, n)) return lastEntry[t];
            int e = lookup(n);
            if (e >= 0) {
                if (t < LAST && n <= LAST_KEY) {
                    System.arraycopy(gathered, 0, lastKey, t * LAST_KEY, n);
                    lastLength[t] = n;
                    lastEntry[t] = e;
                }
                return e;
            }
        }
        return MISS;
    }

    /** The entry {@link #find} or {@link #record} returned stands for a thread that cannot run. */
    public boolean disabled(int e) {
        return results[resultAt[e]] == DISABLED;
    }

    /**
     * Takes thread {@code t}'s probe, and its step if it can run, on objects: {@code s} is the current state
     * unpacked, {@code scratch} a state rewound to it (and rewound to it again after). Returns the entry; it
     * is kept for later lookups unless the step read something a key cannot hold (an index of 64 or more),
     * or the cache is full, and is then good until the next {@code record}.
     */
    public int record(int t, KernelState s, KernelState scratch, int[] buf) {
        reads.clear();
        boolean can = s.runnable(t, reads);
        boolean wasLocal = false;
        if (can) {
            stepReads.clear();
            scratch.step(t, null, stepReads, false);
            reads.add(stepReads);
            if (buf.length < PackedStates.length(scratch)) buf = new int[PackedStates.length(scratch)];
            packed.pack(scratch, a, at, buf);
            wasLocal = local != null && local.test(s, scratch, t);
            scratch.rewind(s);
        }
        boolean keep = !reads.wide && entries < maxEntries;
        int p = keep ? pattern(reads) : -1;
        int n = keep ? gather(t, p) : 0;
        int e = entries;
        if (keyAt.length == e) grow();
        stepLocal[e] = wasLocal;
        keyAt[e] = keysUsed;
        keyLength[e] = n;
        if (keys.length < keysUsed + n) keys = Arrays.copyOf(keys, Math.max(keys.length * 2, keysUsed + n));
        System.arraycopy(gathered, 0, keys, keysUsed, n);
        resultAt[e] = resultsUsed;
        int need = 3 + 2 * (nt + ng + nm + 3);
        if (results.length < resultsUsed + need) results = Arrays.copyOf(results, Math.max(results.length * 2, resultsUsed + need));
        int r = resultsUsed, o = r;
        long d = 0;
        if (!can) {
            results[o++] = DISABLED;
        } else {
            int shape = buf[0];
            int ct = PackedStates.taskCount(buf, 0), cg = PackedStates.groupCount(buf, 0), cm = PackedStates.mmCount(buf, 0);
            if (ct < nt || cg < ng || cm < nm) keep = false; // objects are never removed; a key could not say so
            results[o++] = shape;
            results[o++] = buf[1];
            int count = o++;
            int changes = 0;
            for (int i = 0; i < ct; i++) {
                int id = buf[2 + i], old = i < nt ? a[at + 2 + i] : -1;
                if (id == old) continue;
                d += values.taskHash(id) - (old < 0 ? 0 : values.taskHash(old));
                results[o++] = i;
                results[o++] = id;
                changes++;
            }
            for (int i = 0; i < cg; i++) {
                int id = buf[2 + ct + i], old = i < ng ? a[at + 2 + nt + i] : -1;
                if (id == old) continue;
                d += values.groupHash(id) - (old < 0 ? 0 : values.groupHash(old));
                results[o++] = 1 << KIND_BITS | i;
                results[o++] = id;
                changes++;
            }
            for (int i = 0; i < cm; i++) {
                int id = buf[2 + ct + cg + i], old = i < nm ? a[at + 2 + nt + ng + i] : -1;
                if (id == old) continue;
                d += values.mmHash(id) - (old < 0 ? 0 : values.mmHash(old));
                results[o++] = 2 << KIND_BITS | i;
                results[o++] = id;
                changes++;
            }
            results[count] = changes;
        }
        delta[e] = d;
        if (can) checked(e, r, buf);
        if (keep) {
            keysUsed += n;
            resultsUsed = o;
            entries++;
            insert(e);
            addHead(t, a[at + 2 + t], p);
        }
        return e;
    }

    /**
     * Which invariant instances the recorded step {@code e} (its result at {@code results[r]}, its child
     * packed in {@code child}) can turn true: a task's, when the step changed what the instance reads of
     * the task, its group or its mm ({@link Invariants#taskInputs} and the like); every mm's, when it
     * changed what they read of an mm or what a task tells about mms (the mm it uses, the mm its exit_mm
     * is on the way to). All of them after a step that created objects. An instance whose inputs the step
     * left holds after it exactly when it held before, and the parent's instances that held have fired.
     */
    private void checked(int e, int r, int[] child) {
        int ct = PackedStates.taskCount(child, 0);
        if (results[r] != a[at] || ct > 64) {
            checkTasks[e] = -1L;
            checkMms[e] = true;
            return;
        }
        long tasks = 0;
        boolean mms = false;
        for (int c = 0, o = r + 3, n = results[r + 2]; c < n; c++, o += 2) {
            int where = results[o], i = where & INDEX_MASK, kind = where >>> KIND_BITS;
            if (kind == 0) {
                // the task's value before and after are the key's and the entry's: fixed for every state it serves
                Task before = values.task(a[at + 2 + i]), after = values.task(results[o + 1]);
                if (Invariants.runsOnAnMm(after) && Invariants.taskInputs(before) != Invariants.taskInputs(after)) tasks |= 1L << i;
                mms |= KernelState.mmUsed(before) != KernelState.mmUsed(after) || before.exitMm != after.exitMm;
            } else if (kind == 1) {
                if (Invariants.groupInputs(values.group(a[at + 2 + nt + i])) == Invariants.groupInputs(values.group(results[o + 1]))) continue;
                // a task's thread group never changes; other tasks' values do, from state to state
                for (int j = 0; j < ct; j++) if (values.task(child[2 + j]).group == i) tasks |= 1L << j;
            } else {
                if (Invariants.mmInputs(values.mm(a[at + 2 + nt + ng + i])) == Invariants.mmInputs(values.mm(results[o + 1]))) continue;
                mms = true;
                tasks = -1L; // which tasks use the mm depends on tasks outside the key
            }
        }
        checkTasks[e] = tasks;
        checkMms[e] = mms;
    }

    /**
     * The fingerprint of entry {@code e}'s child (not disabled) from the current state, with the invariants
     * checked after the step; {@link #child} then packs that child.
     */
    public long fingerprint(int e) {
        int r = resultAt[e];
        int ct = PackedStates.taskCount(results, r), cg = PackedStates.groupCount(results, r), cm = PackedStates.mmCount(results, r);
        if (!summed) {
            long x = 0;
            int o = at + 2;
            for (int i = 0; i < nt; i++) x += values.taskHash(a[o++]);
            for (int i = 0; i < ng; i++) x += values.groupHash(a[o++]);
            for (int i = 0; i < nm; i++) x += values.mmHash(a[o++]);
            sum = x;
            summed = true;
        }
        childGlobals = invariants(e, ct, cg, cm, results[r + 1]);
        invariantsFired = childGlobals != results[r + 1];
        return KernelState.fingerprintOf(ct, cg, cm, sum + delta[e], values.listsPart(childGlobals));
    }

    /** Entry {@code e}'s child, whose {@link #fingerprint} was the last asked for, packed into {@code out} (at least {@link #childLength} long). */
    public void child(int e, int[] out) {
        int r = resultAt[e];
        int shape = results[r];
        int ct = PackedStates.taskCount(results, r), cg = PackedStates.groupCount(results, r);
        out[0] = shape;
        out[1] = childGlobals;
        System.arraycopy(a, at + 2, out, 2, nt);
        System.arraycopy(a, at + 2 + nt, out, 2 + ct, ng);
        System.arraycopy(a, at + 2 + nt + ng, out, 2 + ct + cg, nm);
        int changes = results[r + 2];
        for (int c = 0, o = r + 3; c < changes; c++, o += 2) {
            int where = results[o], i = where & INDEX_MASK;
            out[2 + (where >>> KIND_BITS == 0 ? 0 : where >>> KIND_BITS == 1 ? ct : ct + cg) + i] = results[o + 1];
        }
    }

    /**
     * Entry e's step, whose {@link #fingerprint} was the last asked for, was local (the {@link Local} given
     * at construction said so of the step, and the invariants after it fired nothing).
     */
    public boolean local(int e) {
        return stepLocal[e] && !invariantsFired;
    }

    /** The ints {@link #child} writes for entry {@code e}. */
    public int childLength(int e) {
        return 2 + PackedStates.taskCount(results, resultAt[e]) + PackedStates.groupCount(results, resultAt[e])
                + PackedStates.mmCount(results, resultAt[e]);
    }

    /**
     * The invariants checked after a step, on the child's objects (Invariants.check): those the step can
     * turn true, or all of them after a step that added objects or from the initial state. Returns the id
     * of the child's global part with what fired added.
     */
    private int invariants(int e, int ct, int cg, int cm, int gid) {
        KernelState v = view;
        int[] before = values.fired(gid);
        v.fired = before;
        int r = resultAt[e];
        if (!parentChecked || results[r] != a[at]) {
            viewOf(a, at, ct, cg, cm);
            for (int c = 0, o = r + 3, n = results[r + 2]; c < n; c++, o += 2) setView(results[o], results[o + 1]);
            viewIsParent = false;
            Invariants.afterStep(viewExec);
        } else if (checkTasks[e] != 0 || checkMms[e]) {
            if (!viewIsParent) {
                viewOf(a, at, nt, ng, nm);
                viewIsParent = true;
            }
            int changes = results[r + 2];
            for (int c = 0, o = r + 3; c < changes; c++, o += 2) setView(results[o], results[o + 1]);
            Invariants.check(viewExec, checkTasks[e], checkMms[e]);
            for (int c = 0, o = r + 3; c < changes; c++, o += 2) {
                int where = results[o], i = where & INDEX_MASK;
                int kind = where >>> KIND_BITS;
                setView(where, a[at + 2 + (kind == 0 ? 0 : kind == 1 ? nt : nt + ng) + i]);
            }
        }
        return v.fired == before ? gid : packed.withFired(gid, v.fired);
    }

    /** The view holds the objects of the current state, in arrays of {@code ct}, {@code cg} and {@code cm} (at least its own). */
    private void viewOf(int[] s, int from, int ct, int cg, int cm) {
        KernelState v = view;
        if (v.tasks == null || v.tasks.length != ct) v.tasks = new Task[ct];
        if (v.groups == null || v.groups.length != cg) v.groups = new ThreadGroup[cg];
        if (v.mms == null || v.mms.length != cm) v.mms = new Mm[cm];
        int o = from + 2;
        for (int i = 0; i < nt; i++) v.tasks[i] = values.task(s[o++]);
        for (int i = 0; i < ng; i++) v.groups[i] = values.group(s[o++]);
        for (int i = 0; i < nm; i++) v.mms[i] = values.mm(s[o++]);
    }

    private void setView(int where, int id) {
        int i = where & INDEX_MASK;
        switch (where >>> KIND_BITS) {
            case 0 -> view.tasks[i] = values.task(id);
            case 1 -> view.groups[i] = values.group(id);
            default -> view.mms[i] = values.mm(id);
        }
    }

    // ---- keys ----

    private int pattern(Access r) {
        // objects the step created are not in the parent (its shape, in every key, says they are to come)
        Pattern key = new Pattern((r.tasks | r.witnessTasks) & below(nt), r.groups & below(ng), r.mms & below(nm),
                r.globals != 0 ? GLOBALS : 0, r.scans);
        Integer known = patternIds.get(key);
        if (known != null) return known;
        int p = patterns++;
        if (patTasks.length == p) {
            patTasks = Arrays.copyOf(patTasks, p * 2);
            patGroups = Arrays.copyOf(patGroups, p * 2);
            patMms = Arrays.copyOf(patMms, p * 2);
            patFlags = Arrays.copyOf(patFlags, p * 2);
            patScans = Arrays.copyOf(patScans, p * 2);
        }
        patTasks[p] = key.tasks();
        patGroups[p] = key.groups();
        patMms[p] = key.mms();
        patFlags[p] = key.flags();
        patScans[p] = key.scans();
        patternIds.put(key, p);
        return p;
    }

    private static long below(int n) {
        return n >= 64 ? -1L : (1L << n) - 1;
    }

    /** The key of thread t's step under pattern p from the current state, in {@code gathered}; -1 if p does not fit its shape. */
    private int gather(int t, int p) {
        int scans = patScans[p];
        int need = 4 + Long.bitCount(patTasks[p]) + Long.bitCount(patGroups[p]) + Long.bitCount(patMms[p]) + Integer.bitCount(scans) * nt;
        if (gathered.length < need) gathered = new int[need * 2];
        int[] k = gathered;
        int n = 0;
        k[n++] = t;
        k[n++] = p;
        k[n++] = a[at];
        if ((patFlags[p] & GLOBALS) != 0) k[n++] = a[at + 1];
        for (long m = patTasks[p]; m != 0; m &= m - 1) {
            int i = Long.numberOfTrailingZeros(m);
            if (i >= nt) return -1;
            k[n++] = a[at + 2 + i];
        }
        for (long m = patGroups[p]; m != 0; m &= m - 1) {
            int i = Long.numberOfTrailingZeros(m);
            if (i >= ng) return -1;
            k[n++] = a[at + 2 + nt + i];
        }
        for (long m = patMms[p]; m != 0; m &= m - 1) {
            int i = Long.numberOfTrailingZeros(m);
            if (i >= nm) return -1;
            k[n++] = a[at + 2 + nt + ng + i];
        }
        // one field of every task (an answer "no" of a fact filed under an mm): the field, not the task's id
        for (int scan = 0; scan < SCANS; scan++) {
            if ((scans & 1 << scan) != 0) for (int i = 0; i < nt; i++) k[n++] = values.scanned(a[at + 2 + i], scan);
        }
        return n;
    }

    private static long hash(int[] k, int from, int n) {
        long h = 0x9E3779B97F4A7C15L;
        for (int i = from; i < from + n; i++) {
            h = (h ^ k[i]) * 0xBF58476D1CE4E5B9L;
            h ^= h >>> 29;
        }
        return h;
    }

    private int slot(long h) {
        return (int) (h >>> 40) & (table.length - 1);
    }

    private int lookup(int n) {
        int[] k = gathered;
        int mask = table.length - 1;
        for (int i = slot(hash(k, 0, n)); ; i = (i + 1) & mask) {
            int e = table[i] - 1;
            if (e < 0) return MISS;
            int from = keyAt[e];
            if (keyLength[e] == n && Arrays.equals(keys, from, from + n, k, 0, n)) return e;
        }
    }

    /** Adds entry e (now counted in entries) to the table, growing it to stay at most half full. */
    private void insert(int e) {
        if (entries * 2 > table.length) {
            table = new int[table.length * 2];
            for (int x = 0; x < e; x++) place(x);
        }
        place(e);
    }

    private void place(int e) {
        int mask = table.length - 1;
        int i = slot(hash(keys, keyAt[e], keyLength[e]));
        while (table[i] != 0) i = (i + 1) & mask;
        table[i] = e + 1;
    }

    private void grow() {
        int c = keyAt.length * 2;
        keyAt = Arrays.copyOf(keyAt, c);
        keyLength = Arrays.copyOf(keyLength, c);
        resultAt = Arrays.copyOf(resultAt, c);
        delta = Arrays.copyOf(delta, c);
        checkTasks = Arrays.copyOf(checkTasks, c);
        checkMms = Arrays.copyOf(checkMms, c);
        stepLocal = Arrays.copyOf(stepLocal, c);
    }

    // ---- (thread, task id) -> patterns ----

    private int[] head(int t, int taskId) {
        long key = ((long) t << 32 | taskId) + 1;
        int mask = headKeys.length - 1;
        for (int i = (int) ((key * 0x9E3779B97F4A7C15L) >>> 40) & mask; ; i = (i + 1) & mask) {
            long k = headKeys[i];
            if (k == 0) return null;
            if (k == key) return heads[i];
        }
    }

    private void addHead(int t, int taskId, int p) {
        long key = ((long) t << 32 | taskId) + 1;
        int mask = headKeys.length - 1;
        int i = (int) ((key * 0x9E3779B97F4A7C15L) >>> 40) & mask;
        while (headKeys[i] != 0 && headKeys[i] != key) i = (i + 1) & mask;
        if (headKeys[i] == 0) {
            headKeys[i] = key;
            heads[i] = new int[] {p};
            if (++headCount * 2 > headKeys.length) growHeads();
            return;
        }
        int[] list = heads[i];
        for (int q : list) if (q == p) return;
        list = Arrays.copyOf(list, list.length + 1);
        list[list.length - 1] = p;
        heads[i] = list;
    }

    private void growHeads() {
        long[] oldKeys = headKeys;
        int[][] oldHeads = heads;
        headKeys = new long[oldKeys.length * 2];
        heads = new int[oldKeys.length * 2][];
        int mask = headKeys.length - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldKeys[j] == 0) continue;
            int i = (int) ((oldKeys[j] * 0x9E3779B97F4A7C15L) >>> 40) & mask;
            while (headKeys[i] != 0) i = (i + 1) & mask;
            headKeys[i] = oldKeys[j];
            heads[i] = oldHeads[j];
        }
    }
}
