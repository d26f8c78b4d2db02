package org.reaplab.exploration;

/**
 * An open-addressing hash map from a 64-bit state fingerprint to a state id (0..size-1), with no
 * boxing: TLC's fingerprint set, plus the id so a schedule can be walked back. Linear probing, load
 * factor at most 1/2; the key 0 is kept aside because 0 marks an empty slot.
 */
final class LongIntMap {
    static final int MISSING = -1;

    private long[] keys;
    private int[] values;
    private int mask;
    private int size;
    private int zeroValue = MISSING;

    LongIntMap(int expected) {
        int cap = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        keys = new long[cap];
        values = new int[cap];
        mask = cap - 1;
    }

    int size() {
        return size;
    }

    /** The id stored for key, or {@link #MISSING}. */
    int get(long key) {
        if (key == 0) return zeroValue;
        int i = slot(key);
        while (true) {
            long k = keys[i];
            if (k == key) return values[i];
            if (k == 0) return MISSING;
            i = (i + 1) & mask;
        }
    }

    /** Stores value under key unless key is present; returns the id already there, or MISSING if it was added. */
    int putIfAbsent(long key, int value) {
        if (key == 0) {
            if (zeroValue != MISSING) return zeroValue;
            zeroValue = value;
            size++;
            return MISSING;
        }
        int i = slot(key);
        while (true) {
            long k = keys[i];
            if (k == key) return values[i];
            if (k == 0) break;
            i = (i + 1) & mask;
        }
        keys[i] = key;
        values[i] = value;
        if (++size * 2 > keys.length) grow();
        return MISSING;
    }

    /** Bytes held by the table (for the report). */
    long bytes() {
        return (long) keys.length * 12;
    }

    private int slot(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 32) & mask;
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldValues = values;
        int cap = oldKeys.length * 2;
        keys = new long[cap];
        values = new int[cap];
        mask = cap - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            long k = oldKeys[j];
            if (k == 0) continue;
            int i = slot(k);
            while (keys[i] != 0) i = (i + 1) & mask;
            keys[i] = k;
            values[i] = oldValues[j];
        }
    }
}
