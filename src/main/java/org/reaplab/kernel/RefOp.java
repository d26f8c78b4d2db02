package org.reaplab.kernel;

/**
 * The mm reference-count primitives (include/linux/sched/mm.h, kernel/fork.c): mmget and mmput move
 * {@code mm_users}, mmgrab and mmdrop move {@code mm_count}. Declared once; the change log, the run facts
 * and the pages name them by {@link #label}.
 */
public enum RefOp {
    MMGET("mmget", true, true),
    MMPUT("mmput", true, false),
    MMGRAB("mmgrab", false, true),
    MMDROP("mmdrop", false, false);

    /** Spelled as in the kernel. */
    public final String label;
    /** Moves mm_users (else mm_count). */
    public final boolean users;
    /** Takes a reference (else drops one). */
    public final boolean takes;

    RefOp(String label, boolean users, boolean takes) {
        this.label = label;
        this.users = users;
        this.takes = takes;
    }

    /** The counter it moves, as the change log names it. */
    public String field() {
        return users ? "mm_users" : "mm_count";
    }

    @Override
    public String toString() {
        return label;
    }
}
