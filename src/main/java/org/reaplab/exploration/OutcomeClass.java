package org.reaplab.exploration;

import java.util.List;
import java.util.Map;

/**
 * Terminal states grouped by what an observer sees at the end: every system call's return, who was
 * killed, which mms were reaped, the invariants that fired, a panic, and threads left waiting.
 *
 * @param calls      "thread.op" (with "#n" for the n-th repeat, as in the run outcome) to its return
 * @param killed     processes whose exit a call started with SIGKILL (killedBy set)
 * @param reaped     mm name to whether a reap pass completed on it
 * @param violations invariant ids that fired on the way
 * @param panic      the kernel panicked
 * @param stuck      threads blocked when nothing could run any more (a deadlock shows here); an idle
 *                   kthread such as the oom_reaper waiting for work is not listed
 * @param count      distinct terminal states in this class
 * @param example    one schedule (thread per step) that ends in this class; replay it as a script
 * @param freed      mm name to who freed its memory in the class's end states ("reaped", "exit_mmap in ps",
 *                   "pinned", several joined by " or "); not part of the signature, so it does not split classes
 */
public record OutcomeClass(Map<String, String> calls, List<String> killed, Map<String, Boolean> reaped,
                           List<String> violations, boolean panic, List<String> stuck, long count,
                           List<String> example, Map<String, String> freed) {

    public OutcomeClass(Map<String, String> calls, List<String> killed, Map<String, Boolean> reaped,
                        List<String> violations, boolean panic, List<String> stuck, long count, List<String> example) {
        this(calls, killed, reaped, violations, panic, stuck, count, example, Map.of());
    }

    /** The class without its count and example: equal signatures mean the same observable outcome. */
    public String signature() {
        return "calls=" + calls + " killed=" + killed + " reaped=" + reaped + " violations=" + violations
                + " panic=" + panic + " stuck=" + stuck;
    }

    /** The return of a call, or null if the class has no such call. */
    public String ret(String key) {
        return calls.get(key);
    }
}
