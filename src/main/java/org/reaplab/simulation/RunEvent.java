package org.reaplab.simulation;

import org.reaplab.kernel.RefOp;

/**
 * Something a reviewer compares across variants: the kill, a system call's return, a thread's
 * {@code exit_mm}, a refcount change, a completed reap, an mm's {@code exit_mmap}. Its {@link #key()} names it the same
 * way in every run of a scenario ("return:lmkd.process_mrelease", "exit_mm:app", "mmput:ps:app_mm",
 * with "#n" for the n-th repeat), so two runs can be lined up by event rather than by step number.
 */
public sealed interface RunEvent {
    int step();

    /** The same event in another run of the scenario has the same key. */
    String key();

    /** kill, return, exit_mm, ref, exit_mmap: what the compare view lines runs up by. */
    String kind();

    /** The event named without its value, the same in every run ("the return of lmkd.process_mrelease"). */
    String label();

    /** " (2nd)" for a key that ends in "#2", else "". */
    private static String occurrence(String key) {
        int hash = key.lastIndexOf('#');
        if (hash < 0) return "";
        String n = key.substring(hash + 1);
        return " (" + n + (n.endsWith("1") && !n.endsWith("11") ? "st" : n.endsWith("2") && !n.endsWith("12") ? "nd"
                : n.endsWith("3") && !n.endsWith("13") ? "rd" : "th") + ")";
    }

    /** A SIGKILL that started a group's exit (or was queued for it). */
    record Kill(int step, String key, String from, String to) implements RunEvent {
        public String kind() { return "kill"; }
        public String label() { return "the SIGKILL " + from + " → " + to; }
    }

    /** A system call returned ({@code call} is "thread.op", with "#n" for repeats). */
    record Return(int step, String key, String call, String ret) implements RunEvent {
        public String kind() { return "return"; }
        public String label() { return "the return of " + call; }
    }

    /** A thread dropped its mm in exit_mm. */
    record ExitMm(int step, String key, String thread) implements RunEvent {
        public String kind() { return "exit_mm"; }
        public String label() { return thread + "'s exit_mm"; }
    }

    /** mmget, mmput, mmgrab or mmdrop by a thread on an mm. */
    record RefChange(int step, String key, String thread, String mm, RefOp op, int from, int to) implements RunEvent {
        public String kind() { return "ref"; }
        public String label() { return thread + "'s " + op.label + " of " + mm + occurrence(key); }
    }

    /** A reap pass (__oom_reap_task_mm) completed on an mm, in a thread's context (the caller, or the oom_reaper). */
    record Reaped(int step, String key, String thread, String mm) implements RunEvent {
        public String kind() { return "reaped"; }
        public String label() { return "the reap of " + mm; }
    }

    /** exit_mmap started on an mm, in a thread's context. */
    record ExitMmap(int step, String key, String thread, String mm) implements RunEvent {
        public String kind() { return "exit_mmap"; }
        public String label() { return "exit_mmap of " + mm; }
    }
}
