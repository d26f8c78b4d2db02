package org.reaplab.design;

/**
 * A design that could not be read: an unknown preset or knob, a bad value, or a combination that
 * cannot mean anything. {@link #kind()} says which, and {@link #knob()} names the knob (null when the
 * problem is the preset name or the spelling), so callers can point at the field (a file's line, a JSON
 * pointer, a command-line option) and say what is allowed there.
 */
public final class DesignException extends IllegalArgumentException {
    /** What went wrong. */
    public enum Kind {
        /** Not a design string at all (empty, a part that is not knob=value, too long); no knob named. */
        SYNTAX,
        /** A name that is no preset; no knob named. */
        UNKNOWN_PRESET,
        /** A knob id that no knob has; {@link #knob()} is that id. */
        UNKNOWN_KNOB,
        /** A value the knob does not have; {@link #knob()} is the knob. */
        BAD_VALUE,
        /** Known knobs and values whose combination cannot mean anything ({@link Design#problems()}); the first knob at fault. */
        MEANINGLESS
    }

    private final Kind kind;
    private final String knob;

    public DesignException(Kind kind, String knob, String message) {
        super(message);
        this.kind = kind;
        this.knob = knob;
    }

    public Kind kind() {
        return kind;
    }

    public String knob() {
        return knob;
    }
}
