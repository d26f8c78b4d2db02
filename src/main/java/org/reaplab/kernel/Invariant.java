package org.reaplab.kernel;

/** The invariants every run checks; the names are part of the scenario-format contract. */
public enum Invariant {
    /** A task that is not exiting uses an mm after it was reaped: its next fault gets SIGBUS. */
    LIVE_TASK_ON_REAPED_MM("live-task-on-reaped-mm"),
    /** A user-initiated call killed a task the caller could not signal by credentials or LSM policy. */
    KILL_WITHOUT_PERMISSION("kill-without-permission"),
    /** A user-initiated signal reached a task outside the sender's pid namespace hierarchy. */
    SIGNAL_CROSSED_PIDNS("signal-crossed-pidns"),
    /** The mm struct was freed while mm_count or mm_users was above zero, or a task still pointed at it. */
    MM_FREED_WHILE_REFERENCED("mm-freed-while-referenced"),
    /** A kill-and-reap call returned, the target's tasks are past exit_mm, and a holder keeps anon memory. */
    MEMORY_PINNED_AFTER_REAP_CALL("memory-pinned-after-reap-call"),
    /**
     * Extension: a call reported that the kill failed (-EBUSY) although it had already killed some of
     * the processes: the caller sees an error, the victims are dead and nothing was reaped
     * (option 3 as posted, kernel-model.md 0.3 item 7).
     */
    KILLED_DESPITE_ERROR("killed-despite-error");

    public final String id;

    Invariant(String id) {
        this.id = id;
    }

    public static Invariant byId(String id) {
        for (Invariant i : values()) if (i.id.equals(id)) return i;
        return null;
    }
}
