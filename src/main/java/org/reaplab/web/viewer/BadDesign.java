package org.reaplab.web.viewer;

import org.reaplab.design.Design;
import org.reaplab.design.DesignException;
import org.reaplab.storage.StoredScenario;

/**
 * A design named in a page's URL that cannot be read (unknown preset, knob or value) or cannot mean
 * anything ({@link Design#problems()}). The page shows it inline, with the design panel to fix it.
 */
public class BadDesign extends BadViewRequest {
    private final transient StoredScenario stored;
    private final String parameter;
    private final String text;
    private final String knob;

    public BadDesign(StoredScenario stored, String parameter, String text, DesignException cause) {
        super(parameter + "=" + abbreviate(text) + ": " + cause.getMessage());
        this.stored = stored;
        this.parameter = parameter;
        this.text = text;
        this.knob = cause.knob();
    }

    public StoredScenario stored() {
        return stored;
    }

    /** The URL parameter that named it (variant, compare, variants). */
    public String parameter() {
        return parameter;
    }

    public String text() {
        return text;
    }

    /** The knob at fault, or null when the preset name is. */
    public String knob() {
        return knob;
    }

    /** The design as far as it can be read (a meaningless combination reads), for the panel; null if it cannot. */
    public Design readable() {
        try {
            return stored.scenario().design(text.strip());
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String abbreviate(String s) {
        if (s == null) return "";
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }
}
