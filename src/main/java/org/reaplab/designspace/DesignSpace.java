package org.reaplab.designspace;

import org.reaplab.design.Design;
import org.reaplab.design.Knob;
import org.reaplab.design.Knobs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A named set of designs to search (docs/designs.md, "The space").
 *
 * @param name        what {@code --space} names it by
 * @param description one line: how the space is built
 */
public record DesignSpace(String name, String description, List<DesignPoint> designs) {
    public static final String DEFAULT = "default";
    public static final String PRESETS = "presets";

    public static final String FULL = "full";

    /**
     * The default space's fixed knobs and their values (docs/designs.md, "The space"): every other knob
     * takes every value. pidns_check=yes: Christian's condition, nobody argued for signalling across pid
     * namespaces; kill_errno=own and pidfd_thread=lookup: what today's syscalls do; revalidation=group_exit:
     * Michal's re-check. The {@code full} space varies them too.
     */
    public static final Map<String, String> DEFAULT_FIXED = fixed();

    private static Map<String, String> fixed() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("pidns_check", "yes");
        m.put("kill_errno", "own");
        m.put("pidfd_thread", "lookup");
        m.put("revalidation", "group_exit");
        return java.util.Collections.unmodifiableMap(m);
    }

    /** The names {@link #named} knows. */
    public static List<String> names() {
        return List.of(DEFAULT, PRESETS, FULL);
    }

    private static volatile List<DesignPoint> defaultDesigns, fullDesigns;

    /**
     * The presets, then every combination of the values of every knob not in {@code fixed} (those take the
     * given value), in declaration order, without the combinations that cannot mean anything
     * ({@link Design#problems()}), each collapsed to its representative ({@link Design#normalized()}: a
     * knob that cannot matter given the others set to its default, equivalent values merged) and counted once.
     */
    static List<DesignPoint> combinations(Map<String, String> fixed) {
        Map<String, DesignPoint> out = new LinkedHashMap<>();
        for (DesignPoint p : DesignEngine.presets()) out.put(p.id(), p);
        Design base = Design.DEFAULTS;
        for (Map.Entry<String, String> e : fixed.entrySet()) base = base.with(e.getKey(), e.getValue());
        List<Knob<?>> knobs = Knobs.all().stream().filter(k -> !fixed.containsKey(k.id())).toList();
        int[] at = new int[knobs.size()];
        while (true) {
            Design d = base;
            for (int i = 0; i < knobs.size(); i++) d = d.with(knobs.get(i).id(), knobs.get(i).valueIds().get(at[i]));
            if (d.problems().isEmpty()) {
                Design n = d.normalized();
                if (n.problems().isEmpty()) out.computeIfAbsent(n.canonical(), x -> DesignPoint.of(n));
            }
            int i = knobs.size() - 1;
            while (i >= 0 && ++at[i] == knobs.get(i).valueIds().size()) at[i--] = 0;
            if (i < 0) break;
        }
        return List.copyOf(out.values());
    }

    private static String fixedText() {
        List<String> parts = new java.util.ArrayList<>();
        DEFAULT_FIXED.forEach((k, v) -> parts.add(k + "=" + v));
        return String.join(", ", parts);
    }

    /** A space by name, or null. */
    public static DesignSpace named(String name) {
        if (PRESETS.equals(name)) {
            return new DesignSpace(PRESETS, "the six semantics posted in the thread", DesignEngine.presets());
        }
        if (DEFAULT.equals(name)) {
            if (defaultDesigns == null) defaultDesigns = combinations(DEFAULT_FIXED);
            return new DesignSpace(DEFAULT, "every meaningful combination of the knobs that decide the syscall's path, with "
                    + fixedText() + ", plus the six presets", defaultDesigns);
        }
        if (FULL.equals(name)) {
            if (fullDesigns == null) fullDesigns = combinations(Map.of());
            return new DesignSpace(FULL, "every meaningful combination of every knob", fullDesigns);
        }
        return null;
    }
}
