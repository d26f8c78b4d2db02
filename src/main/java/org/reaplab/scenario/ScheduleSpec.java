package org.reaplab.scenario;

import java.util.List;

/**
 * Which thread runs each atomic step.
 *
 * @param policy script | round_robin | random | exhaustive
 * @param steps  for script: "t" one step of t, "t*" run t until it blocks or ends, "t@f" run t until
 *               its next step is the first step of kernel function f
 * @param seed   for random (and for a random {@code then})
 * @param then   what runs once the script is used up (default round_robin)
 */
public record ScheduleSpec(String policy, List<String> steps, Long seed, String then) {

    public static final ScheduleSpec ROUND_ROBIN = new ScheduleSpec("round_robin", List.of(), null, null);

    public String thenPolicy() {
        return then != null ? then : "round_robin";
    }

    /** A script of single steps: what the viewer records when a user picks who runs next. */
    public static ScheduleSpec script(List<String> threads, String then) {
        return new ScheduleSpec("script", List.copyOf(threads), null, then);
    }
}
