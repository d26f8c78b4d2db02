package org.reaplab.simulation;

import java.util.Map;

/**
 * A system call's return, as in the run outcome of scenario-format.md.
 *
 * @param key           "thread.op", with "#n" for the n-th repeat (lmkd.process_mrelease#2)
 * @param ret           "0", a positive number or "-ERRNO"
 * @param residentAfter resident pages of each live mm right after the return
 */
public record CallResult(String thread, String op, String key, String ret, int step, Map<String, Long> residentAfter) {}
