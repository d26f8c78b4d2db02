package org.reaplab.design;

/**
 * A design that could not be read: an unknown preset or knob, a bad value, or a combination that
 * cannot mean anything. {@link #knob()} names the knob (null when the problem is the preset name),
 * so callers can point at the field (a file's line, a JSON pointer, a command-line option).
 */
public final class DesignException extends IllegalArgumentException {
    private final String knob;

    public DesignException(String knob, String message) {
        super(message);
        this.knob = knob;
    }

    public String knob() {
        return knob;
    }
}
