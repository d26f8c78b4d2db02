package org.reaplab.exploration;

import org.reaplab.kernel.PackedStates;

import java.util.Arrays;

/**
 * The explorer's set of seen states: TLC's fingerprint set, 64-bit fingerprints and nothing else (a
 * state's id and parent live in the explorer's packed arrays). Shared by the threads expanding one
 * breadth-first level, it is cut into 64 shards by fingerprint, each an open-addressing table of bare
 * {@code long}s (linear probing, load at most 3/4, no boxing) behind its own lock, so two threads
 * rarely wait for each other.
 *
 * <p>States found while a level is expanded are not numbered yet: {@link #offer} keeps, per new
 * fingerprint, the least rank offered and the intersection of the sleep sets offered (in a small table
 * of the level's own), the explorer hands the packed state over with {@link #keep} (into the shard's
 * int arena: no object per state), and {@link #takeLevel} hands them back in rank order for the
 * explorer to number (and enters them into the set).
 */
final class FingerprintSet {
    /** A rank is (index of the parent in its level) &lt;&lt; THREAD_BITS | thread. */
    static final int THREAD_BITS = 10;
    static final long THREAD_MASK = (1L << THREAD_BITS) - 1;
    private static final int SHARD_BITS = 6;
    private static final int ENTRY_BITS = 26; // entries of one level, in the sort key below the rank

    private final Shard[] shards = new Shard[1 << SHARD_BITS];
    /** Several threads use the set at once: each shard is locked while used (one thread needs no lock). */
    private final boolean shared;
    /**
     * One thread and no sleep sets: offers must come in rank order (the explorer's one thread expands a
     * level front to back), so a fingerprint's first offer has its least rank and later ones change nothing.
     */
    private final boolean inRankOrder;
    private long lastRank = -1;
    // in rank order, new states are found in the order of their least rank: the level is kept in that
    // order as it is found (no sort), its packed states in one arena (no copy when it is taken)
    private long[] orderFp = new long[16], orderRank = new long[16];
    private int[] orderAt = new int[16], orderEntry = new int[16]; // orderEntry: shard << ENTRY_BITS | entry
    private int ordered;
    private int[] orderArena = new int[256];
    private int orderUsed;

    /**
     * @param shared several threads offer at once
     * @param sleeps the sleep sets offered are kept (intersected); without, every state is offered with
     *               none and none is kept, which saves a memory access per transition
     */
    FingerprintSet(boolean shared, boolean sleeps) {
        this.shared = shared;
        this.inRankOrder = !shared && !sleeps;
        for (int i = 0; i < shards.length; i++) shards[i] = new Shard(sleeps, inRankOrder);
    }

    static long rank(int indexInLevel, int thread) {
        if (thread > THREAD_MASK || indexInLevel >= 1 << (63 - THREAD_BITS - ENTRY_BITS)) {
            throw new IllegalStateException("level or thread count beyond the explorer's ranks");
        }
        return (long) indexInLevel << THREAD_BITS | thread;
    }

    /** Enters a state outside any level (the initial state). */
    void add(long fp) {
        Shard s = shard(fp);
        if (!shared) {
            s.insert(fp);
            return;
        }
        synchronized (s) {
            s.insert(fp);
        }
    }

    /**
     * Offers a state found in the level being expanded: its entry (&ge; 0) when its fingerprint is new,
     * then the caller hands the state over with {@link #keep}; -1 when it is known, from an earlier level
     * or this one (then the least rank and the intersection of sleep sets are kept).
     */
    int offer(long fp, long rank, long sleep) {
        Shard s = shard(fp);
        if (!shared) {
            if (inRankOrder) {
                if (rank < lastRank) throw new IllegalStateException("offers of one thread without sleep sets must come in rank order");
                lastRank = rank;
                int e = s.offer(fp, rank, sleep);
                if (e >= 0) found(fp, rank, shardIndex(fp) << ENTRY_BITS | e);
                return e;
            }
            return s.offer(fp, rank, sleep);
        }
        // most offers meet a known state that needs no update: found without the lock (which would move
        // the shard's cache line between the cores at every transition)
        if (s.knownAsIs(fp, rank)) return -1;
        synchronized (s) {
            return s.offer(fp, rank, sleep);
        }
    }

