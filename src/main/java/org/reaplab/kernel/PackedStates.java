package org.reaplab.kernel;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.BiPredicate;

/**
 * The states an explorer keeps, packed (SPIN's "collapse" compression): every distinct task, thread
 * group, mm and value of the global part (process and oom_reaper lists, fired invariants, panic, pid
 * allocator) is stored once, in a table of its kind, and a kept state is a few ints, the ids of its
 * values. A search keeps millions of states but meets only thousands of distinct tasks, groups or mms,
 * so the frontier lives in large int arrays and the garbage collector has almost nothing to trace.
 *
 * <p>A stored value is never written. {@link #unpack} hands the stored objects to a state as they are
 * (no copy): a worker's scratch state rewound to it shares them, and a step copies each object on its
 * first lookup ({@link Exec}), as for any rewound state. Values are found by their fingerprint hash
 * first, then compared field by field ({@code sameValue}, fixed fields included), so two different values
 * never share an id and an unpacked state is exactly the state that was packed.
 *
 * <p>A packed state is {@code [shape, globals, task ids..., group ids..., mm ids...]} with shape = tasks
 * | groups &lt;&lt; 10 | mms &lt;&lt; 20. Several threads may pack and unpack at once when the store is made shared.
 */
public final class PackedStates {
    private static final int SHAPE_BITS = 10;
    private static final int SHAPE_MASK = (1 << SHAPE_BITS) - 1;

    final World world;
    private final Table<Task> tasks;
    private final Table<ThreadGroup> groups;
    private final Table<Mm> mms;
    private final Table<Globals> globals;

    /**
     * For the states of one search (they share {@code any}'s World); {@code shared}: several threads pack
     * at once (then the tables lock; one thread needs no lock).
     */
    public PackedStates(KernelState any, boolean shared) {
        this.world = any.world;
        tasks = new Table<>(Task::sameValue, shared);
        groups = new Table<>(ThreadGroup::sameValue, shared);
        mms = new Table<>(Mm::sameValue, shared);
        globals = new Table<>(Globals::sameValue, shared);
    }

    /** The ints a packed state of {@code s}'s shape takes. */
    public static int length(KernelState s) {
        return 2 + s.tasks.length + s.groups.length + s.mms.length;
    }

    /** The ints the packed state at {@code a[at]} takes. */
    public static int length(int[] a, int at) {
        return 2 + taskCount(a, at) + groupCount(a, at) + mmCount(a, at);
    }

    /**
     * Packs {@code k} into {@code out} (at least {@link #length(KernelState)} long) and returns its length.
     * {@code parent} (null for none) is the packed state {@code k} was stepped from, at {@code parent[at]}:
     * every object {@code k} still shares with it keeps its id without a lookup.
     */
    public int pack(KernelState k, int[] parent, int at, int[] out) {
        long[] parts = k.hashes();
        int nt = k.tasks.length, ng = k.groups.length, nm = k.mms.length;
        if (nt > SHAPE_MASK || ng > SHAPE_MASK || nm > SHAPE_MASK) throw new IllegalStateException("more than 1023 tasks, groups or mms");
        int pt = 0, pg = 0, pm = 0;
        if (parent != null) {
            pt = taskCount(parent, at);
            pg = groupCount(parent, at);
            pm = mmCount(parent, at);
        }
        out[0] = shape(nt, ng, nm);
        int o = 2;
        for (int i = 0; i < nt; i++) {
            int id = i < pt ? parent[at + 2 + i] : -1;
            out[o++] = id >= 0 && tasks.get(id) == k.tasks[i] ? id : tasks.intern(k.tasks[i], parts[i]);
        }
        for (int i = 0; i < ng; i++) {
            int id = i < pg ? parent[at + 2 + pt + i] : -1;
            out[o++] = id >= 0 && groups.get(id) == k.groups[i] ? id : groups.intern(k.groups[i], parts[nt + i]);
        }
        for (int i = 0; i < nm; i++) {
            int id = i < pm ? parent[at + 2 + pt + pg + i] : -1;
            out[o++] = id >= 0 && mms.get(id) == k.mms[i] ? id : mms.intern(k.mms[i], parts[nt + ng + i]);
        }
        int gid = parent != null ? parent[at + 1] : -1;
        if (gid < 0 || !globals.get(gid).heldBy(k)) {
            Globals g = new Globals(k, parts[nt + ng + nm]);
            gid = globals.intern(g, g.key());
        }
        out[1] = gid;
        return o;
    }

