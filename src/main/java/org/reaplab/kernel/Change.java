package org.reaplab.kernel;

/**
 * A field a step changed: {@code subject.field from→to}, e.g. app_mm.mm_users 2→1. {@code op} names
 * the refcount primitive that did it (mmget, mmput, mmgrab, mmdrop), or is null.
 */
public record Change(String subject, String field, String from, String to, String op) {
    @Override
    public String toString() {
        return subject + "." + field + " " + (from.isEmpty() ? "∅" : from) + "→" + (to.isEmpty() ? "∅" : to);
    }
}