    /** In rank order: the new state just offered, the next of the level. */
    private void found(long fp, long rank, int entry) {
        int k = ordered++;
        if (k == orderFp.length) {
            orderFp = Arrays.copyOf(orderFp, k * 2);
            orderRank = Arrays.copyOf(orderRank, k * 2);
            orderAt = Arrays.copyOf(orderAt, k * 2);
            orderEntry = Arrays.copyOf(orderEntry, k * 2);
        }
        orderFp[k] = fp;
        orderRank[k] = rank;
        orderEntry[k] = entry;
        orderAt[k] = -1;
    }

    /** The packed state ({@code packed[0..length)}, see {@code PackedStates}) of a new fingerprint's entry, as {@link #offer} returned it. */
    void keep(long fp, int entry, int[] packed, int length) {
        Shard s = shard(fp);
        if (inRankOrder) {
            int k = ordered - 1;
            if (k < 0 || orderEntry[k] != (shardIndex(fp) << ENTRY_BITS | entry)) {
                throw new IllegalStateException("in rank order a new state is kept right after its offer");
            }
            if (orderUsed + length > orderArena.length) orderArena = Arrays.copyOf(orderArena, Math.max(orderUsed + length, orderArena.length * 2));
            System.arraycopy(packed, 0, orderArena, orderUsed, length);
            orderAt[k] = orderUsed;
            orderUsed += length;
            return;
        }
        if (!shared) {
            s.keep(entry, packed, length);
            return;
        }
        synchronized (s) {
            s.keep(entry, packed, length);
        }
    }

    /** The fingerprint belongs to a numbered state (an earlier level, or the level being expanded). */
    boolean stored(long fp) {
        Shard s = shard(fp);
        if (!shared) return s.contains(fp);
        synchronized (s) {
            return s.contains(fp);
        }
    }

    /** States found so far in the level being expanded (approximate while workers run). */
    long levelSize() {
        long n = 0;
        for (Shard s : shards) n += s.n;
        return n;
    }

    /**
     * The states the level found, in rank order, their packed states laid out in that order too (the
     * explorer then reads the level front to back); the shards enter their fingerprints into the set and
     * forget the level.
     */
    Level takeLevel() {
        lastRank = -1;
        int total = 0;
        for (Shard s : shards) total += s.admit();
        if (inRankOrder) return takeOrderedLevel(total);
        if (total >= 1 << ENTRY_BITS) throw new IllegalStateException("a level of more than 2^26 states");
        long ints = 0;
        for (Shard s : shards) ints += s.used;
        if (ints > Integer.MAX_VALUE - 16) throw new IllegalStateException("a level of more than 2^31 packed ints");
        // every entry by its place g in shard order, then sorted by rank
        long[] fp = new long[total], rank = new long[total], sleep = new long[total];
        int[] from = new int[total];
        byte[] shardOf = new byte[total];
        int base = 0;
        for (int si = 0; si < shards.length; si++) {
            int n = shards[si].entries(fp, rank, sleep, from, base);
            Arrays.fill(shardOf, base, base + n, (byte) si);
            base += n;
        }
        long[] key = new long[total];
        for (int g = 0; g < total; g++) key[g] = rank[g] << ENTRY_BITS | g;
        if (total > 100_000) Arrays.parallelSort(key);
        else Arrays.sort(key);
        Level l = new Level(total, (int) ints);
        int w = 0;
        for (int k = 0; k < total; k++) {
            int g = (int) (key[k] & ((1L << ENTRY_BITS) - 1));
            l.fp[k] = fp[g];
            l.rank[k] = rank[g];
            l.sleep[k] = sleep[g];
            int[] src = shards[shardOf[g]].arena;
            int len = PackedStates.length(src, from[g]);
            System.arraycopy(src, from[g], l.arena, w, len);
            l.at[k] = w;
            w += len;
        }
        for (Shard s : shards) s.endLevel();
        return l;
    }

