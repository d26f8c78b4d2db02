package org.reaplab.designspace;

import java.util.List;

/**
 * A named set of designs to search (docs/designs.md, "The space").
 *
 * @param name        what {@code --space} names it by
 * @param description one line: how the space is built
 */
public record DesignSpace(String name, String description, List<DesignPoint> designs) {
    public static final String DEFAULT = "default";
    public static final String PRESETS = "presets";

    /** The names {@link #named} knows. */
    public static List<String> names() {
        return List.of(DEFAULT, PRESETS);
    }

    /** A space by name, or null. */
    public static DesignSpace named(String name) {
        if (PRESETS.equals(name)) {
            return new DesignSpace(PRESETS, "the six semantics posted in the thread", DesignEngine.presets());
        }
        if (DEFAULT.equals(name)) {
            return new DesignSpace(DEFAULT, "every meaningful combination of the syscall-level knobs", DesignEngine.presets());
        }
        return null;
    }
}
