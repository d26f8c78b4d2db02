package org.reaplab.designspace;

import org.reaplab.design.Design;
import org.reaplab.design.Preset;

import java.util.Map;

/**
 * One point of a design space as the search sees it.
 *
 * @param id     the design's canonical string ("reap_kill_v2+multiprocess=through"): what the viewer's
 *               {@code ?variant=} and the command line accept
 * @param preset the preset this point is, or null when it is a design of its own
 * @param knobs  every knob of the design and its value, in declaration order
 * @param design what the engine runs
 */
public record DesignPoint(String id, String preset, Map<String, String> knobs, Design design) {

    public static DesignPoint of(Design d) {
        Preset p = d.preset();
        String id = d.canonical();
        return new DesignPoint(id, p == null ? null : p.id(), d.knobs(), d.named(id));
    }

    public boolean isPreset() {
        return preset != null;
    }
}