    /** takeLevel in rank order: the states as found, but those of earlier levels (dropped by admit). */
    private Level takeOrderedLevel(int total) {
        Level l = new Level(new long[total], new long[total], new long[total], new int[total], orderArena);
        int w = 0;
        for (int k = 0; k < ordered; k++) {
            int entry = orderEntry[k];
            if (shards[entry >>> ENTRY_BITS].dropped(entry & (int) Shard.ENTRY_MASK)) continue;
            l.fp[w] = orderFp[k];
            l.rank[w] = orderRank[k];
            l.at[w] = orderAt[k];
            w++;
        }
        for (Shard s : shards) s.endLevel();
        // the next level is about as large: its arena starts at this one's size
        orderArena = new int[Math.max(256, orderUsed)];
        orderUsed = 0;
        ordered = 0;
        return l;
    }

    /** The new states of one level in rank order: state k's packed state starts at {@code arena[at[k]]}. */
    static final class Level {
        final long[] fp, rank, sleep;
        final int[] at, arena;

        Level(int n, int ints) {
            this(new long[n], new long[n], new long[n], new int[n], new int[ints]);
        }

        Level(long[] fp, long[] rank, long[] sleep, int[] at, int[] arena) {
            this.fp = fp;
            this.rank = rank;
            this.sleep = sleep;
            this.at = at;
            this.arena = arena;
        }

        int size() {
            return fp.length;
        }
    }

    /**
     * One worker's last offers, to skip the shared table for a state met again soon after (two orders of
     * the same steps from neighbouring parents, which breadth-first order expands one after the other):
     * 16,384 fingerprints with the rank offered, direct-mapped, 256 KB, so it stays in the core's L2 cache
     * (sharers-5: 4,096 entries 28 s, 16,384 entries 25.9 s, 65,536 no better; the shared tables outgrow
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

    private Shard shard(long fp) {
        return shards[shardIndex(fp)];
    }

    private static int shardIndex(long fp) {
        return (int) ((fp * 0x9E3779B97F4A7C15L) >>> (64 - SHARD_BITS));
    }

    /**
     * A key's home slot in a table of mask + 1 slots: the top bits of a hash (another multiplier than the
     * shard's), so every table orders keys alike, a smaller table's slot order being a larger one's. The
     * level's new fingerprints then enter the set in slot order (endLevel), and a table grows in slot
     * order: sweeps the memory prefetcher follows, instead of a cache miss per state.
     */
    private static int slot(long key, int mask) {
        return (int) ((key * 0xC2B2AE3D27D4EB4FL) >>> (64 - Integer.bitCount(mask)));
    }

    private static final java.lang.invoke.VarHandle SLOTS = java.lang.invoke.MethodHandles.arrayElementVarHandle(long[].class);

    private static final class Shard {
        // fingerprints of numbered states; 0 marks an empty slot, so the key 0 is a flag of its own
        private long[] keys = new long[64];
        private int size;
        private boolean hasZero;
        // the level being expanded: an open-addressing table of its fingerprints in slots [0, cap) and, in
        // slots [cap, 2 cap), each one's least rank << ENTRY_BITS | entry + 1. A state met again costs one
        // probe of 8-byte slots (twice as many per cache line as with the rank beside each), and its rank
        // is read only when it may have to be lowered (several threads) or a sleep set intersected. The
        // fingerprint 0 marks an empty slot, so a level's state of fingerprint 0 is kept apart (zeroMeta).
        // Per entry: where its packed state starts in arena, and its sleep set (when kept).
        static final long ENTRY_MASK = (1L << ENTRY_BITS) - 1;
        private static final long DROPPED = -1L; // a level entry's rank and entry: found in an earlier level
        // volatile: a grown table is published whole to threads reading it without the lock (knownAsIs)
        private volatile long[] index = new long[2 * 16];
        private int indexed;          // fingerprints in index
        private long zeroMeta;        // the level's state of fingerprint 0, if any (0: none)
        private final boolean sleeps;
        /** The set's {@code inRankOrder}: a fingerprint's first offer has its least rank, and no sleep set is kept. */
        private final boolean inRankOrder;
        private long[] sleep = new long[0];
        private boolean[] dropped = new boolean[0];
        int[] at = new int[0];
        int[] arena = new int[0];
        int used;
        volatile int n;

