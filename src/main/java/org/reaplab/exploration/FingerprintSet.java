package org.reaplab.exploration;

import org.reaplab.kernel.KernelState;

import java.util.Arrays;

/**
 * The explorer's set of seen states: 64-bit fingerprint → state id, TLC's fingerprint set plus the id
 * so a schedule can be walked back. Shared by the threads expanding one breadth-first level, it is cut
 * into 64 shards by fingerprint, each an open-addressing table (linear probing, load at most 1/2, no
 * boxing) behind its own lock, so two threads rarely wait for each other.
 *
 * <p>States found while a level is expanded are not numbered yet: {@link #offer} keeps, per new
 * fingerprint, the state, the least rank offered and the intersection of the sleep sets offered;
 * {@link #takeLevel} hands them over in rank order for the explorer to number.
 */
final class FingerprintSet {
    /** A rank is (index of the parent in its level) &lt;&lt; THREAD_BITS | thread. */
    static final int THREAD_BITS = 10;
    static final long THREAD_MASK = (1L << THREAD_BITS) - 1;
    private static final int SHARD_BITS = 6;
    private static final int ENTRY_BITS = 26; // entries of one level, in the sort key below the rank

    private final Shard[] shards = new Shard[1 << SHARD_BITS];

    FingerprintSet() {
        for (int i = 0; i < shards.length; i++) shards[i] = new Shard();
    }

    static long rank(int indexInLevel, int thread) {
        if (thread > THREAD_MASK || indexInLevel >= 1 << (63 - THREAD_BITS - ENTRY_BITS)) {
            throw new IllegalStateException("level or thread count beyond the explorer's ranks");
        }
        return (long) indexInLevel << THREAD_BITS | thread;
    }

    /** Records the id of a numbered state. */
    void putId(long fp, int id) {
        shard(fp).put(fp, id);
    }

    /**
     * Offers a state found in the level being expanded: true when its fingerprint is new (the set keeps
     * the state); false when it is known, from an earlier level or this one (then the least rank and the
     * intersection of sleep sets are kept).
     */
    boolean offer(long fp, long rank, long sleep, KernelState state) {
        return shard(fp).offer(fp, rank, sleep, state);
    }

    /** The fingerprint belongs to a numbered state (an earlier level, or the level being expanded). */
    boolean stored(long fp) {
        return shard(fp).id(fp) >= 0;
    }

    /** States found so far in the level being expanded (approximate while workers run). */
    long levelSize() {
        long n = 0;
        for (Shard s : shards) n += s.n;
        return n;
    }

    /** The states the level found, with {@code order} listing them by rank; the shards forget them. */
    Level takeLevel() {
        int total = 0;
        for (Shard s : shards) total += s.n;
        if (total >= 1 << ENTRY_BITS) throw new IllegalStateException("a level of more than 2^26 states");
        Level l = new Level(total);
        int at = 0;
        for (Shard s : shards) {
            System.arraycopy(s.fp, 0, l.fp, at, s.n);
            System.arraycopy(s.rank, 0, l.rank, at, s.n);
            System.arraycopy(s.sleep, 0, l.sleep, at, s.n);
            System.arraycopy(s.state, 0, l.state, at, s.n);
            at += s.n;
            s.clearLevel();
        }
        long[] key = new long[total];
        for (int e = 0; e < total; e++) key[e] = l.rank[e] << ENTRY_BITS | e;
        if (total > 100_000) Arrays.parallelSort(key);
        else Arrays.sort(key);
        for (int k = 0; k < total; k++) l.order[k] = (int) (key[k] & ((1L << ENTRY_BITS) - 1));
        return l;
    }

    /** The new states of one level; {@code order[k]} is the entry of rank k. */
    static final class Level {
        final long[] fp, rank, sleep;
        final KernelState[] state;
        final int[] order;

        Level(int n) {
            fp = new long[n];
            rank = new long[n];
            sleep = new long[n];
            state = new KernelState[n];
            order = new int[n];
        }

        int size() {
            return order.length;
        }
    }

    private Shard shard(long fp) {
        return shards[(int) ((fp * 0x9E3779B97F4A7C15L) >>> (64 - SHARD_BITS))];
    }

    private static final class Shard {
        private static final int EMPTY = -1;
        private long[] keys = new long[64];
        private int[] vals = new int[64]; // an id, or -2 - (entry of the level being expanded)
        private int mask = 63;
        private int size;
        private int zeroVal = EMPTY;       // the key 0 marks an empty slot, so it is kept here
        // the level being expanded
        long[] fp = new long[0], rank = new long[0], sleep = new long[0];
        KernelState[] state = new KernelState[0];
        volatile int n;

        synchronized void put(long key, int id) {
            if (key == 0) {
                if (zeroVal == EMPTY) size++;
                zeroVal = id;
                return;
            }
            int i = slot(key);
            while (keys[i] != 0 && keys[i] != key) i = (i + 1) & mask;
            if (keys[i] == 0) {
                keys[i] = key;
                vals[i] = id;
                if (++size * 2 > keys.length) grow();
            } else {
                vals[i] = id;
            }
        }

        synchronized int id(long key) {
            if (key == 0) return zeroVal;
            int i = slot(key);
            while (keys[i] != 0 && keys[i] != key) i = (i + 1) & mask;
            return keys[i] == 0 ? EMPTY : vals[i];
        }

        synchronized boolean offer(long key, long r, long s, KernelState st) {
            int v;
            int i = -1;
            if (key == 0) {
                v = zeroVal;
            } else {
                i = slot(key);
                while (keys[i] != 0 && keys[i] != key) i = (i + 1) & mask;
                v = keys[i] == 0 ? EMPTY : vals[i];
            }
            if (v >= 0) return false;
            if (v != EMPTY) {
                int e = -2 - v;
                if (r < rank[e]) rank[e] = r;
                sleep[e] &= s;
                return false;
            }
            int e = n;
            if (e == fp.length) {
                int cap = Math.max(16, e * 2);
                fp = Arrays.copyOf(fp, cap);
                rank = Arrays.copyOf(rank, cap);
                sleep = Arrays.copyOf(sleep, cap);
                state = Arrays.copyOf(state, cap);
            }
            fp[e] = key;
            rank[e] = r;
            sleep[e] = s;
            state[e] = st;
            n = e + 1;
            if (key == 0) {
                zeroVal = -2 - e;
                size++;
            } else {
                keys[i] = key;
                vals[i] = -2 - e;
                if (++size * 2 > keys.length) grow();
            }
            return true;
        }

        synchronized void clearLevel() {
            Arrays.fill(state, 0, n, null);
            n = 0;
            if (fp.length > 1024) {
                fp = new long[0];
                rank = new long[0];
                sleep = new long[0];
                state = new KernelState[0];
            }
        }

        private int slot(long key) {
            return (int) ((key * 0x9E3779B97F4A7C15L) >>> 26) & mask;
        }

        private void grow() {
            long[] oldKeys = keys;
            int[] oldVals = vals;
            int cap = oldKeys.length * 2;
            keys = new long[cap];
            vals = new int[cap];
            mask = cap - 1;
            for (int j = 0; j < oldKeys.length; j++) {
                long k = oldKeys[j];
                if (k == 0) continue;
                int i = slot(k);
                while (keys[i] != 0) i = (i + 1) & mask;
                keys[i] = k;
                vals[i] = oldVals[j];
            }
        }
    }
}
