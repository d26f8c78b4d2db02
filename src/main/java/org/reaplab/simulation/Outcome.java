package org.reaplab.simulation;

import java.util.List;
import java.util.Map;

/**
 * A run's outcome as scenario-format.md defines it (what {@code reaplab run --json} prints and
 * {@code GET /api/runs/{id}} returns). Fields after {@code expect} extend the contract.
 *
 * @param panic     the kernel panic message, if the run ended in one ("Attempted to kill init!")
 * @param stuck     threads left waiting when nothing could run any more
 * @param truncated the run hit the step limit before it ended
 * @param schedule  the thread that ran each step: replayed as a script it reproduces the run
 * @param notes     script steps that could not be followed
 */
public record Outcome(String scenario, String variant, int steps, List<CallResult> calls, List<TaskOutcome> tasks,
                      List<MmOutcome> mms, List<Violation> violations, ExpectResult expect,
                      String panic, List<String> stuck, boolean truncated, List<String> schedule, List<String> notes) {

    /**
     * @param state    running, dying, exiting-no-mm, zombie, released or blocked
     * @param killed   its process was signalled to death by a call
     * @param killedBy the thread whose call did it
     * @param sigbus   its process died of SIGBUS on a reaped address space
     * @param killedInCoredump a SIGKILL reached its process while it was dumping core (the dump was aborted)
     */
    public record TaskOutcome(String name, String process, String state, boolean killed, String killedBy, boolean sigbus,
                              boolean killedInCoredump) {}

    /**
     * @param resident        pages still in memory: mapped, or unmapped by a reap but pinned (FOLL_PIN)
     * @param reaped          a __oom_reap_task_mm pass completed
     * @param exitMmapBy      the thread in whose context exit_mmap ran
     * @param freed           __mmdrop freed the struct
     * @param residentByKind  pages still mapped per memory kind
     * @param reclaimedByReap pages the reaps freed or unmapped
     * @param reclaimedByExit pages exit_mmap freed or unmapped
     * @param pinned          pages a reap unmapped while they were pinned, still allocated
     */
    public record MmOutcome(String name, int users, int count, long resident, boolean reaped, String exitMmapBy,
                            boolean freed, List<String> flags, Map<String, Long> residentByKind,
                            long reclaimedByReap, long reclaimedByExit, long pinned) {}

    /** Whether the scenario's expect block for this variant holds; {@code checked} is false without one. */
    public record ExpectResult(boolean checked, boolean ok, List<String> failures) {}
}
