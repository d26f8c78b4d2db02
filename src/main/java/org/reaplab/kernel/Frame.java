package org.reaplab.kernel;

import org.reaplab.scenario.Op;

/**
 * One activation of a kernel path on a thread's kernel stack: a small state machine whose program
 * counter points at the next atomic step. Locals are ints (task, mm and group indices, return values)
 * so copying and fingerprinting a frame is generic. Subclasses name the kernel function they mirror.
 */
public abstract class Frame implements Cloneable {
    /** The operation this frame runs for, when it is a thread's system call (its return is reported). */
    public final Op op;
    protected int pc;
    /** Value returned by the last callee. */
    protected int r;
    protected int[] v;
    /** Hash of the class and the operation, computed once per frame. */
    private final int kind;
    /** {@link #hash} is valid: the frame has not changed since (KernelState.step clears it). */
    boolean hashed;
    private volatile long hash;

    protected Frame(Op op, int locals) {
        this.op = op;
        this.v = new int[locals];
        // identity hashes: classes and ops (shared, immutable World objects) are the same objects in every
        // copy of a state, and fingerprints are only compared within one JVM
        this.kind = System.identityHashCode(getClass()) * 31 + (op == null ? 0 : System.identityHashCode(op));
    }

    /** The kernel function the next step belongs to, spelled as in the kernel. */
    public abstract String label();

    /** Runs the next atomic step. */
    public abstract void step(Exec x);

    /** False when the next step cannot run now (a lock is held, a sleep has not been woken). */
    public boolean canRun(Exec x) {
        return true;
    }

    /**
     * The next step waits for time to pass (a timer, an I/O completion): round_robin runs it only when
     * nothing else can run.
     */
    public boolean deferred(Exec x) {
        return false;
    }

    /**
     * Adds to {@code into} everything the rest of this activation can touch: its remaining steps, their
     * {@code canRun} tests and the paths it calls, whatever other threads do in between (their steps may
     * only shrink this set; copy_process and exec are declared as touching everything). The explorer's
     * partial-order reduction needs it to know what another thread may still do. The default is
     * everything ({@link Access#wide}); {@code x} records nothing.
     */
    public void reach(Exec x, Access into) {
        into.wide = true;
    }

    /** The mm whose mmap_lock this frame is about to take for write (a queued writer blocks new readers). */
    public int waitsForMmapWrite() {
        return -1;
    }

    /** Called in the callee's last step, after {@link #r} holds its return value: pick the next step. */
    protected void returned(Exec x) {
    }

    /** Inside an RCU read-side section across steps (the kill loops). */
    public boolean inRcu() {
        return false;
    }

    public final Frame copy() {
        try {
            Frame f = (Frame) super.clone();
            f.v = v.clone();
            f.hashed = false;
            return f;
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The same activation: same class, operation, step and locals (what {@link #hash} covers). A kept
     * state's frame can then stand for this one ({@link PackedStates}).
     */
    final boolean sameValue(Frame o) {
        return o == this || (o.getClass() == getClass() && o.op == op && o.pc == pc && o.r == r && java.util.Arrays.equals(o.v, v));
    }

    final void hash(Hasher h) {
        // Explorer threads may hash a frame shared by states of one level at once: each computes the same
        // value, and a thread that sees hashed before hash's store (0) computes it again
        long own = hash;
        if (!hashed || own == 0) {
            Hasher x = new Hasher();
            x.put(kind).put(pc).put(r).put(v, v.length);
            own = x.value();
            hash = own;
            hashed = true;
        }
        h.put(own);
    }
}
