package org.reaplab.scenario;

import java.util.regex.Pattern;

/**
 * One item of a schedule script, the one grammar every reader of a script uses (the file parser, the
 * scheduler, the run API and the viewer's link): "t" one atomic step of thread t, "t*" run t until it
 * blocks or ends, "t@f" run t until its next step is the first step of kernel function f.
 *
 * @param thread   the thread's name ("app", "app/1", a clone's 'as', oom_reaper)
 * @param untilEnd "t*"
 * @param function the f of "t@f", else null
 */
public record ScheduleStep(String thread, boolean untilEnd, String function) {

    /** What a step may be, for messages. */
    public static final String SYNTAX = "\"t\" (one step of thread t), \"t*\" (run t until it blocks or ends) or \"t@f\" "
            + "(run t until its next step is the first of kernel function f)";

    private static final Pattern FUNCTION = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** The step a text means; IllegalArgumentException (with {@link #problem}'s message) when it means none. */
    public static ScheduleStep parse(String text) {
        String problem = problem(text);
        if (problem != null) throw new IllegalArgumentException("'" + text + "'" + problem);
        int at = text.indexOf('@');
        if (at >= 0) return new ScheduleStep(text.substring(0, at), false, text.substring(at + 1));
        if (text.endsWith("*")) return new ScheduleStep(text.substring(0, text.length() - 1), true, null);
        return new ScheduleStep(text, false, null);
    }

    /**
     * Why a text is no step, as the end of a sentence that names it (": after '@' comes ...", " must be ..."),
     * or null when it is one.
     */
    public static String problem(String text) {
        if (text == null) return " must be " + SYNTAX;
        String thread;
        int at = text.indexOf('@');
        if (at >= 0) {
            thread = text.substring(0, at);
            if (!FUNCTION.matcher(text.substring(at + 1)).matches()) {
                return ": after '@' comes a kernel function name such as mmput or exit_mm (a letter or '_', then letters, digits, '_')";
            }
        } else if (text.endsWith("*")) {
            thread = text.substring(0, text.length() - 1);
        } else {
            thread = text;
        }
        if (thread.isEmpty() || thread.contains("*") || thread.contains("@") || thread.chars().anyMatch(Character::isWhitespace)) {
            return " must be " + SYNTAX;
        }
        return null;
    }

    /** The text form, as a script lists it. */
    @Override
    public String toString() {
        return function != null ? thread + "@" + function : untilEnd ? thread + "*" : thread;
    }
}
