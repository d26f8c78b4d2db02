package org.reaplab.simulation;

import org.reaplab.kernel.Change;
import org.reaplab.kernel.SignalEdge;

import java.util.List;

/**
 * One atomic step of a run, self-contained so a viewer can render it alone.
 *
 * @param index    1-based step number (0 is the initial state)
 * @param thread   the thread that ran the step
 * @param function the kernel function the step belongs to, spelled as in the kernel
 * @param text     a plain-language sentence of what the step did
 * @param locks    locks the thread holds after the step ("task_lock(app)", "mmap_lock(R) app_mm")
 * @param changes  state changes the step made
 * @param signals  signals the step sent, with what became of each
 * @param call     the system call that returned at this step, if any
 * @param violations invariants that first broke at this step
 */
public record StepEvent(int index, String thread, String function, String text, List<String> locks,
                        List<Change> changes, List<SignalEdge> signals, CallResult call,
                        List<Violation> violations) {
}