    /**
     * The packed state at {@code a[at]} with fingerprint {@code fingerprint} (as {@link KernelState#fingerprint()}
     * gave it when packed), unpacked into {@code into} (null: a new state), which is returned. It holds the
     * stored objects themselves: step a copy or a state rewound to it, never it.
     */
    public KernelState unpack(int[] a, int at, long fingerprint, KernelState into) {
        int nt = taskCount(a, at), ng = groupCount(a, at), nm = mmCount(a, at);
        KernelState k = into != null ? into : KernelState.blank(world);
        Task[] ts = k.tasks != null && k.tasks.length == nt ? k.tasks : new Task[nt];
        ThreadGroup[] gs = k.groups != null && k.groups.length == ng ? k.groups : new ThreadGroup[ng];
        Mm[] ms = k.mms != null && k.mms.length == nm ? k.mms : new Mm[nm];
        long[] parts = new long[nt + ng + nm + 1]; // fresh: a state rewound to k keeps these hashes
        int o = at + 2;
        for (int i = 0; i < nt; i++, o++) {
            ts[i] = tasks.get(a[o]);
            parts[i] = tasks.hash(a[o]);
        }
        for (int i = 0; i < ng; i++, o++) {
            gs[i] = groups.get(a[o]);
            parts[nt + i] = groups.hash(a[o]);
        }
        for (int i = 0; i < nm; i++, o++) {
            ms[i] = mms.get(a[o]);
            parts[nt + ng + i] = mms.hash(a[o]);
        }
        Globals g = globals.get(a[at + 1]);
        parts[nt + ng + nm] = g.part;
        k.unpacked(ts, gs, ms, g.processList, g.oomReaperList, g.oomReaperTask, g.panic, g.fired, g.nextPid, parts, fingerprint);
        return k;
    }

    /** The invariants fired in the packed state at {@code a[at]} (as {@link KernelState#fired}). */
    public int[] fired(int[] a, int at) {
        return globals.get(a[at + 1]).fired;
    }

    /** Distinct values stored: tasks, groups, mms, global parts. */
    public long[] sizes() {
        return new long[] {tasks.size(), groups.size(), mms.size(), globals.size()};
    }

    /** The tasks, thread groups and mms of the packed state at {@code a[at]}. */
    static int taskCount(int[] a, int at) {
        return a[at] & SHAPE_MASK;
    }

    static int groupCount(int[] a, int at) {
        return a[at] >>> SHAPE_BITS & SHAPE_MASK;
    }

    static int mmCount(int[] a, int at) {
        return a[at] >>> 2 * SHAPE_BITS;
    }

    static int shape(int tasks, int groups, int mms) {
        return tasks | groups << SHAPE_BITS | mms << 2 * SHAPE_BITS;
    }

    // ---- for StepCache (through StoredValues): stored values and hashes by id, without unpacking a state ----

    Task task(int id) {
        return tasks.get(id);
    }

    ThreadGroup group(int id) {
        return groups.get(id);
    }

    Mm mm(int id) {
        return mms.get(id);
    }

    long taskHash(int id) {
        return tasks.hash(id);
    }

    long groupHash(int id) {
        return groups.hash(id);
    }

    long mmHash(int id) {
        return mms.hash(id);
    }

    /** The fingerprint's hash of the lists of global part {@code id}. */
    long listsPart(int id) {
        return globals.get(id).part;
    }

    int[] fired(int id) {
        return globals.get(id).fired;
    }

    /** The id of global part {@code id} with its fired invariants replaced by {@code fired}. */
    int withFired(int id, int[] fired) {
        Globals g = new Globals(globals.get(id), fired);
        return globals.intern(g, g.key());
    }

    /** What a state holds besides its tasks, groups and mms; its arrays are replaced, never written, by steps. */
    private static final class Globals {
        final int[] processList, oomReaperList, fired;
        final String panic;
        final int oomReaperTask, nextPid;
        final long part; // the fingerprint's hash of the lists

        Globals(KernelState k, long part) {
            processList = k.processList;
            oomReaperList = k.oomReaperList;
            fired = k.fired;
            panic = k.panic;
            oomReaperTask = k.oomReaperTask;
            nextPid = k.nextPid;
            this.part = part;
        }

        Globals(Globals o, int[] fired) {
            processList = o.processList;
            oomReaperList = o.oomReaperList;
            this.fired = fired;
            panic = o.panic;
            oomReaperTask = o.oomReaperTask;
            nextPid = o.nextPid;
            part = KernelState.listsHash(processList, oomReaperList, panic, fired);
        }

        /** k holds these very values (the arrays by identity: the common case of a step that left them). */
        boolean heldBy(KernelState k) {
            return k.processList == processList && k.oomReaperList == oomReaperList && k.fired == fired
                    && k.panic == panic && k.oomReaperTask == oomReaperTask && k.nextPid == nextPid;
        }

        long key() {
            return new Hasher().put(part).put(oomReaperTask, nextPid).put(panic == null ? 0 : panic.hashCode()).value();
        }

