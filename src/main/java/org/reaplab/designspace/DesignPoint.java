package org.reaplab.designspace;

import org.reaplab.variant.Variant;

import java.util.Map;

/**
 * One point of a design space as the search sees it.
 *
 * @param id     the design's canonical string ("reap_kill_v2+multiprocess=through"): what the viewer's
 *               {@code ?variant=} and the command line accept
 * @param preset the preset this point is, or null when it is a design of its own
 * @param knobs  every knob of the design and its value, in declaration order
 * @param config what the engine runs (see {@link DesignEngine})
 */
public record DesignPoint(String id, String preset, Map<String, String> knobs, Variant config) {
    public boolean isPreset() {
        return preset != null;
    }
}
