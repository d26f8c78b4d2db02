package org.reaplab.kernel;

/**
 * What a step did that a reader of the whole run follows (the signal flows, the race windows, the
 * reference spans), said by the step itself when a run is recorded, so nobody has to recognise the step
 * from its label or its change log. The step's thread is the one that did it.
 */
public sealed interface StepFact {
    StepFact GET_SIGNAL = new GetSignal(), EXIT_MM = new ExitMm(), FIND_LOCK_TASK_MM = new FindLockTaskMm();

    /** get_signal (kernel/signal.c): the thread took a fatal signal and starts its exit. */
    record GetSignal() implements StepFact {}

    /** exit_mm (kernel/exit.c): the thread dropped its mm, the linearization point of the race. */
    record ExitMm() implements StepFact {}

    /** find_lock_task_mm (mm/oom_kill.c): the thread looked for a thread of its victim that still has an mm. */
    record FindLockTaskMm() implements StepFact {}

    /** A reference count of {@code mm} moved from {@code from} to {@code to} by {@code op}. */
    record Ref(String mm, RefOp op, int from, int to) implements StepFact {}
}
