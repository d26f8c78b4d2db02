package org.reaplab.web.viewer;

import org.reaplab.design.Design;
import org.reaplab.design.DesignException;
import org.reaplab.design.Preset;
import org.reaplab.design.Presets;
import org.reaplab.simulation.Simulation;
import org.reaplab.storage.StoredScenario;
import org.reaplab.variant.Variant;

import java.util.ArrayList;
import java.util.List;

/**
 * The design a page shows a scenario under, as its URL names it: {@code id} is what goes into
 * {@code variant=} (a preset id, a design the scenario file declares, or a canonical design string such
 * as {@code reap_kill_v2+multiprocess=through}), {@code design} the knob values it stands for in that
 * scenario (a preset with the file's variantOptions folded in), labelled with {@code id}.
 */
public record ViewDesign(String id, String title, Design design) {

    /**
     * The design {@code text} names in this scenario (null or blank: the scenario's own). Throws a
     * {@link DesignException} naming the unknown preset, knob or value, or the first meaningless combination.
     */
    public static ViewDesign of(StoredScenario stored, String text) {
        if (text == null || text.isBlank()) return named(stored, Simulation.defaultDesign(stored.scenario()));
        String t = text.strip();
        if (t.length() > 400) throw new DesignException(DesignException.Kind.SYNTAX, null, "design '" + t.substring(0, 40) + "…' is too long");
        return named(stored, stored.scenario().design(t).checked());
    }

    /** A preset, as this scenario reads it (its variantOptions folded in). */
    public static ViewDesign of(StoredScenario stored, Variant variant) {
        return of(stored, variant.id);
    }

    /** A preset as posted (without any scenario's variantOptions): for labels of the verdict matrix. */
    public static ViewDesign preset(Variant variant) {
        return new ViewDesign(variant.id, variant.title, variant.design());
    }

    /** A design built from knobs (the design panel, a search result): named by its canonical string. */
    public static ViewDesign of(Design design) {
        Preset p = design.preset();
        String id = design.canonical();
        return new ViewDesign(id, p != null ? p.title() : "a design of your own", design.named(id));
    }

    /** The six presets as this scenario reads them. */
    public static List<ViewDesign> presets(StoredScenario stored) {
        List<ViewDesign> out = new ArrayList<>();
        for (Variant v : Variant.values()) out.add(of(stored, v));
        return out;
    }

    /** The name a design was asked by when that is a preset or a design of the file, else its canonical string. */
    private static ViewDesign named(StoredScenario stored, Design d) {
        String label = d.label();
        Preset p = Presets.byId(label);
        if (p != null) return new ViewDesign(label, p.title(), d);
        if (stored.scenario().designs().containsKey(label)) {
            return new ViewDesign(label, "design '" + label + "' of the scenario file: " + d.canonical(), d);
        }
        return of(d);
    }

    /** The preset id when this is one, for code that still speaks of variants (verdict matrix cells). */
    public Variant variant() {
        return Variant.byId(id);
    }
}
