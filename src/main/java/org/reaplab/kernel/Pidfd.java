package org.reaplab.kernel;

/**
 * An entry in a process's fd table as far as these paths care: a pidfs file (holding a struct pid,
 * here the task whose pid it is), a /proc/&lt;pid&gt; directory fd, or a regular file.
 *
 * @param task   the task whose struct pid the file holds (pids are never reused in a run)
 * @param thread PIDFD_THREAD was given at open
 */
public record Pidfd(Kind kind, int task, boolean thread) {
    public enum Kind { PIDFS, PROC_DIR, REGULAR }

    void hash(Hasher h) {
        h.put(kind.ordinal()).put(task).put(thread);
    }
}
