package org.reaplab.kernel;

/**
 * A signal a step sent, and what became of it. {@code result}: "killed" (it started the group's exit),
 * "queued", "dropped" (the group is already exiting), "ignored" (init, SIGNAL_UNKILLABLE, kthread),
 * or an errno ("-EPERM", "-EINVAL") when the send was refused before reaching the target.
 */
public record SignalEdge(String from, String to, String signal, String result, boolean userInitiated) {}