        boolean sameValue(Globals o) {
            return oomReaperTask == o.oomReaperTask && nextPid == o.nextPid && Objects.equals(panic, o.panic)
                    && Arrays.equals(processList, o.processList) && Arrays.equals(oomReaperList, o.oomReaperList)
                    && Arrays.equals(fired, o.fired);
        }
    }

    /**
     * Values of one kind by id: 16 stripes by hash, each an open-addressing table behind its own lock when shared.
     * An id is (index in its stripe) &lt;&lt; 4 | stripe. Lookups by id take no lock: an id reaches another
     * thread only through the explorer's level barrier or a stripe's lock, and a grown stripe publishes
     * its arrays through a volatile field.
     */
    private static final class Table<T> {
        private static final int STRIPE_BITS = 4;
        private final BiPredicate<T, T> same;
        private final boolean shared;
        @SuppressWarnings("unchecked")
        private final Stripe<T>[] stripes = new Stripe[1 << STRIPE_BITS];

        Table(BiPredicate<T, T> same, boolean shared) {
            this.same = same;
            this.shared = shared;
            for (int i = 0; i < stripes.length; i++) stripes[i] = new Stripe<>();
        }

        @SuppressWarnings("unchecked")
        T get(int id) {
            return (T) stripes[id & ((1 << STRIPE_BITS) - 1)].store.values[id >>> STRIPE_BITS];
        }

        long hash(int id) {
            return stripes[id & ((1 << STRIPE_BITS) - 1)].store.hashes[id >>> STRIPE_BITS];
        }

        int intern(T value, long hash) {
            int stripe = (int) ((hash * 0x9E3779B97F4A7C15L) >>> (64 - STRIPE_BITS));
            Stripe<T> s = stripes[stripe];
            if (!shared) return s.intern(value, hash, same) << STRIPE_BITS | stripe;
            int known = s.find(value, hash, same); // most values are stored already: found without the lock
            if (known >= 0) return known << STRIPE_BITS | stripe;
            synchronized (s) {
                return s.intern(value, hash, same) << STRIPE_BITS | stripe;
            }
        }

        long size() {
            long n = 0;
            for (Stripe<T> s : stripes) n += s.n;
            return n;
        }
    }

    private static final class Store {
        final Object[] values;
        final long[] hashes;

        Store(int capacity) {
            values = new Object[capacity];
            hashes = new long[capacity];
        }
    }

    private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(int[].class);

    private static final class Stripe<T> {
        volatile Store store = new Store(64);
        private volatile int[] index = new int[128]; // slot -> id + 1 (0: empty), by hash
        volatile int n;

        /**
         * Without the lock: the id of an equal value stored already, or -1 (then the caller interns under
         * the lock). A slot is written after its value is in the store (release) and read before the store
         * (acquire), so an id read is in the store read after it.
         */
        @SuppressWarnings("unchecked")
        int find(T value, long hash, BiPredicate<T, T> same) {
            int[] ix = index;
            int mask = ix.length - 1;
            for (int i = slot(hash, mask); ; i = (i + 1) & mask) {
                int e = (int) SLOTS.getAcquire(ix, i);
                if (e == 0) return -1;
                Store s = store;
                int id = e - 1;
                if (s.hashes[id] == hash && (s.values[id] == value || same.test((T) s.values[id], value))) return id;
            }
        }

        @SuppressWarnings("unchecked")
        int intern(T value, long hash, BiPredicate<T, T> same) {
            Store s = store;
            int[] ix = index;
            int mask = ix.length - 1;
            int i = slot(hash, mask);
            for (int e; (e = ix[i]) != 0; i = (i + 1) & mask) {
                int id = e - 1;
                if (s.hashes[id] == hash && (s.values[id] == value || same.test((T) s.values[id], value))) return id;
            }
            int id = n;
            if (id == s.values.length) {
                Store grown = new Store(id * 2);
                System.arraycopy(s.values, 0, grown.values, 0, id);
                System.arraycopy(s.hashes, 0, grown.hashes, 0, id);
                s = grown;
            }
            s.values[id] = value;
            s.hashes[id] = hash;
            store = s;
            SLOTS.setRelease(ix, i, id + 1);
            n = id + 1;
            if ((id + 1) * 2 > ix.length) growIndex(s);
            return id;
        }

        private void growIndex(Store s) {
            int[] ix = new int[index.length * 2];
            int mask = ix.length - 1;
            for (int id = 0; id < n; id++) {
                int i = slot(s.hashes[id], mask);
                while (ix[i] != 0) i = (i + 1) & mask;
                ix[i] = id + 1;
            }
            index = ix; // published whole to readers without the lock (find)
        }

        private static int slot(long hash, int mask) {
            return (int) ((hash * 0xC2B2AE3D27D4EB4FL) >>> 32) & mask;
        }
    }
}