        Shard(boolean sleeps, boolean inRankOrder) {
            this.sleeps = sleeps;
            this.inRankOrder = inRankOrder;
        }

        /** Enters the key into the earlier levels' table; false when it was there already. */
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

        /**
         * Without the lock: the fingerprint is known, from an earlier level (that table is only written
         * between levels) or from this level with a rank no greater than {@code r} and no sleep set to
         * intersect. False when unsure: the caller then offers under the lock. A slot's rank is written
         * before its fingerprint (release) and read after it (acquire), so a filled slot reads whole; a
         * slot filled after this read, or in a table grown since, only sends the caller to the lock.
         */
        boolean knownAsIs(long key, long r) {
            if (key == 0) return false;
            long[] ix = index;
            int cap = ix.length >>> 1, mask = cap - 1;
            for (int i = slot(key, mask); ; i = (i + 1) & mask) {
                long k = (long) SLOTS.getAcquire(ix, i);
                if (k == 0) break;
                if (k == key) return !sleeps && r >= ix[cap + i] >>> ENTRY_BITS;
            }
            return contains(key);
        }

        boolean contains(long key) {
            if (key == 0) return hasZero;
            int mask = keys.length - 1;
            for (int i = slot(key, mask); keys[i] != 0; i = (i + 1) & mask) if (keys[i] == key) return true;
            return false;
        }

        void keep(int e, int[] packed, int length) {
            if (used + length > arena.length) arena = Arrays.copyOf(arena, Math.max(256, Math.max(used + length, arena.length * 2)));
            System.arraycopy(packed, 0, arena, used, length);
            at[e] = used;
            used += length;
        }

        int offer(long key, long r, long s) {
            if (key == 0) return offerZero(r, s);
            // the level's own table first: most states met again were found in this level (two orders of
            // the same steps), and it is small enough to stay in cache
            long[] ix = index;
            int cap = ix.length >>> 1, mask = cap - 1;
            int i = slot(key, mask);
            for (long k; (k = ix[i]) != 0; i = (i + 1) & mask) {
                if (k != key) continue;
                if (!inRankOrder) {
                    long v = ix[cap + i];
                    if (r < v >>> ENTRY_BITS) SLOTS.setRelease(ix, cap + i, r << ENTRY_BITS | (v & ENTRY_MASK));
                    if (sleeps) sleep[(int) (v & ENTRY_MASK) - 1] &= s;
                }
                return -1;
            }
            // in rank order (one thread, no sleep sets) a state of an earlier level is not looked for
            // here, a random access to the large table per new state, but when the level ends
            // (admit), in a sweep in slot order: the few such states kept meanwhile are dropped then
            if (!inRankOrder && contains(key)) return -1;
            int e = newEntry(s);
            ix[cap + i] = r << ENTRY_BITS | (e + 1);
            SLOTS.setRelease(ix, i, key);
            n = e + 1;
            if (++indexed * 2 > cap) growIndex();
            return e;
        }

