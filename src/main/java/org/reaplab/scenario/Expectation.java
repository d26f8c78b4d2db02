package org.reaplab.scenario;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one variant must produce. Only the keys given are compared; {@code killed} compares as a set
 * and a null {@code killed} is not compared; {@code violations} lists the invariant names the variant
 * is expected to trip (null or empty: none). The fields after {@code violations} extend the contract;
 * null (or empty maps) means "not compared".
 *
 * @param resident         mm → pages still mapped at the end
 * @param exitMmapBy       mm → the thread in whose context exit_mmap ran, or {@link #NONE}
 * @param freed            mm → whether __mmdrop freed the struct
 * @param panic            whether the kernel panicked (null: not compared)
 * @param killedInCoredump processes a SIGKILL reached while they were dumping core (a set)
 */
public record Expectation(Map<String, String> calls, Map<String, Boolean> reaped, Set<String> killed,
                          List<String> violations, Map<String, Long> resident, Map<String, String> exitMmapBy,
                          Map<String, Boolean> freed, Boolean panic, Set<String> killedInCoredump) {

    /** exitMmapBy value: exit_mmap never ran on that mm. */
    public static final String NONE = "none";

    public Expectation(Map<String, String> calls, Map<String, Boolean> reaped, Set<String> killed, List<String> violations) {
        this(calls, reaped, killed, violations, Map.of(), Map.of(), Map.of(), null, null);
    }
}
