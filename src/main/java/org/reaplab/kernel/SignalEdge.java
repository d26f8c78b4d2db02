package org.reaplab.kernel;

/**
 * A signal a step sent, and what became of it. {@code result}: {@link #KILLED} (it started the group's exit),
 * {@link #QUEUED}, {@link #DROPPED} (the group is already exiting), {@link #IGNORED} (init, SIGNAL_UNKILLABLE,
 * kthread), or an errno ("-EPERM", "-EINVAL") when the send was refused before reaching the target.
 */
public record SignalEdge(String from, String to, String signal, String result, boolean userInitiated) {
    public static final String SIGKILL = "SIGKILL";
    public static final String KILLED = "killed", QUEUED = "queued", DROPPED = "dropped", IGNORED = "ignored";

    /** It started (or was queued for) the target group's exit: a dropped, ignored or refused one did not. */
    public boolean startsExit() {
        return KILLED.equals(result) || QUEUED.equals(result);
    }

    public boolean sigkill() {
        return SIGKILL.equals(signal);
    }
}