        private int offerZero(long r, long s) {
            long v = zeroMeta;
            if (v != 0) {
                if (r < v >>> ENTRY_BITS) zeroMeta = r << ENTRY_BITS | (v & ENTRY_MASK);
                if (sleeps) sleep[(int) (v & ENTRY_MASK) - 1] &= s;
                return -1;
            }
            if (hasZero) return -1;
            int e = newEntry(s);
            zeroMeta = r << ENTRY_BITS | (e + 1);
            n = e + 1;
            return e;
        }

        /** Room for entry n, with sleep set s; the caller publishes it (n = entry + 1). */
        private int newEntry(long s) {
            int e = n;
            if (e + 1 >= ENTRY_MASK) throw new IllegalStateException("a level of more than 2^26 states");
            if (e == at.length) {
                at = Arrays.copyOf(at, Math.max(16, e * 2));
                dropped = Arrays.copyOf(dropped, at.length);
                if (sleeps) sleep = Arrays.copyOf(sleep, at.length);
            }
            dropped[e] = false;
            if (sleeps) sleep[e] = s;
            return e;
        }

        /**
         * The level's fingerprints join the earlier levels' table, in slot order (a sweep the memory
         * prefetcher follows); one that was there already (a state of an earlier level, kept by an offer
         * in rank order) is dropped from the level. Returns the level's states left.
         */
        int admit() {
            long[] ix = index;
            int cap = ix.length >>> 1, live = 0;
            for (int b = 0; b < cap; b++) {
                if (ix[b] == 0) continue;
                if (insert(ix[b])) live++;
                else drop(ix, cap + b);
            }
            if (zeroMeta != 0) {
                if (insert(0)) live++;
                else {
                    dropped[(int) (zeroMeta & ENTRY_MASK) - 1] = true;
                    zeroMeta = DROPPED;
                }
            }
            return live;
        }

        private void drop(long[] ix, int metaSlot) {
            dropped[(int) (ix[metaSlot] & ENTRY_MASK) - 1] = true;
            ix[metaSlot] = DROPPED;
        }

        /** Entry e of the level was dropped by {@link #admit}. */
        boolean dropped(int e) {
            return dropped[e];
        }

        /** The level's states left by {@link #admit}: fingerprint, rank, sleep set and place in the arena, at base on. */
        int entries(long[] fp, long[] rank, long[] sleep, int[] from, int base) {
            long[] ix = index;
            int cap = ix.length >>> 1, w = base;
            for (int b = 0; b < cap; b++) {
                long k = ix[b];
                if (k != 0 && ix[cap + b] != DROPPED) entry(k, ix[cap + b], fp, rank, sleep, from, w++);
            }
            if (zeroMeta != 0 && zeroMeta != DROPPED) entry(0, zeroMeta, fp, rank, sleep, from, w++);
            return w - base;
        }

        private void entry(long key, long v, long[] fp, long[] rank, long[] sleep, int[] from, int g) {
            int e = (int) (v & ENTRY_MASK) - 1;
            fp[g] = key;
            rank[g] = v >>> ENTRY_BITS;
            from[g] = at[e];
            if (sleeps) sleep[g] = this.sleep[e];
        }

        /** The level is numbered: its entries go (its fingerprints joined the set in {@link #admit}). */
        void endLevel() {
            zeroMeta = 0;
            indexed = 0;
            used = 0;
            if (at.length > 1024) {
                at = new int[0];
                dropped = new boolean[0];
                sleep = new long[0];
                arena = new int[0];
                index = new long[2 * 16];
            } else {
                Arrays.fill(index, 0);
            }
            n = 0;
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

        private void growIndex() {
            long[] old = index;
            int oldCap = old.length >>> 1;
            long[] ix = new long[old.length * 2];
            int cap = ix.length >>> 1, mask = cap - 1;
            for (int b = 0; b < oldCap; b++) {
                long k = old[b];
                if (k == 0) continue;
                int i = slot(k, mask);
                while (ix[i] != 0) i = (i + 1) & mask;
                ix[i] = k;
                ix[cap + i] = old[oldCap + b];
            }
            index = ix;
        }
    }
}
