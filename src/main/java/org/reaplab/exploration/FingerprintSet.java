package org.reaplab.exploration;

import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * The explorer's set of seen states: TLC's fingerprint set, 64-bit fingerprints and nothing else (a
 * state's id and parent live in the explorer's packed arrays). Two parts:
 *
 * <ul>
 * <li>The states of earlier levels: 64 shards by fingerprint, each an open-addressing table of bare
 * {@code long}s (linear probing, load at most 3/4, no boxing). They are written only while a level is
 * taken, so every worker reads them without a lock.</li>
 * <li>The level being expanded: each worker keeps the states it finds in tables of its own ({@link Found}:
 * no lock, and no cache line written by both cores), in the order it finds them, with their packed
 * states in an arena of its own. A worker takes its chunks of the level front to back, so the states it
 * finds come in the order of their least rank, the order one thread finds them in.</li>
 * </ul>
 *
 * <p>{@link #takeLevel} merges the workers' findings shard by shard: a fingerprint several workers found
 * keeps its least rank and the intersection of its sleep sets, and one numbered in an earlier level is
 * dropped. Without sleep sets a new state is not looked up in the earlier levels when it is offered (a
 * random access to a large table per new state) but there, in a sweep in slot order; with sleep sets it is
 * (the persistent-set search must tell a numbered state from a new one at once). The level comes back in
 * rank order, merged from the workers' lists, with no sort unless a rank was lowered out of order.
 */
final class FingerprintSet {
    /** A rank is (index of the parent in its level) &lt;&lt; THREAD_BITS | thread. */
    static final int THREAD_BITS = 10;
    static final long THREAD_MASK = (1L << THREAD_BITS) - 1;
    private static final int SHARD_BITS = 6;
    private static final int ENTRY_BITS = 26; // entries of one level, in the sort key below the rank

    private final Earlier[] earlier = new Earlier[1 << SHARD_BITS];
    private final Found[] found;
    /** The sleep sets offered are kept (intersected); without, every state is offered with none. */
    private final boolean sleeps;

    /**
     * @param workers the workers that offer states (each with its own index, 0 up)
     * @param sleeps  the sleep sets offered are kept (intersected); without, every state is offered with
     *                none and none is kept, which saves a memory access per transition
     */
    FingerprintSet(int workers, boolean sleeps) {
        this.sleeps = sleeps;
        for (int i = 0; i < earlier.length; i++) earlier[i] = new Earlier();
        found = new Found[Math.max(1, workers)];
        for (int w = 0; w < found.length; w++) found[w] = new Found();
    }

    static long rank(int indexInLevel, int thread) {
        if (thread > THREAD_MASK || indexInLevel >= 1 << (63 - THREAD_BITS - ENTRY_BITS)) {
            throw new IllegalStateException("level or thread count beyond the explorer's ranks");
        }
        return (long) indexInLevel << THREAD_BITS | thread;
    }

    /** Enters a state outside any level (the initial state). */
    void add(long fp) {
        earlier[shardIndex(fp)].insert(fp);
    }

    /**
     * Offers a state worker {@code w} found in the level being expanded: its entry (&ge; 0) when the worker
     * had not met its fingerprint in this level (and, with sleep sets, no earlier level has it), then the
     * worker hands the state over with {@link #keep}; -1 when it is known (then the least rank and the
     * intersection of sleep sets are kept).
     */
    int offer(int w, long fp, long rank, long sleep) {
        return found[w].offer(fp, rank, sleep);
    }

    /** The packed state ({@code packed[0..length)}, see {@link org.reaplab.kernel.PackedStates}) of worker w's new entry, as {@link #offer} returned it. */
    void keep(int w, int entry, int[] packed, int length) {
        found[w].keep(entry, packed, length);
    }

    /** The fingerprint belongs to a state numbered in an earlier level (read while a level is expanded). */
    boolean stored(long fp) {
        return earlier[shardIndex(fp)].contains(fp);
    }

    /** States found so far in the level being expanded (approximate while workers run: one found by two counts twice). */
    long levelSize() {
        long n = 0;
        for (Found f : found) n += f.n;
        return n;
    }

    /**
     * The states the level found, in rank order, their packed states laid out in that order too (the
     * explorer then reads the level front to back); their fingerprints join the earlier levels', and the
     * workers forget the level.
     */
    Level takeLevel() {
        return takeLevel(null);
    }

    /**
     * {@link #takeLevel()}, with {@code pool} (null for none) merging half of the shards beside the calling
     * thread: shards are independent, and with several workers the merge is most of what is not parallel.
     */
    Level takeLevel(ExecutorService pool) {
        int live = 0;
        if (pool != null && found.length > 1) {
            int half = earlier.length / 2;
            Future<Integer> upper = pool.submit(() -> merge(half, earlier.length));
            live = merge(0, half);
            try {
                live += upper.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while taking a level", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException re) throw re;
                if (e.getCause() instanceof Error err) throw err;
                throw new IllegalStateException(e.getCause());
            }
        } else {
            live = merge(0, earlier.length);
        }
        if (live >= 1 << ENTRY_BITS) throw new IllegalStateException("a level of more than 2^26 states");
        // the level keeps the workers' arenas as they are: its states are not copied
        int[][] arenas = new int[found.length][];
        for (int w = 0; w < found.length; w++) arenas[w] = found[w].arena;
        Level l = new Level(live, arenas);
        boolean inOrder = true;
        for (Found f : found) inOrder &= f.inOrder;
        if (inOrder) merged(l);
        else sorted(l);
        for (Found f : found) f.forget();
        return l;
    }

    private int merge(int from, int to) {
        int live = 0;
        for (int s = from; s < to; s++) live += merge(s);
        return live;
    }

    /**
     * Merges shard s of every worker's level: a fingerprint found by several keeps its least rank and the
     * intersection of its sleep sets; one numbered in an earlier level is dropped; the others join the
     * earlier levels. Returns the states left.
     */
    private int merge(int s) {
        Earlier numbered = earlier[s];
        int live = 0;
        for (int w = 0; w < found.length; w++) {
            Found f = found[w];
            LevelTable t = f.shards[s];
            long[] keys = t.keys;
            int[] vals = t.vals;
            for (int i = -1; i < keys.length; i++) {
                long key = i < 0 ? 0 : keys[i]; // in slot order: a sweep of the earlier levels' table too
                int e = i < 0 ? t.zeroEntry : key == 0 ? -1 : vals[i] - 1;
                if (e < 0 || f.dropped[e]) continue;
                for (int v = w + 1; v < found.length && !f.dropped[e]; v++) {
                    Found g = found[v];
                    int e2 = g.shards[s].get(key);
                    if (e2 < 0 || g.dropped[e2]) continue;
                    if (g.rank[e2] < f.rank[e]) {
                        g.sleep[e2] &= f.sleep[e];
                        f.dropped[e] = true; // worker v's pass enters it
                    } else {
                        f.sleep[e] &= g.sleep[e2];
                        g.dropped[e2] = true;
                    }
                }
                if (f.dropped[e]) continue;
                if (numbered.insert(key)) live++;
                else f.dropped[e] = true;
            }
        }
        return live;
    }

    /** The level from the workers' lists, each in rank order: merged, the lowest rank first. */
    private void merged(Level l) {
        int[] next = new int[found.length];
        for (int k = 0; k < l.size(); k++) {
            int best = -1;
            long bestRank = Long.MAX_VALUE;
            for (int v = 0; v < found.length; v++) {
                Found f = found[v];
                while (next[v] < f.n && f.dropped[next[v]]) next[v]++;
                if (next[v] < f.n && f.rank[next[v]] < bestRank) {
                    bestRank = f.rank[next[v]];
                    best = v;
                }
            }
            place(l, k, best, next[best]++);
        }
    }

    /** The level from the workers' lists, some out of rank order (a rank lowered after its state was found): sorted. */
    private void sorted(Level l) {
        int total = 0;
        for (Found f : found) total += f.n;
        long[] key = new long[l.size()];
        int[] where = new int[total]; // g -> worker << ENTRY_BITS | entry
        int g = 0, k = 0;
        for (int v = 0; v < found.length; v++) {
            Found f = found[v];
            for (int e = 0; e < f.n; e++) {
                if (f.dropped[e]) continue;
                where[g] = v << ENTRY_BITS | e;
                key[k++] = f.rank[e] << ENTRY_BITS | g++;
            }
        }
        if (key.length > 100_000) Arrays.parallelSort(key);
        else Arrays.sort(key);
        for (k = 0; k < key.length; k++) {
            int at = where[(int) (key[k] & ((1L << ENTRY_BITS) - 1))];
            place(l, k, at >>> ENTRY_BITS, at & ((1 << ENTRY_BITS) - 1));
        }
    }

    /** State k of the level is worker w's entry e (its packed state stays in the worker's arena). */
    private void place(Level l, int k, int w, int e) {
        Found f = found[w];
        l.fp[k] = f.fp[e];
        l.rank[k] = f.rank[e];
        l.sleep[k] = f.sleep[e];
        l.at[k] = f.at[e];
        if (l.arenaOf != null) l.arenaOf[k] = (byte) w;
    }

    /**
     * The new states of one level in rank order: state k's packed state starts at {@code arena(k)[at[k]]},
     * in the arena of the worker that found it.
     */
    static final class Level {
        final long[] fp, rank, sleep;
        final int[] at;
        final int[][] arenas;
        final byte[] arenaOf; // null: one arena

        Level(int n, int[][] arenas) {
            if (arenas.length > Byte.MAX_VALUE) throw new IllegalStateException("more than 127 workers");
            fp = new long[n];
            rank = new long[n];
            sleep = new long[n];
            at = new int[n];
            this.arenas = arenas;
            arenaOf = arenas.length == 1 ? null : new byte[n];
        }

        int size() {
            return fp.length;
        }

        int[] arena(int k) {
            return arenaOf == null ? arenas[0] : arenas[arenaOf[k]];
        }
    }

    /**
     * One worker's last offers, to skip its level tables for a state met again soon after (two orders of
     * the same steps from neighbouring parents, which breadth-first order expands one after the other):
     * 16,384 fingerprints with the rank offered, direct-mapped, 256 KB, so it stays in the core's L2 cache
     * (sharers-5: 4,096 entries 28 s, 16,384 entries 25.9 s, 65,536 no better; the level's tables outgrow
     * every cache there, and a state met again is mostly one its neighbours in the level met). A
     * fingerprint offered with rank r0 is in the set with a rank no greater than r0 (or numbered in an
     * earlier level), so an offer of it with a rank r &ge; r0 changes nothing and is answered -1 here.
     * Only for searches that keep no sleep sets (those must be intersected at every offer).
     */
    static final class Recent {
        private static final int BITS = 14;
        private final long[] slots = new long[2 << BITS]; // {fingerprint, rank + 1 (0: empty)}

        /** True when {@code fp} was offered with a rank no greater than {@code r}; else notes this offer. */
        boolean offered(long fp, long r) {
            int b = (int) ((fp * 0x9E3779B97F4A7C15L) >>> (64 - BITS)) << 1;
            long v = slots[b + 1];
            if (v != 0 && slots[b] == fp && r >= v - 1) return true;
            slots[b] = fp;
            slots[b + 1] = r + 1;
            return false;
        }
    }

    private static int shardIndex(long fp) {
        return (int) ((fp * 0x9E3779B97F4A7C15L) >>> (64 - SHARD_BITS));
    }

    /**
     * A key's home slot in a table of mask + 1 slots: the top bits of a hash (another multiplier than the
     * shard's), so every table orders keys alike, a smaller table's slot order being a larger one's. A
     * level's fingerprints then enter the earlier levels' table in slot order (merge), and a table grows in
     * slot order: sweeps the memory prefetcher follows, instead of a cache miss per state.
     */
    private static int slot(long key, int mask) {
        return (int) ((key * 0xC2B2AE3D27D4EB4FL) >>> (64 - Integer.bitCount(mask)));
    }

    /** The fingerprints of one shard of the earlier levels; 0 marks an empty slot, so the key 0 is a flag of its own. */
    private static final class Earlier {
        private long[] keys = new long[64];
        private int size;
        private boolean hasZero;

        /** Enters the key; false when it was there already. */
        boolean insert(long key) {
            if (key == 0) {
                if (hasZero) return false;
                size++;
                hasZero = true;
                return true;
            }
            int mask = keys.length - 1;
            int i = slot(key, mask);
            while (keys[i] != 0) {
                if (keys[i] == key) return false;
                i = (i + 1) & mask;
            }
            keys[i] = key;
            if (++size * 4 > keys.length * 3) grow();
            return true;
        }

        boolean contains(long key) {
            if (key == 0) return hasZero;
            int mask = keys.length - 1;
            for (int i = slot(key, mask); keys[i] != 0; i = (i + 1) & mask) if (keys[i] == key) return true;
            return false;
        }

        private void grow() {
            long[] old = keys;
            keys = new long[old.length * 2];
            int mask = keys.length - 1;
            for (long k : old) {
                if (k == 0) continue;
                int i = slot(k, mask);
                while (keys[i] != 0) i = (i + 1) & mask;
                keys[i] = k;
            }
        }
    }

    /**
     * One worker's share of the level: per shard, fingerprint → entry; per entry (in the order found), its
     * fingerprint, least rank, sleep set, place of its packed state in the arena, and whether the merge
     * dropped it.
     */
    private final class Found {
        final LevelTable[] shards = new LevelTable[1 << SHARD_BITS];
        long[] fp = new long[16], rank = new long[16], sleep = new long[16];
        int[] at = new int[16];
        boolean[] dropped = new boolean[16];
        int n;
        int[] arena = new int[256];
        int used;
        private int[] handed; // the arena of the level taken last
        /** Every entry was found with its least rank, after every entry found before it: the list is in rank order. */
        boolean inOrder = true;
        private long lastRank = -1;

        Found() {
            for (int s = 0; s < shards.length; s++) shards[s] = new LevelTable();
        }

        int offer(long key, long r, long s) {
            LevelTable t = shards[shardIndex(key)];
            int e = t.get(key);
            if (e >= 0) {
                if (r < rank[e]) {
                    rank[e] = r;
                    inOrder = false;
                }
                if (sleeps) sleep[e] &= s;
                return -1;
            }
            if (sleeps && earlier[shardIndex(key)].contains(key)) return -1;
            e = n;
            if (e + 1 >= 1 << ENTRY_BITS) throw new IllegalStateException("a level of more than 2^26 states");
            if (e == fp.length) {
                int c = e * 2;
                fp = Arrays.copyOf(fp, c);
                rank = Arrays.copyOf(rank, c);
                sleep = Arrays.copyOf(sleep, c);
                at = Arrays.copyOf(at, c);
                dropped = Arrays.copyOf(dropped, c);
            }
            fp[e] = key;
            rank[e] = r;
            sleep[e] = s;
            at[e] = -1;
            dropped[e] = false;
            if (r < lastRank) inOrder = false;
            lastRank = r;
            t.put(key, e);
            n = e + 1;
            return e;
        }

        void keep(int e, int[] packed, int length) {
            if (used + length > arena.length) arena = Arrays.copyOf(arena, Math.max(used + length, arena.length * 2));
            System.arraycopy(packed, 0, arena, used, length);
            at[e] = used;
            used += length;
        }

        /**
         * The level is taken and holds this arena now. The next level is written into the arena of the
         * level taken before this one: the explorer is done with it once it holds this one (a new arena
         * per level made the serial collector copy and compact hundreds of megabytes at sharers-5).
         */
        void forget() {
            for (LevelTable t : shards) t.clear();
            int[] next = handed != null && handed.length >= used ? handed : new int[Math.max(256, used)];
            handed = arena;
            arena = next;
            n = 0;
            used = 0;
            inOrder = true;
            lastRank = -1;
        }
    }

    /** A worker's fingerprints of one shard of the level: key → entry, open addressing; 0 marks an empty key slot. */
    private static final class LevelTable {
        long[] keys = new long[16];
        int[] vals = new int[16]; // entry + 1
        int size;
        int zeroEntry = -1;       // the entry of the fingerprint 0, if found

        int get(long key) {
            if (key == 0) return zeroEntry;
            int mask = keys.length - 1;
            for (int i = slot(key, mask); ; i = (i + 1) & mask) {
                long k = keys[i];
                if (k == 0) return -1;
                if (k == key) return vals[i] - 1;
            }
        }

        void put(long key, int e) {
            if (key == 0) {
                zeroEntry = e;
                return;
            }
            int mask = keys.length - 1;
            int i = slot(key, mask);
            while (keys[i] != 0) i = (i + 1) & mask;
            keys[i] = key;
            vals[i] = e + 1;
            if (++size * 2 > keys.length) grow();
        }

        private void grow() {
            long[] oldKeys = keys;
            int[] oldVals = vals;
            keys = new long[oldKeys.length * 2];
            vals = new int[oldKeys.length * 2];
            int mask = keys.length - 1;
            for (int j = 0; j < oldKeys.length; j++) {
                if (oldKeys[j] == 0) continue;
                int i = slot(oldKeys[j], mask);
                while (keys[i] != 0) i = (i + 1) & mask;
                keys[i] = oldKeys[j];
                vals[i] = oldVals[j];
            }
        }

        /** Emptied for the next level, at about this one's size (the next level is about as wide). */
        void clear() {
            if (keys.length > 1024 && size * 8 < keys.length) {
                int n = Math.max(16, Integer.highestOneBit(size * 4));
                keys = new long[n];
                vals = new int[n];
            } else if (size > 0) {
                Arrays.fill(keys, 0);
                Arrays.fill(vals, 0);
            }
            size = 0;
            zeroEntry = -1;
        }
    }
}
