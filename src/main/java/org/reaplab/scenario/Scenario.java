package org.reaplab.scenario;

import org.reaplab.design.Design;
import org.reaplab.design.DesignException;
import org.reaplab.design.Presets;

import java.util.List;
import java.util.Map;

/**
 * A scenario as users write it (docs/scenario-format.md, version 1): the setup, what each thread runs,
 * an interleaving and optional expected outcomes per variant. Like a litmus test, it is data.
 *
 * @param programs thread name ("app", "app/1") to the operations it runs, in order
 * @param expect   variant or design name to what it must produce
 * @param designs  designs the file declares, by name (a preset with knob overrides)
 */
public record Scenario(
        int version,
        String name,
        String title,
        String description,
        String variant,
        List<NamespaceSpec> namespaces,
        List<MmSpec> mms,
        List<ProcessSpec> processes,
        Map<String, List<Op>> programs,
        ScheduleSpec schedule,
        Map<String, Expectation> expect,
        VariantOptions variantOptions,
        List<LsmRule> lsm,
        Map<String, Design> designs) {

    public static final String ROOT_NAMESPACE = "root";

    public Scenario {
        designs = designs == null ? Map.of() : designs;
    }

    /** A scenario that declares no designs of its own. */
    public Scenario(int version, String name, String title, String description, String variant,
                    List<NamespaceSpec> namespaces, List<MmSpec> mms, List<ProcessSpec> processes,
                    Map<String, List<Op>> programs, ScheduleSpec schedule, Map<String, Expectation> expect,
                    VariantOptions variantOptions, List<LsmRule> lsm) {
        this(version, name, title, description, variant, namespaces, mms, processes, programs, schedule, expect,
                variantOptions, lsm, Map.of());
    }

    public ProcessSpec process(String name) {
        return processes.stream().filter(p -> p.name().equals(name)).findFirst().orElse(null);
    }

    public MmSpec mm(String name) {
        return mms.stream().filter(m -> m.name().equals(name)).findFirst().orElse(null);
    }

    /**
     * The design a name stands for in this scenario: a design the file declares, a preset id (with the
     * file's variantOptions folded into its knobs) or a design's canonical string. The result is labelled with the name, so outcomes
     * and the expect block find it. Throws a {@link DesignException} naming the bad preset, knob or value.
     */
    public Design design(String name) {
        if (name == null) name = variant != null ? variant : Presets.BASELINE.id();
        Design declared = designs.get(name);
        if (declared != null) return declared.named(name);
        Design d = Presets.byId(name) != null ? Design.preset(name) : Design.parse(name);
        if (variantOptions != null && Presets.byId(name) != null) d = variantOptions.applyTo(name, d);
        return d.named(name);
    }

    /** The first line of the description, for cards and listings. */
    public String summary() {
        if (description == null || description.isBlank()) return title;
        for (String line : description.strip().split("\n")) {
            if (!line.isBlank()) return line.strip();
        }
        return title;
    }
}
