package org.reaplab.kernel;

/** A 64-bit fingerprint builder over the whole kernel state (TLC-style state fingerprints). */
public final class Hasher {
    private long h = 0x9E3779B97F4A7C15L;

    /**
     * One multiply and one shift per value (a bijection of the running hash for each value, so states
     * that differ in one field never collide); {@link #value()} mixes fully.
     */
    public Hasher put(long x) {
        long z = (h ^ x) * 0xBF58476D1CE4E5B9L;
        h = z ^ (z >>> 29);
        return this;
    }

    /** Two ints in one value (both whole, so the pair is told apart from every other pair). */
    public Hasher put(int a, int b) {
        return put((long) a << 32 | (b & 0xFFFFFFFFL));
    }

    /** Six flags in one value, the first in the lowest bit (no varargs array: it runs at every fingerprint). */
    public static int bits(boolean a, boolean b, boolean c, boolean d, boolean e, boolean f) {
        return (a ? 1 : 0) | (b ? 2 : 0) | (c ? 4 : 0) | (d ? 8 : 0) | (e ? 16 : 0) | (f ? 32 : 0);
    }

    /** Four flags in one value, the first in the lowest bit. */
    public static int bits(boolean a, boolean b, boolean c, boolean d) {
        return bits(a, b, c, d, false, false);
    }

    /** Three flags in one value, the first in the lowest bit. */
    public static int bits(boolean a, boolean b, boolean c) {
        return bits(a, b, c, false, false, false);
    }

    public Hasher put(boolean b) {
        return put(b ? 1 : 2);
    }

    public Hasher put(int[] a, int n) {
        put(n);
        int i = 0;
        for (; i + 1 < n; i += 2) put((long) a[i] << 32 | (a[i + 1] & 0xFFFFFFFFL)); // two ints per mix
        if (i < n) put(a[i]);
        return this;
    }

    public long value() {
        return mix(h);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
